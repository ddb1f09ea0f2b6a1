/**
 * One "test run" for the reuse scenario (bench/scenarios/reuse.ts), in a
 * process of its own, as a `vitest run` is: connect a helper (timed apart),
 * then get a clean, ready Postgres, and print one JSON line with the times.
 *
 *   reuse: `setupReused()` (adopts the container an earlier run left, else
 *          creates it), then `clean()` on an adopted one, as a reused
 *          fixture does before its first test;
 *   fresh: `definition.setup()`: a new container, fresh by construction.
 *
 * argv: <mode> <definition name> <reuse dir>
 */
import { DockerHelper } from '../../src/index.js';
import { PostgresDefinition } from '../../src/postgres.js';
import { setupReused } from '../../src/resources/reuse/reused-container.js';

const [mode, name, dir] = process.argv.slice(2);
if ((mode !== 'reuse' && mode !== 'fresh') || !name || !dir)
  throw new Error('usage: reuse-run.ts reuse|fresh <name> <dir>');

const t0 = performance.now();
const helper = await DockerHelper.create();
const helperMs = performance.now() - t0;
const definition = new PostgresDefinition({ name });
const t1 = performance.now();
let outcome = 'fresh';
let cleanMs = 0;
let db: Awaited<ReturnType<PostgresDefinition['setup']>>;
if (mode === 'reuse') {
  const found = await setupReused(helper, definition, {
    env: { ...process.env, SEAWORTHY_REUSE_DIR: dir },
    clean: false,
  });
  db = found.container;
  outcome = found.outcome;
  const c = performance.now();
  if (outcome === 'adopted') await db.clean();
  cleanMs = performance.now() - c;
} else {
  db = await definition.setup(helper);
}
const readyMs = performance.now() - t1;
// Proof of a usable database, untimed.
await db.query('SELECT 1');
await db.teardown();
await helper.teardown();
process.stdout.write(`${JSON.stringify({ mode, outcome, helperMs, readyMs, cleanMs })}\n`);
