// The compose file the team already has, started as a Vitest fixture: one
// stack for this file's tests, every service a live Container handle. See
// README.md next to this file and docs/compose.md.

import { fileURLToPath } from 'node:url';
import { httpClient, waitFor } from 'seaworthy';
import { composeStack, withContainers } from 'seaworthy/vitest';
import { test as base, expect } from 'vitest';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const test = withContainers(base, {
  // The base file and the CI override, merged as `docker compose -f … -f …` would.
  shop: composeStack([here('docker-compose.yml'), here('docker-compose.ci.yml')], {
    // Only the app and what it needs (db, then the seed job): the `tests` service is for `seaworthy run`.
    services: ['web'],
    env: { SEED_VISITS: '100' },
    // Waits are keyed by service name; `web` also has a healthcheck in the file.
    waits: { web: waitFor.http({ port: 8000, path: '/health' }) },
  }),
});

test('the app counts visits on top of what the seed job wrote', async ({ shop }) => {
  const web = shop.service('web');
  const visits = await httpClient(web, 8000).get('/visits');
  expect(visits).toHaveStatus(200);
  expect((visits.json() as { visits: number }).visits).toBeGreaterThan(100);
});

test('each service is a Container: logs, exec and matchers work', async ({ shop }) => {
  await expect(shop.service('db')).toHaveLoggedLine(/Ready to accept connections/);
  // The seed job ran to completion (service_completed_successfully) before web started.
  expect(await shop.service('seed').exitCode()).toBe(0);
  // The CI override's alias resolves on the stack's network, as the tests service would use it.
  const fromDb = await shop.service('db').exec(['redis-cli', '-h', 'db', 'get', 'visits']);
  expect(fromDb.exitCode).toBe(0);
  expect(Number(fromDb.stdout.trim())).toBeGreaterThan(100);
  expect(shop.services).toEqual(expect.arrayContaining(['db', 'seed', 'web']));
  expect(shop.services).not.toContain('tests');
});
