import { realpathSync } from 'node:fs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ContainerDefinition, NameConflictError, SchemaRegistryRequestError, waitFor } from '../../../src/index.js';
import { KafkaDefinition } from '../../../src/kafka.js';
import { SchemaRegistryDefinition } from '../../../src/schema-registry.js';
import { useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

// No image options: SEAWORTHY_KAFKA_IMAGE and SEAWORTHY_SCHEMA_REGISTRY_IMAGE (vitest.config.ts) point at our twins.
const kafka = new KafkaDefinition();
const registry = new SchemaRegistryDefinition({ kafka });

const user = {
  type: 'record',
  name: 'User',
  namespace: 'test',
  fields: [{ name: 'name', type: 'string' }],
};

const orderV1 = {
  type: 'record',
  name: 'Order',
  namespace: 'shop',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'int' },
  ],
};
/** A new field with a default: readers of v2 can read v1 data (BACKWARD). */
const orderV2 = { ...orderV1, fields: [...orderV1.fields, { name: 'currency', type: 'string', default: 'EUR' }] };
/** A new field without a default: v2 readers could not read v1 data, so BACKWARD refuses it. */
const orderBroken = { ...orderV1, fields: [...orderV1.fields, { name: 'customer', type: 'string' }] };

/**
 * The consumer in another container: kafkajs and the registry client from
 * this repository's node_modules (mounted read-only), the broker and the
 * registry at their network addresses. Prints each decoded value as a JSON
 * line, in offset order, and exits 0; exits 2 if the messages don't come.
 */
const CONSUMER = `
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';
const [brokers, registryUrl, topic, count] = process.argv.slice(2);
setTimeout(() => { console.error('timed out waiting for ' + count + ' messages'); process.exit(2); }, 90_000).unref();
const registry = new SchemaRegistry({ host: registryUrl });
const consumer = new Kafka({ clientId: 'reader', brokers: [brokers], logLevel: logLevel.NOTHING }).consumer({ groupId: 'reader' });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
const seen = new Map();
await new Promise((resolve, reject) => {
  consumer.run({
    eachMessage: async ({ message }) => {
      seen.set(Number(message.offset), await registry.decode(message.value));
      if (seen.size >= Number(count)) resolve();
    },
  }).catch(reject);
});
await consumer.disconnect();
for (const offset of [...seen.keys()].sort((a, b) => a - b)) console.log(JSON.stringify(seen.get(offset)));
`;

// A broker and a registry start inside the first test (and the consumer's wait is 120 s): room for a busy machine.
describe('SchemaRegistryDefinition', { timeout: 180_000 }, () => {
  it('starts the broker first, then answers the Confluent API with BACKWARD compatibility', async () => {
    const sr = await registry.setup(file.helper);
    expect(file.helper.trackedResources().containers).toHaveLength(2);
    expect(sr.url()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/apis\/ccompat\/v7$/);
    expect(sr.networkUrl()).toBe('http://schema-registry:8080/apis/ccompat/v7');
    expect(await sr.subjects()).toEqual([]);
    expect(await sr.compatibility()).toBe('BACKWARD');
    const id = await sr.register('users-value', user);
    expect(await sr.subjects()).toEqual(['users-value']);
    expect(await sr.latest('users-value')).toMatchObject({
      id,
      version: 1,
      subject: 'users-value',
      schemaType: 'AVRO',
    });
    expect(JSON.parse((await sr.version('users-value', 1))?.schema ?? '{}')).toEqual(user);
    expect(await sr.versions('users-value')).toEqual([1]);
    // The same schema again is the same version, not a new one.
    expect(await sr.register('users-value', JSON.stringify(user))).toBe(id);
    await sr.clean();
    expect(await sr.subjects()).toEqual([]);
    expect(await sr.latest('users-value')).toBeUndefined();
    expect(await sr.versions('users-value')).toEqual([]);
  });

  it('a real client registers Avro and the host produces; a container on the network decodes through the registry', async () => {
    const sr = await registry.setup(file.helper);
    const broker = await kafka.setup(file.helper);
    await broker.createTopic('orders');

    const client = new SchemaRegistry({ host: sr.url() });
    const { id } = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(orderV1) },
      { subject: 'orders-value' },
    );
    expect((await sr.latest('orders-value'))?.id).toBe(id);

    const orders = [
      { id: 'o-1', amount: 120 },
      { id: 'o-2', amount: 35 },
      { id: 'o-3', amount: 7 },
    ];
    const producer = new Kafka({ brokers: [broker.bootstrapServers()], logLevel: logLevel.NOTHING }).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const messages = await Promise.all(orders.map(async (order) => ({ value: await client.encode(id, order) })));
    // The wire format: magic byte 0, then the schema id, then the Avro body.
    expect(messages[0]?.value[0]).toBe(0);
    expect(messages[0]?.value.readInt32BE(1)).toBe(id);
    await producer.send({ topic: 'orders', messages });
    await producer.disconnect();

    const consumer = await new ContainerDefinition('avro-reader', {
      image: 'seaworthy-fixture/runner:latest',
      command: [
        'node',
        '/app/consume.mjs',
        broker.bootstrapServers('network'),
        sr.networkUrl(),
        'orders',
        String(orders.length),
      ],
      files: [{ target: '/app/consume.mjs', content: CONSUMER }],
      mounts: [{ type: 'bind', source: realpathSync('node_modules'), target: '/app/node_modules', readOnly: true }],
      wait: waitFor.successfulExit({ timeoutMs: 120_000 }),
    }).setup(file.helper);
    const lines = (await consumer.logs()).stdout.toString().trim().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(orders);
    await consumer.teardown();
    await sr.clean();
    await broker.clean();
  });

  it('evolution: BACKWARD rejects a new field without a default and accepts one with a default as version 2', async () => {
    const sr = await registry.setup(file.helper);
    await sr.clean();
    const client = new SchemaRegistry({ host: sr.url() });
    const first = await client.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(orderV1) },
      { subject: 'orders-value' },
    );

    expect(await sr.isCompatible('orders-value', orderBroken)).toBe(false);
    expect(await sr.isCompatible('orders-value', orderV2)).toBe(true);
    // A subject with no version yet accepts anything.
    expect(await sr.isCompatible('nothing-yet', orderBroken)).toBe(true);

    // Through the client: its request is refused with HTTP 409.
    const fromClient = await client
      .register({ type: SchemaType.AVRO, schema: JSON.stringify(orderBroken) }, { subject: 'orders-value' })
      .catch((error: unknown) => error);
    expect(fromClient).toBeInstanceOf(Error);
    expect(fromClient).toMatchObject({ status: 409 });

    // Through register(): a typed error with the status and the registry's reason.
    const fromHelper = await sr.register('orders-value', orderBroken).catch((error: unknown) => error);
    expect(fromHelper).toBeInstanceOf(SchemaRegistryRequestError);
    const refused = fromHelper as SchemaRegistryRequestError;
    expect(refused.code).toBe('SEAWORTHY_SCHEMA_REGISTRY_REQUEST');
    expect(refused.status).toBe(409);
    expect(refused.method).toBe('POST');
    expect(refused.url).toBe(`${sr.url()}/subjects/orders-value/versions`);
    // Apicurio sends error_code 0 with a 409; 0 is no code, so errorCode stays undefined.
    expect(refused.errorCode).toBeUndefined();
    expect(refused.message).toMatch(/HTTP 409/);
    expect(refused.message).toMatch(/customer/);
    expect(refused.message).toMatch(/setCompatibility/);
    expect(await sr.versions('orders-value')).toEqual([1]);

    const second = await sr.register('orders-value', orderV2);
    expect(second).not.toBe(first.id);
    expect(await sr.latest('orders-value')).toMatchObject({ id: second, version: 2 });
    expect(await sr.versions('orders-value')).toEqual([1, 2]);
    await sr.clean();
  });

  it('compatibility per subject: its own level wins over the global one, which clean() restores', async () => {
    const sr = await registry.setup(file.helper);
    await sr.clean();
    await sr.register('orders-value', orderV1);
    await sr.register('users-value', user);
    // No level of its own: the global one applies.
    expect(await sr.compatibility('orders-value')).toBe('BACKWARD');

    // FORWARD: old readers must read new data, so a new field without a default is fine on this subject only.
    await sr.setCompatibility('FORWARD', 'orders-value');
    expect(await sr.compatibility('orders-value')).toBe('FORWARD');
    expect(await sr.compatibility('users-value')).toBe('BACKWARD');
    expect(await sr.compatibility()).toBe('BACKWARD');
    expect(await sr.isCompatible('orders-value', orderBroken)).toBe(true);
    expect(await sr.register('orders-value', orderBroken)).toBeGreaterThan(0);
    expect(await sr.versions('orders-value')).toEqual([1, 2]);
    const brokenUser = { ...user, fields: [...user.fields, { name: 'age', type: 'int' }] };
    expect(await sr.isCompatible('users-value', brokenUser)).toBe(false);

    // Apicurio stores a subject's NONE as "no rule of its own": the global level stays in force.
    await sr.setCompatibility('NONE', 'users-value');
    expect(await sr.compatibility('users-value')).toBe('BACKWARD');
    expect(await sr.isCompatible('users-value', brokenUser)).toBe(false);

    await sr.setCompatibility('FULL');
    expect(await sr.compatibility()).toBe('FULL');
    expect(await sr.compatibility('users-value')).toBe('FULL');
    expect(await sr.compatibility('orders-value')).toBe('FORWARD');

    await sr.clean();
    expect(await sr.compatibility()).toBe('BACKWARD');
    await sr.register('orders-value', orderV1);
    // The subject's own level went with it.
    expect(await sr.compatibility('orders-value')).toBe('BACKWARD');
    await sr.clean();
  });

  it('clean() deletes soft-deleted subjects too: a subject registered again starts at version 1', async () => {
    const sr = await registry.setup(file.helper);
    await sr.clean();
    const ids = [
      await sr.register('orders-value', orderV1),
      await sr.register('orders-value', orderV2),
      await sr.register('users-value', user),
    ];
    // The same schema under another subject: Apicurio hands out the same id (ids name contents here).
    expect(await sr.register('kept-value', user)).toBe(ids[2]);
    // A soft delete, as a client's DELETE /subjects/<subject> makes: hidden from the list, not gone.
    const soft = await fetch(`${sr.url()}/subjects/users-value`, { method: 'DELETE' });
    expect(soft.status).toBe(200);
    await soft.body?.cancel();
    expect(await sr.subjects()).toEqual(['kept-value', 'orders-value']);
    const listed = await fetch(`${sr.url()}/subjects?deleted=true`);
    expect(((await listed.json()) as string[]).sort()).toEqual(['kept-value', 'orders-value', 'users-value']);

    await sr.clean();
    expect(await sr.subjects()).toEqual([]);
    const after = await fetch(`${sr.url()}/subjects?deleted=true`);
    expect(await after.json()).toEqual([]);
    // Gone for good: the subject starts over at version 1.
    const again = await sr.register('orders-value', orderV1);
    expect(await sr.latest('orders-value')).toMatchObject({ version: 1, id: again });
    // A schema never registered before gets an id above every earlier one: clean() does not reset the counter.
    const fresh = await sr.register('fresh-value', { ...user, name: 'Fresh' });
    expect(fresh).toBeGreaterThan(Math.max(...ids));
    expect(await sr.latest('users-value')).toBeUndefined();
    await sr.clean();
  });

  it('deleteSubject() removes one subject for good, live or soft-deleted; an unknown one is a no-op', async () => {
    const sr = await registry.setup(file.helper);
    await sr.clean();
    await sr.register('a-value', user);
    await sr.register('b-value', user);
    await sr.register('c-value', user);
    const soft = await fetch(`${sr.url()}/subjects/b-value`, { method: 'DELETE' });
    await soft.body?.cancel();
    await sr.deleteSubject('a-value');
    await sr.deleteSubject('b-value');
    await sr.deleteSubject('no-such-subject');
    expect(await sr.subjects()).toEqual(['c-value']);
    const listed = await fetch(`${sr.url()}/subjects?deleted=true`);
    expect(await listed.json()).toEqual(['c-value']);
    await sr.clean();
  });

  it('a version or subject that does not exist is undefined; a bad request is a typed error with the status', async () => {
    const sr = await registry.setup(file.helper);
    await sr.clean();
    expect(await sr.latest('missing-value')).toBeUndefined();
    await sr.register('users-value', user);
    expect(await sr.version('users-value', 7)).toBeUndefined();
    // Not Avro at all: the registry refuses it; the error carries its status and body.
    const error = await sr.register('users-value', '{"type": "no-such-avro-type"}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SchemaRegistryRequestError);
    const failed = error as SchemaRegistryRequestError;
    expect(failed.status).toBeGreaterThanOrEqual(400);
    expect(failed.body.length).toBeGreaterThan(0);
    expect(await sr.versions('users-value')).toEqual([1]);
    await sr.clean();
  });
  it('one broker per helper: another KafkaDefinition with the same name is a NameConflictError, not a second broker', async () => {
    await registry.setup(file.helper);
    const before = file.helper.trackedResources().containers;
    const other = new SchemaRegistryDefinition({ kafka: new KafkaDefinition(), name: 'other-registry' });
    const error = await other.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NameConflictError);
    expect((error as NameConflictError).message).toMatch(/two container definitions named 'kafka' in one helper/);
    expect(file.helper.trackedResources().containers).toEqual(before);
  });
});
