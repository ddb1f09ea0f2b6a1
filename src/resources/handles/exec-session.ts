import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { FrameDecoder, type OutputChunk } from '../../engine/demux.js';
import { daemonMessage, mapEngineError, statusCodeOf } from '../../engine/error-mapping.js';
import { podmanExecStartFailure } from '../../engine/podman/dialect.js';
import {
  ContainerNotRunningError,
  ExecNotStartedError,
  ExecTimeoutError,
  InvalidOptionError,
} from '../../errors/index.js';
import { assertDuration, describeValue } from '../../options/duration.js';
import { EXEC_MARKER_VARIABLE, type KillOutcome, killMarkedExec } from './exec-kill.js';
import type { ExecOptions, ExecResult } from './exec-types.js';

/** Where an exec runs, for its engine calls and messages. */
export interface ExecTarget {
  readonly engine: EngineClient;
  readonly containerId: string;
  /** The definition's name, for messages. */
  readonly displayName: string;
}

/** Checks a command and its options before any engine call; throws {@link InvalidOptionError} naming the option. */
export function assertExecRequest(cmd: readonly string[], options: ExecOptions): void {
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((part) => typeof part !== 'string')) {
    throw new InvalidOptionError('exec command', 'must be a non-empty array of strings, e.g. ["ls", "-l", "/"]');
  }
  if (options.timeoutMs !== undefined) assertDuration('exec timeoutMs', options.timeoutMs);
  if (options.stdin !== undefined && typeof options.stdin !== 'string' && !Buffer.isBuffer(options.stdin)) {
    throw new InvalidOptionError('exec stdin', `${describeValue(options.stdin)} is neither a string nor a Buffer`);
  }
  if (options.tty !== undefined && typeof options.tty !== 'boolean') {
    throw new InvalidOptionError('exec tty', `${describeValue(options.tty)} is not true or false`);
  }
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (typeof value !== 'string') {
      throw new InvalidOptionError(`exec env.${name}`, `${describeValue(value)} is not a string`);
    }
  }
}

/**
 * A started exec whose output is being collected. `result` settles once it
 * has finished (or its `timeoutMs` passed, or `signal` aborted).
 */
export class ExecSession {
  readonly id: string;
  readonly result: Promise<ExecResult>;
  private readonly chunks: OutputChunk[] = [];

  private constructor(
    private readonly target: ExecTarget,
    readonly command: readonly string[],
    private readonly options: ExecOptions,
    private readonly stream: Duplex,
    id: string,
    private readonly marker: string | undefined,
  ) {
    this.id = id;
    this.result = this.finish();
  }

  /**
   * Start `cmd` in the target container. With `killable` (or a `timeoutMs`)
   * its processes carry a marker so they can be killed later (see exec-kill.ts).
   */
  static async start(
    target: ExecTarget,
    cmd: readonly string[],
    options: ExecOptions,
    killable = false,
  ): Promise<ExecSession> {
    assertExecRequest(cmd, options);
    const marker = killable || options.timeoutMs !== undefined ? randomUUID() : undefined;
    const env = Object.entries(options.env ?? {}).map(([k, v]) => `${k}=${v}`);
    if (marker) env.push(`${EXEC_MARKER_VARIABLE}=${marker}`);
    let raw: Awaited<ReturnType<EngineClient['startExec']>>;
    try {
      raw = await target.engine.startExec(target.containerId, cmd, {
        ...(options.user !== undefined ? { user: options.user } : {}),
        ...(options.workdir !== undefined ? { workdir: options.workdir } : {}),
        ...(env.length ? { env } : {}),
        ...(options.tty ? { tty: true } : {}),
        ...(options.stdin !== undefined ? { stdin: true } : {}),
      });
    } catch (error) {
      throw notRunning(error, target.displayName, cmd) ?? error;
    }
    if (options.stdin !== undefined) {
      // A terminal ends input with ^D (twice after an unfinished line); closing the connection would hang it up.
      if (options.tty) raw.stream.write(ttyInput(options.stdin));
      else raw.stream.end(options.stdin);
    }
    return new ExecSession(target, cmd, options, raw.stream, raw.id, marker);
  }

  /** stdout and stderr so far, in the order the engine sent them. */
  outputSoFar(): string {
    return Buffer.concat(this.chunks.map((c) => c.data)).toString('utf8');
  }

  /** Kill its processes (needs the marker: a `timeoutMs`, or started `killable`). */
  kill(): Promise<KillOutcome> {
    if (!this.marker) return Promise.resolve({ killed: false, problem: 'it was not started killable' });
    const { engine, containerId } = this.target;
    return killMarkedExec(engine, containerId, this.id, this.marker, this.options.user);
  }

  private async finish(): Promise<ExecResult> {
    const { timeoutMs, signal } = this.options;
    const polling = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<'timeout'>((resolve, reject) => {
      if (timeoutMs !== undefined) timer = setTimeout(() => resolve('timeout'), timeoutMs);
      if (signal) {
        onAbort = () => reject(signal.reason ?? new Error('exec aborted'));
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
    try {
      const ended = await Promise.race([this.collect().then(() => this.exitCode(polling.signal)), stopped]);
      if (ended !== 'timeout') return this.toResult(ended);
      this.stream.destroy();
      const outcome = await this.kill();
      throw new ExecTimeoutError(this.target.displayName, this.command, {
        execId: this.id,
        timeoutMs: timeoutMs as number,
        output: this.outputSoFar(),
        processKilled: outcome.killed,
        killProblem: outcome.problem,
      });
    } catch (error) {
      this.stream.destroy();
      throw error;
    } finally {
      polling.abort();
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Read the output to its end: demultiplexed, or raw from a TTY (all of it stdout). */
  private collect(): Promise<'ended'> {
    const decoder = this.options.tty ? undefined : new FrameDecoder();
    return new Promise((resolve, reject) => {
      this.stream.on('data', (data: Buffer) => {
        if (decoder) this.chunks.push(...decoder.push(data));
        else this.chunks.push({ stream: 'stdout', data });
      });
      this.stream.once('end', () => resolve('ended'));
      this.stream.once('close', () => resolve('ended'));
      this.stream.once('error', (error) => {
        const operation = `read the output of ${JSON.stringify(this.command)} in '${this.target.displayName}'`;
        reject(mapEngineError(this.target.engine, operation, error));
      });
    });
  }

  /**
   * The exit code, once the engine reports the exec ended. Right after the
   * output ends it can still say running (a known race), and a program may
   * close its output and go on: ask again, more slowly, until it ends (or
   * the timeout or signal stops the asking).
   */
  private async exitCode(stop: AbortSignal): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const info = await this.target.engine.inspectExec(this.id);
      if (!info.running && info.exitCode !== null) return info.exitCode;
      if (stop.aborted) throw new Error('stopped asking for the exit code');
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 1.5 ** attempt, 250)));
    }
  }

  private toResult(exitCode: number): ExecResult {
    const text = (stream?: 'stdout' | 'stderr') =>
      Buffer.concat(this.chunks.filter((c) => !stream || c.stream === stream).map((c) => c.data)).toString('utf8');
    const result = { exitCode, stdout: text('stdout'), stderr: text('stderr'), output: text() };
    const notStarted = runtimeStartFailure(exitCode, result.output);
    if (notStarted !== undefined) throw new ExecNotStartedError(this.target.displayName, this.command, notStarted);
    return result;
  }
}

/** Input for a terminal: the bytes, then ^D to end it (twice when the last line has no line break). */
export function ttyInput(input: string | Buffer): Buffer {
  const bytes = Buffer.from(input);
  const unfinished = bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a;
  return Buffer.concat([bytes, Buffer.from(unfinished ? [4, 4] : [4])]);
}

/** The engine's 409 for an exec in a container that is not running, as {@link ContainerNotRunningError}. */
function notRunning(error: unknown, displayName: string, cmd: readonly string[]): ContainerNotRunningError | undefined {
  const message = daemonMessage(error);
  if (statusCodeOf(error) !== 409 || !/not running|paused|restarting/i.test(message)) return undefined;
  const status = /\bis (paused|restarting)\b/i.exec(message)?.[1]?.toLowerCase();
  return new ContainerNotRunningError(displayName, `exec ${JSON.stringify(cmd)}`, status);
}

/**
 * The runtime's reason when an exec's program could not be started at all
 * (runc answers with exit code 126 or 127 and an "OCI runtime exec failed"
 * message in the output), else `undefined`. A program that ran and exited
 * with 126 or 127 itself (a shell's "not found") is not this. Pure.
 */
export function runtimeStartFailure(exitCode: number, output: string): string | undefined {
  if (exitCode !== 126 && exitCode !== 127) return undefined;
  const match =
    /OCI runtime exec failed: exec failed: (?:unable to start container process: )?exec: "[^"]*": (.*?)(?:: unknown)?\s*$/m.exec(
      output,
    );
  // Podman words it its own way (docs/engines.md#differences).
  return match?.[1] ?? podmanExecStartFailure(exitCode, output);
}
