import { debugLogger } from '../debug/logger.js';

const log = debugLogger('cleanup');

/** The signals after which a helper tears down before the process goes. */
export const TEARDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type TeardownSignal = (typeof TEARDOWN_SIGNALS)[number];

/** The part of `process` the signal handling uses; tests pass a fake. */
export interface SignalTarget {
  readonly pid: number;
  on(signal: TeardownSignal, listener: (signal: TeardownSignal) => void): unknown;
  off(signal: TeardownSignal, listener: (signal: TeardownSignal) => void): unknown;
  listeners(signal: TeardownSignal): Function[];
  getMaxListeners(): number;
  setMaxListeners(n: number): unknown;
  kill(pid: number, signal: TeardownSignal): unknown;
  exit(code: number): unknown;
}

/**
 * Marks our listeners and holds their helper's teardown. `Symbol.for`, so
 * listeners from the ESM and the CommonJS copy of seaworthy (both loaded in
 * one process) recognise each other.
 */
const TEARDOWN = Symbol.for('seaworthy.teardown-on-signal');

type Marked = ((signal: TeardownSignal) => void) & { [TEARDOWN]: () => Promise<unknown> };

const SIGNAL_NUMBERS: Record<TeardownSignal, number> = { SIGINT: 2, SIGTERM: 15 };

/**
 * On SIGINT or SIGTERM, tear down every live helper of this process, then let
 * the process die as it would have without us: re-raise the signal if no one
 * else listens (Node's default is to die by it), or leave the decision to the
 * other listeners (a test runner's own handler) if there are some.
 *
 * There is no registry: each helper adds its own listener, carrying its
 * teardown. The first of ours to run tears down all of ours, and removes them
 * at once, so a second Ctrl-C kills at once (the watchdog finishes the job).
 * Returns the function that removes this helper's listeners (call it at
 * teardown).
 */
export function teardownOnSignals(teardown: () => Promise<unknown>, target: SignalTarget = process): () => void {
  const listener = Object.assign((signal: TeardownSignal) => onSignal(target, signal, listener), {
    [TEARDOWN]: teardown,
  }) as Marked;
  // The limit counts listeners per signal: one more each.
  adjustMaxListeners(target, +1);
  for (const signal of TEARDOWN_SIGNALS) target.on(signal, listener);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    for (const signal of TEARDOWN_SIGNALS) target.off(signal, listener);
    adjustMaxListeners(target, -1);
  };
}

function onSignal(target: SignalTarget, signal: TeardownSignal, self: Marked): void {
  const listeners = target.listeners(signal);
  const ours = listeners.filter(isOurs);
  // Every listener of ours is called for this signal; the first does the work for all.
  if (ours[0] !== self) return;
  const defaultWouldKill = ours.length === listeners.length;
  log(
    '%s: tearing down %d helper(s), then %s',
    signal,
    ours.length,
    defaultWouldKill ? 'die by the signal' : 'leave the exit to the other listeners',
  );
  // Off at once: a second signal during teardown takes the default path (or the runner's).
  for (const other of ours) {
    for (const s of TEARDOWN_SIGNALS) target.off(s, other);
  }
  void Promise.allSettled(ours.map((l) => l[TEARDOWN]())).then(() => {
    if (!defaultWouldKill) return;
    // Re-raise, so the parent sees death by this signal, as it would have.
    if (target.listeners(signal).length === 0) target.kill(target.pid, signal);
    else target.exit(128 + SIGNAL_NUMBERS[signal]);
  });
}

function isOurs(listener: Function): listener is Marked {
  return typeof (listener as Partial<Marked>)[TEARDOWN] === 'function';
}

/** One listener per live helper is expected: keep Node's leak warning for real leaks. */
function adjustMaxListeners(target: SignalTarget, delta: number): void {
  const max = target.getMaxListeners();
  if (max > 0) target.setMaxListeners(Math.max(max + delta, 0));
}
