/**
 * The error catalogue: every error seaworthy throws, one file per area.
 * docs/errors.md describes each class, its code, its fields and what to do.
 */
export { errorMessage, SeaworthyError, type SeaworthyErrorCode } from './base.js';
export {
  CliUsageError,
  LeftoverRemovalError,
  SnapshotRemovalError,
  TeardownError,
  WatchdogStartError,
} from './cleanup.js';
export {
  ComposeFileError,
  type ComposeLocation,
  ComposeUnsupportedError,
  ComposeVariableError,
} from './compose.js';
export { ComposeDependencyError, ComposeServiceError, ComposeStartupError } from './compose-stack.js';
export {
  ContainerNotRunningError,
  ContainerRemovedError,
  ContainerUnreachableError,
  ExecNotStartedError,
  FileNotFoundError,
  HelperTornDownError,
  InvalidMountError,
  NameConflictError,
  NetworkNotFoundError,
  PortConflictError,
  PortNotPublishedError,
  type ResourceKind,
  WarmPoolStartError,
} from './containers.js';
export {
  type EngineAttempt,
  EngineConnectionLostError,
  EngineRequestError,
  EngineUnavailableError,
  ImageNotFoundError,
  ImagePullError,
} from './engine.js';
export {
  DockerContextNotFoundError,
  EngineSshError,
  type EngineSshFailure,
  EngineTooNewError,
  EngineTooOldError,
} from './engine-connect.js';
export { EngineLeaseError, EngineSkippedWarning } from './engine-pool.js';
export { ExecTimeoutError } from './exec.js';
export { FaultCommandError, type FaultKind, FaultSidecarError, FaultUnsupportedError } from './faults.js';
export { FileCopyError } from './files.js';
export { DockerRequiredError, FixtureDefinitionError, FixtureUnavailableError } from './fixtures.js';
export { CapabilitiesRefusedError, ImagePlatformMismatchError } from './host-options.js';
export { ImageBuildError } from './images.js';
export { AmbiguousPortError, ContainerStateError, type ContainerStatus } from './lifecycle.js';
export { AlreadyConnectedError, SubnetOverlapError } from './networks.js';
export { OneShotFailedError } from './one-shot.js';
export { InvalidOptionError } from './options.js';
export { ProcessListError, ProcessTreeError, type ProcessTreeProblem } from './processes.js';
export { ImagePushError, ImageTagError, type PushFailure } from './push.js';
export { CredentialHelperError, RegistryConfigError, RegistryRequestError } from './registry.js';
export { RunAbortedError, type RunAbortReason, RunStartupError, RunTargetError } from './run.js';
export { SchemaRegistryRequestError } from './schema-registry.js';
export {
  HttpBodyNotJsonError,
  HttpRequestError,
  MissingPeerDependencyError,
  ServiceAuthError,
  ServiceCommandError,
} from './services.js';
export { BindNotSharedError } from './sibling-binds.js';
export { StructureConfigError } from './structure.js';
export { ContainerExitedError, HealthcheckError, WaitAbortedError, WaitTimeoutError } from './waits.js';
