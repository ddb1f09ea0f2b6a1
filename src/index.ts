export type { OutputChunk, OutputStream } from './engine/demux.js';
export { Engine, type EngineOptions, type EngineVersion } from './engine/engine.js';
export * from './errors.js';
export {
  Container,
  type ContainerInit,
  type ContainerLogs,
  type FollowLogsOptions,
  type LogsOptions,
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
export * from './waits/index.js';
