/**
 * Test-scoped containers are removed when their test ends: the next test's
 * container takes the same name, and the run's leak check
 * (test/support/global-setup.ts) finds nothing. Postgres, whose handle has
 * teardown hooks (its admin session).
 */
import { test as base, expect } from 'vitest';
import { PostgresDefinition } from '../../src/postgres.js';
import { container, withContainers } from '../../src/vitest/index.js';

const test = withContainers(base, {
  db: container(new PostgresDefinition({ name: 'per-test-db', image: 'seaworthy-fixture/postgres:latest' })),
});

const seen: { id: string; name: string }[] = [];

test('the first test gets a database', async ({ db }) => {
  seen.push({ id: db.id, name: db.name });
  expect(await db.query('SELECT 1')).toEqual([['1']]);
});

test('the next test gets another one under the same name, while the first is removed', async ({ db, docker }) => {
  seen.push({ id: db.id, name: db.name });
  expect(seen[1]?.id).not.toBe(seen[0]?.id);
  expect(seen[1]?.name).toBe(seen[0]?.name);
  expect(db.name).toBe(`${docker.namespace}_per-test-db`);
  // The first one is no longer under its name: gone, or (with background removal) renamed first.
  const first = await docker.engine.inspectContainer(seen[0]?.id as string).catch(() => undefined);
  if (first) expect(first.Name).toMatch(/-removing-\d+$/);
});
