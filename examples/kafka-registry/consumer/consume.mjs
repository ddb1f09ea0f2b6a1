// The service under test: reads Avro messages from a topic, decodes each one
// through the schema registry (the schema id is in the message), prints it as
// JSON. Runs in a container of the stack and reaches the broker and the
// registry by their service names.
import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { Kafka, logLevel } from 'kafkajs';

const brokers = (process.env.KAFKA_BROKERS ?? 'broker:19092').split(',');
const topic = process.env.TOPIC ?? 'orders';
const registry = new SchemaRegistry({
  host: process.env.SCHEMA_REGISTRY_URL ?? 'http://registry:8080/apis/ccompat/v7',
});
const kafka = new Kafka({ clientId: 'orders-printer', brokers, logLevel: logLevel.WARN });

// The topic may not exist yet: create it (one partition), or find it there.
const admin = kafka.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: false }).catch(() => false);
await admin.disconnect();

const consumer = kafka.consumer({ groupId: process.env.GROUP_ID ?? 'orders-printer' });
await consumer.connect();
await consumer.subscribe({ topic, fromBeginning: true });
await consumer.run({
  eachMessage: async ({ message }) => {
    const value = await registry.decode(message.value);
    console.log(`consumed ${JSON.stringify(value)}`);
  },
});
console.log(`consumer ready on ${topic}`);

const stop = async () => {
  await consumer.disconnect();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
