import amqp from 'amqplib';
import { describe, expect, it } from 'vitest';
import type { RabbitMqContainer } from '../../../src/containers/rabbitmq/rabbitmq.js';
import { RabbitMqDefinition } from '../../../src/rabbitmq.js';
import { useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

// Everything a test could leave behind, in one import (one rabbitmqctl call, one Erlang VM start).
const added = {
  vhosts: [{ name: 'extra' }],
  users: [
    {
      name: 'intruder',
      password_hash: 'aGs7ZzRWY2JaWDhrc0tYZ0tPbGNnUk1LUHdjNVpQaFZvY0N3',
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: ['monitoring'],
      limits: {},
    },
  ],
  permissions: [
    { user: 'intruder', vhost: 'orders', configure: '.*', write: '.*', read: '.*' },
    { user: 'intruder', vhost: 'extra', configure: '.*', write: '.*', read: '.*' },
    // The default user loses the right to configure its own vhost.
    { user: 'shop', vhost: 'orders', configure: '^$', write: '.*', read: '.*' },
  ],
  topic_permissions: [{ user: 'intruder', vhost: 'orders', exchange: 'amq.topic', write: '.*', read: '.*' }],
  policies: [
    {
      vhost: 'orders',
      name: 'short-lived',
      pattern: '.*',
      'apply-to': 'queues',
      definition: { 'message-ttl': 1000 },
      priority: 0,
    },
  ],
  global_parameters: [{ name: 'cluster_name', value: 'left-by-a-test' }],
  queues: [{ name: 'declared', vhost: 'orders', durable: true, auto_delete: false, arguments: {} }],
  exchanges: [
    {
      name: 'events',
      vhost: 'orders',
      type: 'topic',
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: {},
    },
  ],
  bindings: [
    {
      source: 'events',
      vhost: 'orders',
      destination: 'declared',
      destination_type: 'queue',
      routing_key: '#',
      arguments: {},
    },
  ],
};

interface Definitions {
  users: { name: string; tags: string[] | string }[];
  vhosts: { name: string }[];
  permissions: unknown[];
  topic_permissions: unknown[];
  policies: unknown[];
  global_parameters: { name: string }[];
  queues: unknown[];
  exchanges: unknown[];
  bindings: unknown[];
}

/** The broker's state as `rabbitmqctl export_definitions` gives it, minus what differs between boots (hashes, cluster id). */
async function state(broker: RabbitMqContainer) {
  const json = await broker.rabbitmqctl('--quiet', 'export_definitions', '-');
  const d = JSON.parse(json.slice(json.indexOf('{'))) as Definitions;
  return {
    users: d.users.map((u) => ({ name: u.name, tags: u.tags })),
    vhosts: d.vhosts.map((v) => v.name).sort(),
    permissions: d.permissions,
    topic_permissions: d.topic_permissions,
    policies: d.policies,
    global_parameters: d.global_parameters.map((p) => p.name).sort(),
    queues: d.queues,
    exchanges: d.exchanges,
    bindings: d.bindings,
  };
}

async function leaveEverything(broker: RabbitMqContainer, extra = ''): Promise<void> {
  const json = JSON.stringify(added);
  const result = await broker.exec([
    'sh',
    '-c',
    `printf '%s' '${json}' > /tmp/added.json && rabbitmqctl --quiet import_definitions /tmp/added.json${extra}`,
  ]);
  expect(result.exitCode, result.stderr).toBe(0);
  // A message waiting in a queue, published by a real client.
  const connection = await amqp.connect(broker.url());
  const channel = await connection.createConfirmChannel();
  channel.sendToQueue('declared', Buffer.from('left over'));
  await channel.waitForConfirms();
  await connection.close();
}

async function expectStartState(broker: RabbitMqContainer, start: Awaited<ReturnType<typeof state>>): Promise<void> {
  const now = await state(broker);
  expect(now).toEqual(start);
  expect(now.users).toEqual([{ name: 'shop', tags: expect.arrayContaining(['administrator']) }]);
  expect(now.vhosts).toEqual(['orders']);
  expect(now.queues).toEqual([]);
  // The default user can log in and configure its vhost again.
  await broker.checkUrl(broker.url());
  const connection = await amqp.connect(broker.url());
  const channel = await connection.createChannel();
  expect((await channel.assertQueue('declared')).messageCount).toBe(0);
  await channel.deleteQueue('declared');
  await connection.close();
}

describe('RabbitMqContainer.clean() brings the broker back to its start state', () => {
  it('over the management API: added vhosts, users, permissions, policies, parameters, exchanges and queues go', {
    timeout: 240_000,
  }, async () => {
    const broker = await new RabbitMqDefinition({
      name: 'rabbitmq-clean-mgmt',
      vhost: 'orders',
      user: 'shop',
      password: 'p@ss',
      management: true,
    }).setup(file.helper);
    const clusterId = async () =>
      (await broker.rabbitmqctl('--quiet', 'list_global_parameters'))
        .split('\n')
        .find((line) => line.startsWith('internal_cluster_id'));
    const start = await state(broker);
    const before = await clusterId();
    expect(before).toMatch(/rabbitmq-cluster-id/);
    expect(start.permissions).toEqual([{ user: 'shop', vhost: 'orders', configure: '.*', write: '.*', read: '.*' }]);
    await leaveEverything(broker);
    const dirty = await state(broker);
    expect(dirty.vhosts).toEqual(['extra', 'orders']);
    expect(dirty.users.map((u) => u.name).sort()).toEqual(['intruder', 'shop']);
    expect(dirty.policies).toHaveLength(1);
    expect(dirty.global_parameters).toContain('cluster_name');

    await broker.clean();
    await expectStartState(broker, start);
    // Through the API, not a reset of the node (which makes a new cluster id).
    expect(await clusterId()).toBe(before);
    await broker.teardown();
  });

  it('over the management API, when a test took the default user its rights: resets the node', {
    timeout: 240_000,
  }, async () => {
    const broker = await new RabbitMqDefinition({
      name: 'rabbitmq-clean-untagged',
      vhost: 'orders',
      user: 'shop',
      password: 'p@ss',
      management: true,
    }).setup(file.helper);
    const start = await state(broker);
    // Without the administrator tag the management API refuses the default user.
    await leaveEverything(broker, ' && rabbitmqctl --quiet set_user_tags shop');
    expect((await state(broker)).users).toContainEqual({ name: 'shop', tags: [] });

    await broker.clean();
    await expectStartState(broker, start);
    await broker.teardown();
  });

  it('without the management plugin (rabbitmqctl): the same', { timeout: 240_000 }, async () => {
    const broker = await new RabbitMqDefinition({
      name: 'rabbitmq-clean-ctl',
      vhost: 'orders',
      user: 'shop',
      password: 'p@ss',
    }).setup(file.helper);
    const start = await state(broker);
    await leaveEverything(broker, ' && rabbitmqctl --quiet set_user_tags shop');
    expect((await state(broker)).vhosts).toEqual(['extra', 'orders']);

    await broker.clean();
    await expectStartState(broker, start);
    await broker.teardown();
  });
});
