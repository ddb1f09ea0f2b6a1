import { SeaworthyError } from './base.js';

/** The last log lines, for a message (also used by one-shot.ts). */
export function formatLines(lines: readonly string[]): string {
  if (lines.length === 0) return ' It logged nothing.';
  return `\nLast ${lines.length} log line(s):\n${lines.map((l) => `  | ${l}`).join('\n')}`;
}

/** A readiness wait did not succeed in time. */
export class WaitTimeoutError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_WAIT_TIMEOUT';
  readonly container: string;
  readonly waitedMs: number;
  readonly waitingFor: string;
  readonly lastLogLines: readonly string[];

  constructor(container: string, waitingFor: string, waitedMs: number, lastLogLines: readonly string[]) {
    super(
      'SEAWORTHY_WAIT_TIMEOUT',
      `container '${container}' was not ready after ${waitedMs} ms: still waiting for ${waitingFor}. ` +
        `Raise the wait's timeoutMs if it is just slow, or check the wait against the logs.${formatLines(lastLogLines)}`,
    );
    this.container = container;
    this.waitedMs = waitedMs;
    this.waitingFor = waitingFor;
    this.lastLogLines = lastLogLines;
  }
}

/** The container exited while seaworthy was waiting for it to become ready. */
export class ContainerExitedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTAINER_EXITED';
  readonly container: string;
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
  readonly waitingFor: string;
  readonly lastLogLines: readonly string[];

  constructor(
    container: string,
    waitingFor: string,
    exitCode: number | undefined,
    oomKilled: boolean,
    lastLogLines: readonly string[],
  ) {
    const how = oomKilled ? 'was killed for running out of memory' : `exited with code ${exitCode ?? 'unknown'}`;
    super(
      'SEAWORTHY_CONTAINER_EXITED',
      `container '${container}' ${how} before it was ready (waiting for ${waitingFor}). ` +
        `Its logs usually say why.${formatLines(lastLogLines)}`,
    );
    this.container = container;
    this.exitCode = exitCode;
    this.oomKilled = oomKilled;
    this.waitingFor = waitingFor;
    this.lastLogLines = lastLogLines;
  }
}

/** A wait was cancelled through its AbortSignal. */
export class WaitAbortedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_WAIT_ABORTED';
  readonly container: string;

  constructor(container: string, waitingFor: string, reason?: unknown) {
    super('SEAWORTHY_WAIT_ABORTED', `waiting for container '${container}' (${waitingFor}) was cancelled.`, {
      cause: reason,
    });
    this.container = container;
  }
}

/** The container's healthcheck reported unhealthy, or it has none. */
export class HealthcheckError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_HEALTHCHECK';
  readonly container: string;

  constructor(container: string, detail: string) {
    super('SEAWORTHY_HEALTHCHECK', `container '${container}' ${detail}`);
    this.container = container;
  }
}
