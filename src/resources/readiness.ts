import { ContainerExitedError, InvalidOptionError, WaitAbortedError, WaitTimeoutError } from '../errors/index.js';
import type { ContainerInfo } from './container-info.js';
import type { LogSource } from './log-line.js';
import type { PortSpec } from './ports.js';

/** Default time a wait may take. */
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/** Output of a command run in the container. */
export interface ExecResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ExecOptions {
  readonly user?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly workdir?: string;
  readonly signal?: AbortSignal;
}

/** A Docker engine event about this container, in seaworthy's types. */
export interface ContainerEvent {
  /** e.g. `start`, `die`, `health_status: healthy`. */
  readonly action: string;
  readonly time: Date;
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * What a wait strategy can see of the container it waits on. All of it is
 * backed by streams the container already has open, or by single requests:
 * nothing here polls unless the strategy itself does.
 */
export interface WaitContext {
  /** The definition's name, for messages. */
  readonly containerName: string;
  /** Aborted when the wait is over for any reason (success, timeout, exit, cancel). */
  readonly signal: AbortSignal;
  /** Output captured since before the container started. */
  readonly logs: LogSource;
  /** Address published ports are reached on. */
  readonly host: string;
  /** Host port a container port is published on. */
  hostPort(port: PortSpec): Promise<number>;
  /** Host PID of the container's main process. */
  pid(): Promise<number>;
  exec(cmd: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  inspect(): Promise<ContainerInfo>;
  /** Engine events for this container from just before it started, replayed then live. */
  events(actions: readonly string[]): AsyncIterable<ContainerEvent>;
  /** Say how far the wait got; shown if it times out (e.g. "matched 1 of 2 patterns"). */
  progress(detail: string): void;
}

/** Decides when a container is ready. Strategies are reusable across containers. */
export interface WaitStrategy {
  /** What it waits for, as a phrase: "log line /ready/", "HTTP 200 from GET :80/health". */
  readonly description: string;
  /** This strategy's own time limit, overriding the definition's. */
  readonly timeoutMs?: number;
  /** Resolve when ready. Must stop its work when `context.signal` aborts. */
  wait(context: WaitContext): Promise<void>;
}

/** How a container ended, for early-exit errors. */
export interface ExitInfo {
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
}

export interface RunWaitOptions {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** Resolves when the container stops; the wait then fails fast. */
  readonly exited: Promise<ExitInfo>;
}

export function assertTimeout(option: string, value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, `${String(value)} is not a positive number of milliseconds`);
  }
}

/**
 * Run `strategy` against a container, racing it against its time limit, the
 * container exiting, and the caller's signal. Whatever ends the wait aborts
 * the context's signal so the strategy releases its sockets and listeners.
 */
export async function runWait(
  strategy: WaitStrategy,
  makeContext: (signal: AbortSignal, progress: (detail: string) => void) => WaitContext,
  containerName: string,
  logs: LogSource,
  options: RunWaitOptions,
): Promise<void> {
  const timeoutMs = strategy.timeoutMs ?? options.timeoutMs;
  assertTimeout('timeoutMs', timeoutMs);
  const controller = new AbortController();
  let detail = '';
  const describe = () => (detail ? `${strategy.description} (${detail})` : strategy.description);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const failures = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new WaitTimeoutError(containerName, describe(), Math.round(performance.now() - started), logs.lastLines()),
      );
    }, timeoutMs);
    options.exited.then(
      (exit) =>
        reject(new ContainerExitedError(containerName, describe(), exit.exitCode, exit.oomKilled, logs.lastLines())),
      reject,
    );
    if (options.signal) {
      onAbort = () => reject(new WaitAbortedError(containerName, describe(), options.signal?.reason));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    const context = makeContext(controller.signal, (text) => {
      detail = text;
    });
    await Promise.race([strategy.wait(context), failures]);
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    failures.catch(() => undefined);
  }
}
