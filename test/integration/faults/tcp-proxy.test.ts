import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendRedisCommands } from '../../../src/containers/redis/resp.js';
import {
  type Container,
  ContainerDefinition,
  type DockerHelper,
  InvalidOptionError,
  proxyTo,
  TcpProxy,
  waitFor,
} from '../../../src/index.js';
import { createHelper, fixtureImage, resourcesOf } from '../../support/helper.js';

/** The in-process TCP proxy, with a real Redis behind it and a real RESP client in front. */
let helper: DockerHelper;
let redis: Container;
beforeAll(async () => {
  helper = await createHelper();
  redis = await new ContainerDefinition('redis', {
    image: fixtureImage('redis'),
    ports: [6379],
    wait: waitFor.logLine(/Ready to accept connections/),
  }).setup(helper);
});
afterAll(async () => {
  await helper?.teardown();
  if (helper) expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

/** One command on a new connection through the proxy: its reply's value, or `failed: <message>`. */
function send(proxy: TcpProxy, command: string[], timeoutMs = 10_000): Promise<string> {
  return sendRedisCommands(proxy.host, proxy.port, [command], timeoutMs).then(
    (replies) => JSON.stringify(replies[0]?.value),
    (error: Error) => `failed: ${error.message}`,
  );
}

/** Resolves once `check()` holds, polling. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('TcpProxy', () => {
  it('forwards to the container on 127.0.0.1 and a port of its own', async () => {
    await using proxy = await proxyTo(redis, 6379);
    expect(proxy.host).toBe('127.0.0.1');
    expect(proxy.port).not.toBe(redis.hostPort(6379));
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
    expect(await send(proxy, ['SET', 'k', 'v'])).toBe('"OK"');
    expect(await send(proxy, ['GET', 'k'])).toBe('"v"');
  });

  it('adds latency to each chunk, each way', async () => {
    await using proxy = await proxyTo(redis, 6379);
    proxy.setLatency(400);
    const started = performance.now();
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
    // The request waits 400 ms on the way in, the reply 400 ms on the way out.
    expect(performance.now() - started).toBeGreaterThanOrEqual(790);
    proxy.setLatency(0);
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
  });

  it('cuts open connections: the client errors, and connecting again works', async () => {
    await using proxy = await proxyTo(redis, 6379);
    // BLMOVE from an empty list blocks: the connection stays open until cut.
    const blocked = send(proxy, ['BLMOVE', 'cut-list', 'elsewhere', 'LEFT', 'LEFT', '0'], 30_000);
    await until(() => proxy.connectionCount === 1, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(proxy.cutConnections()).toBe(1);
    expect(await blocked).toMatch(/^failed: (read ECONNRESET|connection closed)/);
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
  });

  it('refuses new connections while open ones carry on, until told otherwise', async () => {
    await using proxy = await proxyTo(redis, 6379);
    const blocked = send(proxy, ['BLMOVE', 'refuse-list', 'elsewhere', 'LEFT', 'LEFT', '0'], 30_000);
    await until(() => proxy.connectionCount === 1, 'the connection');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await proxy.refuseNew(true);
    expect(await send(proxy, ['PING'])).toMatch(/^failed: connect ECONNREFUSED/);
    // The open connection still works: a push straight to Redis wakes it.
    await sendRedisCommands(redis.host, redis.hostPort(6379), [['LPUSH', 'refuse-list', 'x']]);
    expect(await blocked).toBe('"x"');
    await proxy.refuseNew(false);
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
  });

  it('blackholes: requests hang, and what was held arrives once it is lifted', async () => {
    await using proxy = await proxyTo(redis, 6379);
    proxy.blackhole(true);
    expect(await send(proxy, ['PING'], 2_000)).toBe('failed: no Redis reply within 2000 ms');
    const held = send(proxy, ['PING'], 60_000);
    await until(() => proxy.connectionCount >= 1, 'the held connection');
    await new Promise((resolve) => setTimeout(resolve, 500));
    proxy.blackhole(false);
    expect(await held).toBe('"PONG"');
    expect(await send(proxy, ['PING'])).toBe('"PONG"');
  });

  it('closes: nothing listens any more, and open connections are gone', async () => {
    const proxy = await TcpProxy.start({ target: { host: redis.host, port: redis.hostPort(6379) } });
    const blocked = send(proxy, ['BLMOVE', 'close-list', 'elsewhere', 'LEFT', 'LEFT', '0'], 30_000);
    await until(() => proxy.connectionCount === 1, 'the connection');
    await proxy.close();
    expect(await blocked).toMatch(/^failed: /);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect({ host: proxy.host, port: proxy.port });
      socket.once('connect', () => resolve('connected'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
    await proxy.close();
  });

  it('resets the client when the target refuses', async () => {
    await using proxy = await TcpProxy.start({ target: { host: '127.0.0.1', port: await freePort() } });
    expect(await send(proxy, ['PING'])).toMatch(/^failed: (read ECONNRESET|connection closed)/);
  });

  it('refuses bad options, naming them', async () => {
    const bad = [
      TcpProxy.start({ target: { host: '', port: 1 } }),
      TcpProxy.start({ target: { host: '127.0.0.1', port: 0 } }),
      TcpProxy.start({ target: { host: '127.0.0.1', port: 1 }, listenPort: 70_000 }),
    ];
    const errors = await Promise.all(bad.map((p) => p.catch((e: unknown) => e)));
    expect(errors.map((e) => (e as InvalidOptionError).option)).toEqual(['target.host', 'target.port', 'listenPort']);
    await using proxy = await proxyTo(redis, 6379);
    expect(() => proxy.setLatency(-1)).toThrow(InvalidOptionError);
  });
});

/** A port nothing listens on (just released). */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
