// The host command of `seaworthy run -- node produce-and-read.mjs`: what a CI
// job's test step does. seaworthy run hands it the published addresses
// (BROKER_HOST, BROKER_PORT, REGISTRY_URL; docs/run.md). It registers the
// Avro schema, produces three orders through the broker's HOST listener,
// reads them back with a consumer of its own, and exits 0 only if all three
// came back decoded and the consumer service in the stack has decoded them too.
import { readFileSync } from 'node:fs';
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel, Partitioners } from 'kafkajs';

const topic = process.env.TOPIC ?? 'orders';
const broker = `${process.env.BROKER_HOST}:${process.env.BROKER_PORT}`;
const registry = new SchemaRegistry({ host: `${process.env.REGISTRY_URL}/apis/ccompat/v7` });
const kafka = new Kafka({ clientId: 'ci-step', brokers: [broker], logLevel: logLevel.WARN });

const schema = readFileSync(new URL('./order.avsc', import.meta.url), 'utf8');
const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject: `${topic}-value` });
console.log(`registered ${topic}-value as schema ${id}`);

const orders = [
  { id: 'ci-1', item: 'anchor', quantity: 1 },
  { id: 'ci-2', item: 'rope', quantity: 30 },
  { id: 'ci-3', item: 'buoy', quantity: 4 },
];
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();
await producer.send({
  topic,
  messages: await Promise.all(
    orders.map(async (order) => ({ key: order.id, value: await registry.encode(id, order) })),
  ),
});
await producer.disconnect();
// The broker's own view of where clients reach it: the HOST listener's advertised address.
const admin = kafka.admin();
await admin.connect();
const { brokers } = await admin.describeCluster();
await admin.disconnect();
console.log(
  `produced ${orders.length} orders through ${broker}; the broker advertises ${brokers.map((b) => `${b.host}:${b.port}`).join(', ')}`,
);

const read = [];
const consumer = kafka.consumer({ groupId: `ci-step-${process.pid}` });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
const done = new Promise((resolve) => {
  consumer.run({
    eachMessage: async ({ message }) => {
      const value = await registry.decode(message.value);
      console.log(`read back ${JSON.stringify(value)}`);
      read.push(value);
      if (read.length >= orders.length) resolve();
    },
  });
});
const timeout = setTimeout(() => {
  console.error(`read ${read.length} of ${orders.length} orders in 60 s`);
  process.exit(1);
}, 60_000);
await done;
clearTimeout(timeout);
await consumer.disconnect();

// The consumer service commits its group's offset once it has decoded a message: wait until
// it has passed all three (it may have joined after this step began).
const printer = process.env.CONSUMER_GROUP ?? 'orders-printer';
const deadline = Date.now() + 60_000;
await admin.connect();
for (;;) {
  const [offsets] = await admin.fetchOffsets({ groupId: printer, topics: [topic] });
  const committed = Math.max(...(offsets?.partitions ?? []).map((p) => Number(p.offset)));
  if (committed >= orders.length) {
    console.log(`the consumer service (group ${printer}) has decoded ${committed} orders`);
    break;
  }
  if (Date.now() > deadline) {
    console.error(`the consumer service's group ${printer} is at offset ${committed} after 60 s`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
await admin.disconnect();
const same = orders.every((order) => read.some((r) => JSON.stringify(r) === JSON.stringify(order)));
console.log(same ? 'all orders read back' : 'the orders read back differ from those sent');
process.exit(same ? 0 : 1);
