import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type DockerHelper, proxyTo } from '../../../src/index.js';
import { PostgresDefinition } from '../../../src/postgres.js';
import { createHelper, resourcesOf } from '../../support/helper.js';

/** The TCP proxy in front of a real Postgres, with a real driver (pg) holding a connection open. */
let helper: DockerHelper;
let db: Awaited<ReturnType<PostgresDefinition['setup']>>;
beforeAll(async () => {
  helper = await createHelper();
  db = await new PostgresDefinition().setup(helper);
}, 120_000);
afterAll(async () => {
  await helper?.teardown();
  if (helper) expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

function clientVia(proxy: { host: string; port: number }): pg.Client {
  const client = new pg.Client({
    host: proxy.host,
    port: proxy.port,
    user: 'test',
    password: 'test',
    database: 'test',
  });
  // A cut connection is reported here too; the test reads it from the query.
  client.on('error', () => undefined);
  return client;
}

it('adds latency to queries, and a cut connection fails its query while a new one works', async () => {
  await using proxy = await proxyTo(db, 5432);
  const client = clientVia(proxy);
  await client.connect();
  expect((await client.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);

  proxy.setLatency(250);
  const started = performance.now();
  await client.query('SELECT 2');
  // The query waits 250 ms on the way in and the result 250 ms on the way out.
  expect(performance.now() - started).toBeGreaterThanOrEqual(490);
  proxy.setLatency(0);

  // A query in flight when the connection is cut fails with the driver's error.
  const sleeping = client.query('SELECT pg_sleep(30)');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(proxy.cutConnections()).toBe(1);
  await expect(sleeping).rejects.toThrow(/Connection terminated|ECONNRESET/);
  await client.end().catch(() => undefined);

  // Reconnecting through the same proxy works.
  const again = clientVia(proxy);
  await again.connect();
  expect((await again.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
  await again.end();
});
