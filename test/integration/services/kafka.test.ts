import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  InvalidOptionError,
  ServiceCommandError,
  WaitTimeoutError,
} from '../../../src/index.js';
import { KafkaDefinition } from '../../../src/kafka.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

// No image option: SEAWORTHY_KAFKA_IMAGE (set in vitest.config.ts) points it at our twin.
const kafka = new KafkaDefinition();

function client(brokers: string): Kafka {
  return new Kafka({ clientId: 'test', brokers: [brokers], logLevel: logLevel.NOTHING });
}

async function produce(brokers: string, topic: string, values: readonly string[]): Promise<void> {
  const producer = client(brokers).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

async function consume(brokers: string, topic: string, groupId: string, count: number): Promise<string[]> {
  const consumer = client(brokers).consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  // Kafka delivers at least once: a producer retry or a rebalance may repeat a message.
  const values = new Set<string>();
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ message }) => {
          values.add(message.value?.toString() ?? '');
          if (values.size === count) resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return [...values];
}

describe('KafkaDefinition', () => {
  it('advertises the published host port: produce and consume from the host', async () => {
    const broker = await kafka.setup(file.helper);
    expect(broker.bootstrapServers()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(broker.bootstrapServers()).not.toBe('127.0.0.1:9092');
    await broker.createTopic('orders', { partitions: 3 });
    await produce(broker.bootstrapServers(), 'orders', ['one', 'two', 'three']);
    expect((await consume(broker.bootstrapServers(), 'orders', 'host-readers', 3)).sort()).toEqual([
      'one',
      'three',
      'two',
    ]);
    expect(await broker.listTopics()).toEqual(['orders']);
    expect(await broker.listGroups()).toEqual(['host-readers']);
  });

  it('advertises <name>:19092 on the network: a kcat container consumes what the host produced', async () => {
    const broker = await kafka.setup(file.helper);
    expect(broker.bootstrapServers('network')).toBe('kafka:19092');
    await broker.createTopic('shared');
    await produce(broker.bootstrapServers(), 'shared', ['from the host']);
    const kcat = await new ContainerDefinition('kcat', {
      image: fixtureImage('kcat'),
      command: [
        '-b',
        broker.bootstrapServers('network'),
        '-C',
        '-t',
        'shared',
        '-o',
        'beginning',
        '-c',
        '1',
        '-e',
        '-q',
      ],
    }).setup(file.helper);
    await expect.poll(() => kcat.exitCode(), { timeout: 30_000 }).toBe(0);
    const logs = await kcat.logs();
    expect(logs.stdout.toString().trim()).toBe('from the host');
    await kcat.teardown();
  });

  it('creates, lists and deletes topics; clean() removes topics and consumer groups', async () => {
    const broker = await kafka.setup(file.helper);
    await broker.clean();
    await broker.createTopic('a-topic');
    await broker.createTopic('b.topic', { partitions: 2, config: { 'cleanup.policy': 'compact' } });
    await produce(broker.bootstrapServers(), 'a-topic', ['x']);
    await consume(broker.bootstrapServers(), 'a-topic', 'cleaners', 1);
    expect(await broker.listTopics()).toEqual(['a-topic', 'b.topic']);

    await broker.deleteTopics('b.topic');
    expect(await broker.listTopics()).toEqual(['a-topic']);

    await broker.clean();
    expect(await broker.listTopics()).toEqual([]);
    expect(await broker.listGroups()).toEqual([]);
    // The names can be used again at once.
    await broker.createTopic('a-topic');
    expect(await broker.listTopics()).toEqual(['a-topic']);
    await broker.clean();
  });
});

describe('KafkaDefinition with bad input', () => {
  it('rejects topic names Kafka would refuse, and a topic that exists', async () => {
    const broker = await kafka.setup(file.helper);
    const error = await broker.createTopic('bad topic!').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).code).toBe('SEAWORTHY_INVALID_OPTION');
    expect((error as Error).message).toMatch(/contains " ", "!"/);
    await expect(broker.createTopic('x'.repeat(250))).rejects.toThrow(/at most 249/);
    await expect(broker.createTopic('t', { partitions: 0 })).rejects.toBeInstanceOf(InvalidOptionError);
    await broker.createTopic('twice');
    await expect(broker.createTopic('twice')).rejects.toBeInstanceOf(ServiceCommandError);
    await broker.clean();
  });

  it('clean() on a stopped broker says it is not running', async () => {
    const broker = await new KafkaDefinition({ name: 'kafka-stopped' }).setup(file.helper);
    await broker.createTopic('left');
    await broker.stop({ timeoutMs: 1_000 });
    const error = await broker.clean().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect((error as ContainerNotRunningError).code).toBe('SEAWORTHY_CONTAINER_NOT_RUNNING');
    await broker.teardown();
  });

  it('fails fast when the image exits, and times out with logs when no client can use it', async () => {
    // The definition's start command hands over to /etc/kafka/docker/run, which this image lacks.
    const exits = new KafkaDefinition({ name: 'kafka-exits', image: fixtureImage('logger') });
    expect(await exits.setup(file.helper).catch((e: unknown) => e)).toBeInstanceOf(ContainerExitedError);

    const hangs = new KafkaDefinition({
      name: 'kafka-hangs',
      image: fixtureImage('logger'),
      startupTimeoutMs: 5_000,
      container: { entrypoint: ['/usr/local/bin/logger.sh'] },
    });
    const error = await hangs.setup(file.helper).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(/fetching metadata and producing/);
    expect((error as WaitTimeoutError).lastLogLines).toContainEqual(expect.stringMatching(/tick/));
  });

  it('rejects a malformed cluster id before creating anything', () => {
    expect(() => new KafkaDefinition({ clusterId: 'not-an-id' })).toThrow(InvalidOptionError);
    expect(() => new KafkaDefinition({ defaultPartitions: 0 })).toThrow(/defaultPartitions/);
  });
});
