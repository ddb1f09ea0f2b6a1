import type { EngineClient } from '../../engine/client.js';
import type { OutputChunk } from '../../engine/demux.js';
import { daemonMessage, mapEngineError, statusCodeOf } from '../../engine/error-mapping.js';
import { ContainerRemovedError, type ContainerStatus } from '../../errors/index.js';
import type { ContainerOptions } from '../definitions/container-options.js';
import type { PortSpec } from '../definitions/ports.js';
import type { CopyInEntry } from '../files/copy-entry.js';
import { copyIntoContainer } from '../files/copy-in.js';
import { copyFromContainer } from '../files/copy-out.js';
import type { LogChunk, LogLine, LogSource } from '../logs/log-line.js';
import {
  type CommitOptions,
  type CommittedImage,
  commitContainerImage,
  validateCommitOptions,
} from './container-commit.js';
import { type ContainerInfo, type ContainerState, toContainerInfo } from './container-info.js';
import { ContainerLifecycle, type RestartOptions, type StartOptions, type StopOptions } from './container-lifecycle.js';
import {
  type ContainerLogs,
  type FollowLogsOptions,
  followStream,
  linesFollowed,
  type OutputChunkStream,
  toContainerLogs,
} from './container-logs.js';
import type { ContainerRun, ContainerStarter } from './container-run.js';
import type { DetachedExec } from './exec-types.js';
import { type LogsOptions, logQuery } from './log-query.js';
import { baseUrlOf, hostPortOf, onlyPublishedPort } from './published-port.js';
import { type ExecOptions, type ExecResult, runWait, type WaitStrategy } from './readiness.js';
import { runExec, startDetachedExec } from './run-exec.js';
import { createWaitContext } from './wait-context.js';

export type { ContainerLogs, FollowLogsOptions, OutputChunkStream } from './container-logs.js';
export type { LogStreams, LogsOptions, LogTime } from './log-query.js';

export interface TeardownOptions {
  /** Resolve at once; remove in the background (the helper's teardown awaits it). @default false */
  readonly background?: boolean;
}

/** The definition a handle was made from, as the handle sees it: its name and options. */
export interface ContainerSource {
  readonly name: string;
  readonly options: ContainerOptions;
}

/** What a container handle is built from (see `ContainerDefinition.createHandle`). */
export interface ContainerInit {
  readonly engine: EngineClient;
  readonly definition: ContainerSource;
  readonly id: string;
  readonly name: string;
  /** Inspect data: from right after start, or from right after create for a container not started yet. */
  readonly info: ContainerInfo;
  /** Its current start; `undefined` for a container created and not started yet (`definition.create()`). */
  readonly run: ContainerRun | undefined;
  /** Starts it (again): launch's start phase. */
  readonly starter: ContainerStarter;
  readonly teardown: () => Promise<void>;
  /** Removes in the background (see `teardown({ background: true })`). */
  readonly retire: () => Promise<void>;
}

/**
 * A live container, returned by `definition.setup(helper)` (started and
 * ready) or `definition.create(helper)` (created, not started: see
 * `start()`). Torn down by `teardown()`, by `await using`, or with its helper.
 */
export class Container {
  /** Engine id. */
  readonly id: string;
  /** Full name on the engine: `<namespace>_<definition name>`. */
  readonly name: string;
  readonly definition: ContainerSource;
  /** The engine connection it lives on. */
  readonly engine: EngineClient;
  private readonly lifecycle: ContainerLifecycle;
  private readonly remove: () => Promise<void>;
  private readonly retire: () => Promise<void>;
  private readonly teardownHooks: (() => unknown)[] = [];
  private removed = false;

  constructor(init: ContainerInit) {
    this.engine = init.engine;
    this.definition = init.definition;
    this.id = init.id;
    this.name = init.name;
    this.remove = init.teardown;
    this.retire = init.retire;
    this.lifecycle = new ContainerLifecycle(
      {
        engine: init.engine,
        id: init.id,
        displayName: init.definition.name,
        starter: init.starter,
        onEngine: (action, request) => this.onEngine(action, request),
      },
      init.info,
      init.run,
    );
  }

  /**
   * Inspect data from right after its latest start (ports, pid, config);
   * before the first start, from right after create. Use `inspect()` for fresh data.
   */
  get startInfo(): ContainerInfo {
    return this.lifecycle.info;
  }

  /**
   * @internal Whether it has been seen to stop since its latest start (its
   * output ended and the engine said it is not running). Costs no request;
   * `state()` asks the engine.
   */
  get exitObserved(): boolean {
    return this.lifecycle.exitObserved;
  }

  /**
   * Address its ports are reached on from this process: where published ports
   * are (e.g. 127.0.0.1), or, when the tests run in a sibling container, the
   * container's own address on its helper's network (see docs/topologies.md).
   */
  get host(): string {
    return this.engine.containerHost(this.id, this.definition.name);
  }

  /**
   * Port that `containerPort` is reached on at {@link host}: the host port it
   * is published on, or, in a sibling container, the container port itself.
   * Throws PortNotPublishedError if it is not published.
   */
  hostPort(containerPort: PortSpec): number {
    this.lifecycle.assertStarted('hostPort()');
    return hostPortOf(this.startInfo, this.definition.name, containerPort, this.engine.reachesContainerPorts);
  }

  /** `http://<host>:<hostPort>` for a published container port, e.g. `http://127.0.0.1:49153`. */
  baseUrl(containerPort: PortSpec, scheme = 'http'): string {
    return baseUrlOf(this.host, this.hostPort(containerPort), scheme);
  }

  /**
   * @internal Throws {@link ContainerRemovedError} once `teardown()` (its
   * own or its helper's) has begun, so calls after it say so instead of
   * failing with the engine's 404.
   */
  assertNotRemoved(action: string): void {
    if (this.removed) throw new ContainerRemovedError(this.definition.name, action);
  }

  /**
   * One engine request about this container, for `action`: refused with
   * {@link ContainerRemovedError} after teardown, or when the engine no
   * longer knows the container; any other failure as the engine client typed it.
   */
  private async onEngine<T>(action: string, request: () => Promise<T>): Promise<T> {
    this.assertNotRemoved(action);
    try {
      return await request();
    } catch (error) {
      throw isNoSuchContainer(error) ? new ContainerRemovedError(this.definition.name, action, error) : error;
    }
  }

  /**
   * @internal Whether the engine says it no longer knows this container (one
   * inspect). For answers that are 404 either way, like reading a path.
   */
  async goneFromEngine(): Promise<boolean> {
    return this.engine.inspectContainer(this.id).then(
      () => false,
      (error: unknown) => isNoSuchContainer(error),
    );
  }

  /** Fresh inspect data (its state also refreshes {@link status}). */
  async inspect(): Promise<ContainerInfo> {
    const info = toContainerInfo(await this.onEngine('inspect it', () => this.engine.inspectContainer(this.id)));
    this.lifecycle.observe(info.state);
    return info;
  }

  /** The engine's state, fresh (one inspect); {@link status} is the handle's own view, with no request. */
  async state(): Promise<ContainerState> {
    return (await this.inspect()).state;
  }

  /** Exit code once stopped; `undefined` while running. */
  async exitCode(): Promise<number | undefined> {
    return (await this.state()).exitCode;
  }

  /**
   * Output captured live since before its latest start (bounded to the
   * newest 10 000 lines); subscriptions carry over to the next start.
   */
  get output(): LogSource {
    return this.lifecycle.output;
  }

  /**
   * All logs so far, from the engine, demultiplexed. `streams`, `since`,
   * `until`, `tail` and `timestamps` narrow and annotate them (docs/logs.md).
   */
  async logs(options: LogsOptions = {}): Promise<ContainerLogs> {
    const query = logQuery(options);
    const tty = this.startInfo.config.tty;
    const chunks = await this.onEngine('read its logs', () => this.engine.containerLogs(this.id, tty, query));
    return toContainerLogs(chunks, tty, query.timestamps);
  }

  /**
   * Follow the logs as demultiplexed `{ stream, data, timestamp? }` chunks
   * ({@link LogChunk}); the stream ends when the container stops, when
   * `signal` aborts or when it is closed. See {@link OutputChunkStream}.
   */
  async followLogs(options: FollowLogsOptions = {}): Promise<OutputChunkStream> {
    const query = logQuery(options);
    const raw = await this.onEngine('follow its logs', () => this.engine.followContainerLogs(this.id, query));
    return followStream(raw, {
      tty: this.startInfo.config.tty,
      timestamps: query.timestamps,
      signal: options.signal,
      mapError: (error) => mapEngineError(this.engine, `follow the logs of '${this.definition.name}'`, error),
    });
  }

  /** Follow the logs line by line, per stream (same options as `followLogs()`); stop by breaking out of the loop. */
  async *followLogLines(options: FollowLogsOptions = {}): AsyncGenerator<LogLine> {
    yield* linesFollowed(await this.followLogs(options));
  }

  /** Run a command; resolves with its exit code and output once it has finished. */
  async exec(cmd: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    return this.onEngine(`run ${JSON.stringify(cmd)} in it`, () =>
      runExec(this.engine, this.id, this.definition.name, cmd, options),
    );
  }

  /**
   * Wait for a condition on the running container, with the same failure
   * modes as the startup wait: a typed timeout with the last log lines, and a
   * fast failure if the container exits.
   */
  async waitFor(strategy: WaitStrategy, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    const run = this.lifecycle.currentRun('waitFor()');
    return runWait(
      strategy,
      (signal, progress) => createWaitContext(run.waitTarget, signal, progress),
      this.definition.name,
      run.capture,
      {
        timeoutMs: options.timeoutMs,
        exited: run.exited,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }

  /**
   * Stop it (its stop signal, SIGTERM by default, then SIGKILL after
   * `timeoutMs`). Fine on a container already stopped, or never started. It
   * stays until teardown, so its logs and exit code can be read, and
   * `start()` starts it again.
   */
  stop(options: StopOptions = {}): Promise<void> {
    return this.lifecycle.stop(options);
  }

  /**
   * Run `hook` just before the container is removed, whether by `teardown()`
   * or by its helper's teardown (e.g. to close a client bound to it).
   */
  onTeardown(hook: () => unknown): void {
    this.teardownHooks.push(hook);
  }

  /**
   * @internal Runs and forgets the teardown hooks, newest first; their
   * failures are ignored. Afterwards the handle counts as removed.
   */
  async runTeardownHooks(): Promise<void> {
    const hooks = this.teardownHooks.splice(0).reverse();
    for (const hook of hooks)
      await Promise.resolve()
        .then(hook)
        .catch(() => undefined);
    // The hooks may still use the container; from here on it is being removed.
    this.removed = true;
    this.lifecycle.markRemoved();
  }

  /**
   * Remove it (killing it if running). Idempotent; tolerates it being gone already.
   *
   * With `{ background: true }` it resolves at once while the removal runs
   * in the background (until it is over, the next container of this
   * definition in the same helper gets a name of its own, `<name>-<n>`). The
   * helper keeps tracking it: networks and volumes wait for it, and the
   * helper's `teardown()` awaits it, so nothing is left behind. Test-scoped
   * fixtures tear down this way (docs/scope-test.md).
   */
  async teardown(options: TeardownOptions = {}): Promise<void> {
    await this.runTeardownHooks();
    return options.background ? this.retire() : this.remove();
  }

  // ---- lifecycle (issue 13): src/resources/handles/container-lifecycle.ts ----

  /** Where it is in its life, with no request: its own steps, an exit seen, every `inspect()`/`state()`. */
  get status(): ContainerStatus {
    return this.lifecycle.status;
  }

  /**
   * Start it (created, or stopped): a new capture first, fresh inspect data
   * (an engine-picked host port changes), then the definition's wait.
   * `ContainerStateError` when it is running or paused.
   */
  start(options: StartOptions = {}): Promise<void> {
    return this.lifecycle.start(options);
  }

  /** Stop it if it runs (or is paused), then start it as `start()` does, wait included. */
  restart(options: RestartOptions = {}): Promise<void> {
    return this.lifecycle.restart(options);
  }

  /** Freeze its processes (it keeps its ports and memory; connections hang). Needs it running. */
  pause(): Promise<void> {
    return this.lifecycle.pause();
  }

  /** Thaw it after `pause()`. Needs it paused. */
  unpause(): Promise<void> {
    return this.lifecycle.unpause();
  }

  /** Signal its main process; SIGKILL (the default) resolves once it is gone, others once delivered. */
  kill(signal: string | number = 'SIGKILL'): Promise<void> {
    return this.lifecycle.kill(signal);
  }

  /** The host port of its one published port; `AmbiguousPortError` naming them if it publishes none or several. */
  firstHostPort(): number {
    this.lifecycle.assertStarted('firstHostPort()');
    return this.hostPort(onlyPublishedPort(this.startInfo, this.definition.name, 'firstHostPort()'));
  }

  /** `http://<host>:<port>` (or `scheme`) for its one published port; see {@link firstHostPort}. */
  firstBaseUrl(scheme = 'http'): string {
    this.lifecycle.assertStarted('firstBaseUrl()');
    return this.baseUrl(onlyPublishedPort(this.startInfo, this.definition.name, 'firstBaseUrl()'), scheme);
  }

  // ---- exec options (issue 13) ----

  /**
   * Start a command and return at once, with a handle to wait for its exit
   * code and output later, or to kill it (see docs/exec.md). Takes the same
   * options as `exec()`.
   */
  async execDetached(cmd: readonly string[], options: ExecOptions = {}): Promise<DetachedExec> {
    return this.onEngine(`run ${JSON.stringify(cmd)} in it`, () =>
      startDetachedExec(this.engine, this.id, this.definition.name, cmd, options),
    );
  }

  // ---- files into and out of the container (issue 13; src/resources/files/, docs/lifecycle.md) ----

  /**
   * Copy files, folders, text or bytes, and tar archives into it, in one
   * upload through the engine (nothing is needed in the image, and it works
   * before start and after stop), e.g.
   * `copyIn([{ content: 'x', target: '/etc/app.conf', mode: 0o644, owner: 'app' }, { source: './dir', target: '/srv/dir' }])`.
   * Entries are checked first: bad ones throw InvalidOptionError (`copyIn[i]…`) before anything changes.
   */
  async copyIn(entries: CopyInEntry | readonly CopyInEntry[]): Promise<void> {
    const list = Array.isArray(entries) ? entries : [entries];
    await this.onEngine('copy files into it', () =>
      copyIntoContainer({ engine: this.engine, id: this.id, displayName: this.definition.name }, list, 'copyIn'),
    );
  }

  /**
   * Copy a file or a folder (recursively) out of it to `hostPath`, the path
   * the copy becomes. Throws FileNotFoundError when nothing is at `containerPath`.
   */
  async copyOut(containerPath: string, hostPath: string | URL): Promise<void> {
    await this.onEngine(`copy '${containerPath}' out of it`, () =>
      copyFromContainer(
        { engine: this.engine, id: this.id, displayName: this.definition.name },
        containerPath,
        hostPath,
      ),
    );
  }

  // ---- commit (issue 14) ----

  /**
   * Make an image of the container as it is now (its files, and its config
   * with `changes` applied), tagged `repository:tag`; paused meanwhile
   * unless `pause: false`. Options are checked before the engine is asked
   * (InvalidOptionError naming `commit.<option>`). The image is not removed
   * with the container: call `remove()` on the result when done.
   */
  async commit(options: CommitOptions): Promise<CommittedImage> {
    validateCommitOptions(options);
    return this.onEngine(`commit it as ${options.repository}:${options.tag ?? 'latest'}`, () =>
      commitContainerImage(this.engine, this.id, options),
    );
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}

/** The engine's 404 for a container it does not know (raw, or already typed as ours). */
/** The engine's 404 for a container it no longer knows (not for a missing path in one it does). */
function isNoSuchContainer(error: unknown): boolean {
  return statusCodeOf(error) === 404 && /no such container/i.test(daemonMessage(error));
}

/** Split demultiplexed chunks into lines per stream, keeping their order of completion. */
export function splitChunks(chunks: readonly OutputChunk[]): LogLine[] {
  const partial = { stdout: '', stderr: '' };
  const lines: LogLine[] = [];
  for (const chunk of chunks) {
    const parts = (partial[chunk.stream] + chunk.data.toString('utf8')).split(/\r?\n/);
    partial[chunk.stream] = parts.pop() ?? '';
    for (const text of parts) lines.push({ stream: chunk.stream, text, index: lines.length });
  }
  for (const stream of ['stdout', 'stderr'] as const) {
    if (partial[stream]) lines.push({ stream, text: partial[stream], index: lines.length });
  }
  return lines;
}
