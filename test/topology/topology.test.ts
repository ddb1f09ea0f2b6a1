// One test file, run unchanged wherever the test runner runs (docs/topologies.md):
// on the host (the integration project), in a sibling container with the
// host's socket mounted (scripts/topology-sibling.sh), and in a container
// that runs its own engine (scripts/topology-dind.sh). It imports the package
// by name: on the host that is this checkout's source, in the runner images
// the packed package.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
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
import { KafkaDefinition } from 'seaworthy/kafka';
import { RedisDefinition } from 'seaworthy/redis';
import { SchemaRegistryDefinition } from 'seaworthy/schema-registry';
import { LABELS, mapRunnerPath, resolveHostInternal } from 'seaworthy/tools';
import { container, withContainers } from 'seaworthy/vitest';
import { afterAll, test as base, beforeAll, describe, expect, it } from 'vitest';

const HTTPD = 'seaworthy-fixture/httpd:latest';

// Issue 16: the Bitbucket-style Kafka stack of examples/kafka-registry (a KRaft broker, a schema
// registry with the Confluent API, an Avro consumer service, and the CI override that advertises
// the broker's HOST listener at ${BITBUCKET_DOCKER_HOST_INTERNAL:-host.docker.internal}), through
// loadCompose and `seaworthy run`; then KafkaDefinition and SchemaRegistryDefinition. Each time
// Avro is produced from this process and decoded in another container on the network.
describe('kafka and schema registry', () => {
  const example = fileURLToPath(new URL('../../examples/kafka-registry/', import.meta.url));
  let helper: DockerHelper;
  /** The example copied under the first shared root (so its binds work from a sibling runner), with the clients' node_modules. */
  let dir: string;
  /** Where this process reaches the broker's HOST listener, as the compose files' variables, and how ports are published. */
  let reach: { env: Record<string, string>; hostPorts: 'as-written' | 'any-free' };

  beforeAll(async () => {
    helper = await DockerHelper.create();
    const root = (process.env.SEAWORTHY_TOPOLOGY_SHARED ?? tmpdir()).split(',').filter(Boolean)[0] ?? tmpdir();
    await mkdir(root, { recursive: true });
    dir = await mkdtemp(join(root, 'seaworthy-kafka-'));
    await cp(example, dir, { recursive: true, filter: (source) => !source.endsWith('.test.ts') });
    await copyClients(join(dir, 'node_modules'));
    reach = await brokerReach(helper);
  }, 180_000);
  afterAll(async () => {
    await helper?.teardown();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The compose files' variables: the broker's reach, and the consumer's node_modules (a bind, translated in a sibling). */
  const composeEnv = (): Record<string, string> => ({
    ...(process.env as Record<string, string>),
    ...reach.env,
    CONSUMER_NODE_MODULES: join(dir, 'node_modules'),
  });
  const composeFiles = () => [join(dir, 'docker-compose.yml'), join(dir, 'docker-compose.bitbucket.yml')];
  const readSchema = () => readFile(join(dir, 'order.avsc'), 'utf8');

  it('starts the stack with the CI override: an order produced here is decoded by the consumer service', async () => {
    const stack = await loadCompose(composeFiles(), { env: composeEnv() })
      .stack({
        hostPorts: reach.hostPorts,
        startupTimeoutMs: 180_000,
        waits: { consumer: waitFor.logLine('consumer ready on orders') },
      })
      .setup(helper);
    try {
      const broker = stack.service('broker');
      const registry = new SchemaRegistry({ host: `${stack.service('registry').baseUrl(8080)}/apis/ccompat/v7` });
      const { id } = await registry.register(
        { type: SchemaType.AVRO, schema: await readSchema() },
        { subject: 'orders-value' },
      );
      const port = Number(reach.env.KAFKA_HOST_PORT);
      const order = { id: 'topology-1', item: 'compass', quantity: 1 };
      await produce(`${broker.host}:${broker.hostPort(port)}`, 'orders', await registry.encode(id, order));
      await stack.service('consumer').waitFor(waitFor.logLine(`consumed ${JSON.stringify(order)}`), {
        timeoutMs: 60_000,
      });
    } finally {
      await stack.teardown();
    }
  }, 300_000);

  it('runs `seaworthy run -f docker-compose.yml -f docker-compose.bitbucket.yml -- node produce-and-read.mjs`', async () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve('seaworthy')), 'cli.js');
    const args = ['run', '-f', 'docker-compose.yml', '-f', 'docker-compose.bitbucket.yml'];
    args.push('--host-ports', reach.hostPorts, '--logs', 'always', '--timeout', '4m');
    args.push('--', process.execPath, 'produce-and-read.mjs');
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      execFile(
        process.execPath,
        [cli, ...args],
        { cwd: dir, env: composeEnv(), timeout: 280_000 },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
      );
    });
    expect(code, output).toBe(0);
    expect(output).toContain(`the broker advertises ${reach.env.BITBUCKET_DOCKER_HOST_INTERNAL}:`);
    expect(output).toContain('all orders read back');
    expect(output).toContain('the consumer service (group orders-printer) has decoded 3 orders');
    expect(output).toMatch(/consumer \| consumed \{"id":"ci-2","item":"rope","quantity":30\}/);
  }, 300_000);

  it('KafkaDefinition and SchemaRegistryDefinition: Avro produced here is decoded in another container', async () => {
    const kafka = new KafkaDefinition({ name: 'events' });
    // Sets up the broker first, in the same helper.
    const schemas = await new SchemaRegistryDefinition({ kafka, name: 'schemas' }).setup(helper);
    const broker = await kafka.setup(helper);
    const consumer = await new ContainerDefinition('avro-consumer', {
      image: 'seaworthy-fixture/runner:latest',
      workdir: '/app',
      command: ['node', 'consume.mjs'],
      env: {
        KAFKA_BROKERS: broker.bootstrapServers('network'),
        SCHEMA_REGISTRY_URL: schemas.networkUrl(),
        TOPIC: 'payments',
        GROUP_ID: 'payments-printer',
      },
      mounts: [
        { type: 'bind', source: join(dir, 'consumer'), target: '/app', readOnly: true },
        { type: 'bind', source: join(dir, 'node_modules'), target: '/node_modules', readOnly: true },
      ],
      wait: waitFor.logLine('consumer ready on payments'),
      startupTimeoutMs: 120_000,
    }).setup(helper);
    const registry = new SchemaRegistry({ host: schemas.url() });
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: await readSchema() },
      { subject: 'payments-value' },
    );
    const order = { id: 'topology-2', item: 'sextant', quantity: 3 };
    await produce(broker.bootstrapServers(), 'payments', await registry.encode(id, order));
    await consumer.waitFor(waitFor.logLine(`consumed ${JSON.stringify(order)}`), { timeoutMs: 60_000 });
    expect(await schemas.subjects()).toEqual(['payments-value']);
  }, 300_000);

  it('leaves nothing behind after teardown', async () => {
    await helper.teardown();
    const left = await helper.engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`);
    expect(left).toEqual({ containers: [], networks: [], volumes: [] });
  });

  /** One message to `topic` through `bootstrap`, with a client in this process. */
  async function produce(bootstrap: string, topic: string, value: Buffer): Promise<void> {
    const producer = new Kafka({ clientId: 'topology', brokers: [bootstrap], logLevel: logLevel.WARN }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      await producer.send({ topic, messages: [{ value }] });
    } finally {
      await producer.disconnect();
    }
  }

  /**
   * The compose files' KAFKA_HOST_PORT and BITBUCKET_DOCKER_HOST_INTERNAL, which the CI override
   * advertises: the address at which this process reaches the broker's HOST listener. In a sibling
   * runner that is the container's own address on the stack's network, on the container port: the
   * service name `broker` (the runner joins the network, so it resolves), any free host port. On
   * the host and in DinD it is the published port at the resolved address (127.0.0.1): published
   * as written, on a port free here, so parallel runs don't collide.
   */
  async function brokerReach(of: DockerHelper): Promise<typeof reach> {
    const decision = of.engine.hostResolution.decision;
    if (decision.reach === 'container-network') {
      return { env: { BITBUCKET_DOCKER_HOST_INTERNAL: 'broker', KAFKA_HOST_PORT: '9092' }, hostPorts: 'any-free' };
    }
    // Where containers reach this host's published ports too (Bitbucket's docker service), that
    // address: the broker then advertises one address that the tests and containers both reach.
    const address = decision.hostInternal?.address ?? decision.address;
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, address, () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    return {
      env: { BITBUCKET_DOCKER_HOST_INTERNAL: address, KAFKA_HOST_PORT: String(port) },
      hostPorts: 'as-written',
    };
  }

  /** kafkajs, @kafkajs/confluent-schema-registry and what they need, from the node_modules this file runs with. */
  async function copyClients(target: string): Promise<void> {
    let from = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(from, 'node_modules', 'kafkajs'))) {
      if (dirname(from) === from) throw new Error('no node_modules with kafkajs above the test file');
      from = dirname(from);
    }
    const modules = join(from, 'node_modules');
    const pending = ['kafkajs', '@kafkajs/confluent-schema-registry'];
    const copied = new Set<string>();
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      // A dependency not at the top is nested in its parent's folder, copied with it.
      if (copied.has(name) || !existsSync(join(modules, name))) continue;
      copied.add(name);
      await cp(join(modules, name), join(target, name), { recursive: true, dereference: true });
      const manifest = JSON.parse(await readFile(join(modules, name, 'package.json'), 'utf8'));
      pending.push(...Object.keys(manifest.dependencies ?? {}));
    }
  }
});

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
