import { RunAbortedError, type RunAbortReason } from '../../errors/index.js';

type RunSignal = 'SIGINT' | 'SIGTERM';

/** The part of `process` a run's signal handling uses; tests pass a fake. */
export interface RunSignalTarget {
  on(signal: RunSignal, listener: () => void): unknown;
  off(signal: RunSignal, listener: () => void): unknown;
  exit(code: number): unknown;
}

/**
 * Turns `--timeout` and SIGINT/SIGTERM into one abort signal for the run,
 * whose reason is a {@link RunAbortedError} saying what was in progress.
 *
 * The run's helper is made with `cleanup: { signals: false }`: on a signal
 * the run stops what it is doing, prints the logs, tears down, prints its
 * summary and exits 130 or 143. A second signal exits at once with that
 * code: the helper's watchdog removes what is left.
 */
export class RunAbort {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners: [RunSignal, () => void][] = [];
  /** What is in progress, for the message: `start (db, api)`. */
  during = 'load';

  constructor(
    private readonly target: RunSignalTarget,
    private readonly exitCodes: Readonly<Record<RunSignal, number>>,
  ) {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const listener = () => this.onSignal(signal);
      this.listeners.push([signal, listener]);
      target.on(signal, listener);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The reason the run was cut short, once it was. */
  get reason(): RunAbortedError | undefined {
    const reason: unknown = this.controller.signal.reason;
    return this.controller.signal.aborted && reason instanceof RunAbortedError ? reason : undefined;
  }

  /** Abort after `ms` (the `--timeout`). */
  startTimer(ms: number): void {
    this.timer = setTimeout(() => this.abort('timeout', ms), ms);
    this.timer.unref?.();
  }

  /** Stop the timer, keep listening for signals (teardown is still to come). */
  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** Stop listening: after teardown. */
  dispose(): void {
    this.stopTimer();
    for (const [signal, listener] of this.listeners) this.target.off(signal, listener);
    this.listeners.length = 0;
  }

  private onSignal(signal: RunSignal): void {
    if (this.controller.signal.aborted) {
      // A signal once the run is already ending: do not wait for teardown.
      this.target.exit(this.exitCodes[signal]);
      return;
    }
    this.abort(signal);
  }

  private abort(reason: RunAbortReason, timeoutMs?: number): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort(new RunAbortedError(reason, this.during, timeoutMs));
  }
}
