/**
 * Start-to-ready and clean() of the prebuilt services (Postgres, Redis,
 * RabbitMQ, Kafka, Schema Registry), measured with seaworthy alone. Rounds run service after service,
 * interleaved, so a slow moment of the machine hits all of them alike.
 *
 *   npm run bench:services                          # 7 start rounds, 25 clean() calls each
 *   npx tsx bench/services.ts --rounds 9 --cleans 40 --json bench/results/services.json
 *   npx tsx bench/services.ts --only postgres,rabbitmq   # cases whose name contains one of these
 *
 * Images: SEAWORTHY_<SERVICE>_IMAGE, else our local twins
 * (seaworthy-fixture/<service>:latest), since no registry is reachable here.
 * "Ready" is each definition's own readiness (Postgres: final server on TCP
 * plus the baseline copy; Redis: its ready line; RabbitMQ: an AMQP
 * Connection.Start; Kafka: a host client fetching metadata and producing;
 * Schema Registry: its API answering, the global compatibility set, beside
 * a broker started in the warm-up round).
 * "Container CPU to ready" is the CPU time the container's processes used
 * from start until setup() returned (its cgroup, read on this host): on a
 * shared machine it moves much less than wall time does.
 * clean() is timed after a little state was written. The case "postgres
 * (pool of 5)" holds a pg.Pool open across its cleans, with 5 idle clients
 * connected at each clean(), as a test file sharing one pool does.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import amqp from 'amqplib';
import pg from 'pg';
import { type Container, DockerHelper } from '../src/index.js';
import { KafkaDefinition } from '../src/kafka.js';
import { PostgresDefinition } from '../src/postgres.js';
import { RabbitMqDefinition } from '../src/rabbitmq.js';
import { RedisDefinition } from '../src/redis.js';
import { SchemaRegistryDefinition } from '../src/schema-registry.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args[args.indexOf(name) + 1]) || fallback;
const rounds = option('--rounds', 7);
const cleans = option('--cleans', 25);
const jsonPath = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const only = args.includes('--only') ? (args[args.indexOf('--only') + 1] ?? '').split(',').filter(Boolean) : [];

for (const service of ['postgres', 'redis', 'rabbitmq', 'kafka']) {
  process.env[`SEAWORTHY_${service.toUpperCase()}_IMAGE`] ??= `seaworthy-fixture/${service}:latest`;
}
process.env.SEAWORTHY_SCHEMA_REGISTRY_IMAGE ??= 'seaworthy-fixture/schema-registry:latest';

interface Service<C extends Container> {
  readonly name: string;
  readonly definition: { setup(helper: DockerHelper): Promise<C> };
  /** Write a little state, so clean() has something to remove. */
  dirty(container: C): Promise<void>;
  /** Open what stays open across the cleans (a client pool); returns how to close it. */
  hold?(container: C): Promise<() => Promise<void>>;
  clean(container: C): Promise<void>;
}

/** A RabbitMQ case: clean() after a queue with one message was declared. */
function rabbitMq(name: string, definition: RabbitMqDefinition) {
  return {
    name,
    definition,
    dirty: async (broker) => {
      const connection = await amqp.connect(broker.url());
      const channel = await connection.createChannel();
      await channel.assertQueue('jobs');
      channel.sendToQueue('jobs', Buffer.from('job'));
      await channel.close();
      await connection.close();
    },
    clean: (broker) => broker.clean(),
  } satisfies Service<Awaited<ReturnType<RabbitMqDefinition['setup']>>>;
}

/** A pg.Pool held across the cleans: each dirty() checks out 5 clients at once, so 5 idle ones are open at clean(). */
let pool: pg.Pool | undefined;

const allServices = [
  {
    name: 'postgres',
    definition: new PostgresDefinition(),
    dirty: async (db) => void (await db.psql('CREATE TABLE IF NOT EXISTS t (n int); INSERT INTO t VALUES (1)')),
    clean: (db) => db.clean(),
  } satisfies Service<Awaited<ReturnType<PostgresDefinition['setup']>>>,
  {
    name: 'postgres (pool of 5)',
    definition: new PostgresDefinition({ name: 'postgres-pool' }),
    hold: async (db) => {
      const opened = new pg.Pool({ connectionString: db.url(), max: 5, idleTimeoutMillis: 0 });
      // clean() terminates the idle clients; the pool drops them and connects new ones on demand.
      opened.on('error', () => undefined);
      pool = opened;
      return () => opened.end();
    },
    dirty: async () => {
      const clients = await Promise.all([1, 2, 3, 4, 5].map(() => (pool as pg.Pool).connect()));
      try {
        await clients[0]?.query('CREATE TABLE IF NOT EXISTS t (n int); INSERT INTO t VALUES (1)');
      } finally {
        for (const client of clients) client.release();
      }
    },
    clean: (db) => db.clean(),
  } satisfies Service<Awaited<ReturnType<PostgresDefinition['setup']>>>,
  {
    name: 'redis',
    definition: new RedisDefinition(),
    dirty: async (server) => void (await server.cli('SET', 'k', 'v')),
    clean: (server) => server.clean(),
  } satisfies Service<Awaited<ReturnType<RedisDefinition['setup']>>>,
  rabbitMq('rabbitmq', new RabbitMqDefinition()),
  rabbitMq('rabbitmq (management)', new RabbitMqDefinition({ name: 'rabbitmq-mgmt', management: true })),
  {
    name: 'kafka',
    definition: new KafkaDefinition(),
    dirty: async (broker) => {
      await broker.createTopic('orders', { partitions: 3 });
    },
    clean: (broker) => broker.clean(),
  } satisfies Service<Awaited<ReturnType<KafkaDefinition['setup']>>>,
  {
    // Its broker (a KafkaDefinition of its own) starts with the warm-up round and stays up: counted starts are the registry's alone.
    name: 'schema-registry',
    definition: new SchemaRegistryDefinition({ kafka: new KafkaDefinition({ name: 'kafka-for-registry' }) }),
    dirty: async (registry) => {
      const schema = (n: number) => ({ type: 'record', name: `R${n}`, fields: [{ name: 'a', type: 'string' }] });
      for (let i = 0; i < 20; i++) await registry.register(`subject-${i}-value`, schema(i));
    },
    clean: (registry) => registry.clean(),
  } satisfies Service<Awaited<ReturnType<SchemaRegistryDefinition['setup']>>>,
] as const;

const services = allServices.filter((s) => only.length === 0 || only.some((part) => s.name.includes(part)));

function stats(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, min: sorted[0] ?? 0, max: sorted.at(-1) ?? 0, n: sorted.length };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * CPU time the container has used so far, read from its cgroup on this
 * host (cgroup v1 cgroupfs or v2 systemd layout); undefined when the engine
 * is remote or the layout is another. Unlike wall time, it hardly moves when
 * other work shares the machine's CPUs.
 */
function containerCpuMs(id: string): number | undefined {
  const sources: [string, (text: string) => number][] = [
    [`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, (text) => Number(text) / 1e6],
    [
      `/sys/fs/cgroup/system.slice/docker-${id}.scope/cpu.stat`,
      (text) => Number(/usage_usec (\d+)/.exec(text)?.[1]) / 1e3,
    ],
  ];
  for (const [path, parse] of sources) {
    try {
      const value = parse(readFileSync(path, 'utf8'));
      if (Number.isFinite(value)) return value;
    } catch {
      // not this layout
    }
  }
  return undefined;
}

async function main() {
  const starts = new Map<string, number[]>(services.map((s) => [s.name, []]));
  const startCpu = new Map<string, number[]>(services.map((s) => [s.name, []]));
  const cleanTimes = new Map<string, number[]>(services.map((s) => [s.name, []]));
  const helper = await DockerHelper.create();
  try {
    // One warm-up start each (page cache, image layers), not counted.
    for (let round = 0; round <= rounds; round++) {
      for (const service of services) {
        const began = performance.now();
        const container = await (service.definition as Service<Container>['definition']).setup(helper);
        const took = performance.now() - began;
        const cpu = containerCpuMs(container.id);
        if (round > 0) starts.get(service.name)?.push(took);
        if (round > 0 && cpu !== undefined) startCpu.get(service.name)?.push(cpu);
        if (round === rounds) {
          const s = service as unknown as Service<Container>;
          const release = await s.hold?.(container);
          try {
            for (let i = 0; i <= cleans; i++) {
              await s.dirty(container);
              const t0 = performance.now();
              await s.clean(container);
              if (i > 0) cleanTimes.get(service.name)?.push(performance.now() - t0);
            }
          } finally {
            await release?.();
          }
        }
        await container.teardown();
      }
      process.stdout.write(`round ${round}/${rounds} done\n`);
    }
  } finally {
    await helper.teardown();
  }

  const rows = services.map((s) => ({
    service: s.name,
    start: stats(starts.get(s.name) ?? []),
    startCpu: stats(startCpu.get(s.name) ?? []),
    clean: stats(cleanTimes.get(s.name) ?? []),
  }));
  console.log(
    `\nMachine: ${cpus().length} CPUs, Node ${process.version}; ${rounds} starts, ${cleans} clean() calls each\n`,
  );
  console.log(
    '| service | start-to-ready median | min | max | container CPU to ready, median | clean() median | min | max |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const cpu = row.startCpu.n > 0 ? ms(row.startCpu.median) : 'n/a (no local cgroup)';
    console.log(
      `| ${row.service} | ${ms(row.start.median)} | ${ms(row.start.min)} | ${ms(row.start.max)} | ${cpu} | ` +
        `${ms(row.clean.median)} | ${ms(row.clean.min)} | ${ms(row.clean.max)} |`,
    );
  }
  if (jsonPath) {
    mkdirSync(dirname(jsonPath), { recursive: true });
    writeFileSync(jsonPath, `${JSON.stringify({ date: new Date().toISOString(), rounds, cleans, rows }, null, 2)}\n`);
  }
}

await main();
