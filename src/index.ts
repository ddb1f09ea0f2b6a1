export type { CleanupOptions } from './cleanup/helper-cleanup.js';
export {
  type FindLeftoversOptions,
  findLeftovers,
  removeLeftovers,
} from './cleanup/leftover-search.js';
export {
  type LabelledResource,
  type Leftover,
  type OwnerStatus,
  planRemoval,
  type RemovalPlan,
  type ResourceKind,
} from './cleanup/leftovers.js';
export { BOOT_ID_LABEL, HELPER_ID_LABEL, PID_NAMESPACE_LABEL } from './cleanup/owner.js';
export type { RemovalReport } from './cleanup/removal.js';
export { amqpHandshake, isConnectionStart } from './containers/amqp-handshake.js';
export { defaultImage } from './containers/default-image.js';
export {
  type CreateTopicOptions,
  KAFKA_HOST_PORT,
  KAFKA_IMAGE,
  KAFKA_NETWORK_PORT,
  KafkaContainer,
  KafkaDefinition,
  type KafkaOptions,
} from './containers/kafka.js';
export { topicNameProblem } from './containers/kafka-topic-name.js';
export {
  baselineName,
  POSTGRES_IMAGE,
  PostgresContainer,
  PostgresDefinition,
  type PostgresOptions,
} from './containers/postgres.js';
export {
  type QueueInfo,
  RABBITMQ_IMAGE,
  RabbitMqContainer,
  RabbitMqDefinition,
  type RabbitMqOptions,
} from './containers/rabbitmq.js';
export { REDIS_IMAGE, RedisContainer, RedisDefinition, type RedisOptions } from './containers/redis.js';
export { maskPassword, type ServiceUrlParts, serviceUrl, type UrlFrom } from './containers/service-url.js';
export type { OutputChunk, OutputStream } from './engine/demux.js';
export {
  Engine,
  type EngineOptions,
  type EngineVersion,
  type HostResolution,
  type ImageSummary,
} from './engine/engine.js';
export type { HostDecision, HostEnv, HostFacts, OwnContainer, Reach, Topology } from './engine/host-resolution.js';
export * from './errors.js';
export { type FileInfo, readFile, statFile } from './files/container-files.js';
export { type ImageConfig, imageConfigOf } from './files/image-config.js';
export type { TarEntryType } from './files/tar.js';
export {
  HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequestOptions,
  type HttpResponse,
  httpClient,
} from './http/http-client.js';
export type {
  FileExpectation,
  ImageExpectation,
  LogMatcherOptions,
  LogSequenceOptions,
  MatcherResult,
  MatcherState,
  SeaworthyMatchers,
} from './matchers/index.js';
export { seaworthyMatchers } from './matchers/index.js';
export {
  listProcesses,
  listProcessesWithSource,
  type ProcessInfo,
  type ProcessSource,
} from './processes/process-list.js';
export { describeSpec, type ProcessSpec } from './processes/process-spec.js';
export {
  buildProcessForest,
  buildProcessTree,
  formatProcessForest,
  type ProcessNode,
} from './processes/process-tree.js';
export {
  Container,
  type ContainerInit,
  type ContainerLogs,
  type FollowLogsOptions,
  type LogsOptions,
  type TeardownOptions,
} from './resources/container.js';
export { ContainerDefinition, type SetupOptions } from './resources/container-definition.js';
export type { ContainerInfo, ContainerState, PortBinding } from './resources/container-info.js';
export type {
  ContainerOptions,
  HealthcheckOptions,
  MountOptions,
  NetworkAttachment,
  PortMapping,
  PullPolicy,
} from './resources/container-options.js';
export type { CreateRequest } from './resources/create-request.js';
export { DockerHelper, type DockerHelperOptions } from './resources/helper.js';
export {
  INIT_SNAPSHOT,
  type InitSnapshotCapable,
  type InitSnapshotInfo,
  type InitSnapshotSpec,
  listInitSnapshots,
  removeInitSnapshots,
  SNAPSHOT_LABELS,
  SnapshotRemovalError,
  type SnapshotRemovalReport,
} from './resources/init-snapshot.js';
export { LABELS } from './resources/labels.js';
export type { LogLine, LogSource } from './resources/log-line.js';
export { type DeepPatch, deepMerge } from './resources/merge.js';
export { Network, NetworkDefinition, type NetworkOptions } from './resources/network.js';
export type { PortSpec } from './resources/ports.js';
export type {
  ContainerEvent,
  ExecOptions,
  ExecResult,
  WaitContext,
  WaitStrategy,
} from './resources/readiness.js';
export { Volume, VolumeDefinition, type VolumeOptions } from './resources/volume.js';
export { WarmPool, type WarmPoolOptions, type WarmPoolStatus } from './resources/warm-pool.js';
export * from './waits/index.js';
