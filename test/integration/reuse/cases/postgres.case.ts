// Run by test/integration/reuse/cross-run.test.ts in child Vitest runs. A
// reused, file-scoped clean Postgres fixture: each run appends what it saw to
// SW_REUSE_REPORT (the container's id, whether the table an earlier run made
// is still there, how long the fixture took to hand out its value), then
// leaves a table behind for the next run's clean() to remove.
import { appendFileSync } from 'node:fs';
import { test as base, expect } from 'vitest';
import { PostgresDefinition } from '../../../../src/postgres.js';
import { cleanContainer, withContainers } from '../../../../src/vitest/index.js';

const report = process.env.SW_REUSE_REPORT;
const name = process.env.SW_REUSE_NAME;
if (!report || !name) throw new Error('SW_REUSE_REPORT and SW_REUSE_NAME must be set');

const definition = new PostgresDefinition({ name });
let startedAt = 0;
const test = withContainers(base, {
  db: cleanContainer(
    () => {
      startedAt = performance.now();
      return definition;
    },
    { scope: 'file', reuse: { idleMs: Number(process.env.SW_REUSE_IDLE_MS ?? 60_000) } },
  ),
});

test('sees a clean database, then leaves a table behind', async ({ db }) => {
  const fixtureMs = performance.now() - startedAt;
  const leftOver = await db.query("SELECT count(*) FROM pg_tables WHERE tablename = 'left_over'");
  appendFileSync(report, `${JSON.stringify({ id: db.id, name: db.name, leftOver, fixtureMs, pid: process.pid })}\n`);
  expect(leftOver).toEqual([['0']]);
  await db.query('CREATE TABLE left_over (x int)');
});
