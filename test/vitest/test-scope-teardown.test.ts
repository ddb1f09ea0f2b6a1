/**
 * Test-scoped containers are removed when their test ends (in the
 * background): the next test's container is the definition's too, named
 * `<name>-<n>` while the first is still being removed, and the run's leak check
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

test('the next test gets another one, while the first is removed in the background', async ({ db, docker }) => {
  seen.push({ id: db.id, name: db.name });
  expect(seen[1]?.id).not.toBe(seen[0]?.id);
  expect(seen[0]?.name).toBe(`${docker.namespace}_per-test-db`);
  // The first keeps its name until it is gone (nothing is renamed); meanwhile this one gets a suffix.
  expect(db.name).toMatch(new RegExp(`^${docker.namespace}_per-test-db(-\\d+)?$`));
  const first = await docker.engine.inspectContainer(seen[0]?.id as string).catch(() => undefined);
  if (first) expect(first.Name.replace(/^\//, '')).toBe(seen[0]?.name);
  // The removal finishes: the adapter awaits it at the end of the file at the latest.
  await docker.removalsSettled();
  await expect(docker.engine.inspectContainer(seen[0]?.id as string)).rejects.toMatchObject({ statusCode: 404 });
});
