// The Bitbucket-style Kafka stack (docker-compose.yml + the CI override) as a
// Vitest fixture: the test process registers an Avro schema and produces
// through the broker's HOST listener; the consumer service in the stack reads
// through broker:19092 and the registry's network address, and prints what it
// decoded. See README.md next to this file and docs/kafka-compose.md.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { loadCompose, waitFor } from 'seaworthy';
import { composeStack, withContainers } from 'seaworthy/vitest';
import { test as base, expect } from 'vitest';
import { freePort } from './free-port.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const files = [here('docker-compose.yml'), here('docker-compose.bitbucket.yml')];

// Kafka tells clients the address its HOST listener advertises, so that address has to be
// where this process reaches the broker. Here that is 127.0.0.1 on the port published as
// written; BITBUCKET_DOCKER_HOST_INTERNAL is what the CI override advertises, so it names
// the address this process connects to (on Bitbucket, Pipelines sets it). The port is a
// free one, not 9092, so a parallel run on this engine does not collide with this one.
const kafkaHostPort = await freePort();
const env = { ...process.env, KAFKA_HOST_PORT: String(kafkaHostPort), BITBUCKET_DOCKER_HOST_INTERNAL: '127.0.0.1' };

const test = withContainers(base, {
  shop: composeStack(files, {
    env,
    // The consumer prints this once it has joined its group.
    waits: { consumer: waitFor.logLine('consumer ready on orders') },
    startupTimeoutMs: 120_000,
  }),
});

test('the CI override rewrites only the HOST listener, with the default when the variable is unset', () => {
  const advertised = (variables: Record<string, string>) =>
    loadCompose(files, { env: variables, envFile: false }).model.services.broker?.environment
      ?.KAFKA_ADVERTISED_LISTENERS;
  expect(advertised({ KAFKA_HOST_PORT: '9092' })).toBe('HOST://host.docker.internal:9092,NETWORK://broker:19092');
  expect(advertised({ KAFKA_HOST_PORT: '9092', BITBUCKET_DOCKER_HOST_INTERNAL: '10.0.0.7' })).toBe(
    'HOST://10.0.0.7:9092,NETWORK://broker:19092',
  );
});

test('an order produced as Avro from the test process is decoded by the consumer in the stack', async ({ shop }) => {
  const broker = shop.service('broker');
  const registry = new SchemaRegistry({ host: `${shop.service('registry').baseUrl(8080)}/apis/ccompat/v7` });
  const { id } = await registry.register(
    { type: SchemaType.AVRO, schema: readFileSync(here('order.avsc'), 'utf8') },
    { subject: 'orders-value' },
  );

  const kafka = new Kafka({
    clientId: 'compose-test',
    brokers: [`${broker.host}:${broker.hostPort(kafkaHostPort)}`],
    logLevel: logLevel.WARN,
  });
  // The broker names the address the override advertised: the one this process used.
  const admin = kafka.admin();
  await admin.connect();
  expect((await admin.describeCluster()).brokers).toEqual([
    expect.objectContaining({ host: '127.0.0.1', port: kafkaHostPort }),
  ]);
  await admin.disconnect();

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const order = { id: 'o-1', item: 'anchor', quantity: 2 };
  await producer.send({ topic: 'orders', messages: [{ key: order.id, value: await registry.encode(id, order) }] });
  await producer.disconnect();

  // The message carries only the schema id; the consumer fetched the schema from the registry.
  const consumer = shop.service('consumer');
  await consumer.waitFor(waitFor.logLine(`consumed ${JSON.stringify(order)}`), { timeoutMs: 60_000 });
  expect(await registry.getLatestSchemaId('orders-value')).toBe(id);
});
