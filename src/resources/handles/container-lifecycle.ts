import { setTimeout as sleep } from 'node:timers/promises';
import type { EngineClient } from '../../engine/client.js';
import { statusCodeOf } from '../../engine/error-mapping.js';
import { ContainerStateError, type ContainerStatus, InvalidOptionError } from '../../errors/index.js';
import { assertDuration } from '../../options/duration.js';
import { RunOutput } from '../logs/run-output.js';
import { type ContainerInfo, type ContainerState, toContainerInfo } from './container-info.js';
import type { ContainerRun, ContainerStarter } from './container-run.js';

/** What the lifecycle needs from its handle. */
export interface LifecycleDeps {
  readonly engine: EngineClient;
  readonly id: string;
  readonly displayName: string;
  readonly starter: ContainerStarter;
  /** The handle's one path for engine requests (refused after teardown; a 404 is `ContainerRemovedError`). */
  onEngine<T>(action: string, request: () => Promise<T>): Promise<T>;
}

export interface StartOptions {
  /** Cancels the wait (the container is left as it is, and removed at teardown). */
  readonly signal?: AbortSignal;
}

export interface StopOptions {
  /** How long it gets to exit after SIGTERM (its stop signal) before SIGKILL. @default 10_000 */
  readonly timeoutMs?: number;
}

export type RestartOptions = StopOptions & StartOptions;

/** How long a stop or SIGKILL waits at most for the attach stream to end, so `output` holds the last lines. */
const OUTPUT_SETTLE_MS = 5_000;

/**
 * A container handle's own view of where it is in its life (`status`), and
 * the steps that move it: start, stop, restart, pause, unpause, kill. Every
 * start arms a new run (capture, exit watch, inspect data) before the
 * engine starts it, and runs the definition's wait.
 *
 * Steps run one at a time per handle. A step asked in the wrong state is
 * refused with {@link ContainerStateError} before any request, after one
 * inspect to make sure the state really is wrong (it may have changed
 * behind the handle's back: it exited, or the docker CLI started it).
 */
export class ContainerLifecycle {
  /** Inspect data from right after the latest start (after create, before the first). */
  info: ContainerInfo;
  /** Its output since its latest start; subscribers stay subscribed across starts. */
  readonly output = new RunOutput();
  private statusNow: ContainerStatus;
  private run: ContainerRun | undefined;
  private exitSeen = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: LifecycleDeps,
    info: ContainerInfo,
    run: ContainerRun | undefined,
  ) {
    this.info = info;
    this.statusNow = run ? 'running' : 'created';
    if (run) this.adopt(run);
  }

  get status(): ContainerStatus {
    return this.statusNow;
  }

  /** Whether its latest run was seen to end (output ended, engine says not running). */
  get exitObserved(): boolean {
    return this.exitSeen;
  }

  /** The latest run; throws {@link ContainerStateError} for a container never started. */
  currentRun(action: string): ContainerRun {
    if (!this.run) throw this.stateError(action, ['running'], 'created');
    return this.run;
  }

  /** Throws {@link ContainerStateError} when it has never been started (no ports, no pid yet). */
  assertStarted(action: string): void {
    if (this.statusNow === 'created') throw this.stateError(action, ['running'], 'created');
  }

  /** Teardown has begun. */
  markRemoved(): void {
    this.statusNow = 'removed';
  }

  /** Take the engine's word for its state (from an inspect made anyway). */
  observe(state: ContainerState): void {
    if (this.statusNow === 'removed') return;
    this.statusNow = fromEngineStatus(state.status);
  }

  async start(options: StartOptions = {}): Promise<void> {
    const run = await this.serial(async () => {
      await this.require('start()', ['created', 'stopped']);
      return this.startNow('start()');
    });
    await this.ready(run, options.signal);
  }

  async stop(options: StopOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    assertDuration('stop timeoutMs', timeoutMs, { allowZero: true });
    await this.serial(() => this.stopNow(timeoutMs));
  }

  /** Stop (if it runs or is paused) and start again; the wait runs again. Works from any state but removed. */
  async restart(options: RestartOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    assertDuration('restart timeoutMs', timeoutMs, { allowZero: true });
    const run = await this.serial(async () => {
      await this.stopNow(timeoutMs);
      return this.startNow('restart()');
    });
    await this.ready(run, options.signal);
  }

  pause(): Promise<void> {
    return this.serial(async () => {
      await this.require('pause()', ['running']);
      await this.refusedAs('pause()', ['running'], () => this.deps.engine.pauseContainer(this.deps.id));
      this.statusNow = 'paused';
    });
  }

  unpause(): Promise<void> {
    return this.serial(async () => {
      await this.require('unpause()', ['paused']);
      await this.refusedAs('unpause()', ['paused'], () => this.deps.engine.unpauseContainer(this.deps.id));
      this.statusNow = 'running';
    });
  }

  async kill(signal: string | number = 'SIGKILL'): Promise<void> {
    assertSignal(signal);
    return this.serial(async () => {
      await this.require('kill()', ['running', 'paused']);
      await this.refusedAs('kill()', ['running', 'paused'], () => this.deps.engine.killContainer(this.deps.id, signal));
      // The engine answers a SIGKILL once the process is gone; any other signal may or may not end it.
      if (isSigkill(signal)) await this.stopped();
    });
  }

  // ---- steps, run inside `serial` ----

  private async startNow(action: string): Promise<ContainerRun> {
    const run = await this.deps.onEngine(action === 'start()' ? 'start it' : 'restart it', () =>
      this.deps.starter.begin(),
    );
    this.adopt(run);
    this.statusNow = 'running';
    return run;
  }

  private async stopNow(timeoutMs: number): Promise<void> {
    await this.deps.onEngine('stop it', () =>
      this.deps.engine.stopContainer(this.deps.id, Math.ceil(timeoutMs / 1000)).catch((error: unknown) => {
        // 304: it had stopped already (or never started).
        if (statusCodeOf(error) !== 304) throw error;
      }),
    );
    if (this.statusNow === 'running' || this.statusNow === 'paused') await this.stopped();
  }

  /** It has stopped: let the run's output reach its end, so `output` holds the last lines. */
  private async stopped(): Promise<void> {
    this.statusNow = 'stopped';
    const ended = this.run?.capture.ended;
    if (ended) await Promise.race([ended, sleep(OUTPUT_SETTLE_MS, undefined, { ref: false })]);
  }

  /** The definition's wait on a run just started; its inspect data replaces the handle's. */
  private async ready(run: ContainerRun, signal: AbortSignal | undefined): Promise<void> {
    const [info] = await Promise.all([run.info, this.deps.starter.ready(run, signal)]);
    if (this.run === run) this.info = info;
  }

  private adopt(run: ContainerRun): void {
    this.run = run;
    this.exitSeen = false;
    this.output.follow(run.capture);
    run.info.then(
      (info) => {
        if (this.run === run) this.info = info;
      },
      () => undefined,
    );
    run.exited.then(
      () => {
        if (this.run !== run) return;
        this.exitSeen = true;
        if (this.statusNow === 'running' || this.statusNow === 'paused') this.statusNow = 'stopped';
      },
      () => undefined,
    );
  }

  /** Refuse `action` unless it is in one of `needs`, asking the engine once before refusing. */
  private async require(action: string, needs: readonly ContainerStatus[]): Promise<void> {
    if (needs.includes(this.statusNow)) return;
    await this.refresh();
    if (!needs.includes(this.statusNow)) throw this.stateError(action, needs, this.statusNow);
  }

  /** An engine refusal (409: not running, already paused…) as a {@link ContainerStateError} with the fresh state. */
  private async refusedAs(action: string, needs: readonly ContainerStatus[], request: () => Promise<void>) {
    try {
      await this.deps.onEngine(action.replace('()', ' it'), request);
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
      await this.refresh().catch(() => undefined);
      throw this.stateError(action, needs, this.statusNow, error);
    }
  }

  private async refresh(): Promise<void> {
    const raw = await this.deps.onEngine('inspect it', () => this.deps.engine.inspectContainer(this.deps.id));
    this.observe(toContainerInfo(raw).state);
  }

  private stateError(
    action: string,
    needs: readonly ContainerStatus[],
    status: ContainerStatus,
    cause?: unknown,
  ): ContainerStateError {
    return new ContainerStateError(this.deps.displayName, action, status, needs, hintFor(action, status), cause);
  }

  private serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.queue.then(step);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/** What to call first, for `action` refused in `status`. */
function hintFor(action: string, status: ContainerStatus): string {
  if (status === 'paused') return 'Call unpause() first (stop(), restart() and kill() work on a paused container).';
  if (action === 'start()') return 'It is running already: call restart() to start it afresh, or stop() first.';
  if (action === 'pause()' && status === 'running') return 'It is running; pause() it first.';
  if (action === 'unpause()' && status === 'running') return 'It is not paused, so there is nothing to resume.';
  if (status === 'created') return 'Call start() first: it was created without being started.';
  if (status === 'stopped') return 'Call start() (or restart()) first.';
  return 'Set the definition up again for a new container.';
}

/** The engine's status (`exited`, `restarting`…) as one of the handle's. */
function fromEngineStatus(status: string): ContainerStatus {
  switch (status) {
    case 'created':
      return 'created';
    case 'running':
    case 'restarting':
      return 'running';
    case 'paused':
      return 'paused';
    case 'removing':
      return 'removed';
    default:
      return 'stopped';
  }
}

/** A signal name (`SIGTERM`, `TERM`, `SIGRTMIN+3`) or number, checked before any request. */
function assertSignal(signal: unknown): asserts signal is string | number {
  const ok =
    (typeof signal === 'number' && Number.isInteger(signal) && signal > 0 && signal < 65) ||
    (typeof signal === 'string' && /^(SIG)?[A-Z][A-Z0-9]*([+-]\d+)?$/.test(signal));
  if (!ok) {
    throw new InvalidOptionError(
      'kill signal',
      `${JSON.stringify(signal)} is not a signal: pass a name like 'SIGTERM' or 'SIGKILL', or a number like 15`,
    );
  }
}

function isSigkill(signal: string | number): boolean {
  return signal === 9 || signal === 'SIGKILL' || signal === 'KILL';
}
