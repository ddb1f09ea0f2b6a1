import { SeaworthyError } from './base.js';

/** The most output an `ExecTimeoutError` message quotes (the `output` field keeps it all). */
const QUOTED_CHARS = 2_000;

/** A command run with `exec(cmd, { timeoutMs })` had not finished in time. */
export class ExecTimeoutError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_EXEC_TIMEOUT';
  readonly container: string;
  readonly command: readonly string[];
  /** The engine's exec id. */
  readonly execId: string;
  readonly timeoutMs: number;
  /** stdout and stderr it wrote before the limit, in the order the engine sent them. */
  readonly output: string;
  /** Whether its processes were killed: the engine reported the exec ended after seaworthy killed them. */
  readonly processKilled: boolean;
  /** Why they could not be killed, when `processKilled` is false. */
  readonly killProblem: string | undefined;

  constructor(
    container: string,
    command: readonly string[],
    details: {
      execId: string;
      timeoutMs: number;
      output: string;
      processKilled: boolean;
      killProblem?: string | undefined;
    },
  ) {
    const quoted = details.output.length > QUOTED_CHARS ? `…${details.output.slice(-QUOTED_CHARS)}` : details.output;
    const outcome = details.processKilled
      ? 'It was killed.'
      : `It could not be killed and may still be running (${details.killProblem ?? 'unknown reason'}).`;
    super(
      'SEAWORTHY_EXEC_TIMEOUT',
      `${JSON.stringify(command)} in container '${container}' had not finished after its timeoutMs of ` +
        `${details.timeoutMs} ms. ${outcome} Raise timeoutMs if it is just slow, or check what it waits for ` +
        `(input it never gets, a lock, a server that does not answer). ` +
        (quoted ? `Output so far:\n${quoted}` : 'It wrote nothing.'),
    );
    this.container = container;
    this.command = command;
    this.execId = details.execId;
    this.timeoutMs = details.timeoutMs;
    this.output = details.output;
    this.processKilled = details.processKilled;
    this.killProblem = details.killProblem;
  }
}
