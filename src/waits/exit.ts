import { OneShotFailedError } from '../errors/index.js';
import type { ExitInfo, WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { ownTimeout } from './own-timeout.js';

export interface SuccessfulExitWaitOptions {
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/**
 * Ready once the container exits with code 0: for one-shot containers such
 * as migrations and seeders. Any other exit fails the wait with
 * {@link OneShotFailedError}, carrying the exit code and the last log lines.
 * It learns of the exit the way every wait does (the container's output
 * ending, then one inspect), so it never polls. It must be the whole wait:
 * `waitFor.all()` refuses it.
 */
export function successfulExit(options: SuccessfulExitWaitOptions = {}): WaitStrategy {
  return {
    description: 'the container to exit with code 0',
    ...ownTimeout('waitFor.successfulExit', options.timeoutMs),
    wait(context: WaitContext): Promise<void> {
      // The answer comes through onExit; this only lasts as long as the wait.
      context.progress('still running');
      return new Promise<void>((resolve) => {
        if (context.signal.aborted) resolve();
        else context.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    },
    onExit(exit: ExitInfo, seen: { readonly containerName: string; readonly lastLogLines: readonly string[] }): void {
      if (exit.exitCode === 0 && !exit.oomKilled) return;
      throw new OneShotFailedError(seen.containerName, exit.exitCode, exit.oomKilled, seen.lastLogLines);
    },
  };
}
