import type { Admin } from 'kafkajs';
import { InvalidOptionError, ServiceCommandError } from '../../errors/index.js';
import { ContainerDefinition } from '../../resources/definitions/container-definition.js';
import type { ContainerOptions } from '../../resources/definitions/container-options.js';
import { Container, type ContainerInit } from '../../resources/handles/container.js';
import type { WaitContext, WaitStrategy } from '../../resources/handles/readiness.js';
import { poll } from '../../waits/poll.js';
import { defaultImage } from '../shared/default-image.js';
import { serviceStepError } from '../shared/run-tool.js';
import type { UrlFrom } from '../shared/service-url.js';
import { KafkaAdminSession, loadKafkajs, probeKafka, READY_TOPIC } from './kafka-client.js';
import { topicNameProblem } from './kafka-topic-name.js';

export interface KafkaOptions {
  /** Definition name: the container's alias, and the in-network listener's host name. @default 'kafka' */
  readonly name?: string;
  /** @default `SEAWORTHY_KAFKA_IMAGE` if set, else 'apache/kafka:4.4.0' (the official image); any image with the same contract works */
  readonly image?: string;
  /** CLUSTER_ID, a base64url-encoded UUID. @default a fixed id (one node, formatted on first start) */
  readonly clusterId?: string;
  /** Partitions of topics created automatically or without a count. @default 1 */
  readonly defaultPartitions?: number;
  /** @default 90_000 (a JVM start plus storage formatting) */
  readonly startupTimeoutMs?: number;
  /** Any other container options (env for more KAFKA_* broker settings, mounts, networks, …). */
  readonly container?: Omit<ContainerOptions, 'image' | 'command' | 'wait'>;
}

/** The official image's default tag. */
export const KAFKA_IMAGE = 'apache/kafka:4.4.0';

/** Container port of the listener advertised to clients on the host (published). */
export const KAFKA_HOST_PORT = 9092;
/** Container port of the listener advertised to containers on the network, as `<name>:19092`. */
export const KAFKA_NETWORK_PORT = 19092;
const CONTROLLER_PORT = 9093;
const DEFAULT_CLUSTER_ID = 'c2Vhd29ydGh5LWthZmthAA';
/** JVM flags for a quick start (the image's launch script appends its class-data archive). */
const JVM_PERFORMANCE_OPTS = '-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true';
/** Where the start command finds the advertised listeners, written once the host port is known. */
const ADVERTISED_FILE = '/tmp/seaworthy-advertised-listeners';

/**
 * The container's command: wait until the advertised listeners have been
 * written (the published host port is known only after start), then hand
 * over to the image's own start script with them in the environment.
 */
const START_SCRIPT = [
  `f=${ADVERTISED_FILE}`,
  'echo "seaworthy: waiting for the advertised listeners"',
  'while [ ! -s "$f" ]; do sleep 0.05; done',
  'KAFKA_ADVERTISED_LISTENERS=$(cat "$f")',
  'export KAFKA_ADVERTISED_LISTENERS',
  'echo "seaworthy: advertising $KAFKA_ADVERTISED_LISTENERS"',
  'exec /etc/kafka/docker/run',
].join('\n');

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one
 * process), with two client listeners:
 * - HOST on 9092, published on 127.0.0.1 and advertised as that published
 *   address, for clients in the test process; where containers reach the
 *   host through its internal address (Bitbucket's `BITBUCKET_DOCKER_HOST_INTERNAL`,
 *   `host.docker.internal`), advertised at that address instead, so that
 *   the test process and containers beside it use the same bootstrap servers;
 * - NETWORK on 19092, advertised as `<name>:19092`, for containers on the
 *   same helper network.
 *
 * Configured through the official image's KAFKA_* variables. Ready once a
 * client on the host fetches metadata naming the advertised address and
 * produces a message.
 */
export class KafkaDefinition extends ContainerDefinition<KafkaContainer> {
  constructor(options: KafkaOptions = {}) {
    const name = options.name ?? 'kafka';
    const partitions = options.defaultPartitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new InvalidOptionError('defaultPartitions', `must be a whole number of at least 1, got ${partitions}`);
    }
    const clusterId = options.clusterId ?? DEFAULT_CLUSTER_ID;
    if (!/^[A-Za-z0-9_-]{22}$/.test(clusterId)) {
      throw new InvalidOptionError('clusterId', `${JSON.stringify(clusterId)} is not a base64url UUID (22 characters)`);
    }
    const extra = options.container ?? {};
    super(name, {
      // The broker talks to itself through its in-network listener (<name>:19092), so it needs its alias from the start.
      helperNetwork: 'always',
      ...extra,
      image: options.image ?? defaultImage('kafka', KAFKA_IMAGE),
      command: ['sh', '-c', START_SCRIPT],
      env: {
        KAFKA_NODE_ID: '1',
        KAFKA_PROCESS_ROLES: 'broker,controller',
        KAFKA_LISTENERS: `HOST://:${KAFKA_HOST_PORT},NETWORK://:${KAFKA_NETWORK_PORT},CONTROLLER://:${CONTROLLER_PORT}`,
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'HOST:PLAINTEXT,NETWORK:PLAINTEXT,CONTROLLER:PLAINTEXT',
        KAFKA_INTER_BROKER_LISTENER_NAME: 'NETWORK',
        KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
        KAFKA_CONTROLLER_QUORUM_VOTERS: `1@localhost:${CONTROLLER_PORT}`,
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: '1',
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: '1',
        // Consumers join a group at once instead of after 3 s.
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
        KAFKA_NUM_PARTITIONS: String(partitions),
        CLUSTER_ID: clusterId,
        // A test broker starts more often than it works hard: the serial GC and the C1 compiler only
        // (instead of G1 and C2) spend less CPU on the way up. Measured on the twin: 4.1 s -> 2.6 s of
        // CPU up to "Kafka Server started" (docs/kafka.md, "Why it starts fast").
        KAFKA_JVM_PERFORMANCE_OPTS: JVM_PERFORMANCE_OPTS,
        ...extra.env,
      },
      ports: [KAFKA_HOST_PORT, ...(extra.ports ?? [])],
      wait: brokerReady(name),
      startupTimeoutMs: options.startupTimeoutMs ?? 90_000,
    });
  }

  override createHandle(init: ContainerInit): KafkaContainer {
    return new KafkaContainer(init);
  }

  /** For clean fixtures: `cleanContainer(kafka)` calls this before each test. */
  clean(container: KafkaContainer): Promise<void> {
    return container.clean();
  }
}

function brokerReady(name: string): WaitStrategy {
  return {
    description: 'a Kafka client on the host fetching metadata and producing a message',
    async wait(context: WaitContext): Promise<void> {
      // Without kafkajs the probe below could never succeed: fail now, not at the timeout.
      await loadKafkajs();
      // The host's internal address where the topology has one (docs/topologies.md), else where this process reaches it.
      const hostAddress = `${context.hostInternal ?? context.host}:${await context.hostPort(KAFKA_HOST_PORT)}`;
      const listeners = `HOST://${hostAddress},NETWORK://${name}:${KAFKA_NETWORK_PORT}`;
      context.progress(`writing the advertised listeners ${listeners}`);
      const written = await context.exec([
        'sh',
        '-c',
        `printf '%s' "$1" > ${ADVERTISED_FILE}.tmp && mv ${ADVERTISED_FILE}.tmp ${ADVERTISED_FILE}`,
        'sh',
        listeners,
      ]);
      if (written.exitCode !== 0) {
        throw new Error(`could not write the advertised listeners: ${written.stderr.trim() || written.stdout.trim()}`);
      }
      context.progress('advertised listeners written; waiting for a client to fetch metadata and produce');
      await poll(
        () =>
          probeKafka([hostAddress], hostAddress).catch((error: Error) => {
            context.progress(`last client attempt: ${error.message}`);
            throw error;
          }),
        context.signal,
        { minIntervalMs: 50, maxIntervalMs: 250 },
      );
    },
  };
}

/** Options of {@link KafkaContainer.createTopic}. */
export interface CreateTopicOptions {
  /** @default 1 */
  readonly partitions?: number;
  /** Topic-level settings, e.g. `{ 'cleanup.policy': 'compact' }`. */
  readonly config?: Readonly<Record<string, string>>;
}

/** A live Kafka broker: bootstrap servers, topics, consumer groups and `clean()`. */
export class KafkaContainer extends Container {
  private readonly admin = new KafkaAdminSession(() => [this.bootstrapServers()]);

  constructor(init: ContainerInit) {
    super(init);
    this.onTeardown(() => this.admin.close());
  }

  /**
   * `host:port` for clients: from the host (default) the published address on
   * 127.0.0.1 (or the host's internal address, in the topologies that have
   * one: then containers beside the test process can use it too), from
   * another container on the network `<name>:19092`.
   */
  bootstrapServers(from: UrlFrom = 'host'): string {
    if (from === 'network') return `${this.definition.name}:${KAFKA_NETWORK_PORT}`;
    const internal = this.engine.hostResolution.decision.hostInternal?.address;
    return `${internal ?? this.host}:${this.hostPort(KAFKA_HOST_PORT)}`;
  }

  /** Create a topic (replication factor 1) and wait until its partitions have leaders. */
  async createTopic(name: string, options: CreateTopicOptions = {}): Promise<void> {
    checkTopicName(name);
    const partitions = options.partitions ?? 1;
    if (!Number.isInteger(partitions) || partitions < 1) {
      throw new InvalidOptionError('partitions', `must be a whole number of at least 1, got ${partitions}`);
    }
    const created = await this.step(`create topic ${name}`, async (admin) => {
      // kafkajs's own wait for leaders gives up when the broker's metadata does
      // not list the new topic yet; wait here instead (waitForLeaders below).
      const made = await admin.createTopics({
        topics: [
          {
            topic: name,
            numPartitions: partitions,
            replicationFactor: 1,
            configEntries: Object.entries(options.config ?? {}).map(([configName, value]) => ({
              name: configName,
              value,
            })),
          },
        ],
        waitForLeaders: false,
      });
      if (made) await waitForLeaders(admin, name);
      return made;
    });
    if (!created) {
      throw new ServiceCommandError(
        this.definition.name,
        ['create topic', name],
        undefined,
        'the topic already exists',
      );
    }
  }

  /** Topics tests made, sorted: without Kafka's internal `__*` topics. */
  async listTopics(): Promise<string[]> {
    const topics = await this.step('list topics', (admin) => admin.listTopics());
    return topics.filter((topic) => !topic.startsWith('__')).sort();
  }

  /** Delete topics, and wait until the broker no longer lists them (so their names can be used again). */
  async deleteTopics(...names: string[]): Promise<void> {
    for (const name of names) checkTopicName(name);
    if (names.length === 0) return;
    await this.step(`delete topics ${names.join(', ')}`, async (admin) => {
      await admin.deleteTopics({ topics: names });
      await waitUntilGone(admin, names);
    });
  }

  /** Consumer groups the broker knows, sorted. */
  async listGroups(): Promise<string[]> {
    const { groups } = await this.step('list consumer groups', (admin) => admin.listGroups());
    return groups.map((group) => group.groupId).sort();
  }

  /**
   * Delete every topic tests made and every consumer group, and wait until
   * they are gone. Groups with members still connected can't be deleted:
   * disconnect consumers first.
   */
  async clean(): Promise<void> {
    await this.step('clean', async (admin) => {
      const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__') || t === READY_TOPIC);
      const { groups } = await admin.listGroups();
      if (groups.length > 0) {
        const results = await admin.deleteGroups(groups.map((g) => g.groupId)).catch((error: unknown) => {
          // kafkajs throws with per-group results attached when any group fails.
          const failed = (error as { groups?: { groupId: string; error?: { message?: string } }[] }).groups;
          if (!failed) throw error;
          return failed;
        });
        const refused = results.filter((r) => r.error && (r.error as { type?: string }).type !== 'GROUP_ID_NOT_FOUND');
        if (refused.length > 0) {
          throw new ServiceCommandError(
            this.definition.name,
            ['delete consumer groups'],
            undefined,
            `${refused.map((r) => `${r.groupId}: ${r.error?.message ?? 'refused'}`).join('; ')}. ` +
              'Disconnect the consumers of these groups before clean()',
          );
        }
      }
      if (topics.length > 0) {
        await admin.deleteTopics({ topics });
        await waitUntilGone(admin, topics);
      }
    });
  }

  private async step<T>(action: string, run: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await this.admin.use(run);
    } catch (error) {
      throw await serviceStepError(this, action, error);
    }
  }
}

function checkTopicName(name: string): void {
  const problem = topicNameProblem(name);
  if (problem) throw new InvalidOptionError('topic', `${JSON.stringify(name.slice(0, 80))} ${problem}`);
}

/** Poll metadata until none of `topics` is listed (deletion finishes shortly after the request returns). */
async function waitUntilGone(admin: { listTopics(): Promise<string[]> }, topics: readonly string[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = (await admin.listTopics()).filter((t) => topics.includes(t));
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`topics still listed 30 s after deletion: ${left.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Poll metadata until every partition of a new topic has a leader. On a busy
 * machine the broker may answer "This server does not host this
 * topic-partition" for a moment after creating it: that counts as not yet.
 */
async function waitForLeaders(
  admin: {
    fetchTopicMetadata(options: { topics: string[] }): Promise<{ topics: { partitions: { leader: number }[] }[] }>;
  },
  topic: string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] }).catch((error: unknown) => {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') return undefined;
      if ((error as { type?: string }).type === 'LEADER_NOT_AVAILABLE') return undefined;
      throw error;
    });
    const partitions = metadata?.topics[0]?.partitions ?? [];
    if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return;
    if (Date.now() > deadline) throw new Error(`topic ${topic} has no leader 30 s after it was created`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
