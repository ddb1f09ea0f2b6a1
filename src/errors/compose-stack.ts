import { SeaworthyError } from './base.js';
import { formatLines } from './waits.js';

/**
 * A stack was asked for a service it can't give: a name the compose files
 * don't define, one the stack has not started, or a scaled service asked
 * for as one container.
 */
export class ComposeServiceError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_COMPOSE_SERVICE';
  readonly service: string;
  /** `'unknown'`: not in the files; `'not-started'`: not started by this stack; `'scaled'`: more than one container. */
  readonly reason: 'unknown' | 'not-started' | 'scaled';

  constructor(service: string, reason: 'unknown' | 'not-started' | 'scaled', detail: string) {
    super('SEAWORTHY_COMPOSE_SERVICE', `compose service '${service}' ${detail}`);
    this.service = service;
    this.reason = reason;
  }
}

/**
 * A `depends_on` condition could not be met: the dependency has no
 * healthcheck for `service_healthy`, reported unhealthy, or exited with a
 * code other than 0 for `service_completed_successfully`.
 */
export class ComposeDependencyError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_COMPOSE_DEPENDENCY';
  /** The service that waited. */
  readonly dependant: string;
  /** The service it waited for. */
  readonly dependency: string;
  readonly condition: string;
  /** The dependency's exit code, for `service_completed_successfully`. */
  readonly exitCode: number | undefined;
  readonly lastLogLines: readonly string[];

  constructor(init: {
    dependant: string;
    dependency: string;
    condition: string;
    problem: string;
    advice: string;
    exitCode?: number | undefined;
    lastLogLines?: readonly string[];
    cause?: unknown;
  }) {
    const lines = init.lastLogLines ?? [];
    super(
      'SEAWORTHY_COMPOSE_DEPENDENCY',
      `compose service '${init.dependant}' depends on '${init.dependency}' with condition ${init.condition}, ` +
        `but '${init.dependency}' ${init.problem}. ${init.advice}${init.lastLogLines ? formatLines(lines) : ''}`,
      { cause: init.cause },
    );
    this.dependant = init.dependant;
    this.dependency = init.dependency;
    this.condition = init.condition;
    this.exitCode = init.exitCode;
    this.lastLogLines = lines;
  }
}

/**
 * A service of a stack failed to start (its image, its create, its wait):
 * what the stack had started is removed, and `cause` holds the service's own error.
 */
export class ComposeStartupError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_COMPOSE_STARTUP';
  /** The stack's name in its helper. */
  readonly stackName: string;
  readonly service: string;

  constructor(stack: string, service: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(
      'SEAWORTHY_COMPOSE_STARTUP',
      `compose stack '${stack}' could not start service '${service}'; everything the stack had started was removed. ` +
        `Cause: ${why}`,
      { cause },
    );
    this.stackName = stack;
    this.service = service;
  }
}
