// docs/from-testcontainers.md: the example, written with testcontainers-node (11.x).
// The same test with seaworthy is ./seaworthy.test.ts; the page explains each change.
//
// A web app that counts visits in Redis: the app talks to Redis by the name `db`
// on a network of their own, and the test talks to the app over HTTP.
import { RedisContainer, type StartedRedisContainer } from '@testcontainers/redis';
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';

// Two settings for this repository's CI only, not for your project:
// - no registry is reachable here, so testcontainers' Ryuk image (which removes
//   its containers when the test process dies) can't be pulled: Ryuk is off, and
//   afterAll below stops every container and the network itself. A run killed
//   half-way leaves them behind (labelled org.testcontainers=true).
// - the tests run inside a container, where testcontainers would reach published
//   ports through the bridge gateway; our CI talks to containers on 127.0.0.1.
process.env.TESTCONTAINERS_RYUK_DISABLED = 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE = '127.0.0.1';

let network: StartedNetwork;
let db: StartedRedisContainer;
let web: StartedTestContainer;

// One Redis and one app for the whole file, started in order: the app needs Redis.
beforeAll(async () => {
  network = await new Network().start();
  db = await new RedisContainer('seaworthy-fixture/redis:latest') // e.g. 'redis:8'
    .withNetwork(network)
    .withNetworkAliases('db')
    .start();
  web = await new GenericContainer('seaworthy-fixture/example-web:latest') // your app's image
    .withNetwork(network)
    .withEnvironment({ DB_HOST: 'db', WORKERS: '2' })
    .withExposedPorts(8000)
    .withWaitStrategy(Wait.forHttp('/health', 8000))
    .start();
});

afterAll(async () => {
  await web?.stop();
  await db?.stop();
  await network?.stop();
});

// Every test starts from an empty database, without restarting Redis.
beforeEach(async () => {
  await db.executeCliCmd('FLUSHALL');
});

const url = (path: string) => `http://${web.getHost()}:${web.getMappedPort(8000)}${path}`;

test('the app is up and reaches its database', async () => {
  const response = await fetch(url('/health'));
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok', db: 'up' });
});

test('visits are counted in Redis', async () => {
  expect(await (await fetch(url('/visits'))).json()).toEqual({ visits: 1 });
  expect(await (await fetch(url('/visits'))).json()).toEqual({ visits: 2 });
  expect((await db.executeCliCmd('GET', ['visits'])).trim()).toBe('2');
});

test('the next test counts from zero again', async () => {
  expect((await db.executeCliCmd('DBSIZE')).trim()).toBe('0');
  expect(await (await fetch(url('/visits'))).json()).toEqual({ visits: 1 });
});
