import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type {
  CommitTarget,
  EngineClient,
  EngineVersion,
  HostResolution,
  ImageSummary,
  LabelledResource,
  NetworkCreateBody,
  RawExecOptions,
  RawExecResult,
  RawLogsOptions,
  RemovalOutcome,
  ResourceKind,
  VolumeCreateBody,
} from '../client.js';
import type { OutputChunk } from '../demux.js';
import { describeEndpoint, type EngineEndpoint } from '../endpoint.js';
import { daemonMessage, isNotFound, mapEngineError } from '../error-mapping.js';
import { shortId, withPublishHostIp } from '../host/host-resolution.js';
import { SiblingAttachment } from '../host/host-resolution-sibling.js';
import { attachSettled, endAfterStop } from '../podman/attach.js';
import { fromPodmanError, fromPodmanImage, fromPodmanInspect } from '../podman/dialect.js';
import { removeSettled } from '../podman/remove.js';
import { connectEvery, type EngineReach, placeConnection } from '../pool/pool-connect.js';
import type { RawPullOptions } from '../progress-types.js';
import type { RawPushOptions, RawPushResult } from '../push-types.js';
import type { RawContainerInspect, RawEvent, RawImageInspect } from '../raw-types.js';
import { getArchiveStream, putArchive, readArchive } from './archive.js';
import type { EngineOptions, OpenConnection } from './connect.js';
import { killContainer, pauseContainer, unpauseContainer } from './container-lifecycle.js';
import { followContainerLogs, readContainerLogs, topContainer } from './container-output.js';
import { openEventStream, readEvents } from './events.js';
import { runExec } from './exec-output.js';
import { inspectExecSession, startExecSession } from './exec-session.js';
import { addTagsTo, buildImageFrom } from './image-build.js';
import { commitContainerAs, listImagesLabelled } from './image-calls.js';
import { pullImageFrom } from './image-pull.js';
import { pushImageTo, tagImageAs } from './image-push.js';
import { listLabelled, removeAnyResource } from './labelled-resources.js';
import { inspectNetwork, inspectVolume } from './network-volume-inspect.js';
import { runnerMountsLookup } from './runner-mount-lookup.js';

export type { EngineOptions, EngineSshOptions } from './connect.js';

/**
 * A connection to one Docker engine: the one {@link EngineClient}. It wraps
 * dockerode so nothing above this layer sees dockerode's types, and maps
 * every failure itself (see `call`), so callers never wrap engine errors.
 *
 * Requests carry the API version negotiated at connect (api-version.ts);
 * request bodies stay within Engine API 1.41 (Docker 20.10) so older engines work.
 */
export class Engine implements EngineClient {
  /** Its entry's name in SEAWORTHY_ENGINES (docs/several-engines.md), else `default`. */
  readonly name: string;
  readonly endpoint: EngineEndpoint;
  readonly version: EngineVersion;
  /**
   * Address that published ports are reachable on from this process. In a
   * sibling container containers are reached at their own network address
   * instead: use `container.host`.
   */
  readonly hostAddress: string;
  /** Where this process runs relative to the engine, and how containers are reached from it. */
  readonly hostResolution: HostResolution;
  private readonly docker: Dockerode;
  /** Set in the sibling topology: the runner's container joins the networks this connection creates. */
  private readonly sibling: SiblingAttachment | undefined;
  /** Names of the containers this connection created, by id, for messages. */
  private readonly names = new Map<string, string>();
  private readonly releaseLease: () => Promise<void>;

  private constructor(connection: OpenConnection, name: string, release: () => Promise<void>) {
    const hosting = connection.hostResolution;
    this.docker = connection.docker;
    this.endpoint = connection.endpoint;
    this.version = connection.version;
    this.name = name;
    this.releaseLease = release;
    this.hostResolution = hosting;
    this.hostAddress = hosting.decision.address;
    this.sibling = SiblingAttachment.when(hosting.decision, hosting.facts.ownContainer?.networks ?? [], {
      connect: (networkId, containerId) => this.connectNetwork(networkId, containerId, []),
      disconnect: (networkId, containerId) => this.disconnectNetwork(networkId, containerId),
    });
  }

  /**
   * Connect to the first engine that answers, or with several engines
   * (`engines`, SEAWORTHY_ENGINES) to this worker's one. Fails fast with
   * `EngineUnavailableError` listing every address tried and why.
   */
  static async connect(options: EngineOptions = {}): Promise<Engine> {
    const placed = await placeConnection(options);
    return new Engine(placed.connection, placed.name, placed.release);
  }

  /** A connection to each engine of the list, taking no lease (`seaworthy leftovers`, `doctor`); one without a list. */
  static async connectEvery(options: EngineOptions = {}): Promise<EngineReach<Engine>[]> {
    const reaches = await connectEvery(options);
    return reaches.map((r) =>
      'connection' in r ? { name: r.name, engine: new Engine(r.connection, r.name, async () => {}) } : r,
    );
  }

  /** With several engines: this connection's user is done with it, so it no longer counts as this worker's load. */
  release(): Promise<void> {
    return this.releaseLease();
  }

  /**
   * Where to reach a container started on this connection: the published-port
   * address, or in a sibling container its address on a network the runner
   * joined. Throws ContainerUnreachableError when there is none.
   */
  containerHost(id: string, displayName: string): string {
    return this.sibling ? this.sibling.address(id, displayName) : this.hostAddress;
  }

  readonly runnerMounts = runnerMountsLookup(this, (id) =>
    this.call('inspect the runner', () => this.docker.getContainer(id).inspect()),
  );

  /** Whether containers are reached on their container ports directly (sibling), not on published host ports. */
  get reachesContainerPorts(): boolean {
    return this.sibling !== undefined;
  }

  /** Text form of where this engine is, e.g. `unix:///var/run/docker.sock`. */
  get address(): string {
    return describeEndpoint(this.endpoint);
  }

  // ---- images ----

  imageExists(image: string): Promise<boolean> {
    return this.exists(`inspect image '${image}'`, () => this.docker.getImage(image).inspect());
  }

  inspectImage(image: string): Promise<RawImageInspect> {
    return this.call(`inspect image '${image}'`, async () => {
      const raw = (await this.docker.getImage(image).inspect()) as unknown as RawImageInspect;
      return this.version.product === 'podman' ? fromPodmanImage(raw) : raw;
    });
  }

  /** An image's inspect data, or `undefined` when the engine has no image by that reference or id. */
  findImage(image: string): Promise<RawImageInspect | undefined> {
    return this.inspectImage(image).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    });
  }

  /** Images carrying `label` (`key` or `key=value`), tagged or not. */
  listImagesByLabel(label: string): Promise<ImageSummary[]> {
    return this.call(`list images labelled ${label}`, () => listImagesLabelled(this.docker, label));
  }

  /** Remove an image by id or reference; never forced: an image a container uses stays (the engine's 409 is thrown). */
  async removeImage(image: string): Promise<void> {
    await this.call(`remove image '${image}'`, () => this.docker.getImage(image).remove());
  }

  /**
   * Commit a container's filesystem (volumes and tmpfs mounts excluded) as an
   * image tagged `repository:tag`, pausing it meanwhile; resolves to the new
   * image's id. `labels` go into the image's config, and the engine then
   * copies in every label of the container that `labels` does not name (it
   * cannot delete one): name a label to override it.
   */
  commitContainer(id: string, target: CommitTarget, signal?: AbortSignal): Promise<string> {
    const operation = `commit ${this.describe(id)} as ${target.repository}:${target.tag}`;
    return this.call(operation, () => commitContainerAs(this.docker, id, target, operation, signal));
  }

  /** Pull an image; rejects with `ImagePullError`, including errors the daemon reports inside the progress stream. */
  pullImage(image: string, options: RawPullOptions = {}): Promise<void> {
    return pullImageFrom(this.docker, this, image, options);
  }

  tagImage(source: string, repository: string, tag: string): Promise<void> {
    return tagImageAs(this.docker, this, source, repository, tag);
  }

  pushImage(reference: string, options: RawPushOptions = {}): Promise<RawPushResult> {
    return pushImageTo(this.docker, this, reference, options);
  }
  readonly buildImage: EngineClient['buildImage'] = (context, options) =>
    this.call(`build image '${options.displayName}'`, () => buildImageFrom(this.docker, context, options));
  readonly addImageTags: EngineClient['addImageTags'] = (image, references) =>
    this.call(`tag image '${image}'`, () => addTagsTo(this.docker, image, references));

  // ---- containers ----

  /** Create a container named `name`; `displayName` (default `name`) is how later errors about it name it. */
  async createContainer(name: string, body: object, displayName = name, platform?: string): Promise<string> {
    const request = withPublishHostIp(body, this.hostResolution.decision.publishHostIp);
    const created = await this.call(`create container '${displayName}'`, () =>
      this.docker.createContainer({ ...request, name, ...(platform ? { platform } : {}) }),
    );
    this.names.set(created.id, displayName);
    return created.id;
  }

  /** Start it; in a sibling container, also record its network addresses so it can be reached. */
  async startContainer(id: string): Promise<void> {
    await this.call(`start ${this.describe(id)}`, () => this.docker.getContainer(id).start());
    if (this.sibling) {
      const info = await this.inspectContainer(id);
      this.sibling.record(id, info.NetworkSettings?.Networks ?? {});
    }
  }

  /**
   * Attach to a container's output. Call before start to see every byte it
   * writes; the stream ends when the container stops.
   */
  attachContainer(id: string): Promise<Readable> {
    const attach = async () =>
      (await this.docker.getContainer(id).attach({ stream: true, stdout: true, stderr: true })) as unknown as Readable;
    if (this.version.product !== 'podman') return this.call(`attach to ${this.describe(id)}`, attach);
    const waitStop = () => this.docker.getContainer(id).wait({ condition: 'not-running' });
    return this.call(`attach to ${this.describe(id)}`, async () => endAfterStop(await attachSettled(attach), waitStop));
  }

  inspectContainer(id: string): Promise<RawContainerInspect> {
    return this.call(`inspect ${this.describe(id)}`, async () => {
      const raw = (await this.docker.getContainer(id).inspect()) as unknown as RawContainerInspect;
      return this.version.product === 'podman' ? fromPodmanInspect(raw) : raw;
    });
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.call(`stop ${this.describe(id)}`, () => this.docker.getContainer(id).stop({ t: timeoutSeconds }));
  }

  pauseContainer(id: string): Promise<void> {
    return this.call(`pause ${this.describe(id)}`, () => pauseContainer(this.docker, id));
  }

  unpauseContainer(id: string): Promise<void> {
    return this.call(`unpause ${this.describe(id)}`, () => unpauseContainer(this.docker, id));
  }

  killContainer(id: string, signal: string | number): Promise<void> {
    return this.call(`send ${signal} to ${this.describe(id)}`, () => killContainer(this.docker, id, signal));
  }

  async removeContainer(id: string): Promise<void> {
    const remove = () => this.docker.getContainer(id).remove({ force: true, v: true });
    await this.call(`remove ${this.describe(id)}`, () => removeSettled(this.version.product, remove));
    this.sibling?.forget(id);
    this.names.delete(id);
  }

  /** Give a container another name (frees its old one at once). */
  async renameContainer(id: string, name: string): Promise<void> {
    await this.call(`rename ${this.describe(id)}`, () => this.docker.getContainer(id).rename({ name }));
  }

  /** Everything the container has logged so far, demultiplexed. */
  containerLogs(id: string, tty: boolean, options: RawLogsOptions = {}): Promise<OutputChunk[]> {
    return this.call(`read the logs of ${this.describe(id)}`, () => readContainerLogs(this.docker, id, tty, options));
  }

  /** A following log stream (raw bytes, multiplexed unless the container has a TTY). */
  followContainerLogs(id: string, options: RawLogsOptions = {}): Promise<Readable> {
    return this.call(`follow the logs of ${this.describe(id)}`, () => followContainerLogs(this.docker, id, options));
  }

  /** The container's processes as the engine's `top` lists them (pids are the engine host's). */
  topContainer(id: string, psArgs: string): Promise<{ titles: string[]; rows: string[][] }> {
    return this.call(`list the processes of ${this.describe(id)}`, () => topContainer(this.docker, id, psArgs));
  }

  /** A tar archive of `path` in the container (a file or a directory), read whole. */
  containerArchive(id: string, path: string): Promise<Buffer> {
    return this.call(`read '${path}' from ${this.describe(id)}`, () => readArchive(this.docker, id, path));
  }

  putArchive(id: string, path: string, archive: Readable | Buffer): Promise<void> {
    return this.call(`copy into '${path}' in ${this.describe(id)}`, () => putArchive(this.docker, id, path, archive));
  }

  getArchiveStream(id: string, path: string): Promise<Readable> {
    return this.call(`read '${path}' from ${this.describe(id)}`, () => getArchiveStream(this.docker, id, path));
  }

  /**
   * Run a command in a running container and collect its output. The exit
   * code is read only after the output stream has ended, and re-read while
   * the engine still reports the exec as running (a known race).
   */
  exec(id: string, cmd: readonly string[], options: RawExecOptions = {}): Promise<RawExecResult> {
    return this.call(`exec ${JSON.stringify(cmd)} in ${this.describe(id)}`, () =>
      runExec(this.docker.getContainer(id), cmd, options),
    );
  }

  readonly startExec: EngineClient['startExec'] = (id, cmd, options = {}) =>
    this.call(`exec ${JSON.stringify(cmd)} in ${this.describe(id)}`, () =>
      startExecSession(this.docker.getContainer(id), cmd, options),
    );
  readonly inspectExec: EngineClient['inspectExec'] = (execId) =>
    this.call(`inspect exec ${shortId(execId)}`, () => inspectExecSession(this.docker.getExec(execId)));

  // ---- networks ----

  async createNetwork(body: NetworkCreateBody): Promise<string> {
    const network = await this.call(`create network '${body.Name}'`, () =>
      this.docker.createNetwork({ ...body, CheckDuplicate: true }),
    );
    if (this.sibling) {
      // In a sibling container, this process reaches containers over the networks it creates.
      try {
        await this.sibling.join(network.id);
      } catch (error) {
        await this.docker
          .getNetwork(network.id)
          .remove()
          .catch(() => undefined);
        throw mapEngineError(
          this,
          `connect this runner's container ${shortId(this.sibling.runnerContainerId)} to network '${body.Name}'`,
          error,
        );
      }
    }
    return network.id;
  }

  async connectNetwork(networkId: string, containerId: string, aliases: readonly string[]): Promise<void> {
    await this.call(`connect ${this.describe(containerId)} to network ${shortId(networkId)}`, () =>
      this.docker.getNetwork(networkId).connect({ Container: containerId, EndpointConfig: { Aliases: [...aliases] } }),
    );
  }

  /** Disconnect a container (forcibly); a network or container already gone, or not connected, is fine. */
  async disconnectNetwork(networkId: string, containerId: string): Promise<void> {
    try {
      await this.call(`disconnect ${this.describe(containerId)} from network ${shortId(networkId)}`, () =>
        this.docker.getNetwork(networkId).disconnect({ Container: containerId, Force: true }),
      );
    } catch (error) {
      if (isNotFound(error) || /is not connected/i.test(daemonMessage(error))) return;
      throw error;
    }
  }

  /** Remove a network; in a sibling container, the runner's container leaves it first. */
  async removeNetwork(id: string): Promise<void> {
    await this.sibling?.leave(id).catch(() => undefined);
    await this.call(`remove network ${shortId(id)}`, () => this.docker.getNetwork(id).remove());
  }

  // ---- volumes ----

  async createVolume(body: VolumeCreateBody): Promise<string> {
    const volume = await this.call(
      `create volume '${body.Name}'`,
      async () => (await this.docker.createVolume({ ...body })) as unknown as { Name?: string; name?: string },
    );
    return volume.Name ?? volume.name ?? body.Name;
  }

  async removeVolume(name: string): Promise<void> {
    await this.call(`remove volume '${name}'`, () => this.docker.getVolume(name).remove());
  }

  inspectNetwork(id: string): ReturnType<EngineClient['inspectNetwork']> {
    return this.call(`inspect network ${shortId(id)}`, () => inspectNetwork(this.docker, id));
  }

  inspectVolume(name: string): ReturnType<EngineClient['inspectVolume']> {
    return this.call(`inspect volume '${name}'`, () => inspectVolume(this.docker, name));
  }

  volumeExists(name: string): Promise<boolean> {
    return this.exists(`inspect volume '${name}'`, () => this.docker.getVolume(name).inspect());
  }

  // ---- by label ----

  async listByLabel(label: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
    const found = await this.listLabelled([label]);
    const of = (kind: ResourceKind) => found.filter((r) => r.kind === kind).map((r) => r.id);
    return { containers: of('container'), networks: of('network'), volumes: of('volume') };
  }

  listLabelled(labels: readonly string[]): Promise<LabelledResource[]> {
    return this.call(`list resources labelled ${labels.join(', ')}`, () => listLabelled(this.docker, labels));
  }

  async removeResource(kind: ResourceKind, id: string): Promise<RemovalOutcome> {
    try {
      await this.call(`remove ${kind} ${shortId(id)}`, () => removeAnyResource(this.docker, kind, id));
      if (kind === 'container') this.names.delete(id);
      return 'removed';
    } catch (error) {
      if (isNotFound(error)) return 'gone';
      throw error;
    }
  }

  // ---- events ----

  /**
   * Engine events matching `filters`, from `sinceSeconds` (fractional) on,
   * until `signal` aborts. Past events are replayed first, so subscribing a
   * moment late loses nothing.
   */
  async *events(
    filters: Record<string, string[]>,
    sinceSeconds: number,
    signal: AbortSignal,
  ): AsyncGenerator<RawEvent> {
    if (signal.aborted) return;
    const stream = await this.call('follow engine events', () => openEventStream(this.docker, filters, sinceSeconds));
    yield* readEvents(stream, signal);
  }

  /** `container 'web'` for a container this connection created, else `container <short id>`. */
  private describe(id: string): string {
    const name = this.names.get(id);
    return name === undefined ? `container ${shortId(id)}` : `container '${name}'`;
  }

  /** Run one engine request; every failure leaves mapped (see error-mapping). */
  private async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw mapEngineError(this, operation, this.version.product === 'podman' ? fromPodmanError(error) : error);
    }
  }

  /** True when `inspect` succeeds, false on 404. */
  private async exists(operation: string, inspect: () => Promise<unknown>): Promise<boolean> {
    try {
      await this.call(operation, inspect);
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }
}
