import { SeaworthyError } from './base.js';
import { formatLines } from './waits.js';

/**
 * A one-shot container (waited on with `waitFor.successfulExit()`, e.g. a
 * migration or a seeder) exited with a code other than 0, or was killed.
 */
export class OneShotFailedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ONE_SHOT_FAILED';
  readonly container: string;
  /** Its exit code; `undefined` when the engine did not say. */
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
  readonly lastLogLines: readonly string[];

  constructor(container: string, exitCode: number | undefined, oomKilled: boolean, lastLogLines: readonly string[]) {
    const how = oomKilled
      ? `was killed for running out of memory (exit code ${exitCode ?? 'unknown'})`
      : `exited with code ${exitCode ?? 'unknown'}`;
    super(
      'SEAWORTHY_ONE_SHOT_FAILED',
      `one-shot container '${container}' ${how}; waitFor.successfulExit() expects it to exit with code 0. ` +
        `Its logs usually say why.${formatLines(lastLogLines)}`,
    );
    this.container = container;
    this.exitCode = exitCode;
    this.oomKilled = oomKilled;
    this.lastLogLines = lastLogLines;
  }
}
