/**
 * Postgres from an init snapshot: `new PostgresDefinition({ initSnapshot: true })`
 * starts from a committed image of the initialised server (made on first use,
 * keyed by the definition and image), next to a fresh seaworthy start and
 * testcontainers' Postgres module, interleaved. The first snapshot start
 * (which commits) is a warm-up, not counted.
 */
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { DockerHelper } from '../../src/index.js';
import { PostgresDefinition } from '../../src/postgres.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { IMAGES } from '../lib/images.js';
import { interleave, timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['swSnapshot', 'swFresh', 'tcModule'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  swSnapshot: 'seaworthy, initSnapshot: true',
  swFresh: 'seaworthy, fresh (init runs)',
  tcModule: "testcontainers' Postgres module",
};

export async function snapshotScenario(ctx: BenchContext): Promise<ScenarioResult> {
  ctx.log(`postgres from snapshot: ${ctx.rounds} rounds + 1 warm-up`);
  const helper = await DockerHelper.create();
  try {
    let serial = 0;
    const samples = await interleave(TOOLS, ctx.rounds, Math.max(1, ctx.warmup), async (tool) => {
      serial++;
      if (tool === 'tcModule') {
        const [elapsed, c] = await timed(() => new PostgreSqlContainer(IMAGES.postgres).start());
        await c.stop();
        return elapsed;
      }
      const definition = new PostgresDefinition({
        name: tool === 'swSnapshot' ? 'bench-pg-snapshot' : `bench-pg-fresh-${serial}`,
        ...(tool === 'swSnapshot' ? { initSnapshot: true } : {}),
      });
      const [elapsed, c] = await timed(() => definition.setup(helper));
      await c.teardown();
      return elapsed;
    });
    const s = Object.fromEntries(TOOLS.map((t) => [t, stats(samples[t])])) as Record<Tool, ReturnType<typeof stats>>;
    const share = s.swSnapshot.median / s.tcModule.median;
    return {
      id: 'snapshot',
      title: '6. Postgres from an init snapshot',
      report: markdownTable(
        ['start', 'ready median', 'min', 'max', 'vs tc module', 'vs seaworthy fresh'],
        TOOLS.map((t) => [
          LABEL[t],
          ms(s[t].median),
          ms(s[t].min),
          ms(s[t].max),
          ratio(s[t].median, s.tcModule.median),
          ratio(s[t].median, s.swFresh.median),
        ]),
        'lrrrrr',
      ),
      targets: [
        {
          measure: "Postgres from snapshot vs testcontainers' Postgres module",
          target: '≤ 0.25×',
          measured: `${share.toFixed(2)}× (${ms(s.swSnapshot.median)} vs ${ms(s.tcModule.median)})`,
          met: share <= 0.25,
        },
      ],
      data: { samples, summary: s },
    };
  } finally {
    await helper.teardown();
  }
}
