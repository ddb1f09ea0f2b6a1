/**
 * Scenario 2: a suite of N tests (40 by default) that each need an empty
 * Postgres database. Each test connects with `pg`, creates a table (which
 * fails if an earlier test's table is still there, so a dirty database can't
 * pass unnoticed), writes a row, reads it back and disconnects.
 *
 * - testcontainers, a fresh PostgreSqlContainer per test (started and stopped in the test);
 * - testcontainers, one container, snapshot() once, restoreSnapshot() before each test;
 * - seaworthy, a clean fixture: one PostgresDefinition container, clean() before each test.
 *
 * The three suites are interleaved test by test, so machine load hits all alike.
 */
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import pg from 'pg';
import { DockerHelper } from '../../src/index.js';
import { type PostgresContainer, PostgresDefinition } from '../../src/postgres.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { IMAGES } from '../lib/images.js';
import { timed } from '../lib/rounds.js';
import { ms, ratio, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

const TOOLS = ['tcFresh', 'tcSnapshot', 'swClean'] as const;
type Tool = (typeof TOOLS)[number];
const LABEL: Record<Tool, string> = {
  tcFresh: 'testcontainers, fresh container per test',
  tcSnapshot: 'testcontainers, snapshot() + restoreSnapshot()',
  swClean: 'seaworthy, clean fixture',
};

async function testBody(url: string, n: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('CREATE TABLE items (id int PRIMARY KEY, label text)');
    await client.query('INSERT INTO items VALUES ($1, $2)', [n, `test ${n}`]);
    const { rows } = await client.query('SELECT count(*)::int AS count FROM items');
    if (rows[0]?.count !== 1) throw new Error(`test ${n} found ${rows[0]?.count} rows: the database was not empty`);
  } finally {
    await client.end();
  }
}

export function suiteScenario(tests: number) {
  return async function suite(ctx: BenchContext): Promise<ScenarioResult> {
    ctx.log(`scenario 2: ${tests}-test suite, three tools interleaved test by test`);
    const perTest: Record<Tool, number[]> = { tcFresh: [], tcSnapshot: [], swClean: [] };
    const setupMs: Record<Tool, number> = { tcFresh: 0, tcSnapshot: 0, swClean: 0 };
    const teardownMs: Record<Tool, number> = { tcFresh: 0, tcSnapshot: 0, swClean: 0 };
    const helper = await DockerHelper.create();
    let tcShared: StartedPostgreSqlContainer | undefined;
    let swShared: PostgresContainer | undefined;
    try {
      // Suite-level setup: what a beforeAll (or a file-scoped fixture) pays once.
      [setupMs.tcSnapshot, tcShared] = await timed(async () => {
        const c = await new PostgreSqlContainer(IMAGES.postgres).start();
        await c.snapshot();
        return c;
      });
      [setupMs.swClean, swShared] = await timed(() => new PostgresDefinition({ name: 'suite-pg' }).setup(helper));
      for (let n = 0; n < tests; n++) {
        const order = TOOLS.map((_, i) => TOOLS[(i + n) % TOOLS.length] as Tool);
        for (const tool of order) {
          const [elapsed] = await timed(async () => {
            if (tool === 'tcFresh') {
              const c = await new PostgreSqlContainer(IMAGES.postgres).start();
              try {
                await testBody(c.getConnectionUri(), n);
              } finally {
                await c.stop();
              }
            } else if (tool === 'tcSnapshot') {
              const c = tcShared as StartedPostgreSqlContainer;
              await c.restoreSnapshot();
              await testBody(c.getConnectionUri(), n);
            } else {
              const c = swShared as PostgresContainer;
              await c.clean();
              await testBody(c.url(), n);
            }
          });
          perTest[tool].push(elapsed);
        }
        if ((n + 1) % 10 === 0) ctx.log(`scenario 2: ${n + 1}/${tests} tests`);
      }
      [teardownMs.tcSnapshot] = await timed(async () => void (await tcShared?.stop()));
      tcShared = undefined;
      [teardownMs.swClean] = await timed(async () => swShared?.teardown());
    } finally {
      await tcShared?.stop().catch(() => undefined);
      await helper.teardown();
    }

    const total = (tool: Tool) => setupMs[tool] + perTest[tool].reduce((a, b) => a + b, 0) + teardownMs[tool];
    const rows = TOOLS.map((tool) => {
      const s = stats(perTest[tool]);
      return [
        LABEL[tool],
        ms(total(tool)),
        ms(setupMs[tool]),
        ms(s.median),
        ms(s.min),
        ms(s.max),
        ratio(total(tool), total('swClean')),
      ];
    });
    const table = markdownTable(
      ['suite', 'suite total', 'suite setup', 'per test median', 'min', 'max', 'total vs seaworthy'],
      rows,
      'lrrrrrr',
    );
    const speedupFresh = total('tcFresh') / total('swClean');
    const speedupSnapshot = total('tcSnapshot') / total('swClean');
    return {
      id: 'suite',
      title: `2. A suite of ${tests} tests that each need an empty Postgres database`,
      report: `${table}\n\nSuite total = suite setup + every test (its own reset and body) + suite teardown. Each test creates a table, so a database that was not emptied fails the run.`,
      targets: [
        {
          measure: `${tests}-test suite, seaworthy clean fixture vs tc fresh-per-test`,
          target: '≥ 10× faster',
          measured: `${speedupFresh.toFixed(1)}× faster (${ms(total('swClean'))} vs ${ms(total('tcFresh'))})`,
          met: speedupFresh >= 10,
        },
        {
          measure: `${tests}-test suite, seaworthy clean fixture vs tc snapshot/restore`,
          target: 'faster',
          measured: `${speedupSnapshot.toFixed(2)}× faster (${ms(total('swClean'))} vs ${ms(total('tcSnapshot'))})`,
          met: speedupSnapshot > 1,
        },
      ],
      data: { tests, perTest, setupMs, teardownMs, totals: Object.fromEntries(TOOLS.map((t) => [t, total(t)])) },
    };
  };
}
