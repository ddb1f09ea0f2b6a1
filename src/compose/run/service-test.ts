import type { Container } from '../../resources/handles/container.js';
import type { ExitInfo, WaitStrategy } from '../../resources/handles/readiness.js';

/** The longest a timer can wait (2^31 − 1 ms, about 24 days): the run's own `--timeout` bounds it. */
const FOREVER_MS = 2_147_483_647;

/** How the test service ended. */
export interface ServiceTestResult {
  /** Its exit code; `undefined` when the engine did not say. */
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
}

/**
 * Start a created test service's container, print its output live, one line
 * at a time, prefixed `<service> | `, and resolve once it exits, with how.
 * Rejects with `signal`'s reason when the run is cut short (teardown then
 * removes the container).
 */
export async function runTestService(
  container: Container,
  service: string,
  print: (line: string) => void,
  signal: AbortSignal,
): Promise<ServiceTestResult> {
  const unsubscribe = container.output.subscribe((line) => print(`${service} | ${line.text}`));
  try {
    await container.start();
    let exit: ExitInfo | undefined;
    const untilExit: WaitStrategy = {
      description: 'the test service to exit',
      timeoutMs: FOREVER_MS,
      wait: (context) =>
        new Promise<void>((resolve) => {
          if (context.signal.aborted) resolve();
          else context.signal.addEventListener('abort', () => resolve(), { once: true });
        }),
      onExit(info) {
        exit = info;
      },
    };
    await container.waitFor(untilExit, { timeoutMs: FOREVER_MS, signal });
    signal.throwIfAborted();
    return { exitCode: exit?.exitCode, oomKilled: exit?.oomKilled ?? false };
  } finally {
    unsubscribe();
  }
}
