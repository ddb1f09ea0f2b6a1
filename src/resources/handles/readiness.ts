import { traceWait } from '../../debug/wait-trace.js';
import { ContainerExitedError, WaitAbortedError, WaitTimeoutError } from '../../errors/index.js';
import { assertDuration } from '../../options/duration.js';
import type { PortSpec } from '../definitions/ports.js';
import type { LogSource } from '../logs/log-line.js';
import type { ContainerInfo } from './container-info.js';
import type { ExecOptions, ExecResult } from './exec-types.js';

/** Default time a wait may take. */
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

export type { ExecOptions, ExecResult } from './exec-types.js';

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
  /**
   * The host's internal address, where containers reach published ports, in
   * the topologies that have one (`bitbucket`, `host-gateway`; docs/topologies.md).
   */
  readonly hostInternal?: string;
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
  /**
   * This strategy's own time limit. It replaces the default limit, but a
   * shorter `startupTimeoutMs` (or `waitFor()` timeout) still ends the wait;
   * inside `waitFor.all()` it limits this strategy alone.
   */
  readonly timeoutMs?: number;
  /** Resolve when ready. Must stop its work when `context.signal` aborts. */
  wait(context: WaitContext): Promise<void>;
  /**
   * For one-shot strategies, whose answer is the exit itself
   * (`waitFor.successfulExit()`): called when the container exits during the
   * wait, with how it ended, its name and last log lines. Returning ends the wait
   * as ready; throwing fails it with that error. Without it, an exit fails
   * the wait with ContainerExitedError.
   */
  onExit?(exit: ExitInfo, seen: { readonly containerName: string; readonly lastLogLines: readonly string[] }): void;
}

/** How a container ended, for early-exit errors. */
export interface ExitInfo {
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
}

export interface RunWaitOptions {
  /** The caller's own limit, when it set one (`startupTimeoutMs`, `waitFor()`'s `timeoutMs`). */
  readonly timeoutMs?: number | undefined;
  /** The caller's option, for messages. @default 'timeoutMs' */
  readonly timeoutOption?: string;
  readonly signal?: AbortSignal;
  /** Resolves when the container stops; the wait then fails fast. */
  readonly exited: Promise<ExitInfo>;
}

/** A wait's time limit: more than 0 and at most 2^31 − 1 ms (see `assertDuration`). */
export function assertTimeout(option: string, value: unknown): asserts value is number {
  assertDuration(option, value);
}

/** The time limit a wait runs under, and where it came from (for the timeout message). */
export interface WaitLimit {
  readonly ms: number;
  /** e.g. `startupTimeoutMs`, `the wait's own timeoutMs`, `the default startupTimeoutMs`. */
  readonly source: string;
}

/**
 * The shortest of the limits that apply: the strategy's own and the
 * caller's; the default only when neither is set.
 */
export function waitLimit(ownMs: number | undefined, callerMs: number | undefined, callerOption: string): WaitLimit {
  const limits: WaitLimit[] = [];
  if (callerMs !== undefined) limits.push({ ms: callerMs, source: callerOption });
  if (ownMs !== undefined) limits.push({ ms: ownMs, source: "the wait's own timeoutMs" });
  if (!limits.length) return { ms: DEFAULT_WAIT_TIMEOUT_MS, source: `the default ${callerOption}` };
  return limits.reduce((shortest, limit) => (limit.ms < shortest.ms ? limit : shortest));
}

/** `log line "x" (no line matched yet), within startupTimeoutMs of 1500 ms`: what a timeout error says it waited for. */
export function describeTimedOut(description: string, detail: string, limit: WaitLimit): string {
  return `${detail ? `${description} (${detail})` : description}, within ${limit.source} of ${limit.ms} ms`;
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
  const option = options.timeoutOption ?? 'timeoutMs';
  if (options.timeoutMs !== undefined) assertTimeout(option, options.timeoutMs);
  if (strategy.timeoutMs !== undefined) assertTimeout(`${strategy.description}: timeoutMs`, strategy.timeoutMs);
  const limit = waitLimit(strategy.timeoutMs, options.timeoutMs, option);
  const controller = new AbortController();
  let detail = '';
  const describe = () => (detail ? `${strategy.description} (${detail})` : strategy.description);
  const started = performance.now();
  const trace = traceWait(containerName, strategy.description, limit.ms);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  // Rejects on a failure; resolves only when a one-shot strategy accepts the exit.
  const failures = new Promise<void>((resolve, reject) => {
    timer = setTimeout(() => {
      reject(
        new WaitTimeoutError(
          containerName,
          describeTimedOut(strategy.description, detail, limit),
          Math.round(performance.now() - started),
          logs.lastLines(),
        ),
      );
    }, limit.ms);
    options.exited.then((exit) => {
      if (!strategy.onExit) {
        reject(new ContainerExitedError(containerName, describe(), exit.exitCode, exit.oomKilled, logs.lastLines()));
        return;
      }
      try {
        strategy.onExit(exit, { containerName, lastLogLines: logs.lastLines() });
        resolve();
      } catch (error) {
        reject(error);
      }
    }, reject);
    if (options.signal) {
      onAbort = () => reject(new WaitAbortedError(containerName, describe(), options.signal?.reason));
      if (options.signal.aborted) onAbort();
      else options.signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  try {
    const context = makeContext(controller.signal, (text) => {
      detail = text;
      trace.progress(text);
    });
    await Promise.race([strategy.wait(context), failures]);
    trace.end();
  } catch (error) {
    trace.end(error);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) options.signal?.removeEventListener('abort', onAbort);
    controller.abort();
    failures.catch(() => undefined);
  }
}
