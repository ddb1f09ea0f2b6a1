// The web app survives a 2-second network partition of its database, and its
// database stopping and starting again:
// `npm run example`. See README.md next to this file and docs/faults.md.

import { Faults, httpClient } from 'seaworthy';
import { container, withContainers } from 'seaworthy/vitest';
import { test as base, expect } from 'vitest';
import { db, web } from './definitions.js';

const test = withContainers(base, {
  db: container(db, { scope: 'test' }),
  web: container(web, { scope: 'test', needs: ['db'] }),
});

test('the app answers 503 while its database is partitioned, and recovers by itself after 2 seconds', async ({
  docker,
  db,
  web,
}) => {
  const http = httpClient(web, 8000, { timeoutMs: 30_000 });
  expect(await http.get('/visits')).toHaveJsonBody({ visits: 1 });

  const faults = new Faults(docker);
  const partition = await faults.partition(db);
  const cutAt = Date.now();
  // The app's Redis calls time out (after 2 s each): it says the database is down instead of failing.
  expect(await http.get('/health')).toHaveJsonBody({ status: 'error', db: 'down' });
  const during = await http.get('/visits');
  expect(during).toHaveStatus(503);
  expect(during).toHaveJsonBody({ error: 'database unavailable' });
  // The app itself still answers what needs no database.
  expect((await http.get('/')).text).toBe('hello from web\n');
  // Two seconds of partition at least, then it heals.
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, 2_000 - (Date.now() - cutAt))));
  await partition.remove();

  // No restart needed: the next requests reach the database again, and the count carried on.
  expect(await http.get('/health')).toHaveJsonBody({ status: 'ok', db: 'up' });
  expect(await http.get('/visits')).toHaveJsonBody({ visits: 2 });
  // The same workers served throughout: nothing crashed.
  await expect(web).toHaveProcessTree({
    pid: 1,
    args: 'python3 /app/server.py',
    children: [{ args: /--worker 1\b/ }, { args: /--worker 2\b/ }],
  });
  await expect(web).not.toHaveLoggedLine(/Traceback/);
  await expect(web).toHaveLoggedLine('web: GET /visits 503');
});

test('the app answers 503 while its database is stopped, and recovers by itself once it is back', async ({
  db,
  web,
}) => {
  const http = httpClient(web, 8000, { timeoutMs: 30_000 });
  expect(await http.get('/visits')).toHaveStatus(200);

  // SIGTERM, and the container stays (stopped) so it can be started again.
  await db.stop();
  expect(db.status).toBe('stopped');
  const during = await http.get('/visits');
  expect(during).toHaveStatus(503);
  expect(during).toHaveJsonBody({ error: 'database unavailable' });
  expect(await http.get('/health')).toHaveJsonBody({ status: 'error', db: 'down' });

  // start() waits for the definition's wait again ("Ready to accept connections").
  await db.start();
  expect(db.status).toBe('running');
  // The app reconnects on its own (a fresh connection per request, by name), with no restart of its own.
  expect(await http.get('/health')).toHaveJsonBody({ status: 'ok', db: 'up' });
  expect(await http.get('/visits')).toHaveStatus(200);
  await expect(web).toHaveProcessTree({
    pid: 1,
    args: 'python3 /app/server.py',
    children: [{ args: /--worker 1\b/ }, { args: /--worker 2\b/ }],
  });
  await expect(web).not.toHaveLoggedLine(/Traceback/);
});
