import type { Duplex, Readable } from 'node:stream';
import type { ResourceKind } from '../errors/index.js';
import type { RawBuildOptions } from './build-types.js';
import type { OutputChunk } from './demux.js';
import type { EngineEndpoint } from './endpoint.js';
import type { HostDecision, HostFacts } from './host/host-resolution.js';
import type { RunnerMount } from './host/runner-mounts.js';
import type { EngineProduct } from './podman/dialect.js';
import type { RawPullOptions } from './progress-types.js';
import type { RawPushOptions, RawPushResult } from './push-types.js';
import type { RawContainerInspect, RawEvent, RawImageInspect } from './raw-types.js';

/** What host resolution found and decided for a connection (see docs/topologies.md). */
export interface HostResolution {
  readonly facts: HostFacts;
  readonly decision: HostDecision;
}

/** What the engine says about itself. */
export interface EngineVersion {
  readonly version: string;
  /** The newest Engine API the engine speaks (its `/version` ApiVersion). */
  readonly apiVersion: string;
  /** The oldest Engine API the engine accepts. */
  readonly minApiVersion: string;
  /** The API version seaworthy negotiated and sends in every request's path (docs/engine.md#api-versions). */
  readonly negotiatedApiVersion: string;
  readonly os: string;
  readonly arch: string;
  /** Docker Engine, or Podman's compatibility service (docs/engines.md). */
  readonly product: EngineProduct;
}

/** Output of a finished exec. */
export interface RawExecResult {
  readonly exitCode: number;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

export interface RawExecOptions {
  readonly user?: string;
  readonly env?: readonly string[];
  readonly workdir?: string;
  readonly signal?: AbortSignal;
}

/** How an exec session is started (see `EngineClient.startExec`). */
export interface RawExecStartOptions {
  readonly user?: string;
  readonly env?: readonly string[];
  readonly workdir?: string;
  /** Allocate a terminal: output comes raw, not multiplexed. */
  readonly tty?: boolean;
  /** Attach stdin: write it to the session's stream, then end the stream. */
  readonly stdin?: boolean;
}

/** A started exec: its id, and the connection carrying its output (and stdin, when attached). */
export interface RawExecSession {
  readonly id: string;
  readonly stream: Duplex;
}

/** What the engine says about an exec. */
export interface RawExecInspect {
  readonly running: boolean;
  /** `null` until it has ended. */
  readonly exitCode: number | null;
  /** Its pid on the engine's host (not inside the container). */
  readonly pid: number;
}

export interface RawLogsOptions {
  /** Unix seconds, as a number or the engine's `<seconds>.<fraction>` text. */
  readonly since?: number | string;
  readonly until?: number | string;
  readonly tail?: number;
  readonly timestamps?: boolean;
  /** Which outputs; both by default. */
  readonly stdout?: boolean;
  readonly stderr?: boolean;
}

/** One image, as the engine lists it. */
export interface ImageSummary {
  /** `sha256:…` */
  readonly id: string;
  /** `repository:tag` references; empty for an untagged (dangling) image. */
  readonly repoTags: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  /** Size of the image with every layer it shares with its base. */
  readonly sizeBytes: number;
  readonly createdAt: Date;
}

export type { ResourceKind };

/** A container, network or volume carrying seaworthy's labels, as the engine lists it. */
export interface LabelledResource {
  readonly kind: ResourceKind;
  /** Container or network id; a volume's name (volumes have no other id). */
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** When the engine created it, by the engine's clock. */
  readonly createdAt: Date | undefined;
}

/** How a removal ended: removed now, or already gone. */
export type RemovalOutcome = 'removed' | 'gone';

export interface NetworkCreateBody {
  readonly Name: string;
  readonly Driver?: string;
  readonly Internal?: boolean;
  readonly Labels: Record<string, string>;
  readonly Attachable?: boolean;
  /** Driver options (`docker network create -o`). */
  readonly Options?: Record<string, string>;
  readonly IPAM?: { readonly Config: { Subnet: string; Gateway?: string; IPRange?: string }[] };
}

export interface VolumeCreateBody {
  readonly Name: string;
  readonly Driver?: string;
  readonly Labels: Record<string, string>;
  /** Driver options (`docker volume create -o`). */
  readonly DriverOpts?: Record<string, string>;
}

/** One address range of a network, as the engine reports it. */
export interface NetworkIpamConfig {
  /** CIDR, e.g. `10.213.5.0/24`. */
  readonly subnet: string | undefined;
  readonly gateway: string | undefined;
  /** The part of `subnet` containers' addresses come from, when narrowed. */
  readonly ipRange: string | undefined;
}

/** A container attached to a network, with its addresses there. */
export interface NetworkEndpoint {
  /** Container id. */
  readonly id: string;
  /** Container name on the engine. */
  readonly name: string;
  /** IPv4 address without prefix, e.g. `10.213.5.2`; `undefined` when it has none. */
  readonly ipv4Address: string | undefined;
  /** IPv6 address without prefix; `undefined` when it has none. */
  readonly ipv6Address: string | undefined;
  readonly macAddress: string | undefined;
}

/** What the engine says about a network now (`network.inspect()`). */
export interface NetworkInfo {
  readonly id: string;
  readonly name: string;
  readonly driver: string;
  /** `local` for a bridge, `swarm` for an overlay. */
  readonly scope: string;
  /** No route to the outside world. */
  readonly internal: boolean;
  /** Standalone containers may join (matters for overlay networks). */
  readonly attachable: boolean;
  readonly ipv6: boolean;
  readonly ipam: { readonly driver: string; readonly config: readonly NetworkIpamConfig[] };
  /** Driver options. */
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  /** Containers attached now (running ones: the engine lists no endpoint for a stopped container). */
  readonly containers: readonly NetworkEndpoint[];
  readonly createdAt: Date | undefined;
}

/** What the engine says about a volume now (`volume.inspect()`). */
export interface VolumeInfo {
  readonly name: string;
  readonly driver: string;
  /** Where its data lives on the engine's host. */
  readonly mountpoint: string;
  readonly scope: string;
  /** Driver options it was created with. */
  readonly options: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: Date | undefined;
}

export interface CommitTarget {
  readonly repository: string;
  readonly tag: string;
  /** Labels set in the image's config (init snapshots mark theirs). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Dockerfile instructions applied while committing (`ENV A=1`, `CMD ["x"]`), one per entry. */
  readonly changes?: readonly string[];
  readonly author?: string;
  /** The commit message (the history entry's comment). */
  readonly message?: string;
  /** Pause the container meanwhile. @default true */
  readonly pause?: boolean;
}

/**
 * Every Engine API call seaworthy makes, one method each. {@link Engine} is
 * the one implementation, over dockerode; pure logic above this layer can be
 * unit-tested against a fake, while Docker behaviour is tested against the
 * real engine.
 *
 * Errors are mapped here, once: a refusal rejects with `EngineRequestError`
 * (its `statusCode` and the daemon's own message as `cause`), a lost
 * connection with `EngineConnectionLostError`. Callers never wrap.
 */
export interface EngineClient {
  /** The engine's name: its entry's in SEAWORTHY_ENGINES (docs/several-engines.md), else `default`. */
  readonly name: string;
  readonly endpoint: EngineEndpoint;
  readonly version: EngineVersion;
  /** Text form of where this engine is, e.g. `unix:///var/run/docker.sock`. */
  readonly address: string;
  /** The address published ports are reached on from this process. */
  readonly hostAddress: string;
  readonly hostResolution: HostResolution;
  /** Whether containers are reached on their container ports directly (sibling), not on published host ports. */
  readonly reachesContainerPorts: boolean;
  containerHost(id: string, displayName: string): string;
  /**
   * The mounts of the container this process runs in, when it is a container
   * of this engine (the sibling topologies), for translating bind sources
   * (docs/topologies.md#bind-mounts-from-a-sibling-runner); `undefined`
   * anywhere else, or with `SEAWORTHY_SIBLING_BINDS=off`. Asked once per connection.
   */
  runnerMounts(): Promise<readonly RunnerMount[] | undefined>;

  // images
  imageExists(image: string): Promise<boolean>;
  inspectImage(image: string): Promise<RawImageInspect>;
  findImage(image: string): Promise<RawImageInspect | undefined>;
  listImagesByLabel(label: string): Promise<ImageSummary[]>;
  removeImage(image: string): Promise<void>;
  commitContainer(id: string, target: CommitTarget, signal?: AbortSignal): Promise<string>;
  /** Pull an image; rejects with `ImagePullError`, also for errors the engine reports inside the progress stream. */
  pullImage(image: string, options?: RawPullOptions): Promise<void>;
  /** Give image `source` (a reference or id) the reference `repository:tag`; a refusal (no such image) rejects with `ImageTagError`. */
  tagImage(source: string, repository: string, tag: string): Promise<void>;
  /**
   * Push `reference` (`repository:tag`) to its registry; resolves with the
   * digest the registry reported. Rejects with `ImagePushError`, also for
   * errors the engine reports inside the progress stream (unauthorized,
   * connection refused).
   */
  pushImage(reference: string, options?: RawPushOptions): Promise<RawPushResult>;
  // image builds (issue 14)
  /**
   * Build an image with the classic builder from `context`, a tar stream of
   * the build context, applying `options.tags`; resolves with the image id.
   * Rejects with `ImageBuildError` (the failing step and its last output
   * lines), also when the engine reports the error inside the build output.
   */
  buildImage(context: Readable, options: RawBuildOptions): Promise<string>;
  /** Give `image` (an id or reference) each of `references` (`repository:tag`) as a tag. */
  addImageTags(image: string, references: readonly string[]): Promise<void>;

  // containers
  /** Create a container; `platform` ('linux/amd64') goes on the create call's query, picking the image variant. */
  createContainer(name: string, body: object, displayName?: string, platform?: string): Promise<string>;
  startContainer(id: string): Promise<void>;
  attachContainer(id: string): Promise<Readable>;
  inspectContainer(id: string): Promise<RawContainerInspect>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  /** Freeze a running container's processes (409 when it is not running, or paused already). */
  pauseContainer(id: string): Promise<void>;
  /** Thaw a paused container (409 when it is not paused). */
  unpauseContainer(id: string): Promise<void>;
  /** Send a signal to its main process (409 when it is not running); for SIGKILL, resolves once it is gone. */
  killContainer(id: string, signal: string | number): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  containerLogs(id: string, tty: boolean, options?: RawLogsOptions): Promise<OutputChunk[]>;
  followContainerLogs(id: string, options?: RawLogsOptions): Promise<Readable>;
  topContainer(id: string, psArgs: string): Promise<{ titles: string[]; rows: string[][] }>;
  containerArchive(id: string, path: string): Promise<Buffer>;
  exec(id: string, cmd: readonly string[], options?: RawExecOptions): Promise<RawExecResult>;
  /**
   * Create and start an exec, attached: resolves once the engine has handed
   * over its connection (see `RawExecSession`); the program may still
   * be starting. Read its exit code with `inspectExec` after the output ends.
   */
  startExec(id: string, cmd: readonly string[], options?: RawExecStartOptions): Promise<RawExecSession>;
  /** One exec's state (404 once its container is gone). */
  inspectExec(execId: string): Promise<RawExecInspect>;
  /**
   * Extract a tar archive into `path` in the container, a directory that
   * must exist; the engine creates missing parents of the entries (0755,
   * root). Needs nothing in the image; works before start and after stop.
   */
  putArchive(id: string, path: string, archive: Readable | Buffer): Promise<void>;
  /** A tar archive of `path` in the container (a file or a folder), streamed. 404 when the path is missing. */
  getArchiveStream(id: string, path: string): Promise<Readable>;

  // networks and volumes
  createNetwork(body: NetworkCreateBody): Promise<string>;
  connectNetwork(networkId: string, containerId: string, aliases: readonly string[]): Promise<void>;
  disconnectNetwork(networkId: string, containerId: string): Promise<void>;
  removeNetwork(id: string): Promise<void>;
  createVolume(body: VolumeCreateBody): Promise<string>;
  removeVolume(name: string): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  /** A network's settings, address ranges and attached containers. */
  inspectNetwork(id: string): Promise<NetworkInfo>;
  /** A volume's driver, mountpoint, options and labels. */
  inspectVolume(name: string): Promise<VolumeInfo>;

  // by label (cleanup)
  listByLabel(label: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }>;
  /** Every container, network and volume matching all `labels` (`key` or `key=value`), with labels and creation times. */
  listLabelled(labels: readonly string[]): Promise<LabelledResource[]>;
  /**
   * Remove one resource whoever made it; a container is killed first, with
   * its anonymous volumes, and a network's remaining endpoints are detached.
   */
  removeResource(kind: ResourceKind, id: string): Promise<RemovalOutcome>;

  // events
  events(filters: Record<string, string[]>, sinceSeconds: number, signal: AbortSignal): AsyncGenerator<RawEvent>;
}
