import type { RunAbortReason } from '../../errors/index.js';

/**
 * `seaworthy run`'s own exit codes. Any other code is the test's: the test
 * service's exit code, or the host command's. docs/run.md has the table.
 */
export const RUN_EXIT = {
  /** Seaworthy's own failure: bad arguments, a compose file that does not load, a stack that did not start. As `docker run`. */
  failed: 125,
  /** The host command was found but could not be run (not executable). */
  cannotExecute: 126,
  /** The host command was not found. */
  notFound: 127,
  /** `--timeout` passed, as `timeout(1)`. */
  timeout: 124,
  /** SIGINT: 128 + 2. */
  SIGINT: 130,
  /** SIGTERM: 128 + 15. */
  SIGTERM: 143,
} as const;

/** The exit code of a run cut short for `reason`. */
export function abortExitCode(reason: RunAbortReason): number {
  return reason === 'timeout' ? RUN_EXIT.timeout : RUN_EXIT[reason];
}

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGABRT: 6,
  SIGKILL: 9,
  SIGSEGV: 11,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
};

/** A process that died by `signal` exits, as a shell reports it, with 128 + the signal's number. */
export function signalExitCode(signal: string): number {
  return 128 + (SIGNAL_NUMBERS[signal] ?? 0);
}
