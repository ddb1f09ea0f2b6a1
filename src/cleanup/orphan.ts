import { debugLogger } from '../debug/logger.js';

const log = debugLogger('cleanup');

/** The part of `process` that tells whether its parent is still there; tests pass a fake. */
export interface ParentChannel {
  /** Whether an IPC channel to the parent is open (`process.connected`; `undefined` without one). */
  readonly connected?: boolean;
  once(event: 'disconnect', listener: () => void): unknown;
  off(event: 'disconnect', listener: () => void): unknown;
  getMaxListeners(): number;
  setMaxListeners(n: number): unknown;
}

/**
 * Tear down when this process is orphaned by the test runner that started it.
 *
 * A runner's worker process (Vitest's `forks` pool, Jest's workers) talks to
 * the runner over an IPC channel. When the runner dies (SIGKILL, a crash, a
 * signal sent to it alone) the channel closes but the worker lives on: its
 * attach streams keep it running, so its watchdog (which waits for the
 * worker's death) never fires and its resources stay as long as it lives.
 * The closed channel is the sign: no one will collect this worker's results,
 * so its helper tears down.
 *
 * Does nothing in a process without an IPC channel (a plain `node` run, a
 * thread worker). Returns the function that stops listening.
 */
export function teardownOnDisconnect(
  teardown: () => Promise<unknown>,
  target: ParentChannel = process as ParentChannel,
): () => void {
  if (target.connected !== true) return () => {};
  const listener = () => {
    log("the runner's IPC channel closed: tearing down");
    void teardown().catch(() => undefined);
  };
  // One listener per live helper is expected: keep Node's leak warning for real leaks.
  adjustMaxListeners(target, +1);
  target.once('disconnect', listener);
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    target.off('disconnect', listener);
    adjustMaxListeners(target, -1);
  };
}

function adjustMaxListeners(target: ParentChannel, delta: number): void {
  const max = target.getMaxListeners();
  if (max > 0) target.setMaxListeners(Math.max(max + delta, 0));
}
