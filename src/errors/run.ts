import { SeaworthyError } from './base.js';

/**
 * `seaworthy run` found nothing to run as the test, or was told to run a
 * service the compose files do not define (or a profile leaves out).
 * Thrown after loading, before any engine call.
 */
export class RunTargetError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_RUN_TARGET';
  /** The `--service` asked for; absent when none was given. */
  readonly service: string | undefined;
  /** The services the files define (active profiles only). */
  readonly available: readonly string[];

  constructor(service: string | undefined, available: readonly string[]) {
    const list = available.length ? available.join(', ') : 'none';
    super(
      'SEAWORTHY_RUN_TARGET',
      service === undefined
        ? `no test to run: no --service was given, no command after --, and no service is named 'tests' or 'test' (services: ${list}); pass --service <name> or -- <command> [args...]`
        : `--service '${service}' is not a service of the compose files (services: ${list}); check the name, and --profile if it has a profile`,
    );
    this.service = service;
    this.available = available;
  }
}

/**
 * The stack did not start: a build failed, a container did not start, a
 * healthcheck or a `depends_on` condition was not met. The original error is
 * the `cause`; the run tears down and exits 125.
 */
export class RunStartupError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_RUN_STARTUP';
  /** The services being started. */
  readonly services: readonly string[];

  constructor(services: readonly string[], cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'SEAWORTHY_RUN_STARTUP',
      `the stack did not start (${services.join(', ') || 'no services'}): ${why}. The services' last log lines follow (unless --logs never)`,
      { cause },
    );
    this.services = services;
  }
}

/** Why a run was cut short. */
export type RunAbortReason = 'timeout' | 'SIGINT' | 'SIGTERM';

/**
 * A run cut short by `--timeout` or by SIGINT/SIGTERM: the reason its steps
 * are aborted with. The run tears down and exits 124, 130 or 143.
 */
export class RunAbortedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_RUN_ABORTED';
  readonly reason: RunAbortReason;
  /** What was in progress when it happened, e.g. `test (service tests)`. */
  readonly during: string;

  constructor(reason: RunAbortReason, during: string, timeoutMs?: number) {
    super(
      'SEAWORTHY_RUN_ABORTED',
      reason === 'timeout'
        ? `the run passed its --timeout of ${(timeoutMs ?? 0) / 1000} s during ${during}; tearing down. Raise --timeout, or see the logs above for what was slow`
        : `${reason} received during ${during}; tearing down`,
    );
    this.reason = reason;
    this.during = during;
  }
}
