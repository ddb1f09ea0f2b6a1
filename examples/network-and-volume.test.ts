// A web server and a client on a shared network, with a volume, then nothing
// left behind. Run with `npm run examples`.

import {
  type Container,
  ContainerDefinition,
  DockerHelper,
  NetworkDefinition,
  VolumeDefinition,
  waitFor,
} from 'seaworthy';
import { LABELS } from 'seaworthy/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const site = new VolumeDefinition('site');
const backend = new NetworkDefinition('backend');

const web = new ContainerDefinition('web', {
  image: 'seaworthy-fixture/httpd:latest',
  ports: [8080],
  env: { START_DELAY: '0.5' },
  mounts: [{ type: 'volume', source: site, target: '/www/shared' }],
  networks: [{ network: backend, aliases: ['www'] }],
  wait: waitFor.all(waitFor.logLine('httpd listening on 8080'), waitFor.http({ port: 8080 })),
});

const client = new ContainerDefinition('client', {
  image: 'seaworthy-fixture/httpd:latest',
  command: ['sleep', 'infinity'],
  mounts: [{ type: 'volume', source: site, target: '/site' }],
  networks: [backend],
});

let helper: DockerHelper;
let server: Container;
let browser: Container;

beforeAll(async () => {
  helper = await DockerHelper.create();
  // Independent containers start in parallel; the shared volume and network are created once.
  [server, browser] = await Promise.all([web.setup(helper), client.setup(helper)]);
});

afterAll(async () => {
  await helper.teardown();
  const left = await helper.engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`);
  expect(left).toEqual({ containers: [], networks: [], volumes: [] });
});

describe('a web server on a shared network and volume', () => {
  it('is reachable from the test process through its published port', async () => {
    const response = await fetch(`${server.baseUrl(8080)}/index.html`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('seaworthy fixture');
  });

  it('serves a file another container wrote into the shared volume', async () => {
    const write = await browser.exec(['sh', '-c', 'echo "written by client" > /site/note.txt']);
    expect(write.exitCode).toBe(0);
    const response = await fetch(`${server.baseUrl(8080)}/shared/note.txt`);
    expect(await response.text()).toBe('written by client\n');
  });

  it('is reachable from the other container by its alias on the network', async () => {
    const fetched = await browser.exec(['busybox', 'wget', '-qO-', 'http://www:8080/health.json']);
    expect(fetched).toMatchObject({ exitCode: 0, stdout: '{"status":"ok"}\n' });
  });

  it('logged its requests', async () => {
    await server.waitFor(waitFor.logLine(/url:\/health\.json/), { timeoutMs: 30_000 });
    const logs = await server.logs();
    expect(logs.combined.toString()).toContain('httpd listening on 8080');
  });
});
