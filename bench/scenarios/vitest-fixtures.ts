/**
 * Scenario: one Vitest test that names three independent, test-scoped
 * container fixtures, run by a real Vitest process. The test itself reports
 * how long it waited for its fixtures: from a user fixture that Vitest sets
 * up before seaworthy's (an auto fixture of the base `test`) to the first
 * line of the test body. Beside it, in the same file: a test per fixture
 * alone, and the three-fixture test with `startTogether: false` (Vitest's own
 * order, one after another).
 *
 * Two sets of three: httpd containers that sleep 1, 2 and 3 s before they
 * serve (their start costs time, not CPU, so this shows what the adapter
 * does), and the Postgres, Redis and RabbitMQ twins (CPU-heavy boots that
 * compete for the machine's cores when they start at once). For each, a
 * reference row sets the three up with Promise.all in a test body: what
 * three starts at once cost the engine and the machine. One Vitest run per
 * round; the order of the tests rotates each round.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, ScenarioResult, TargetCheck } from '../lib/context.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');

interface FixtureSet {
  readonly key: string;
  readonly title: string;
  /** Fixture name -> the expression of its definition in the generated file. */
  readonly fixtures: Readonly<Record<string, string>>;
  /** Also time the three set up by hand with Promise.all in a test body. */
  readonly byHand: boolean;
}

const httpd = (name: string, delay: number) =>
  `new ContainerDefinition('${name}', { image: 'seaworthy-fixture/httpd:latest', env: { START_DELAY: '${delay}' }, wait: waitFor.logLine('httpd listening on 8080') })`;

const SETS: readonly FixtureSet[] = [
  {
    key: 'sleepers',
    title: 'httpd containers that serve after 1, 2 and 3 s (their start waits, it does not load the CPU)',
    fixtures: { s1: httpd('s1', 1), s2: httpd('s2', 2), s3: httpd('s3', 3) },
    byHand: true,
  },
  {
    key: 'services',
    title: 'the Postgres, Redis and RabbitMQ twins (CPU-heavy boots on 2 shared CPUs)',
    fixtures: {
      pg: `new PostgresDefinition({ name: 'pg' })`,
      redis: `new RedisDefinition({ name: 'redis' })`,
      rabbit: `new RabbitMqDefinition({ name: 'rabbit' })`,
    },
    byHand: true,
  },
];

/** The tests of one set: id -> [test API, destructured names]. */
function testsOf(set: FixtureSet): [string, string, string][] {
  const names = Object.keys(set.fixtures);
  const all = `{ t0, ${names.join(', ')} }`;
  return [
    [`${set.key}:together`, `together_${set.key}`, all],
    [`${set.key}:oneByOne`, `oneByOne_${set.key}`, all],
    ...(set.byHand ? [[`${set.key}:byHand`, `together_${set.key}`, '{ docker }'] as [string, string, string]] : []),
    ...names.map((n): [string, string, string] => [`${set.key}:${n}`, `together_${set.key}`, `{ t0, ${n} }`]),
  ];
}

/** The generated test file, its tests in `order`, after a warm-up that creates each helper. */
function testFile(round: number): string {
  const src = (path: string) => JSON.stringify(join(root, 'src', path));
  const declarations: string[] = [];
  const tests: string[] = [];
  for (const set of SETS) {
    const specs = Object.entries(set.fixtures)
      .map(([n, d]) => `${n}: container(${d})`)
      .join(', ');
    declarations.push(
      `const together_${set.key} = withContainers(timed, { ${specs} });`,
      `const oneByOne_${set.key} = withContainers(timed, { ${specs} }, { startTogether: false });`,
      `together_${set.key}('warm-up ${set.key}', async ({ docker }) => { docker.namespace; });`,
      `oneByOne_${set.key}('warm-up ${set.key} one by one', async ({ docker }) => { docker.namespace; });`,
    );
    for (const [id, api, params] of testsOf(set)) {
      if (id.endsWith(':byHand')) {
        const defs = Object.values(set.fixtures).map((d) =>
          d.replace(/(name: |ContainerDefinition\()'(\w+)'/, (_, p: string, n: string) => `${p}'${n}2'`),
        );
        tests.push(`${api}(${JSON.stringify(id)}, async (${params}) => {
  const t = Date.now();
  const started = await Promise.all([${defs.map((d) => `${d}.setup(docker)`).join(', ')}]);
  record(${JSON.stringify(id)}, Date.now() - t);
  await Promise.all(started.map((c) => c.teardown()));
});`);
      } else {
        tests.push(
          `${api}(${JSON.stringify(id)}, async (${params}) => { record(${JSON.stringify(id)}, Date.now() - t0); });`,
        );
      }
    }
  }
  const order = tests.map((_, i) => tests[(i + round) % tests.length]);
  return `
import { appendFileSync } from 'node:fs';
import { test as base } from 'vitest';
import { ContainerDefinition, waitFor } from ${src('index.ts')};
import { container, withContainers } from ${src('vitest/index.ts')};
import { PostgresDefinition } from ${src('postgres.ts')};
import { RedisDefinition } from ${src('redis.ts')};
import { RabbitMqDefinition } from ${src('rabbitmq.ts')};

const record = (test, waitMs) => appendFileSync(process.env.SW_BENCH_OUT, JSON.stringify({ test, waitMs }) + '\\n');
// Set up before seaworthy's fixtures: Vitest sets up a test's fixtures in the order they were declared.
const timed = base.extend({ t0: [async ({}, use) => { await use(Date.now()); }, { auto: true }] });
${declarations.join('\n')}
${order.join('\n')}
`;
}

export async function vitestFixturesScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const rounds = Math.max(3, Math.ceil(ctx.rounds / 2));
  ctx.log(
    `vitest fixtures: ${rounds} rounds + ${ctx.warmup} warm-up, one Vitest run each (about 25 containers a round)`,
  );
  const dir = join(root, 'bench', 'results', `.vitest-fixtures-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'waits.jsonl');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `export default { test: { root: ${JSON.stringify(dir)}, include: ['*.case.ts'], testTimeout: 300000, hookTimeout: 300000, fileParallelism: false, env: { SEAWORTHY_PULL: 'never' } } };\n`,
  );
  const samples = new Map<string, number[]>();
  /** Per round and set: together / slowest alone, and together / by hand. */
  const ratios = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) =>
    map.set(key, [...(map.get(key) ?? []), value]);
  try {
    for (let round = 0; round < ctx.warmup + rounds; round++) {
      writeFileSync(join(dir, 'fixtures.case.ts'), testFile(round));
      rmSync(out, { force: true });
      await run(
        process.execPath,
        [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.mjs')],
        { cwd: root, env: { ...process.env, SW_BENCH_OUT: out }, maxBuffer: 20_000_000 },
      ).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`the Vitest run failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      const waits = new Map<string, number>();
      for (const line of readFileSync(out, 'utf8').trim().split('\n')) {
        const { test, waitMs } = JSON.parse(line) as { test: string; waitMs: number };
        waits.set(test, waitMs);
      }
      const wait = (id: string) => waits.get(id) ?? Number.NaN;
      ctx.log(
        `round ${round + 1}${round < ctx.warmup ? ' (warm-up)' : ''}: ${[...waits].map(([t, w]) => `${t} ${ms(w)}`).join(', ')}`,
      );
      if (round < ctx.warmup) continue;
      for (const [id, w] of waits) push(samples, id, w);
      for (const set of SETS) {
        const slowest = Math.max(...Object.keys(set.fixtures).map((n) => wait(`${set.key}:${n}`)));
        push(ratios, `${set.key}:alone`, wait(`${set.key}:together`) / slowest);
        if (set.byHand) push(ratios, `${set.key}:byHand`, wait(`${set.key}:together`) / wait(`${set.key}:byHand`));
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const s = (id: string) => stats(samples.get(id) ?? []);
  const r = (key: string) => stats(ratios.get(key) ?? []);
  const label = (id: string) => {
    const [, variant = ''] = id.split(':');
    if (variant === 'together') return 'all three, withContainers default (startTogether: true)';
    if (variant === 'oneByOne') return 'all three, startTogether: false (Vitest sets them up one after another)';
    if (variant === 'byHand') return 'reference: the same three with Promise.all in a test body';
    return `${variant} alone`;
  };
  const sections: string[] = [];
  const targets: TargetCheck[] = [];
  for (const set of SETS) {
    const ids = testsOf(set).map(([id]) => id);
    const slowestAlone = Math.max(...Object.keys(set.fixtures).map((n) => s(`${set.key}:${n}`).median));
    const alone = r(`${set.key}:alone`);
    sections.push(
      `**${set.title}**`,
      '',
      markdownTable(
        ['test', 'wait for fixtures median', 'min', 'max', 'vs slowest alone'],
        ids.map((id) => [label(id), ms(s(id).median), ms(s(id).min), ms(s(id).max), ratio(s(id).median, slowestAlone)]),
        'lrrrr',
      ),
      '',
      `Per round, all three (default) vs the slowest alone in the same run: median ${alone.median.toFixed(2)}×, min ${alone.min.toFixed(2)}×, max ${alone.max.toFixed(2)}×.` +
        (set.byHand
          ? ` Vs the three by hand: median ${r(`${set.key}:byHand`).median.toFixed(2)}×, min ${r(`${set.key}:byHand`).min.toFixed(2)}×, max ${r(`${set.key}:byHand`).max.toFixed(2)}×.`
          : ''),
      '',
    );
    targets.push({
      measure: `three independent fixtures of one Vitest test vs the slowest alone, ${set.key === 'sleepers' ? 'httpd 1/2/3 s' : 'Postgres/Redis/RabbitMQ'} (withContainers default)`,
      target: '≤ 1.05×',
      measured: `${alone.median.toFixed(2)}× (median of per-round ratios; ${ms(s(`${set.key}:together`).median)} vs ${ms(slowestAlone)})`,
      met: Number.isFinite(alone.median) ? alone.median <= 1.05 : undefined,
    });
    if (set.byHand) {
      const hand = r(`${set.key}:byHand`);
      targets.push({
        measure: `the same three, fixtures vs Promise.all by hand in the test body, ${set.key === 'sleepers' ? 'httpd' : 'services'} (withContainers default)`,
        target: '≤ 1.05×',
        measured: `${hand.median.toFixed(2)}× (median of per-round ratios)`,
        met: Number.isFinite(hand.median) ? hand.median <= 1.05 : undefined,
      });
    }
  }
  return {
    id: 'vitest-fixtures',
    title: 'Three independent fixtures of one Vitest test (Vitest 4, test-scoped, one Vitest run per round)',
    report: sections.join('\n').trimEnd(),
    targets,
    data: {
      rounds,
      samples: Object.fromEntries(samples),
      ratios: Object.fromEntries(ratios),
    },
  };
}
