// One test file, run unchanged wherever the test runner runs (docs/topologies.md):
// on the host (the integration project), in a sibling container with the
// host's socket mounted (scripts/topology-sibling.sh), and in a container
// that runs its own engine (scripts/topology-dind.sh). It imports the package
// by name: on the host that is this checkout's source, in the runner images
// the packed package.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  BindNotSharedError,
  type Container,
  ContainerDefinition,
  DockerHelper,
  httpClient,
  loadCompose,
  NetworkDefinition,
  waitFor,
} from 'seaworthy';
import { RedisDefinition } from 'seaworthy/redis';
import { LABELS, mapRunnerPath, resolveHostInternal } from 'seaworthy/tools';
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

  // Bind mounts from a sibling runner: folders the test makes, bound into containers. In the
  // sibling run SEAWORTHY_TOPOLOGY_SHARED names folders mounted into the runner (a bind of a
  // host folder and a named volume), and seaworthy rewrites the paths to the host's; on the
  // host and in DinD this process's temp folder is on the engine's host as it is.
  const sharedRoots = (process.env.SEAWORTHY_TOPOLOGY_SHARED ?? tmpdir()).split(',').filter(Boolean);
  for (const [i, root] of sharedRoots.entries()) {
    it(`bind-mounts a folder the test made under ${root}: the container reads and writes it`, async () => {
      await mkdir(root, { recursive: true });
      const dir = await mkdtemp(join(root, 'seaworthy-bind-'));
      try {
        await writeFile(join(dir, 'input.txt'), 'from the test\n');
        const writer = await new ContainerDefinition(`bind-writer-${i}`, {
          image: HTTPD,
          command: [
            'busybox',
            'sh',
            '-c',
            'cat /in/input.txt > /out/output.txt && echo from the container >> /out/output.txt',
          ],
          // The typed option and the raw Binds field, read-only: both are translated.
          mounts: [{ type: 'bind', source: dir, target: '/out' }],
          createOverrides: { HostConfig: { Binds: [`${dir}:/in:ro`] } },
          wait: waitFor.successfulExit(),
        }).setup(helper);
        expect(await readFile(join(dir, 'output.txt'), 'utf8')).toBe('from the test\nfrom the container\n');
        const source = await bindSource(writer, '/out');
        expect(source).toBe(await expectedHostPath(dir));
        // The sibling run shares these folders through the runner's mounts: the engine got the host's path.
        if (process.env.SEAWORTHY_TOPOLOGY_SHARED) expect(source).not.toBe(dir);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it("binds a folder only in the runner's own filesystem where the engine sees it, refuses it in a sibling", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'seaworthy-own-'));
    try {
      const reader = new ContainerDefinition('own-folder-reader', {
        image: HTTPD,
        command: ['busybox', 'ls', '/in'],
        mounts: [{ type: 'bind', source: dir, target: '/in', readOnly: true }],
        wait: waitFor.successfulExit(),
      });
      const runnerMounts = await helper.engine.runnerMounts();
      if (runnerMounts && mapRunnerPath(dir, runnerMounts).kind !== 'mapped') {
        const error = await reader.setup(helper).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BindNotSharedError);
        expect((error as BindNotSharedError).path).toBe(dir);
        expect((error as Error).message).toMatch(/Put the folder under one of them/);
      } else {
        const started = await reader.setup(helper);
        expect(await bindSource(started, '/in')).toBe(await expectedHostPath(dir));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  /** Where a bind mount of the container comes from on the engine's host. */
  async function bindSource(started: Container, target: string): Promise<string | undefined> {
    return (await started.inspect()).mounts.find((m) => m.target === target)?.source;
  }

  /** The path as given, or in a sibling runner where its mounts put it on the engine's host. */
  async function expectedHostPath(dir: string): Promise<string> {
    const runnerMounts = await helper.engine.runnerMounts();
    if (!runnerMounts) return dir;
    const mapping = mapRunnerPath(dir, runnerMounts);
    if (mapping.kind !== 'mapped') throw new Error(`${dir} is not in a mount of the runner`);
    return mapping.hostPath;
  }

  // Compose (issue 15): a stack whose service writes into a relative bind (`./out`) of a folder
  // under the first shared root; in the sibling run the path is translated like any bind.
  const composeRoot = sharedRoots[0] ?? tmpdir();
  const composeFile = `
services:
  web:
    image: ${HTTPD}
    ports: ["8080"]
  tests:
    image: ${HTTPD}
    command: ["busybox", "sh", "-c", "busybox wget -q -O /out/health.json http://web:8080/health.json && mkdir -p /report && cp /out/health.json /report/"]
    volumes:
      - ./out:/out
    depends_on:
      web:
        condition: service_started
`;

  it('starts a compose stack whose service writes into a relative bind the test then reads', async () => {
    await mkdir(composeRoot, { recursive: true });
    const dir = await mkdtemp(join(composeRoot, 'seaworthy-compose-'));
    try {
      await writeFile(join(dir, 'docker-compose.yml'), composeFile);
      const stack = await loadCompose(join(dir, 'docker-compose.yml'))
        .stack({ services: ['web'], waits: { web: waitFor.http({ port: 8080, path: '/health.json' }) } })
        .setup(helper);
      const tests = await stack.createService('tests');
      await tests.start();
      await tests.waitFor(waitFor.successfulExit(), { timeoutMs: 60_000 });
      expect(JSON.parse(await readFile(join(dir, 'out', 'health.json'), 'utf8'))).toEqual({ status: 'ok' });
      await stack.teardown();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs `seaworthy run` on the same file: exit code kept, artifacts copied out', async () => {
    await mkdir(composeRoot, { recursive: true });
    const dir = await mkdtemp(join(composeRoot, 'seaworthy-run-'));
    try {
      await writeFile(join(dir, 'docker-compose.yml'), composeFile);
      const cli = join(dirname(createRequire(import.meta.url).resolve('seaworthy')), 'cli.js');
      const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(
          process.execPath,
          [cli, 'run', '--service', 'tests', '--artifacts', '/report', '--timeout', '3m'],
          { cwd: dir, timeout: 240_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
        );
      });
      expect(code, output).toBe(0);
      expect(JSON.parse(await readFile(join(dir, 'artifacts', 'report', 'health.json'), 'utf8'))).toEqual({
        status: 'ok',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
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

// The host's internal address (issue 16): where containers reach the host that this process and the
// published ports are on. Used in the bitbucket and host-gateway topologies; the runs name the
// topology they expect in SEAWORTHY_TOPOLOGY_EXPECT (scripts/topology-*.sh; unset on the host).
describe('host internal address', () => {
  let helper: DockerHelper;
  beforeAll(async () => {
    helper = await DockerHelper.create();
  });
  afterAll(async () => {
    await helper?.teardown();
  });

  it('decides the topology this run expects, with an internal address only where containers need one', () => {
    const { facts, decision } = helper.engine.hostResolution;
    const expected = process.env.SEAWORTHY_TOPOLOGY_EXPECT;
    if (expected) expect(decision.topology).toBe(expected);
    if (decision.topology === 'bitbucket' || decision.topology === 'host-gateway') {
      expect(decision.hostInternal).toEqual(resolveHostInternal(facts));
    } else {
      expect(decision.hostInternal).toBeUndefined();
    }
    if (decision.topology === 'bitbucket') {
      expect(decision.hostInternal).toMatchObject({
        address: process.env.BITBUCKET_DOCKER_HOST_INTERNAL,
        source: 'BITBUCKET_DOCKER_HOST_INTERNAL',
        extraHosts: {},
      });
      expect(decision.publishHostIp).toBe('0.0.0.0');
    }
  });

  it('lets a container reach a port another container published, through the internal address', async () => {
    const server = await new ContainerDefinition('internal-web', {
      image: HTTPD,
      ports: [8080],
      wait: waitFor.http({ port: 8080, path: '/health.json' }),
    }).setup(helper);
    const { decision } = helper.engine.hostResolution;
    const binding = server.startInfo.ports['8080/tcp']?.[0];
    const internal = decision.hostInternal;
    if (!internal) {
      // No internal address here: ports stay on the engine host's loopback, exposed nowhere else.
      expect(binding?.hostIp).toBe('127.0.0.1');
      return;
    }
    expect(binding?.hostIp).toBe(decision.publishHostIp);
    const url = `http://${internal.address}:${server.hostPort(8080)}/health.json`;
    // The test process reaches it there too, as a Kafka client given the advertised address would.
    expect(await (await fetch(url)).json()).toEqual({ status: 'ok' });
    const client = await new ContainerDefinition('internal-client', {
      image: HTTPD,
      command: ['busybox', 'sh', '-c', 'echo client up; exec busybox sleep 3600'],
      extraHosts: internal.extraHosts,
      wait: waitFor.logLine('client up'),
    }).setup(helper);
    // Through the internal address and the published port, as a client given Kafka's host listener would.
    const result = await client.exec(['busybox', 'wget', '-q', '-O', '-', url]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ status: 'ok' });
  });
});
