// docs/from-testcontainers.md: the example, written with seaworthy.
// The same test with testcontainers-node is ./testcontainers.test.ts; the page explains each change.
//
// A web app that counts visits in Redis: the app talks to Redis by the name `db`
// on its helper's network, and the test talks to the app over HTTP.
import { ContainerDefinition, httpClient, waitFor } from 'seaworthy';
import { RedisDefinition } from 'seaworthy/redis';
import { cleanContainer, container, withContainers } from 'seaworthy/vitest';
import { test as base, expect } from 'vitest';

// What to run, declared once; nothing starts here.
const db = new RedisDefinition({ name: 'db', image: 'seaworthy-fixture/redis:latest' }); // e.g. 'redis:8'
const web = new ContainerDefinition('web', {
  image: 'seaworthy-fixture/example-web:latest', // your app's image
  env: { DB_HOST: 'db', WORKERS: '2' },
  ports: [8000],
  wait: waitFor.http({ port: 8000, path: '/health' }),
});

const test = withContainers(base, {
  // One Redis for the file, emptied (FLUSHALL) before every test that asks for it.
  db: cleanContainer(db, { scope: 'file' }),
  // One app for the file, started once `db` is ready.
  web: container(web, { scope: 'file', needs: ['db'] }),
});

test('the app is up and reaches its database', async ({ web }) => {
  const response = await httpClient(web, 8000).get('/health');
  expect(response).toHaveStatus(200);
  expect(response).toHaveJsonBody({ status: 'ok', db: 'up' });
});

test('visits are counted in Redis', async ({ web, db }) => {
  const http = httpClient(web, 8000);
  expect(await http.get('/visits')).toHaveJsonBody({ visits: 1 });
  expect(await http.get('/visits')).toHaveJsonBody({ visits: 2 });
  expect(await db.cli('GET', 'visits')).toBe('2');
});

test('the next test counts from zero again', async ({ web, db }) => {
  expect(await db.cli('DBSIZE')).toBe('0');
  expect(await httpClient(web, 8000).get('/visits')).toHaveJsonBody({ visits: 1 });
});
