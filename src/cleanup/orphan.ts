import { debugLogger } from '../debug/logger.js';

const log = debugLogger('cleanup');

/** The part of `process` that tells whether its parent is still there; tests pass a fake. */
export interface ParentChannel {
  /** Whether an IPC channel to the parent is open (`process.connected`; `undefined` without one). */
  readonly connected?: boolean;
  on(event: 'disconnect', listener: () => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
  listeners(event: 'disconnect'): Function[];
  getMaxListeners(): number;
  setMaxListeners(n: number): unknown;
  exit(code: number): unknown;
}

/** The exit code of a worker that ended itself because its runner was gone. */
export const ORPHAN_EXIT_CODE = 1;

/**
 * Marks our listeners and holds their helper's teardown. `Symbol.for`, so
 * listeners from the ESM and the CommonJS copy of seaworthy (both loaded in
 * one process) recognise each other.
 */
const TEARDOWN = Symbol.for('seaworthy.teardown-on-disconnect');

type Marked = (() => void) & { [TEARDOWN]: () => Promise<unknown> };

/**
 * Tear down when this process is orphaned by the test runner that started it,
 * then end the process.
 *
 * A runner's worker process (Vitest's `forks` pool, Jest's workers) talks to
 * the runner over an IPC channel. When the runner dies (SIGKILL, a crash, a
 * signal sent to it alone) the channel closes but the worker lives on: its
 * attach streams and the test's own timers keep it running, so its watchdog
 * (which waits for the worker's death) never fires, and the test body goes on
 * calling containers that teardown has removed. The closed channel is the
 * sign: no one will collect this worker's results. The first of our listeners
 * to hear it tears down every live helper of this process, then exits with
 * {@link ORPHAN_EXIT_CODE}, whether the teardowns succeeded or not (a failed
 * one leaves the rest to the watchdog, which the exit sets off).
 *
 * Does nothing in a process without an IPC channel (a plain `node` run, a
 * thread worker). Returns the function that stops listening.
 */
export function teardownOnDisconnect(
  teardown: () => Promise<unknown>,
  target: ParentChannel = process as ParentChannel,
): () => void {
  if (target.connected !== true) return () => {};
  const listener = Object.assign(() => onDisconnect(target, listener), { [TEARDOWN]: teardown }) as Marked;
  // One listener per live helper is expected: keep Node's leak warning for real leaks.
  adjustMaxListeners(target, +1);
  target.on('disconnect', listener);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    target.off('disconnect', listener);
    adjustMaxListeners(target, -1);
  };
}

function onDisconnect(target: ParentChannel, self: Marked): void {
  const ours = target.listeners('disconnect').filter(isOurs);
  // Every listener of ours is called; the first does the work for all.
  if (ours[0] !== self) return;
  log("the runner's IPC channel closed: tearing down %d helper(s), then exiting", ours.length);
  for (const listener of ours) target.off('disconnect', listener);
  void Promise.allSettled(ours.map((listener) => listener[TEARDOWN]())).then(() => {
    target.exit(ORPHAN_EXIT_CODE);
  });
}

function isOurs(listener: Function): listener is Marked {
  return typeof (listener as Partial<Marked>)[TEARDOWN] === 'function';
}

function adjustMaxListeners(target: ParentChannel, delta: number): void {
  const max = target.getMaxListeners();
  if (max > 0) target.setMaxListeners(Math.max(max + delta, 0));
}
