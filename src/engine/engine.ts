import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import Dockerode from 'dockerode';
import pRetry from 'p-retry';
import split2 from 'split2';
import {
  type EngineAttempt,
  EngineConnectionLostError,
  EngineRequestError,
  EngineUnavailableError,
  ImagePullError,
} from '../errors.js';
import { logEngineCalls } from './call-log.js';
import { demuxBuffer, FrameDecoder, type OutputChunk } from './demux.js';
import { candidateEndpoints, describeEndpoint, type EndpointEnv, type EngineEndpoint } from './endpoint.js';
import { daemonMessage, isConnectionError, isNotFound, toEngineError } from './error-mapping.js';
import {
  decideHost,
  type HostDecision,
  type HostEnv,
  type HostFacts,
  shortId,
  withPublishHostIp,
} from './host-resolution.js';
import { type EngineFactProbe, gatherHostFacts } from './host-resolution-facts.js';
import { SiblingAttachment } from './host-resolution-sibling.js';
import { withLocalErrors } from './local-error.js';
import type { RawContainerInspect, RawEvent, RawImageInspect } from './raw-types.js';

/** How to reach the engine. Every field is optional; DOCKER_HOST and the default socket are used otherwise. */
export interface EngineOptions {
  /** Engine address: `unix:///var/run/docker.sock`, `tcp://host:2375`. @default DOCKER_HOST, then the usual local sockets */
  readonly host?: string;
  /** How long to wait for the engine to answer its first request. @default 3_000 */
  readonly connectTimeoutMs?: number;
  /**
   * The address published ports are reached on; skips host resolution.
   * @default detected: see docs/topologies.md ($SEAWORTHY_HOST, else 127.0.0.1 for a local engine,
   * the tcp host for a remote one, each container's network address in a sibling container)
   */
  readonly hostAddress?: string;
  /** Environment to read DOCKER_HOST, SEAWORTHY_HOST & co. from. @default process.env */
  readonly env?: EndpointEnv & HostEnv & { readonly DOCKER_CERT_PATH?: string };
}

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

const DEFAULT_CONNECT_TIMEOUT_MS = 3_000;

/**
 * A connection to one Docker engine. It wraps dockerode so nothing above this
 * layer sees dockerode's types, and maps engine failures to seaworthy errors.
 *
 * Requests are unversioned, so the engine answers with its own API version;
 * request bodies stay within Engine API 1.41 (Docker 20.10) so older engines work.
 */
export class Engine {
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

  private constructor(docker: Dockerode, endpoint: EngineEndpoint, version: EngineVersion, hosting: HostResolution) {
    this.docker = docker;
    this.endpoint = endpoint;
    this.version = version;
    this.hostResolution = hosting;
    this.hostAddress = hosting.decision.address;
    const runner = hosting.decision.runnerContainerId;
    this.sibling =
      hosting.decision.reach === 'container-network' && runner
        ? new SiblingAttachment(
            {
              connect: (networkId, containerId) => this.connectNetwork(networkId, containerId, []),
              disconnect: (networkId, containerId) => this.disconnectNetwork(networkId, containerId),
            },
            runner,
            hosting.facts.ownContainer?.networks ?? [],
          )
        : undefined;
  }

  /**
   * Connect to the first engine that answers. Fails fast with
   * {@link EngineUnavailableError} listing every address tried and why.
   */
  static async connect(options: EngineOptions = {}): Promise<Engine> {
    const env = options.env ?? (process.env as EngineOptions['env'] & object);
    const timeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const attempts: EngineAttempt[] = [];
    let lastError: unknown;
    for (const endpoint of candidateEndpoints(options.host, env)) {
      const modemOptions = dockerodeOptions(endpoint, env);
      const probe = logEngineCalls(new Dockerode({ ...modemOptions, timeout: timeoutMs }));
      let version: EngineVersion;
      try {
        const raw = (await probe.version()) as unknown as Record<string, string>;
        version = {
          version: raw.Version ?? 'unknown',
          apiVersion: raw.ApiVersion ?? 'unknown',
          minApiVersion: raw.MinAPIVersion ?? 'unknown',
          os: raw.Os ?? 'unknown',
          arch: raw.Arch ?? 'unknown',
        };
      } catch (error) {
        lastError = error;
        attempts.push({
          host: describeEndpoint(endpoint),
          source: endpoint.source,
          reason: reasonOf(error, timeoutMs),
        });
        continue;
      }
      // Never throws: a failed lookup is a fact like any other.
      const facts = await gatherHostFacts({
        probe: factProbe(probe),
        endpoint,
        env,
        hostAddressOption: options.hostAddress,
      });
      const docker = logEngineCalls(new Dockerode(modemOptions));
      return new Engine(docker, endpoint, version, { facts, decision: decideHost(facts) });
    }
    throw new EngineUnavailableError(attempts, lastError);
  }

  /**
   * Where to reach a container started on this connection: the published-port
   * address, or in a sibling container its address on a network the runner
   * joined. Throws ContainerUnreachableError when there is none.
   */
  containerHost(id: string, displayName: string): string {
    return this.sibling ? this.sibling.address(id, displayName) : this.hostAddress;
  }

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
    return this.exists('inspect image', () => this.docker.getImage(image).inspect());
  }

  async inspectImage(image: string): Promise<RawImageInspect> {
    return (await this.docker.getImage(image).inspect()) as unknown as RawImageInspect;
  }

  /** An image's inspect data, or `undefined` when the engine has no image by that reference or id. */
  async findImage(image: string): Promise<RawImageInspect | undefined> {
    try {
      return await this.inspectImage(image);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw this.wrap(`inspect image '${image}'`, error);
    }
  }

  /** Images carrying `label` (`key` or `key=value`), tagged or not. */
  async listImagesByLabel(label: string): Promise<ImageSummary[]> {
    try {
      const images = await this.docker.listImages({ filters: JSON.stringify({ label: [label] }) });
      return images.map((image) => ({
        id: image.Id,
        repoTags: (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
        labels: image.Labels ?? {},
        sizeBytes: image.Size,
        createdAt: new Date(image.Created * 1000),
      }));
    } catch (error) {
      throw this.wrap(`list images labelled ${label}`, error);
    }
  }

  /**
   * Remove an image by id or reference. Never forced: an image a container
   * still uses stays, and the engine's refusal (409) is thrown.
   */
  async removeImage(image: string): Promise<void> {
    try {
      await this.docker.getImage(image).remove();
    } catch (error) {
      throw this.wrap(`remove image '${image}'`, error);
    }
  }

  /**
   * Commit a container's filesystem (volumes and tmpfs mounts excluded) as an
   * image tagged `repository:tag`, pausing it meanwhile; resolves to the new
   * image's id. `labels` go into the image's config, and the engine then
   * copies in every label of the container that `labels` does not name (it
   * cannot delete one): name a label to override it.
   */
  async commitContainer(
    id: string,
    target: { readonly repository: string; readonly tag: string; readonly labels: Readonly<Record<string, string>> },
    signal?: AbortSignal,
  ): Promise<string> {
    try {
      const result = (await this.docker.getContainer(id).commit({
        _query: { container: id, repo: target.repository, tag: target.tag, pause: true },
        _body: { Labels: { ...target.labels } },
        abortSignal: signal,
      })) as { Id?: string };
      if (result.Id) return result.Id;
    } catch (error) {
      throw this.wrap(`commit container ${shortId(id)} as ${target.repository}:${target.tag}`, error);
    }
    throw new EngineRequestError(
      `commit container ${shortId(id)} as ${target.repository}:${target.tag}`,
      undefined,
      'the engine answered without an image id; check `docker images` for the tag and try again',
    );
  }

  /** Pull an image; rejects with {@link ImagePullError}, including errors the daemon reports inside the progress stream. */
  async pullImage(image: string, signal?: AbortSignal): Promise<void> {
    let stream: Readable;
    try {
      stream = (await this.docker.pull(image, { abortSignal: signal })) as Readable;
    } catch (error) {
      if (isConnectionError(error)) throw this.wrap('pull image', error);
      throw new ImagePullError(image, daemonMessage(error), error);
    }
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
        if (error) return reject(new ImagePullError(image, daemonMessage(error), error));
        const failed = output.find((event) => event.error);
        if (failed?.error) return reject(new ImagePullError(image, failed.error));
        resolve();
      });
    });
  }

  // ---- containers ----

  async createContainer(name: string, body: object): Promise<string> {
    const request = withPublishHostIp(body, this.hostResolution.decision.publishHostIp);
    const created = await this.docker.createContainer({ ...request, name });
    return created.id;
  }

  /** Start it; in a sibling container, also record its network addresses so it can be reached. */
  async startContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).start();
    if (this.sibling) {
      const info = (await this.docker.getContainer(id).inspect()) as unknown as RawContainerInspect;
      this.sibling.record(id, info.NetworkSettings?.Networks ?? {});
    }
  }

  /**
   * Attach to a container's output. Call before start to see every byte it
   * writes; the stream ends when the container stops.
   */
  async attachContainer(id: string): Promise<Readable> {
    return (await this.docker.getContainer(id).attach({
      stream: true,
      stdout: true,
      stderr: true,
    })) as unknown as Readable;
  }

  async inspectContainer(id: string): Promise<RawContainerInspect> {
    return (await this.docker.getContainer(id).inspect()) as unknown as RawContainerInspect;
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.docker.getContainer(id).stop({ t: timeoutSeconds });
  }

  async removeContainer(id: string): Promise<void> {
    await this.docker.getContainer(id).remove({ force: true, v: true });
    this.sibling?.forget(id);
  }

  /** Give a container another name (frees its old one at once). */
  async renameContainer(id: string, name: string): Promise<void> {
    await this.docker.getContainer(id).rename({ name });
  }

  /** Everything the container has logged so far, demultiplexed. */
  async containerLogs(id: string, tty: boolean, options: RawLogsOptions = {}): Promise<OutputChunk[]> {
    const buffer = (await this.docker.getContainer(id).logs(logQuery(options, false))) as unknown as Buffer;
    // dockerode hands back the multiplexed frames even for a non-follow call.
    return tty ? [{ stream: 'stdout', data: buffer }] : demuxBuffer(buffer);
  }

  /** A following log stream (raw bytes, multiplexed unless the container has a TTY). */
  async followContainerLogs(id: string, options: RawLogsOptions = {}): Promise<Readable> {
    return (await this.docker.getContainer(id).logs(logQuery(options, true))) as unknown as Readable;
  }

  /**
   * The container's processes as the engine's `top` lists them: it runs `ps`
   * with `psArgs` on the engine's host, so pids are the host's.
   */
  async topContainer(id: string, psArgs: string): Promise<{ titles: string[]; rows: string[][] }> {
    const raw = (await this.docker.getContainer(id).top({ ps_args: psArgs })) as {
      Titles?: string[];
      Processes?: string[][] | null;
    };
    return { titles: raw.Titles ?? [], rows: raw.Processes ?? [] };
  }

  /** A tar archive of `path` in the container (a file or a directory), read whole. */
  async containerArchive(id: string, path: string): Promise<Buffer> {
    const stream = (await this.docker.getContainer(id).getArchive({ path })) as unknown as Readable;
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * Run a command in a running container and collect its output. The exit
   * code is read only after the output stream has ended, and re-read while
   * the engine still reports the exec as running (a known race).
   */
  async exec(id: string, cmd: readonly string[], options: RawExecOptions = {}): Promise<RawExecResult> {
    const exec = await this.docker.getContainer(id).exec({
      Cmd: [...cmd],
      AttachStdout: true,
      AttachStderr: true,
      AttachStdin: false,
      Tty: false,
      ...(options.user !== undefined ? { User: options.user } : {}),
      ...(options.env !== undefined ? { Env: [...options.env] } : {}),
      ...(options.workdir !== undefined ? { WorkingDir: options.workdir } : {}),
    });
    const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
    const decoder = new FrameDecoder();
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        stream.destroy();
        reject(options.signal?.reason ?? new Error('exec aborted'));
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      stream.on('data', (chunk: Buffer) => {
        for (const frame of decoder.push(chunk)) (frame.stream === 'stderr' ? stderr : stdout).push(frame.data);
      });
      stream.once('end', done);
      stream.once('close', done);
      stream.once('error', (error) => {
        options.signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
    });
    const exitCode = await pRetry(
      withLocalErrors(async () => {
        const info = (await exec.inspect()) as { Running: boolean; ExitCode: number | null };
        if (info.Running || info.ExitCode === null) throw new Error('exec still reported as running');
        return info.ExitCode;
      }),
      { retries: 20, minTimeout: 5, maxTimeout: 50, factor: 1.5 },
    );
    return { exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
  }

  // ---- networks ----

  async createNetwork(body: {
    Name: string;
    Driver?: string;
    Internal?: boolean;
    Labels: Record<string, string>;
  }): Promise<string> {
    const network = await this.docker.createNetwork({ ...body, CheckDuplicate: true });
    if (this.sibling) {
      // In a sibling container, this process reaches containers over the networks it creates.
      try {
        await this.sibling.join(network.id);
      } catch (error) {
        await this.docker
          .getNetwork(network.id)
          .remove()
          .catch(() => undefined);
        throw this.wrap(
          `connect this runner's container ${shortId(this.sibling.runnerContainerId)} to network '${body.Name}'`,
          error,
        );
      }
    }
    return network.id;
  }

  async connectNetwork(networkId: string, containerId: string, aliases: readonly string[]): Promise<void> {
    await this.docker
      .getNetwork(networkId)
      .connect({ Container: containerId, EndpointConfig: { Aliases: [...aliases] } });
  }

  /** Disconnect a container (forcibly); a network or container already gone, or not connected, is fine. */
  async disconnectNetwork(networkId: string, containerId: string): Promise<void> {
    try {
      await this.docker.getNetwork(networkId).disconnect({ Container: containerId, Force: true });
    } catch (error) {
      if (isNotFound(error) || /is not connected/i.test(daemonMessage(error))) return;
      throw error;
    }
  }

  /** Remove a network; in a sibling container, the runner's container leaves it first. */
  async removeNetwork(id: string): Promise<void> {
    await this.sibling?.leave(id).catch(() => undefined);
    await this.docker.getNetwork(id).remove();
  }

  // ---- volumes ----

  async createVolume(body: { Name: string; Driver?: string; Labels: Record<string, string> }): Promise<string> {
    const volume = (await this.docker.createVolume(body)) as unknown as { Name?: string; name?: string };
    return volume.Name ?? volume.name ?? body.Name;
  }

  async removeVolume(name: string): Promise<void> {
    await this.docker.getVolume(name).remove();
  }

  volumeExists(name: string): Promise<boolean> {
    return this.exists('inspect volume', () => this.docker.getVolume(name).inspect());
  }

  /** True when `inspect` succeeds, false on 404. */
  private async exists(operation: string, inspect: () => Promise<unknown>): Promise<boolean> {
    try {
      await inspect();
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw this.wrap(operation, error);
    }
  }

  // ---- listing by label ----

  async listByLabel(label: string): Promise<{ containers: string[]; networks: string[]; volumes: string[] }> {
    const filters = JSON.stringify({ label: [label] });
    const [containers, networks, volumes] = await Promise.all([
      this.docker.listContainers({ all: true, filters }),
      this.docker.listNetworks({ filters }),
      this.docker.listVolumes({ filters }),
    ]);
    return {
      containers: containers.map((c) => c.Id),
      networks: networks.map((n) => n.Id),
      volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    };
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
    const stream = (await this.docker.getEvents({
      filters: JSON.stringify(filters),
      since: sinceSeconds.toFixed(3),
    } as unknown as Dockerode.GetEventsOptions)) as unknown as Readable;
    const lines = stream.pipe(split2((line: string) => (line.trim() ? (JSON.parse(line) as RawEvent) : undefined)));
    const onAbort = () => {
      stream.destroy();
      lines.end();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for await (const event of lines) {
        if (signal.aborted) return;
        yield event as RawEvent;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      stream.destroy();
    }
  }

  /**
   * Wrap an engine error for `operation` (see error-mapping); other errors
   * pass through. This engine answered when it connected, so a connection
   * error now means it was lost: {@link EngineConnectionLostError}.
   */
  wrap(operation: string, error: unknown): unknown {
    if (isConnectionError(error)) {
      return new EngineConnectionLostError(this.address, operation, reasonOf(error, 0), error);
    }
    return toEngineError(operation, error);
  }
}

/** What host resolution asks the engine, over the connection's first client. */
function factProbe(docker: Dockerode): EngineFactProbe {
  return {
    async inspectContainer(ref) {
      try {
        const raw = (await docker.getContainer(ref).inspect()) as unknown as RawContainerInspect & {
          HostConfig?: { NetworkMode?: string };
        };
        return {
          id: raw.Id,
          name: raw.Name.replace(/^\//, ''),
          hostname: raw.Config.Hostname ?? '',
          networkMode: raw.HostConfig?.NetworkMode ?? '',
          networks: Object.keys(raw.NetworkSettings?.Networks ?? {}),
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async engineHostname() {
      return ((await docker.info()) as { Name?: string }).Name ?? '';
    },
  };
}

function logQuery<F extends boolean>(options: RawLogsOptions, follow: F) {
  return {
    follow,
    stdout: true,
    stderr: true,
    timestamps: options.timestamps ?? false,
    since: options.since ?? 0,
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
}

function dockerodeOptions(endpoint: EngineEndpoint, env: EngineOptions['env'] & object): Dockerode.DockerOptions {
  if (endpoint.kind === 'unix') return { socketPath: endpoint.socketPath };
  if (!endpoint.tls) return { host: endpoint.host, port: endpoint.port, protocol: 'http' };
  const certDir = env.DOCKER_CERT_PATH ?? join(env.HOME ?? '', '.docker');
  const read = (file: string) => readFileSync(join(certDir, file));
  return {
    host: endpoint.host,
    port: endpoint.port,
    protocol: 'https',
    ca: read('ca.pem'),
    cert: read('cert.pem'),
    key: read('key.pem'),
  };
}

function reasonOf(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; message?: string };
  switch (e?.code) {
    case 'ENOENT':
      return 'no socket at that path';
    case 'ECONNREFUSED':
      return 'connection refused (is dockerd running?)';
    case 'EACCES':
      return 'permission denied (add your user to the docker group, or use sudo)';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs} ms`;
    default:
      if (/timeout/i.test(e?.message ?? '')) return `no answer within ${timeoutMs} ms`;
      return e?.message ?? String(error);
  }
}
