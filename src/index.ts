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
// Compose stacks (issue 15): compose files as a stack of live containers (docs/compose.md).
export type { LoadComposeOptions } from './compose/load/load-model.js';
export { ComposeProject, loadCompose } from './compose/stack/compose-project.js';
export { ComposeStack } from './compose/stack/compose-stack.js';
export { ComposeStackDefinition } from './compose/stack/stack-definition.js';
export type { ServiceProgress, StackOptions } from './compose/stack/stack-options.js';
export type { OutputChunk, OutputStream } from './engine/demux.js';
export type { EngineOptions, EngineSshOptions } from './engine/docker/engine.js';
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
// Waits (issue 13): HTTPS trust and basic auth for waitFor.http() and httpClient().
export type { BasicAuth } from './http/request-options.js';
export type { TlsTrustOptions } from './http/tls.js';
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
  VolumesFromEntry,
} from './resources/definitions/container-options.js';
export type { CreateRequest } from './resources/definitions/create-request.js';
// Typed host options (issue 13): the option types of ContainerOptions' host fields.
export type {
  HostOptions,
  LogDriverOptions,
  UlimitEntry,
  UlimitOptions,
  UlimitValue,
} from './resources/definitions/host-options.js';
export type { DeepPatch } from './resources/definitions/merge.js';
// Network and volume handles (issue 13): inspect data, IPAM, connect/disconnect.
export type {
  NetworkEndpoint,
  NetworkInfo,
  NetworkIpamConfig,
  NetworkIpamOptions,
  NetworkMember,
} from './resources/definitions/network.js';
export { Network, NetworkDefinition, type NetworkOptions } from './resources/definitions/network.js';
export type { PortSpec } from './resources/definitions/ports.js';
export type { VolumeInfo } from './resources/definitions/volume.js';
export { Volume, VolumeDefinition, type VolumeOptions } from './resources/definitions/volume.js';
// files into and out of containers (issue 13)
export type {
  ArchiveCopy,
  ContentCopy,
  CopyInEntry,
  FileOwner,
  SourceCopy,
} from './resources/files/copy-entry.js';
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
// Commit (issue 14): container.commit() options and result.
export type { CommitOptions, CommittedImage } from './resources/handles/container-commit.js';
export type { ContainerInfo, ContainerState, PortBinding } from './resources/handles/container-info.js';
// container lifecycle (issue 13): create without start, start/stop/restart/pause/unpause/kill
export type { RestartOptions, StartOptions, StopOptions } from './resources/handles/container-lifecycle.js';
export type { DetachedExec } from './resources/handles/exec-types.js';
// Logs and exec options (issue 13): log streams, times and timestamps; exec sessions.
export type { LogStreams, LogTime } from './resources/handles/log-query.js';
export type {
  ContainerEvent,
  ExecOptions,
  ExecResult,
  ExitInfo,
  WaitContext,
  WaitStrategy,
} from './resources/handles/readiness.js';
export { DockerHelper, type DockerHelperOptions } from './resources/helper/helper.js';
// Images (issue 14): building images (ImageDefinition, its content-hash cache).
export {
  Image,
  ImageDefinition,
  type ImageHost,
  type ImageInit,
  type ImageOptions,
} from './resources/images/image-definition.js';
// Images (issue 14): progress of builds, pulls and pushes.
export { type ProgressMode, type ProgressOutput, progressReporter } from './resources/images/progress.js';
// Registry credentials and pulls (issue 14).
export type { PullOptions } from './resources/images/pull.js';
export { type PullImageOptions, type PullTarget, pullImage } from './resources/images/pull-image.js';
export {
  type RegistryCredentials,
  type ResolveRegistryAuthOptions,
  resolveRegistryAuth,
} from './resources/images/registry-auth.js';
export { normalizeRegistry, registryOf } from './resources/images/registry-reference.js';
// Tag and push (issue 14): docker-ci-deploy's tag rules, tagAndPush through the Engine API.
export {
  type PushedReference,
  type TagAndPushOptions,
  type TagAndPushResult,
  type TagAndPushTarget,
  tagAndPush,
} from './resources/images/tag-and-push.js';
export {
  dockerCommands,
  planTags,
  semverVersions,
  type TagPlan,
  type TagPlanImage,
  type TagPlanOptions,
} from './resources/images/tag-plan.js';
export type { LogChunk, LogLine, LogSource } from './resources/logs/log-line.js';
export { DEFAULT_REUSE_IDLE_MS, type ReuseOption } from './resources/reuse/reuse-options.js';
export {
  type ReuseContainerOptions,
  type ReusedSetup,
  type ReuseOutcome,
  reuseContainer,
  setupReused,
} from './resources/reuse/reused-container.js';
export { WarmPool, type WarmPoolOptions, type WarmPoolStatus } from './resources/snapshots/warm-pool.js';
// Structure tests (issue 14): container-structure-test configs run through the engine.
export { loadStructureConfig, parseStructureConfig } from './structure/config-parse.js';
export type {
  CommandTestConfig,
  ContainerRunOptionsConfig,
  FileContentTestConfig,
  FileExistenceTestConfig,
  LicenseTestConfig,
  MetadataTestConfig,
  StructureEnvVar,
  StructureLabel,
  StructureTestConfig,
} from './structure/config-types.js';
export { goFileMode } from './structure/file-mode.js';
export { goRegexMatch, type RegexVerdict } from './structure/go-regex.js';
export {
  type GoJsonReport,
  type GoJsonResult,
  goJsonReport,
  type StructureCheckKind,
  type StructureCheckResult,
  type StructureTestReport,
  textReport,
} from './structure/report.js';
export {
  type StructureConfigInput,
  type StructureTestOptions,
  structureTest,
} from './structure/structure-test.js';
export * from './waits/index.js';
