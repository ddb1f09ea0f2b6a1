import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Dockerode from 'dockerode';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  errorMessage,
  VolumeDefinition,
  waitFor,
} from '../../../src/index.js';
import { Engine, LABELS } from '../../../src/tools.js';

/**
 * Extra Docker engines for the several-engines tests: each a Docker-in-Docker
 * container (fixtures/images/dind-tls) on the local engine, serving the
 * Engine API with TLS (--tlsverify) on a port published on 127.0.0.1.
 *
 * Containers inside a nested engine publish their ports on its own
 * interfaces; to make them reachable from this process at 127.0.0.1, each
 * DinD container publishes a block of host ports 1:1 (127.0.0.1:P -> P) and
 * sets its `net.ipv4.ip_local_port_range` to that block, which is where the
 * nested dockerd picks its random host ports. The block's first port is the
 * API's (-> 2376), so the API keeps its address across a restart.
 *
 * Everything is made through `helper`, so its labels, teardown and watchdog
 * cover the DinD containers and their volumes.
 */
export interface TlsEngine {
  /** Its name in SEAWORTHY_ENGINES, e.g. `dind-a`. */
  readonly name: string;
  /** The DinD container: kill or restart it to take the engine down. */
  readonly container: Container;
  /** `tcp://127.0.0.1:<port>`. */
  readonly host: string;
  /** A temp folder with the client's ca.pem, cert.pem and key.pem. */
  readonly certs: string;
  /** Host ports published 1:1; the nested engine publishes its containers' ports among them. */
  readonly ports: readonly [number, number];
  /** Its SEAWORTHY_ENGINES entry: `dind-a=tcp://127.0.0.1:<port>;certs=<dir>;publish=0.0.0.0`. */
  readonly entry: string;
  /** Environment for the docker CLI or `seaworthy leftovers` to talk to it. */
  readonly env: Readonly<Record<string, string>>;
  /** A connection to it (a seaworthy Engine with its TLS files). */
  connect(): Promise<Engine>;
  /** Wait until it answers again after a restart of its container. */
  waitUntilAnswering(deadlineMs?: number): Promise<void>;
  /** Remove the client files (the container goes with the helper's teardown). */
  dispose(): Promise<void>;
}

export const DIND_TLS_IMAGE = 'seaworthy-fixture/dind-tls:latest';
/** Host ports per engine: the API's plus what its containers publish. */
const BLOCK = 24;
/** Blocks come from below the host's own ephemeral range (32768-60999 on Linux), where no random port lands. */
const FIRST_PORT = 20_000;
const LAST_PORT = 32_000;
const ATTEMPTS = 10;

/**
 * Start one TLS engine per name, one after another (two nested dockerds
 * starting at once on a 2-core machine only slow each other), and load
 * `images` from the local engine into each.
 */
export async function startTlsEngines(
  helper: DockerHelper,
  names: readonly string[],
  images: readonly string[],
): Promise<TlsEngine[]> {
  const engines: TlsEngine[] = [];
  try {
    for (const name of names) {
      const engine = await startTlsEngine(helper, name);
      engines.push(engine);
      await loadImages(engine, images);
    }
  } catch (error) {
    await Promise.all(engines.map((e) => e.dispose()));
    throw error;
  }
  return engines;
}

async function startTlsEngine(helper: DockerHelper, name: string): Promise<TlsEngine> {
  let lastError: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const first = FIRST_PORT + BLOCK * Math.floor(Math.random() * ((LAST_PORT - FIRST_PORT) / BLOCK));
    const ports: [number, number] = [first, first + BLOCK - 1];
    let container: Container;
    try {
      container = await definition(name, ports).setup(helper);
    } catch (error) {
      // Another run holds a port of this block: try another block.
      if (!/port is already allocated|address already in use/i.test(errorMessage(error))) throw error;
      lastError = error;
      continue;
    }
    const certs = await mkdtemp(join(tmpdir(), `sw-engine-${name}-`));
    await container.copyOut('/certs/client', join(certs, 'client'));
    return describe(name, container, ports, join(certs, 'client'), certs);
  }
  throw new Error(`no free block of ${BLOCK} host ports for ${name} after ${ATTEMPTS} tries`, { cause: lastError });
}

function definition(name: string, [first, last]: readonly [number, number]): ContainerDefinition {
  const inner: { container: number; hostPort: number }[] = [];
  for (let port = first + 1; port <= last; port++) inner.push({ container: port, hostPort: port });
  return new ContainerDefinition(`engine-${name}`, {
    image: DIND_TLS_IMAGE,
    // What a nested engine needs here (fixtures/images/runner-dind says why each).
    capAdd: ['ALL'],
    capDrop: ['SYS_RESOURCE'],
    securityOpts: ['seccomp=unconfined', 'apparmor=unconfined'],
    mounts: [
      { type: 'volume', source: new VolumeDefinition(`engine-${name}-data`), target: '/var/lib/docker' },
      { type: 'bind', source: '/sys/fs/cgroup', target: '/sys/fs/cgroup' },
    ],
    // The default bridge only: a helper network joined after the start could clash with the subnet the
    // nested dockerd has meanwhile picked for its own bridge. The tests reach it by published ports.
    networkMode: 'bridge',
    // The nested dockerd's random host ports: the block past the API's port.
    sysctls: { 'net.ipv4.ip_local_port_range': `${first + 1} ${last}` },
    ports: [{ container: 2376, hostPort: first }, ...inner],
    // --security-opt systempaths=unconfined, which the options do not have.
    createOverrides: { HostConfig: { MaskedPaths: [], ReadonlyPaths: [] } },
    wait: waitFor.command(['docker', 'version'], { timeoutMs: 240_000 }),
    startupTimeoutMs: 300_000,
    // dockerd stops its own containers first.
    stopTimeoutMs: 20_000,
  });
}

function describe(
  name: string,
  container: Container,
  ports: readonly [number, number],
  clientDir: string,
  tempDir: string,
): TlsEngine {
  const host = `tcp://127.0.0.1:${ports[0]}`;
  const env = { DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: clientDir };
  const connect = () => Engine.connect({ host, env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: clientDir } });
  return {
    name,
    container,
    host,
    certs: clientDir,
    ports,
    entry: `${name}=${host};certs=${clientDir};publish=0.0.0.0`,
    env,
    connect,
    async waitUntilAnswering(deadlineMs = 300_000) {
      const deadline = Date.now() + deadlineMs;
      for (;;) {
        try {
          const engine = await Engine.connect({
            host,
            connectTimeoutMs: 30_000,
            env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: clientDir },
          });
          await engine.listByLabel(`${LABELS.managed}=probe`);
          return;
        } catch (error) {
          if (Date.now() > deadline)
            throw new Error(`${name} did not answer within ${deadlineMs} ms`, { cause: error });
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
      }
    },
    dispose: () => rm(tempDir, { recursive: true, force: true }),
  };
}

/** Stream `images` from the local engine (`GET /images/get`) into the nested one (`POST /images/load`). */
async function loadImages(engine: TlsEngine, images: readonly string[]): Promise<void> {
  if (images.length === 0) return;
  const local = new Dockerode();
  const nested = nestedDockerode(engine);
  for (const image of images) {
    const tar = await local.getImage(image).get();
    const response = await nested.loadImage(tar, { quiet: true });
    // The answer streams while the engine loads; it ends when the image is in.
    let text = '';
    for await (const chunk of response as AsyncIterable<Buffer | string>) text += chunk.toString();
    if (/"error"/.test(text)) throw new Error(`loading ${image} into ${engine.name} failed: ${text}`);
  }
}

function nestedDockerode(engine: TlsEngine): Dockerode {
  const port = Number(new URL(engine.host.replace(/^tcp:/, 'https:')).port);
  return new Dockerode({
    host: '127.0.0.1',
    port,
    protocol: 'https',
    ca: readFileSync(join(engine.certs, 'ca.pem')),
    cert: readFileSync(join(engine.certs, 'cert.pem')),
    key: readFileSync(join(engine.certs, 'key.pem')),
  });
}
