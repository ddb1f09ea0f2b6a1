import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  ServiceAuthError,
  ServiceCommandError,
  WaitTimeoutError,
} from '../../../src/index.js';
import { RedisDefinition } from '../../../src/redis.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

// No image option: SEAWORTHY_REDIS_IMAGE (set in vitest.config.ts) points it at our twin.
const redis = new RedisDefinition();
const secured = new RedisDefinition({ name: 'redis-secured', password: 's3cret/pass' });

type Client = ReturnType<typeof newClient>;
const newClient = (url: string) => createClient({ url, socket: { reconnectStrategy: false } });

async function withClient<T>(url: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = newClient(url);
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    client.destroy();
  }
}

describe('RedisDefinition', () => {
  it('serves a real client on its host URL, lists keys by pattern, and clean() empties every database', async () => {
    const server = await redis.setup(file.helper);
    expect(server.url()).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    await withClient(server.url(), async (client) => {
      await client.set('user:1', 'ada');
      await client.set('user:2', 'grace');
      await client.set('order:1', 'x');
      await client.select(3);
      await client.set('elsewhere', 'y');
    });
    expect(await server.keys('user:*')).toEqual(['user:1', 'user:2']);
    expect(await server.keys()).toEqual(['order:1', 'user:1', 'user:2']);
    expect(await server.cli('-n', '3', 'GET', 'elsewhere')).toBe('y');

    await server.clean();

    expect(await server.keys()).toEqual([]);
    expect(await server.cli('-n', '3', 'DBSIZE')).toBe('0');
  });

  it('reports an error reply from redis-cli as ServiceCommandError', async () => {
    const server = await redis.setup(file.helper);
    const error = await server.cli('NOSUCHCOMMAND').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceCommandError);
    expect((error as Error).message).toMatch(/unknown command/);
  });

  it('requires its password, and its URLs carry it', async () => {
    const server = await secured.setup(file.helper);
    expect(server.url()).toMatch(/^redis:\/\/:s3cret%2Fpass@127\.0\.0\.1:\d+$/);
    expect(server.url('network')).toBe('redis://:s3cret%2Fpass@redis-secured:6379');
    expect(await withClient(server.url(), (client) => client.ping())).toBe('PONG');
    await server.cli('SET', 'k', 'v');
    expect(await server.keys()).toEqual(['k']);
    await server.clean();
    expect(await server.keys()).toEqual([]);
  });

  it('refuses a wrong password in a URL with ServiceAuthError, and masks it', async () => {
    const server = await secured.setup(file.helper);
    await server.checkUrl(server.url());
    const wrong = server.url().replace(':s3cret%2Fpass@', ':guess@');
    const error = await server.checkUrl(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceAuthError);
    expect((error as ServiceAuthError).code).toBe('SEAWORTHY_SERVICE_AUTH');
    expect((error as Error).message).toMatch(/WRONGPASS|NOAUTH/);
    expect((error as Error).message).not.toContain('guess');
    await expect(withClient(wrong, (client) => client.ping())).rejects.toThrow(/WRONGPASS/);
  });

  it('gives an in-network URL another container on the helper network can use', async () => {
    const server = await redis.setup(file.helper);
    await server.cli('SET', 'shared', 'across the network');
    const client = await new ContainerDefinition('redis-client', {
      image: fixtureImage('redis'),
      command: ['sleep', 'infinity'],
    }).setup(file.helper);
    expect(server.url('network')).toBe('redis://redis:6379');
    const result = await client.exec(['redis-cli', '-u', server.url('network'), 'GET', 'shared']);
    expect(result.stdout.trim()).toBe('across the network');
    await client.teardown();
  });
});

describe('RedisDefinition data on tmpfs', () => {
  it("keeps /data on tmpfs by default, and on the image's volume with tmpfs: false", async () => {
    const onTmpfs = await new RedisDefinition({ name: 'redis-tmpfs' }).setup(file.helper);
    expect((await onTmpfs.inspect()).mounts).toContainEqual(
      expect.objectContaining({ type: 'tmpfs', target: '/data' }),
    );
    expect((await onTmpfs.exec(['sh', '-c', 'awk \'$2 == "/data" { print $3 }\' /proc/mounts'])).stdout.trim()).toBe(
      'tmpfs',
    );
    // The server writes its dump there.
    await onTmpfs.cli('SET', 'k', 'v');
    await onTmpfs.cli('SAVE');
    expect((await onTmpfs.exec(['ls', '/data'])).stdout).toMatch(/dump\.rdb/);
    await onTmpfs.teardown();

    const onDisk = await new RedisDefinition({ name: 'redis-no-tmpfs', tmpfs: false }).setup(file.helper);
    const mounts = (await onDisk.inspect()).mounts;
    expect(mounts.filter((m) => m.type === 'tmpfs')).toEqual([]);
    expect(mounts).toContainEqual(expect.objectContaining({ type: 'volume', target: '/data' }));
    expect((await onDisk.exec(['sh', '-c', 'awk \'$2 == "/data" { print $3 }\' /proc/mounts'])).stdout.trim()).not.toBe(
      'tmpfs',
    );
    await onDisk.teardown();
  });
});

describe('RedisDefinition with bad input', () => {
  it('clean() on a stopped container says it is not running', async () => {
    const server = await new RedisDefinition({ name: 'redis-stopped' }).setup(file.helper);
    await server.stop();
    await expect(server.clean()).rejects.toBeInstanceOf(ContainerNotRunningError);
    await server.teardown();
  });

  it('fails fast when the image exits, and times out with logs when it hangs', async () => {
    // A server that dies at start: the definition's redis-server arguments go to a script that fails.
    const exits = new RedisDefinition({
      name: 'redis-exits',
      image: fixtureImage('early-exit'),
      container: { entrypoint: ['sh', '-c', 'echo "fatal: cannot open config" >&2; exit 3'] },
    });
    const exited = await exits.setup(file.helper).catch((e: unknown) => e);
    expect(exited).toBeInstanceOf(ContainerExitedError);
    expect((exited as Error).message).toMatch(/fatal: cannot open config/);

    const hangs = new RedisDefinition({
      name: 'redis-hangs',
      image: fixtureImage('logger'),
      startupTimeoutMs: 5_000,
      container: { entrypoint: ['/usr/local/bin/logger.sh'] },
    });
    const timedOut = await hangs.setup(file.helper).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(WaitTimeoutError);
    expect((timedOut as WaitTimeoutError).lastLogLines).toContainEqual(expect.stringMatching(/tick/));
  });
});
