/**
 * Scenario: one Vitest test that names three independent container fixtures
 * (Postgres, Redis, RabbitMQ, all test-scoped), run by a real Vitest process.
 * The test itself reports how long it waited for its fixtures: from a user
 * fixture that Vitest sets up before seaworthy's (an auto fixture of the base
 * `test`) to the first line of the test body. The same file has a test per
 * service alone, and the three-fixture test once more with
 * `startTogether: false` (Vitest's own order, one after another), and a
 * reference: the three set up by hand with Promise.all in a test body, which
 * is as fast as three starts at once can be on the machine. One Vitest run
 * per round; the order of the tests rotates each round.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const TESTS = ['together', 'oneByOne', 'byHand', 'pg', 'redis', 'rabbit'] as const;
type TestId = (typeof TESTS)[number];
const LABEL: Record<TestId, string> = {
  together: '({ pg, redis, rabbit }), withContainers default (startTogether: true)',
  oneByOne: '({ pg, redis, rabbit }), startTogether: false (Vitest sets them up one after another)',
  byHand: 'reference: the same three set up with Promise.all in a test body (the machine under three starts at once)',
  pg: '({ pg }) alone',
  redis: '({ redis }) alone',
  rabbit: '({ rabbit }) alone',
};
const BODY: Record<TestId, [string, string]> = {
  together: ['together', '{ t0, pg, redis, rabbit }'],
  oneByOne: ['oneByOne', '{ t0, pg, redis, rabbit }'],
  byHand: ['together', '{ docker }'],
  pg: ['together', '{ t0, pg }'],
  redis: ['together', '{ t0, redis }'],
  rabbit: ['together', '{ t0, rabbit }'],
};

/** The generated test file: the tests in `order`, after a warm-up that creates each helper. */
function testFile(order: readonly TestId[]): string {
  const src = (path: string) => JSON.stringify(join(root, 'src', path));
  const tests = order.map((id) => {
    const [api, params] = BODY[id];
    if (id === 'byHand') {
      return `${api}('byHand', async (${params}) => {
  const t = Date.now();
  const started = await Promise.all([
    new PostgresDefinition({ name: 'pg2' }).setup(docker),
    new RedisDefinition({ name: 'redis2' }).setup(docker),
    new RabbitMqDefinition({ name: 'rabbit2' }).setup(docker),
  ]);
  record('byHand', Date.now() - t);
  await Promise.all(started.map((c) => c.teardown()));
});`;
    }
    return `${api}(${JSON.stringify(id)}, async (${params}) => { record(${JSON.stringify(id)}, Date.now() - t0); });`;
  });
  return `
import { appendFileSync } from 'node:fs';
import { test as base } from 'vitest';
import { container, withContainers } from ${src('vitest/index.ts')};
import { PostgresDefinition } from ${src('postgres.ts')};
import { RedisDefinition } from ${src('redis.ts')};
import { RabbitMqDefinition } from ${src('rabbitmq.ts')};

const record = (test, waitMs) => appendFileSync(process.env.SW_BENCH_OUT, JSON.stringify({ test, waitMs }) + '\\n');
// Set up before seaworthy's fixtures: Vitest sets up a test's fixtures in the order they were declared.
const timed = base.extend({ t0: [async ({}, use) => { await use(Date.now()); }, { auto: true }] });
const specs = () => ({
  pg: container(new PostgresDefinition({ name: 'pg' })),
  redis: container(new RedisDefinition({ name: 'redis' })),
  rabbit: container(new RabbitMqDefinition({ name: 'rabbit' })),
});
const together = withContainers(timed, specs());
const oneByOne = withContainers(timed, specs(), { startTogether: false });

together('warm-up: the worker helper', async ({ docker }) => { docker.namespace; });
oneByOne('warm-up: the worker helper', async ({ docker }) => { docker.namespace; });
${tests.join('\n')}
`;
}

export async function vitestFixturesScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const rounds = Math.max(3, Math.ceil(ctx.rounds / 2));
  ctx.log(
    `vitest fixtures: ${rounds} rounds + ${ctx.warmup} warm-up, one Vitest run each (about 15 containers a round)`,
  );
  const dir = join(root, 'bench', 'results', `.vitest-fixtures-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'waits.jsonl');
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    `export default { test: { root: ${JSON.stringify(dir)}, include: ['*.case.ts'], testTimeout: 300000, hookTimeout: 300000, fileParallelism: false, env: { SEAWORTHY_PULL: 'never' } } };\n`,
  );
  const samples = Object.fromEntries(TESTS.map((t) => [t, [] as number[]])) as Record<TestId, number[]>;
  const ratios: number[] = [];
  const vsHand: number[] = [];
  try {
    for (let round = 0; round < ctx.warmup + rounds; round++) {
      const order = TESTS.map((_, i) => TESTS[(i + round) % TESTS.length] as TestId);
      writeFileSync(join(dir, 'fixtures.case.ts'), testFile(order));
      rmSync(out, { force: true });
      await run(
        process.execPath,
        [join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(dir, 'vitest.config.mjs')],
        { cwd: root, env: { ...process.env, SW_BENCH_OUT: out }, maxBuffer: 20_000_000 },
      ).catch((error: { stdout?: string; stderr?: string }) => {
        throw new Error(`the Vitest run failed:\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      });
      const waits = new Map<TestId, number>();
      for (const line of readFileSync(out, 'utf8').trim().split('\n')) {
        const { test, waitMs } = JSON.parse(line) as { test: TestId; waitMs: number };
        waits.set(test, waitMs);
      }
      const line = TESTS.map((t) => `${t} ${ms(waits.get(t) ?? Number.NaN)}`).join(', ');
      ctx.log(`round ${round + 1}${round < ctx.warmup ? ' (warm-up)' : ''}: ${line}`);
      if (round < ctx.warmup) continue;
      for (const t of TESTS) samples[t].push(waits.get(t) ?? Number.NaN);
      const slowest = Math.max(...(['pg', 'redis', 'rabbit'] as const).map((t) => waits.get(t) ?? Number.NaN));
      ratios.push((waits.get('together') ?? Number.NaN) / slowest);
      vsHand.push((waits.get('together') ?? Number.NaN) / (waits.get('byHand') ?? Number.NaN));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const s = Object.fromEntries(TESTS.map((t) => [t, stats(samples[t])])) as Record<TestId, ReturnType<typeof stats>>;
  const slowestAlone = Math.max(s.pg.median, s.redis.median, s.rabbit.median);
  const r = stats(ratios);
  const h = stats(vsHand);
  return {
    id: 'vitest-fixtures',
    title: 'Three independent fixtures of one Vitest test (Vitest 4, test-scoped, one Vitest run per round)',
    report: [
      markdownTable(
        ['test', 'wait for fixtures median', 'min', 'max', 'vs slowest alone'],
        TESTS.map((t) => [LABEL[t], ms(s[t].median), ms(s[t].min), ms(s[t].max), ratio(s[t].median, slowestAlone)]),
        'lrrrr',
      ),
      '',
      `Per round, the three-fixture test (default) vs the slowest single-fixture test of the same run: median ${r.median.toFixed(2)}×, min ${r.min.toFixed(2)}×, max ${r.max.toFixed(2)}×; ` +
        `vs the three by hand: median ${h.median.toFixed(2)}×, min ${h.min.toFixed(2)}×, max ${h.max.toFixed(2)}×.`,
    ].join('\n'),
    targets: [
      {
        measure:
          'three independent fixtures of one Vitest test vs the same three set up with Promise.all by hand (withContainers default)',
        target: '≤ 1.05×',
        measured: `${h.median.toFixed(2)}× (median of per-round ratios)`,
        met: Number.isFinite(h.median) ? h.median <= 1.05 : undefined,
      },
      {
        measure:
          'three independent fixtures of one Vitest test vs the slowest alone (withContainers default, startTogether: true)',
        target: '≤ 1.05×',
        measured: `${r.median.toFixed(2)}× (median of per-round ratios; ${ms(s.together.median)} vs ${ms(slowestAlone)})`,
        met: Number.isFinite(r.median) ? r.median <= 1.05 : undefined,
      },
    ],
    data: { rounds, samples, ratios, vsHand, summary: s },
  };
}
