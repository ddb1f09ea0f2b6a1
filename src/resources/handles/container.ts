import { PassThrough, type Readable } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { DemuxStream, type OutputChunk, RawOutputStream } from '../../engine/demux.js';
import { daemonMessage, mapEngineError, statusCodeOf } from '../../engine/error-mapping.js';
import { ContainerRemovedError } from '../../errors/index.js';
import { assertDuration } from '../../options/duration.js';
import type { ContainerOptions } from '../definitions/container-options.js';
import type { PortSpec } from '../definitions/ports.js';
import type { CopyInEntry } from '../files/copy-entry.js';
import { copyIntoContainer } from '../files/copy-in.js';
import { copyFromContainer } from '../files/copy-out.js';
import { LineSplitter } from '../logs/line-splitter.js';
import type { LogCapture } from '../logs/log-capture.js';
import type { LogLine, LogSource } from '../logs/log-line.js';
import { type ContainerInfo, type ContainerState, toContainerInfo } from './container-info.js';
import { baseUrlOf, hostPortOf } from './published-port.js';
import { type ExecOptions, type ExecResult, runWait, type WaitStrategy } from './readiness.js';
import { runExec } from './run-exec.js';
import { createWaitContext, type WaitTarget } from './wait-context.js';

/** Everything a container's logs held at one moment, demultiplexed. */
export interface ContainerLogs {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Both streams, in the order the engine recorded them. */
  readonly combined: Buffer;
  /** Lines of both streams, in order. */
  readonly lines: readonly LogLine[];
}

export interface LogsOptions {
  /** Only lines after this time. */
  readonly since?: Date;
  /** Only the last N lines. */
  readonly tail?: number;
}

export interface FollowLogsOptions extends LogsOptions {
  /** Ends the stream when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A following log stream (see `Container.followLogs()`): iterate it with
 * `for await` to get typed {@link OutputChunk}s, and `close()` it (or break
 * out of the loop) to stop following. It is also a Node `Readable` in object
 * mode, so `pipe()` and `on('data')` keep working.
 */
export interface OutputChunkStream extends Readable {
  [Symbol.asyncIterator](): NodeJS.AsyncIterator<OutputChunk>;
  /** Stop following: a `for await` loop over it ends, and the engine connection is released. */
  close(): void;
}

export interface TeardownOptions {
  /** Resolve once the name is free; remove in the background. @default false */
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
  readonly info: ContainerInfo;
  readonly capture: LogCapture;
  readonly waitTarget: WaitTarget;
  readonly exited: Promise<{ exitCode: number | undefined; oomKilled: boolean }>;
  readonly teardown: () => Promise<void>;
  /** Frees the name and removes in the background (see `teardown({ background: true })`). */
  readonly retire: () => Promise<void>;
}

/**
 * A live container, returned by `definition.setup(helper)`. Torn down by
 * `teardown()`, by `await using`, or with its helper.
 */
export class Container {
  /** Engine id. */
  readonly id: string;
  /** Full name on the engine: `<namespace>_<definition name>`. */
  readonly name: string;
  readonly definition: ContainerSource;
  /** Inspect data from right after start (ports, pid, config). Use `inspect()` for fresh data. */
  readonly startInfo: ContainerInfo;
  /** The engine connection it lives on. */
  readonly engine: EngineClient;
  private readonly capture: LogCapture;
  private readonly waitTarget: WaitTarget;
  private readonly exited: ContainerInit['exited'];
  private readonly remove: () => Promise<void>;
  private readonly retire: () => Promise<void>;
  private readonly teardownHooks: (() => unknown)[] = [];
  private exitSeen = false;
  private removed = false;

  constructor(init: ContainerInit) {
    this.engine = init.engine;
    this.definition = init.definition;
    this.id = init.id;
    this.name = init.name;
    this.startInfo = init.info;
    this.capture = init.capture;
    this.waitTarget = init.waitTarget;
    this.exited = init.exited;
    this.remove = init.teardown;
    this.retire = init.retire;
    init.exited.then(
      () => {
        this.exitSeen = true;
      },
      () => undefined,
    );
  }

  /**
   * @internal Whether it has been seen to stop on its own since start (its
   * output ended and the engine said it is not running). Costs no request;
   * `state()` asks the engine.
   */
  get exitObserved(): boolean {
    return this.exitSeen;
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

  /** Fresh inspect data. */
  async inspect(): Promise<ContainerInfo> {
    return toContainerInfo(await this.onEngine('inspect it', () => this.engine.inspectContainer(this.id)));
  }

  async state(): Promise<ContainerState> {
    return (await this.inspect()).state;
  }

  /** Exit code once stopped; `undefined` while running. */
  async exitCode(): Promise<number | undefined> {
    return (await this.state()).exitCode;
  }

  /** Output captured live since before start (bounded to the newest 10 000 lines). */
  get output(): LogSource {
    return this.capture;
  }

  /** All logs so far, from the engine, demultiplexed. */
  async logs(options: LogsOptions = {}): Promise<ContainerLogs> {
    const chunks = await this.onEngine('read its logs', () =>
      this.engine.containerLogs(this.id, this.startInfo.config.tty, rawLogOptions(options)),
    );
    const pick = (stream?: 'stdout' | 'stderr') =>
      Buffer.concat(chunks.filter((c) => !stream || c.stream === stream).map((c) => c.data));
    return {
      stdout: pick('stdout'),
      stderr: pick('stderr'),
      combined: pick(),
      lines: splitChunks(chunks),
    };
  }

  /**
   * Follow the logs as demultiplexed `{ stream, data }` chunks
   * ({@link OutputChunk}); the stream ends when the container stops, when
   * `signal` aborts or when it is closed. See {@link OutputChunkStream}.
   */
  async followLogs(options: FollowLogsOptions = {}): Promise<OutputChunkStream> {
    const raw = await this.onEngine('follow its logs', () =>
      this.engine.followContainerLogs(this.id, rawLogOptions(options)),
    );
    const out = Object.assign(this.startInfo.config.tty ? new RawOutputStream() : new DemuxStream(), {
      close(): void {
        raw.destroy();
        out.end();
      },
    });
    // A lost engine ends the stream with an error, typed like any other call's.
    raw.on('error', (error) => {
      const wrapped = mapEngineError(this.engine.address, `follow the logs of '${this.definition.name}'`, error);
      out.destroy(wrapped instanceof Error ? wrapped : error);
    });
    raw.on('end', () => out.end());
    // Destroyed (a `for await` loop broke out, say): release the engine connection too.
    out.once('close', () => raw.destroy());
    raw.pipe(out);
    if (options.signal) {
      if (options.signal.aborted) out.close();
      else options.signal.addEventListener('abort', () => out.close(), { once: true });
    }
    return out;
  }

  /** Follow the logs line by line (split with split2, per stream); stop by breaking out of the loop. */
  async *followLogLines(options: FollowLogsOptions = {}): AsyncGenerator<LogLine> {
    const chunks = await this.followLogs(options);
    const lines = new PassThrough({ objectMode: true });
    const splitter = new LineSplitter((line) => lines.write(line));
    chunks.on('data', (chunk: OutputChunk) => splitter.write(chunk));
    chunks.once('end', () => splitter.end().then(() => lines.end()));
    // The loop rethrows what ended the stream (a lost engine, say) instead of waiting forever.
    chunks.once('error', (error) => lines.destroy(error));
    try {
      yield* lines as AsyncIterable<LogLine>;
    } finally {
      chunks.destroy();
      lines.destroy();
    }
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
  waitFor(strategy: WaitStrategy, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
    return runWait(
      strategy,
      (signal, progress) => createWaitContext(this.waitTarget, signal, progress),
      this.definition.name,
      this.capture,
      {
        timeoutMs: options.timeoutMs,
        exited: this.exited,
        ...(options.signal ? { signal: options.signal } : {}),
      },
    );
  }

  /** Stop it (SIGTERM, then SIGKILL after `timeoutMs`). It stays until teardown, so its logs and exit code can be read. */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    assertDuration('stop timeoutMs', timeoutMs, { allowZero: true });
    await this.onEngine('stop it', () =>
      this.engine.stopContainer(this.id, Math.ceil(timeoutMs / 1000)).catch((error: unknown) => {
        // 304: it had stopped already.
        if (statusCodeOf(error) !== 304) throw error;
      }),
    );
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
  }

  /**
   * Remove it (killing it if running). Idempotent; tolerates it being gone already.
   *
   * With `{ background: true }` it resolves as soon as the container is out
   * of the way: renamed (so the next container of this definition can take
   * its name) while the removal runs in the background. The helper keeps
   * tracking it: networks and volumes wait for it, and the helper's
   * `teardown()` awaits it, so nothing is left behind. The fixture adapters
   * don't use it: on Docker 20.10, renames amid other containers' churn on
   * one network left networks the engine refused to remove (docs/scope-test.md).
   */
  async teardown(options: TeardownOptions = {}): Promise<void> {
    await this.runTeardownHooks();
    return options.background ? this.retire() : this.remove();
  }

  // ---- files into and out of the container (issue 13; src/resources/files/, docs/files.md) ----

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

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}

/** The engine's 404 for a container it does not know (raw, or already typed as ours). */
/** The engine's 404 for a container it no longer knows (not for a missing path in one it does). */
function isNoSuchContainer(error: unknown): boolean {
  return statusCodeOf(error) === 404 && /no such container/i.test(daemonMessage(error));
}

function rawLogOptions(options: LogsOptions) {
  return {
    ...(options.since ? { since: options.since.getTime() / 1000 } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
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
