/**
 * Several engines (docs/several-engines.md): one suite of CPU-bound
 * containers (several-engines-suite.ts), run by a real Vitest process with
 * SEAWORTHY_ENGINES listing 1, 2 and 3 engines: the local one, then two
 * Docker-in-Docker engines serving TLS (test/engines/support/tls-engines.ts)
 * beside it. Each worker takes one engine; every test records where it ran
 * and how long its container took. Beside them: the same suite with
 * testcontainers on the local engine (it has no multi-engine mode).
 *
 * On one machine every engine shares its cores, so the measured gain is
 * bounded by them. Each round also times one container alone on each engine;
 * from those and the spread measured, the report estimates what the suite
 * would take with each engine on a machine of its own (labelled an estimate).
 */
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import { ContainerDefinition, DockerHelper, waitFor } from '../../src/index.js';
import { startTlsEngines, type TlsEngine } from '../../test/engines/support/tls-engines.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';
import {
  CPU_CONTAINER,
  DEFAULT_WORKERS,
  type Flavour,
  IMAGE,
  peakConcurrency,
  runSuite,
  type SuiteOutcome,
  TESTS,
  type TestRecord,
  WORK_LABEL,
  workMsOf,
  writeSuite,
} from './several-engines-suite.js';

const ENGINE_NAMES = ['local', 'dind-a', 'dind-b'] as const;

interface Config {
  readonly key: string;
  readonly flavour: Flavour;
  /** Engines listed in SEAWORTHY_ENGINES, in order (testcontainers: the local engine, no list). */
  readonly engines: readonly string[];
}

const CONFIGS: readonly Config[] = [
  { key: '1', flavour: 'seaworthy', engines: ['local'] },
  { key: '2', flavour: 'seaworthy', engines: ['local', 'dind-a'] },
  { key: '3', flavour: 'seaworthy', engines: ['local', 'dind-a', 'dind-b'] },
  { key: 'tc', flavour: 'testcontainers', engines: ['local'] },
];

const label = (c: Config) =>
  c.flavour === 'testcontainers'
    ? 'testcontainers, local engine (no multi-engine mode)'
    : `seaworthy, ${c.engines.length} engine${c.engines.length > 1 ? 's' : ''} (${c.engines.join(', ')})`;

/** One container alone on `helper`'s engine: from asking to its exit 0, and the work it timed. */
async function alone(helper: DockerHelper): Promise<{ containerMs: number; workMs: number }> {
  const definition = new ContainerDefinition('cpu-alone', { ...CPU_CONTAINER, wait: waitFor.successfulExit() });
  const started = performance.now();
  const container = await definition.setup(helper);
  const containerMs = performance.now() - started;
  try {
    return { containerMs, workMs: workMsOf((await container.logs()).stdout.toString()) };
  } finally {
    await container.teardown();
  }
}

const count = (records: readonly TestRecord[], engine: string) => records.filter((r) => r.engine === engine).length;

/** The scenario with `workers` Vitest workers (`--engine-workers`, default {@link DEFAULT_WORKERS}). */
export function severalEnginesScenario(workers = DEFAULT_WORKERS): (ctx: BenchContext) => Promise<ScenarioResult> {
  if (!Number.isInteger(workers) || workers < 1)
    throw new Error(`--engine-workers must be a whole number ≥ 1, got ${workers}`);
  return (ctx) => severalEngines(ctx, workers);
}

async function severalEngines(ctx: BenchContext, workers: number): Promise<ScenarioResult> {
  const cores = cpus().length;
  const rounds = ctx.rounds;
  ctx.log(
    `several engines: starting two Docker-in-Docker engines, then ${rounds} rounds + ${ctx.warmup} warm-up of ${CONFIGS.length} Vitest runs (${TESTS} tests each, ${workers} workers) and one container alone per engine`,
  );
  const dir = writeSuite(workers);
  const helper = await DockerHelper.create({ progress: 'quiet' });
  let nested: TlsEngine[] = [];
  const aloneHelpers = new Map<string, DockerHelper>();
  const runs = new Map<string, SuiteOutcome[]>();
  const aloneSamples = new Map<string, { containerMs: number; workMs: number }[]>();
  try {
    nested = await startTlsEngines(helper, ['dind-a', 'dind-b'], [IMAGE]);
    ctx.log(`several engines: ${nested.map((e) => `${e.name} at ${e.host}`).join(', ')}`);
    const entries: Record<string, string> = { local: 'local=default' };
    for (const engine of nested) entries[engine.name] = engine.entry;
    aloneHelpers.set('local', await DockerHelper.create({ progress: 'quiet' }));
    for (const engine of nested) {
      aloneHelpers.set(engine.name, await DockerHelper.create({ progress: 'quiet', engine: await engine.connect() }));
    }
    for (let round = 0; round < ctx.warmup + rounds; round++) {
      const counted = round >= ctx.warmup;
      const tag = `round ${round + 1}${counted ? '' : ' (warm-up)'}`;
      for (let i = 0; i < ENGINE_NAMES.length; i++) {
        const name = ENGINE_NAMES[(i + round) % ENGINE_NAMES.length] as string;
        const sample = await alone(aloneHelpers.get(name) as DockerHelper);
        ctx.log(`${tag}: alone on ${name}: ${ms(sample.containerMs)} (work ${ms(sample.workMs)})`);
        if (counted) aloneSamples.set(name, [...(aloneSamples.get(name) ?? []), sample]);
      }
      for (let i = 0; i < CONFIGS.length; i++) {
        const config = CONFIGS[(i + round) % CONFIGS.length] as Config;
        const list = config.engines.map((e) => entries[e]).join(',');
        const outcome = await runSuite(dir, config.flavour, config.flavour === 'seaworthy' ? list : undefined);
        const spread = ENGINE_NAMES.map((e) => `${e} ${count(outcome.records, e)}`).join(', ');
        const processes = new Set(outcome.records.map((r) => r.pid)).size;
        ctx.log(`${tag}: ${label(config)}: ${ms(outcome.wallMs)} (${spread}; ${processes} test processes)`);
        if (counted) runs.set(config.key, [...(runs.get(config.key) ?? []), outcome]);
      }
    }
  } finally {
    for (const h of aloneHelpers.values()) await h.teardown().catch(() => undefined);
    await helper.teardown();
    await Promise.all(nested.map((e) => e.dispose()));
    rmSync(dir, { recursive: true, force: true });
  }
  return report(ctx, cores, workers, runs, aloneSamples);
}

function report(
  ctx: BenchContext,
  cores: number,
  workers: number,
  runs: Map<string, SuiteOutcome[]>,
  aloneSamples: Map<string, { containerMs: number; workMs: number }[]>,
): ScenarioResult {
  const of = (key: string) => runs.get(key) ?? [];
  const wall = (key: string) => stats(of(key).map((r) => r.wallMs));
  const span = (o: SuiteOutcome) =>
    Math.max(...o.records.map((r) => r.end)) - Math.min(...o.records.map((r) => r.start));
  const one = wall('1').median;
  const aloneOf = (engine: string) => stats((aloneSamples.get(engine) ?? []).map((s) => s.containerMs)).median;
  const configuration = `configuration (${TESTS} tests, ${workers} workers, ${WORK_LABEL} each)`;
  const setup = `${TESTS} tests (one file each), each one container of ${IMAGE} doing ${WORK_LABEL}, waited for with its exit 0; Vitest 4, pool forks, maxWorkers ${workers}; ${ctx.rounds} rounds after ${ctx.warmup} warm-up, configurations in rotating order.`;

  const wallTable = markdownTable(
    [
      configuration,
      'suite wall median',
      'min',
      'max',
      'vs 1 engine',
      'containers busy median',
      'tests per engine, each round',
    ],
    CONFIGS.map((c) => {
      const w = wall(c.key);
      const spreads = of(c.key).map((o) => c.engines.map((e) => count(o.records, e)).join('/'));
      return [
        label(c),
        ms(w.median),
        ms(w.min),
        ms(w.max),
        ratio(w.median, one),
        ms(stats(of(c.key).map(span)).median),
        `${c.engines.join('/')}: ${spreads.join(', ')}`,
      ];
    }),
    'lrrrrrl',
  );

  const engineRows: string[][] = [];
  for (const c of CONFIGS) {
    for (const e of c.engines) {
      const recs = of(c.key).flatMap((o) => o.records.filter((r) => r.engine === e));
      const peak = Math.max(0, ...of(c.key).map((o) => peakConcurrency(o.records.filter((r) => r.engine === e))));
      engineRows.push([
        label(c),
        e,
        String(recs.length),
        String(peak),
        ms(stats(recs.map((r) => r.containerMs)).median),
        ms(stats(recs.map((r) => r.workMs)).median),
      ]);
    }
  }
  const engineTable = markdownTable(
    [
      configuration,
      'engine',
      'tests (all rounds)',
      'most at once',
      'container median (ask → exit 0)',
      'work median (in the container)',
    ],
    engineRows,
    'llrrrr',
  );

  const aloneTable = markdownTable(
    ['engine', 'one container alone, ask → exit 0, median', 'min', 'max', 'work median (in the container)'],
    ENGINE_NAMES.map((e) => {
      const s = stats((aloneSamples.get(e) ?? []).map((x) => x.containerMs));
      return [
        e,
        ms(s.median),
        ms(s.min),
        ms(s.max),
        ms(stats((aloneSamples.get(e) ?? []).map((x) => x.workMs)).median),
      ];
    }),
    'lrrrr',
  );

  // Each engine on a machine of its own, like this one: per round, an engine's part is its tests × its
  // container time alone ÷ the tests it ran at once (at most this machine's cores); the suite, the largest part.
  const estimateOf = (o: SuiteOutcome, engines: readonly string[]) =>
    Math.max(
      ...engines.map((e) => {
        const recs = o.records.filter((r) => r.engine === e);
        if (recs.length === 0) return 0;
        return (recs.length * aloneOf(e)) / Math.min(Math.max(1, peakConcurrency(recs)), cores);
      }),
    );
  const seaworthy = CONFIGS.filter((c) => c.flavour === 'seaworthy');
  const estimates = new Map(
    seaworthy.map((c) => [c.key, stats(of(c.key).map((o) => estimateOf(o, c.engines))).median] as const),
  );
  const estimateTable = markdownTable(
    [
      configuration,
      'ESTIMATE: containers busy, each engine on its own machine',
      'vs 1 engine (estimate)',
      'measured here: containers busy',
    ],
    seaworthy.map((c) => [
      label(c),
      ms(estimates.get(c.key) as number),
      ratio(estimates.get(c.key), estimates.get('1')),
      ms(stats(of(c.key).map(span)).median),
    ]),
    'lrrr',
  );

  const lines = [
    setup,
    '',
    markdownTable(
      ['engine', 'what it is'],
      [
        ['local', 'this machine’s engine (`local=default`)'],
        [
          'dind-a, dind-b',
          'Docker-in-Docker containers on the local engine serving TLS (`certs=…;publish=0.0.0.0`), the image loaded into each',
        ],
      ],
      'll',
    ),
    '',
    `**Measured on this machine.** All engines share its ${cores} cores (and whatever else runs on it), so what several engines can gain here is bounded by them${workers >= cores ? `: ${workers} workers already keep ${cores} cores busy with one engine` : ''}. "Containers busy" is from the first test asking for its container to the last container's exit; the wall time adds Vitest's start and each test file's process.`,
    '',
    wallTable,
    '',
    '**Per engine**: how the tests spread and how long their containers took (ask → exit 0: create, start, the work, the exit seen; the work as the container timed it).',
    '',
    engineTable,
    '',
    '**Per-engine figure**: one container alone on each engine, nothing else of the bench running (each round, before its Vitest runs).',
    '',
    aloneTable,
    '',
    `**Estimate, not measured: each engine on a machine of its own** (like this one, ${cores} cores). Per round, each engine's part is its share of the tests × its container time alone ÷ the tests it ran at once (at most ${cores}); the suite's containers take the largest part; the median over rounds is shown. It leaves out Vitest's start and the test processes, and assumes the machines are otherwise idle. The 1-engine row is the same formula on this one machine, to set beside its measured figure.`,
    '',
    estimateTable,
  ];
  return {
    id: 'several-engines',
    title: `Several engines: ${TESTS} CPU-bound tests over 1, 2 and 3 engines on one machine (Vitest 4, ${workers} workers)`,
    report: lines.join('\n'),
    targets: [],
    data: {
      cores,
      tests: TESTS,
      workers,
      work: WORK_LABEL,
      runs: Object.fromEntries(runs),
      alone: Object.fromEntries(aloneSamples),
      estimates: Object.fromEntries(estimates),
    },
  };
}
