/**
 * `seaworthy/tools`: operational tools around test runs, for scripts, CI
 * steps and the `seaworthy` CLI rather than test bodies. Leftovers of dead
 * runs, init snapshots, the label keys on everything seaworthy creates, the
 * engine connection and what host resolution decided, and a few helpers the
 * prebuilt services are made of.
 */
export {
  type FindLeftoversOptions,
  findLeftovers,
  removeLeftovers,
} from './cleanup/leftover-search.js';
export { type Leftover, type OwnerStatus, planRemoval, type RemovalPlan } from './cleanup/leftovers.js';
export type { RemovalReport } from './cleanup/removal.js';
export { defaultImage } from './containers/shared/default-image.js';
export { maskPassword, type ServiceUrlParts, serviceUrl, type UrlFrom } from './containers/shared/service-url.js';
export type {
  EngineClient,
  EngineVersion,
  HostResolution,
  ImageSummary,
  LabelledResource,
  RemovalOutcome,
  ResourceKind,
} from './engine/client.js';
export { Engine, type EngineOptions, type EngineSshOptions } from './engine/docker/engine.js';
// The host's internal address (issue 16, Bitbucket): what containers reach this process's host at.
export {
  type HostInternal,
  type HostInternalFacts,
  type HostInternalSource,
  resolveHostInternal,
} from './engine/host/host-internal.js';
export type { HostDecision, HostEnv, HostFacts, OwnContainer, Reach, Topology } from './engine/host/host-resolution.js';
export { mapRunnerPath, type RunnerMount, type RunnerPathMapping } from './engine/host/runner-mounts.js';
export type { EngineProduct } from './engine/podman/dialect.js';
export type { EngineReach } from './engine/pool/pool-connect.js';
export type { TarEntryType } from './files/tar.js';
export {
  BOOT_ID_LABEL,
  HELPER_ID_LABEL,
  LABELS,
  PID_NAMESPACE_LABEL,
  REUSE_LABELS,
  SNAPSHOT_LABELS,
} from './labels.js';
export { listProcessesWithSource, type ProcessSource } from './processes/process-list.js';
export { describeSpec } from './processes/process-spec.js';
export { buildProcessForest, formatProcessForest } from './processes/process-tree.js';
export { deepMerge } from './resources/definitions/merge.js';
export {
  INIT_SNAPSHOT,
  type InitSnapshotCapable,
  type InitSnapshotInfo,
  type InitSnapshotSpec,
  listInitSnapshots,
  removeInitSnapshots,
  type SnapshotRemovalReport,
} from './resources/snapshots/init-snapshot.js';
