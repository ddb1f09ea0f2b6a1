import type { Readable } from 'node:stream';
import type { ResourceKind } from '../errors/index.js';
import type { OutputChunk } from './demux.js';
import type { EngineEndpoint } from './endpoint.js';
import type { HostDecision, HostFacts } from './host/host-resolution.js';
import type { RawContainerInspect, RawEvent, RawImageInspect } from './raw-types.js';

/** What host resolution found and decided for a connection (see docs/topologies.md). */
export interface HostResolution {
  readonly facts: HostFacts;
  readonly decision: HostDecision;
}

/** What the engine says about itself. */
export interface EngineVersion {
  readonly version: string;
  readonly apiVersion: string;
  readonly minApiVersion: string;
  readonly os: string;
  readonly arch: string;
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

export interface RawLogsOptions {
  readonly since?: number;
  readonly tail?: number;
  readonly timestamps?: boolean;
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
}

export interface VolumeCreateBody {
  readonly Name: string;
  readonly Driver?: string;
  readonly Labels: Record<string, string>;
}

export interface CommitTarget {
  readonly repository: string;
  readonly tag: string;
  readonly labels: Readonly<Record<string, string>>;
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

  // images
  imageExists(image: string): Promise<boolean>;
  inspectImage(image: string): Promise<RawImageInspect>;
  findImage(image: string): Promise<RawImageInspect | undefined>;
  listImagesByLabel(label: string): Promise<ImageSummary[]>;
  removeImage(image: string): Promise<void>;
  commitContainer(id: string, target: CommitTarget, signal?: AbortSignal): Promise<string>;
  pullImage(image: string, signal?: AbortSignal): Promise<void>;

  // containers
  createContainer(name: string, body: object, displayName?: string): Promise<string>;
  startContainer(id: string): Promise<void>;
  attachContainer(id: string): Promise<Readable>;
  inspectContainer(id: string): Promise<RawContainerInspect>;
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  renameContainer(id: string, name: string): Promise<void>;
  containerLogs(id: string, tty: boolean, options?: RawLogsOptions): Promise<OutputChunk[]>;
  followContainerLogs(id: string, options?: RawLogsOptions): Promise<Readable>;
  topContainer(id: string, psArgs: string): Promise<{ titles: string[]; rows: string[][] }>;
  containerArchive(id: string, path: string): Promise<Buffer>;
  exec(id: string, cmd: readonly string[], options?: RawExecOptions): Promise<RawExecResult>;
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
