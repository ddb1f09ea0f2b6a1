/**
 * `npm run bench`: seaworthy next to testcontainers-node and raw dockerode
 * (the floor), in one run, on the same engine and local images.
 *
 *   npm run bench                                   # every scenario
 *   npm run bench -- --rounds 9 --json bench/results/latest.json
 *   npm run bench -- --only start-to-ready,suite    # some scenarios
 *
 * Each scenario interleaves the tools round by round and reports medians,
 * min and max, and ratios to the floor and to testcontainers; the run ends
 * with the targets table. See bench/README.md and docs/benchmarks.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';

// testcontainers reads these when it first connects. Its Ryuk image can't be
// pulled here (no registry), and its host detection would pick the bridge
// gateway: our network rule is 127.0.0.1 only.
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';
// Seaworthy's prebuilt definitions default to the official images; use the local twins.
for (const service of ['postgres', 'redis', 'rabbitmq', 'registry']) {
  process.env[`SEAWORTHY_${service.toUpperCase()}_IMAGE`] ??= `seaworthy-fixture/${service}:latest`;
}

const { ApiCallCounter } = await import('./lib/api-calls.js');
const { markdownTable } = await import('./lib/table.js');
const Dockerode = (await import('dockerode')).default;
type ScenarioResult = import('./lib/context.js').ScenarioResult;
type BenchContext = import('./lib/context.js').BenchContext;

const SCENARIOS: Record<string, () => Promise<(ctx: BenchContext) => Promise<ScenarioResult>>> = {
  'start-to-ready': async () => (await import('./scenarios/start-to-ready.js')).startToReady,
  suite: async () => (await import('./scenarios/suite.js')).suiteScenario(Number(values.tests)),
  'parallel-services': async () => (await import('./scenarios/parallel-services.js')).parallelServices,
  teardown: async () => (await import('./scenarios/teardown.js')).teardownScenario,
  'warm-pool': async () => (await import('./scenarios/warm-pool.js')).warmPoolScenario,
  snapshot: async () => (await import('./scenarios/snapshot.js')).snapshotScenario,
  push: async () => (await import('./scenarios/push.js')).pushScenario,
  'image-build': async () => (await import('./scenarios/image-build.js')).imageBuildScenario,
  'schema-registry': async () => (await import('./scenarios/schema-registry.js')).schemaRegistryScenario,
  'vitest-fixtures': async () => (await import('./scenarios/vitest-fixtures.js')).vitestFixturesScenario,
  reuse: async () => (await import('./scenarios/reuse.js')).reuseScenario,
  brokers: async () => (await import('./scenarios/brokers.js')).brokersScenario,
  'several-engines': async () =>
    (await import('./scenarios/several-engines.js')).severalEnginesScenario(Number(values['engine-workers'])),
};

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '1' },
    json: { type: 'string' },
    only: { type: 'string' },
    tests: { type: 'string', default: '40' },
    'engine-workers': { type: 'string', default: '3' },
  },
});
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
if (!Number.isInteger(rounds) || rounds < 1)
  throw new Error(`--rounds must be a whole number ≥ 1, got ${values.rounds}`);
if (!Number.isInteger(warmup) || warmup < 0)
  throw new Error(`--warmup must be a whole number ≥ 0, got ${values.warmup}`);
const only = values.only ? values.only.split(',') : Object.keys(SCENARIOS);
for (const name of only) {
  if (!SCENARIOS[name]) throw new Error(`unknown scenario '${name}'; known: ${Object.keys(SCENARIOS).join(', ')}`);
}

const docker = new Dockerode();
const calls = new ApiCallCounter();
calls.install();
const ctx: BenchContext = {
  docker,
  calls,
  rounds,
  warmup,
  log: (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`),
};

const version = await docker.version();
const machine = {
  cpus: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  engine: version.Version,
  api: version.ApiVersion,
  storage: (await docker.info()).Driver as string,
};
const started = new Date();
const results: ScenarioResult[] = [];
try {
  for (const name of only) {
    const run = await (SCENARIOS[name] as () => Promise<(ctx: BenchContext) => Promise<ScenarioResult>>)();
    try {
      results.push(await run(ctx));
    } catch (error) {
      // One scenario's failure must not lose the others' figures: it is reported in its place.
      const message = error instanceof Error ? error.message : String(error);
      ctx.log(`scenario ${name} failed: ${message}`);
      results.push({
        id: name,
        title: `${name}: failed`,
        report: `Failed: ${message}`,
        targets: [],
        data: { error: message },
      });
      process.exitCode = 1;
    }
  }
} finally {
  // Whatever a failed scenario left (its own cleanup runs in finally blocks too).
  const left = await docker.listContainers({ all: true, filters: { label: ['dev.seaworthy.bench=1'] } });
  await Promise.all(
    left.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true, v: true })
        .catch(() => undefined),
    ),
  );
}

const out: string[] = [];
out.push(
  `Machine: ${machine.cpus} CPUs, ${machine.memoryGiB} GiB, Node ${machine.node}, Docker ${machine.engine} (API ${machine.api}), ${machine.storage}.`,
  `Run: ${started.toISOString()}, ${rounds} counted rounds per tool after ${warmup} warm-up (scenarios that scale this say so).`,
);
for (const result of results) out.push('', `## ${result.title}`, '', result.report);
const targets = results.flatMap((r) => r.targets);
out.push(
  '',
  '## Targets',
  '',
  markdownTable(
    ['measure', 'target', 'measured', 'met'],
    targets.map((t) => [t.measure, t.target, t.measured, t.met === undefined ? 'not measured' : t.met ? 'yes' : 'no']),
    'llll',
  ),
);
console.log(out.join('\n'));

if (values.json) {
  mkdirSync(dirname(values.json), { recursive: true });
  writeFileSync(
    values.json,
    JSON.stringify({ machine, started: started.toISOString(), rounds, warmup, scenarios: results, targets }, null, 2),
  );
  ctx.log(`wrote ${values.json}`);
}
