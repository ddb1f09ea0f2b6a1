import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  httpClient,
  ServiceAuthError,
  ServiceCommandError,
  WaitTimeoutError,
} from '../../../src/index.js';
import { RabbitMqDefinition } from '../../../src/rabbitmq.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

// No image option: SEAWORTHY_RABBITMQ_IMAGE (set in vitest.config.ts) points it at our twin.
const rabbitmq = new RabbitMqDefinition({ vhost: 'orders', user: 'shop', password: 'p@ss' });

describe('RabbitMqDefinition', () => {
  // clean() without the management plugin resets the node with rabbitmqctl: seconds each, more on a busy machine.
  it('is ready for AMQP clients: publish, consume, list the queue with its depth, clean, and it is gone', {
    timeout: 240_000,
  }, async () => {
    const broker = await rabbitmq.setup(file.helper);
    expect(broker.url()).toMatch(/^amqp:\/\/shop:p%40ss@127\.0\.0\.1:\d+\/orders$/);
    const connection = await amqp.connect(broker.url());
    try {
      const channel = await connection.createConfirmChannel();
      await channel.assertExchange('events', 'topic', { durable: false });
      await channel.assertQueue('jobs', { durable: true });
      for (const n of [1, 2, 3]) channel.sendToQueue('jobs', Buffer.from(`job ${n}`), { persistent: true });
      await channel.waitForConfirms();
      await channel.close();
      await expect.poll(() => broker.listQueues(), { timeout: 30_000 }).toEqual([{ name: 'jobs', messages: 3 }]);

      const consumer = await connection.createChannel();
      const got = await consumer.get('jobs', { noAck: true });
      expect(got ? got.content.toString() : 'nothing').toBe('job 1');
      await expect.poll(() => broker.listQueues(), { timeout: 30_000 }).toEqual([{ name: 'jobs', messages: 2 }]);
      expect(await broker.listExchanges()).toEqual(['events']);
    } finally {
      await connection.close().catch(() => undefined);
    }

    await broker.clean();

    expect(await broker.listQueues()).toEqual([]);
    expect(await broker.listExchanges()).toEqual([]);
    // The vhost is back, and the user can still use it.
    const again = await amqp.connect(broker.url());
    const channel = await again.createChannel();
    expect((await channel.assertQueue('jobs')).messageCount).toBe(0);
    await again.close();
    await broker.clean();
  });

  it('lists vhosts and users, and runs rabbitmqctl', async () => {
    const broker = await rabbitmq.setup(file.helper);
    expect(await broker.listVhosts()).toContain('orders');
    expect(await broker.listUsers()).toEqual(['shop']);
    expect(await broker.rabbitmqctl('status')).toMatch(/RabbitMQ/);
    await expect(broker.rabbitmqctl('no_such_command')).rejects.toBeInstanceOf(ServiceCommandError);
  });

  it('gives an in-network URL that reaches the broker from another container', async () => {
    const broker = await rabbitmq.setup(file.helper);
    expect(broker.url('network')).toBe('amqp://shop:p%40ss@rabbitmq:5672/orders');
    // bash's /dev/tcp speaks to the broker by its alias; it answers the AMQP header with Connection.Start.
    const client = await new ContainerDefinition('amqp-client', {
      image: fixtureImage('rabbitmq'),
      entrypoint: ['sleep', 'infinity'],
    }).setup(file.helper);
    const probe = await client.exec([
      'bash',
      '-c',
      `exec 3<>/dev/tcp/rabbitmq/5672; printf 'AMQP\\0\\0\\11\\1' >&3; head -c 11 <&3 | od -An -tx1`,
    ]);
    expect(probe.stdout.replace(/\s+/g, ' ').trim()).toMatch(/^01 00 00 .. .. .. .. 00 0a 00 0a$/);
    await client.teardown();
  });

  it('refuses a wrong password in a URL with ServiceAuthError, and masks it', async () => {
    const broker = await rabbitmq.setup(file.helper);
    await broker.checkUrl(broker.url());
    const wrong = broker.url().replace(':p%40ss@', ':guessed@');
    const error = await broker.checkUrl(wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceAuthError);
    expect((error as ServiceAuthError).code).toBe('SEAWORTHY_SERVICE_AUTH');
    expect((error as Error).message).not.toContain('guessed');
    await expect(amqp.connect(wrong)).rejects.toThrow(/ACCESS_REFUSED|403/);
  });

  it('enables the management plugin on request, and then cleans through its HTTP API', async () => {
    const broker = await new RabbitMqDefinition({ name: 'rabbitmq-mgmt', management: true }).setup(file.helper);
    const http = httpClient(broker, 15672);
    const overview = await http.get('/api/overview', {
      headers: { authorization: `Basic ${Buffer.from('test:test').toString('base64')}` },
    });
    expect(overview.status).toBe(200);
    expect(overview.json<{ rabbitmq_version: string }>().rabbitmq_version).toMatch(/^\d+\.\d+/);
    expect(broker.managementUrl()).toBe(broker.baseUrl(15672));

    const connection = await amqp.connect(broker.url());
    const channel = await connection.createChannel();
    await channel.assertQueue('left-over');
    await channel.assertExchange('left-over-exchange', 'fanout');
    await connection.close();
    expect(await broker.listQueues()).toEqual([{ name: 'left-over', messages: 0 }]);
    await broker.clean();
    expect(await broker.listQueues()).toEqual([]);
    expect(await broker.listExchanges()).toEqual([]);
    await broker.checkUrl(broker.url());
    await broker.teardown();
  });
});

describe('RabbitMqDefinition data on tmpfs', () => {
  const dataMount = 'awk \'$2 == "/var/lib/rabbitmq" { print $3 }\' /proc/mounts';

  it('keeps /var/lib/rabbitmq (database, message store, Erlang cookie) on tmpfs by default, and the broker works', async () => {
    const broker = await new RabbitMqDefinition({ name: 'rabbitmq-tmpfs' }).setup(file.helper);
    expect((await broker.inspect()).mounts).toContainEqual(
      expect.objectContaining({ type: 'tmpfs', target: '/var/lib/rabbitmq' }),
    );
    expect((await broker.exec(['sh', '-c', dataMount])).stdout.trim()).toBe('tmpfs');
    // The cookie the broker made there is owner-only, and rabbitmqctl (as root) can use it.
    expect((await broker.exec(['stat', '-c', '%a %U', '/var/lib/rabbitmq/.erlang.cookie'])).stdout.trim()).toBe(
      '400 rabbitmq',
    );
    expect(await broker.listVhosts()).toEqual(['/']);
    const connection = await amqp.connect(broker.url());
    const channel = await connection.createConfirmChannel();
    await channel.assertQueue('durable-on-tmpfs', { durable: true });
    channel.sendToQueue('durable-on-tmpfs', Buffer.from('kept in memory'), { persistent: true });
    await channel.waitForConfirms();
    await connection.close();
    await broker.teardown();
  });

  it("with tmpfs: false keeps it on the image's volume", async () => {
    const broker = await new RabbitMqDefinition({ name: 'rabbitmq-no-tmpfs', tmpfs: false }).setup(file.helper);
    const mounts = (await broker.inspect()).mounts;
    expect(mounts.filter((m) => m.type === 'tmpfs')).toEqual([]);
    expect(mounts).toContainEqual(expect.objectContaining({ type: 'volume', target: '/var/lib/rabbitmq' }));
    expect((await broker.exec(['sh', '-c', dataMount])).stdout.trim()).not.toBe('tmpfs');
    await broker.teardown();
  });
});

describe('RabbitMqDefinition with bad input', () => {
  it('clean() on a stopped container says it is not running', async () => {
    const broker = await new RabbitMqDefinition({ name: 'rabbitmq-stopped' }).setup(file.helper);
    await broker.stop({ timeoutMs: 500 });
    await expect(broker.clean()).rejects.toBeInstanceOf(ContainerNotRunningError);
    await broker.teardown();
  });

  it('fails fast when the broker exits, and times out with logs when it never answers AMQP', async () => {
    const exits = new RabbitMqDefinition({ name: 'rabbitmq-exits', image: fixtureImage('early-exit') });
    expect(await exits.setup(file.helper).catch((e: unknown) => e)).toBeInstanceOf(ContainerExitedError);

    // Logs plenty, never speaks AMQP: the wait is on the protocol, not on a log line.
    const hangs = new RabbitMqDefinition({
      name: 'rabbitmq-hangs',
      image: fixtureImage('logger'),
      startupTimeoutMs: 5_000,
    });
    const error = await hangs.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(/AMQP/);
    expect((error as WaitTimeoutError).lastLogLines.length).toBeGreaterThan(0);
  });

  it('rejects an empty user or password, or a tmpfs that is not a boolean, before creating anything', () => {
    expect(() => new RabbitMqDefinition({ tmpfs: 'yes' as unknown as boolean })).toThrow(/invalid option `tmpfs`/);
    expect(() => new RabbitMqDefinition({ user: '' })).toThrow(/invalid option `user`/);
    expect(() => new RabbitMqDefinition({ password: '' })).toThrow(/invalid option `password`/);
  });
});
