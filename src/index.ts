/**
 * `seaworthy`: what a test author types every day. Definitions, the helper,
 * the live handles, waits, matchers, the HTTP client, file and process
 * helpers, and every error class.
 *
 * Elsewhere: each prebuilt service on its own subpath (`seaworthy/postgres`,
 * `seaworthy/redis`, `seaworthy/rabbitmq`, `seaworthy/kafka`), the test
 * framework adapters (`seaworthy/vitest`, `seaworthy/jest`), and operational
 * tools (leftovers, init snapshots, label keys, the engine connection, host
 * resolution) on `seaworthy/tools`.
 */
export type { CleanupOptions } from './cleanup/helper-cleanup.js';
export type { OutputChunk, OutputStream } from './engine/demux.js';
export type { EngineOptions } from './engine/docker/engine.js';
export * from './errors/index.js';
// Fault injection (issue 13): network faults through a sidecar, and the in-process TCP proxy.
export {
  type BandwidthOptions,
  type DelayOptions,
  type Fault,
  Faults,
  type FaultsOptions,
  type LossOptions,
} from './faults/faults.js';
export { DEFAULT_NETEM_IMAGE } from './faults/netem-image.js';
export { proxyTo, TcpProxy, type TcpProxyOptions } from './faults/tcp-proxy.js';
export { type FileInfo, readFile, statFile } from './files/container-files.js';
export { type ImageConfig, imageConfigOf } from './files/image-config.js';
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
  LogExpectationOptions,
  LogSequenceOptions,
  MatcherResult,
  MatcherState,
  SeaworthyMatchers,
} from './matchers/index.js';
export { seaworthyMatchers } from './matchers/index.js';
export { listProcesses, type ProcessInfo } from './processes/process-list.js';
export type { ProcessSpec } from './processes/process-spec.js';
export { buildProcessTree, type ProcessNode } from './processes/process-tree.js';
export { ContainerDefinition, type SetupOptions } from './resources/definitions/container-definition.js';
export type {
  ContainerOptions,
  HealthcheckOptions,
  MountOptions,
  NetworkAttachment,
  PortMapping,
  PullPolicy,
} from './resources/definitions/container-options.js';
export type { CreateRequest } from './resources/definitions/create-request.js';
export type { DeepPatch } from './resources/definitions/merge.js';
export { Network, NetworkDefinition, type NetworkOptions } from './resources/definitions/network.js';
export type { PortSpec } from './resources/definitions/ports.js';
export { Volume, VolumeDefinition, type VolumeOptions } from './resources/definitions/volume.js';
export {
  Container,
  type ContainerInit,
  type ContainerLogs,
  type ContainerSource,
  type FollowLogsOptions,
  type LogsOptions,
  type OutputChunkStream,
  type TeardownOptions,
} from './resources/handles/container.js';
export type { ContainerInfo, ContainerState, PortBinding } from './resources/handles/container-info.js';
export type {
  ContainerEvent,
  ExecOptions,
  ExecResult,
  WaitContext,
  WaitStrategy,
} from './resources/handles/readiness.js';
export { DockerHelper, type DockerHelperOptions } from './resources/helper/helper.js';
export type { LogLine, LogSource } from './resources/logs/log-line.js';
export { WarmPool, type WarmPoolOptions, type WarmPoolStatus } from './resources/snapshots/warm-pool.js';
export * from './waits/index.js';
