import type { Admin, Kafka } from 'kafkajs';
import { loadPeer, type PeerUse } from '../shared/optional-peer.js';

/** `kafkajs`, an optional peer dependency: what the error says when it is missing. */
const KAFKAJS: PeerUse = {
  packageName: 'kafkajs',
  feature: 'KafkaDefinition',
  purpose: 'talk to the broker (the readiness check, the topic helpers and clean())',
};

/** Load `kafkajs`; rejects with MissingPeerDependencyError when it is not installed. */
export function loadKafkajs() {
  return loadPeer(KAFKAJS, () => import('kafkajs'));
}

/** Topic the readiness probe writes to; hidden from listings, removed by clean(). */
export const READY_TOPIC = '__seaworthy_ready';

/**
 * A kafkajs client that logs nothing, for seaworthy's own requests. The
 * readiness probe gives up quickly (its wait tries again); the admin helpers
 * retry longer, since a new topic's leader can take a moment to show in the
 * broker's metadata on a busy machine ("This server does not host this
 * topic-partition").
 */
export async function kafkaClient(
  brokers: readonly string[],
  clientId: string,
  retry: { retries: number; maxRetryTime: number } = { retries: 3, maxRetryTime: 1_000 },
): Promise<Kafka> {
  const { Kafka, logLevel } = await loadKafkajs();
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 2_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, ...retry },
  });
}

/**
 * One attempt of the readiness check: a client on `brokers` fetches the
 * cluster's metadata, finds the broker advertised at `expected`, and
 * produces one message with acks from all replicas. Rejects with the reason
 * when any step fails.
 */
export async function probeKafka(brokers: readonly string[], expected: string): Promise<void> {
  // No retries inside an attempt: the wait polls again within 250 ms, so a broker that starts listening is seen at once.
  const kafka = await kafkaClient(brokers, 'seaworthy-ready', { retries: 0, maxRetryTime: 1_000 });
  const admin = kafka.admin();
  const { Partitioners } = await loadKafkajs();
  const producer = kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
  });
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    const advertised = cluster.brokers.map((b) => `${b.host}:${b.port}`);
    if (!advertised.includes(expected)) {
      throw new Error(`the broker advertises ${advertised.join(', ') || 'nothing'}, not ${expected}`);
    }
    await admin.createTopics({
      topics: [{ topic: READY_TOPIC, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });
    await producer.connect();
    await producer.send({ topic: READY_TOPIC, acks: -1, messages: [{ value: 'ready' }] });
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * One admin connection per container, opened on first use and closed at
 * teardown, so topic helpers and clean() pay no connection set-up.
 */
export class KafkaAdminSession {
  private session: Promise<Admin> | undefined;

  constructor(private readonly brokers: () => readonly string[]) {}

  async use<T>(step: (admin: Admin) => Promise<T>): Promise<T> {
    this.session ??= this.open();
    const session = this.session;
    try {
      return await step(await session);
    } catch (error) {
      // A failed session is replaced on next use (the broker may have restarted).
      if (this.session === session) {
        this.session = undefined;
        await session.then((admin) => admin.disconnect()).catch(() => undefined);
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.then((admin) => admin.disconnect()).catch(() => undefined);
  }

  private async open(): Promise<Admin> {
    const admin = (await kafkaClient(this.brokers(), 'seaworthy-admin', { retries: 8, maxRetryTime: 2_000 })).admin();
    await admin.connect();
    return admin;
  }
}
