/**
 * Warm pool: a suite whose tests each want a brand-new Redis. Without the
 * pool each test waits for a cold start; with `WarmPool` (size 2) it takes a
 * spare that started in the background while earlier tests ran. Each test
 * then does a little work (a round trip and a pause standing in for the
 * test body), and its container goes with a background teardown, as the
 * test-scoped fixture does. What is timed is the test's wait for its container.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DockerHelper, WarmPool } from '../../src/index.js';
import { RedisDefinition } from '../../src/redis.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { timed } from '../lib/rounds.js';
import { ms, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TEST_BODY_MS = 400;

export async function warmPoolScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const tests = Math.max(10, ctx.rounds * 2);
  ctx.log(`warm pool: ${tests} tests cold, ${tests} with the pool, interleaved in blocks`);
  const cold: number[] = [];
  const pooled: number[] = [];
  const helper = await DockerHelper.create();
  const pool = new WarmPool(new RedisDefinition({ name: 'pooled-redis' }), { size: 2 });
  try {
    // The pool's first take() pays a start and begins filling; it is the suite's first test, not counted.
    const first = await pool.take(helper);
    await first.teardown({ background: true });
    for (let n = 0; n < tests + ctx.warmup; n++) {
      for (const mode of n % 2 === 0 ? (['cold', 'pooled'] as const) : (['pooled', 'cold'] as const)) {
        const [wait, redis] = await timed(() =>
          mode === 'cold' ? new RedisDefinition({ name: `cold-redis-${n}` }).setup(helper) : pool.take(helper),
        );
        if (n >= ctx.warmup) (mode === 'cold' ? cold : pooled).push(wait);
        await redis.cli('SET', 'k', String(n));
        await sleep(TEST_BODY_MS);
        await redis.teardown({ background: true });
      }
    }
  } finally {
    await pool.close(helper).catch(() => undefined);
    await helper.teardown();
  }
  const c = stats(cold);
  const p = stats(pooled);
  const share = p.median / c.median;
  return {
    id: 'warm-pool',
    title: '5. Fresh container per test: cold start vs the warm pool',
    report: `${markdownTable(
      ['each test gets a brand-new Redis', 'wait median', 'min', 'max'],
      [
        ['cold: definition.setup()', ms(c.median), ms(c.min), ms(c.max)],
        ['warm pool (size 2): pool.take()', ms(p.median), ms(p.min), ms(p.max)],
      ],
      'lrrr',
    )}\n\n${tests} tests each; every test holds its container for a ${TEST_BODY_MS} ms body, then tears it down in the background.`,
    targets: [
      {
        measure: 'fresh-per-test container with the warm pool: the wait vs a cold start',
        target: '≤ 0.1×',
        measured: `${share.toFixed(3)}× (${ms(p.median)} vs ${ms(c.median)})`,
        met: share <= 0.1,
      },
    ],
    data: { tests, testBodyMs: TEST_BODY_MS, cold, pooled },
  };
}
