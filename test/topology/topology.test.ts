// One test file, run unchanged wherever the test runner runs (docs/topologies.md):
// on the host (the integration project), in a sibling container with the
// host's socket mounted (scripts/topology-sibling.sh), and in a container
// that runs its own engine (scripts/topology-dind.sh). It imports the package
// by name: on the host that is this checkout's source, in the runner images
// the packed package.

import { ContainerDefinition, DockerHelper, httpClient, NetworkDefinition, waitFor } from 'seaworthy';
import { RedisDefinition } from 'seaworthy/redis';
import { LABELS } from 'seaworthy/tools';
import { container, withContainers } from 'seaworthy/vitest';
import { afterAll, test as base, beforeAll, describe, expect, it } from 'vitest';

const HTTPD = 'seaworthy-fixture/httpd:latest';

describe('wherever the runner runs', () => {
  let helper: DockerHelper;
  beforeAll(async () => {
    helper = await DockerHelper.create();
    // Printed once per run, so a CI log shows what was detected.
    const { topology, reach, reason } = helper.engine.hostResolution.decision;
    console.info(`[topology] ${topology}, reach ${reach}: ${reason}`);
  });
  afterAll(async () => {
    await helper?.teardown();
  });

  const backend = new NetworkDefinition('backend');
  const web = new ContainerDefinition('web', {
    image: HTTPD,
    ports: [8080],
    networks: [{ network: backend, aliases: ['api'] }],
    wait: waitFor.all(waitFor.logLine('httpd listening on 8080'), waitFor.http({ port: 8080, path: '/health.json' })),
  });

  it('reaches a published HTTP port through baseUrl, after a log wait and an HTTP wait', async () => {
    const started = await web.setup(helper);
    const response = await fetch(`${started.baseUrl(8080)}/health.json`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    const viaClient = await httpClient(started, 8080).get('/index.html');
    expect(viaClient).toHaveStatus(200);
  });

  it('runs a command in the container and lists its processes', async () => {
    const started = await web.setup(helper);
    const result = await started.exec(['busybox', 'cat', '/www/health.json']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('"status":"ok"');
    // PIDs as the container sees them, whichever way they could be read from here.
    await expect(started).toHaveProcess({ pid: 1, args: /busybox httpd/ });
  });

  it('lets one container reach another by its alias on a network the test created', async () => {
    await web.setup(helper);
    const client = new ContainerDefinition('client', {
      image: HTTPD,
      command: ['busybox', 'sh', '-c', 'echo client up; exec busybox sleep 3600'],
      networks: [backend],
      wait: waitFor.logLine('client up'),
    });
    const started = await client.setup(helper);
    const result = await started.exec(['busybox', 'wget', '-q', '-O', '-', 'http://api:8080/health.json']);
    expect(result.stdout).toContain('"status":"ok"');
  });

  it('starts a prebuilt service and talks to it over its port', async () => {
    const redis = await new RedisDefinition({ name: 'cache' }).setup(helper);
    await redis.cli('SET', 'where', 'anywhere');
    expect(await redis.keys()).toEqual(['where']);
    // clean() sends FLUSHALL over the port this process reaches, not through exec.
    await redis.clean();
    expect(await redis.keys()).toEqual([]);
  });

  it('leaves nothing behind after teardown', async () => {
    await helper.teardown();
    const left = await helper.engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`);
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
  });
});

// The Vitest fixtures, on the same topology: a container per test, removed after it.
const test = withContainers(base, {
  web: container(
    new ContainerDefinition('fixture-web', {
      image: HTTPD,
      ports: [8080],
      // A port wait reads the container's socket table: from /proc here, or inside the container.
      wait: waitFor.port(8080),
    }),
  ),
});

test('a fixture container answers at its baseUrl', async ({ web }) => {
  const response = await httpClient(web, 8080).get('/health.json');
  expect(response).toHaveJsonBody({ status: 'ok' });
  await expect(web).toHaveLoggedLine('httpd listening on 8080');
});
