import {
  EngineConnectionLostError,
  EngineRequestError,
  EngineUnavailableError,
  errorMessage,
  SeaworthyError,
} from '../errors/index.js';

/** The parts of a dockerode/docker-modem error we read. */
interface ModemError {
  statusCode?: number;
  json?: { message?: string } | string | null;
  reason?: string;
  message?: string;
  code?: string;
}

/** The daemon's own explanation, from the response body when there is one. */
export function daemonMessage(error: unknown): string {
  // Mapped errors keep the engine's answer as their cause.
  if (error instanceof EngineRequestError && error.cause !== undefined) return daemonMessage(error.cause);
  const e = (error ?? {}) as ModemError;
  if (e.json && typeof e.json === 'object' && typeof e.json.message === 'string') return e.json.message.trim();
  if (typeof e.json === 'string' && e.json.trim()) return e.json.trim();
  const text = (e.message ?? String(error)).replace(/^\(HTTP code \d+\)\s*/, '');
  // On streamed calls docker-modem has no parsed body: its message is `<its own text for the
  // status> - <the daemon's text>`, and its own text (say 'no such container' for any 404 of a
  // container call, a missing path included) is a guess. Keep only the daemon's part.
  const guess = typeof e.reason === 'string' && e.reason ? `${e.reason} - ` : 'unexpected - ';
  return (text.startsWith(guess) ? text.slice(guess.length) : text).trim();
}

export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as ModemError | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A socket-level failure: the engine did not answer at all. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as ModemError | undefined)?.code;
  return (
    code === 'ENOENT' ||
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'EACCES' ||
    code === 'EPIPE' ||
    code === 'ETIMEDOUT' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENOTFOUND'
  );
}

export function isNotFound(error: unknown): boolean {
  return statusCodeOf(error) === 404;
}

/** 409 from a removal that another request already started, or 304 for "already stopped". */
export function isAlreadyGoingAway(error: unknown): boolean {
  const status = statusCodeOf(error);
  if (status === 304) return true;
  return status === 409 && /already in progress|is already/i.test(daemonMessage(error));
}

/**
 * Wrap an error the engine answered with for `operation`. Errors that are
 * already ours, and errors that did not come from the engine (a TypeError, an
 * abort), are returned unchanged rather than blamed on the engine.
 * Callers that know a more specific meaning check before calling this.
 */
export function toEngineError(operation: string, error: unknown): unknown {
  if (error instanceof SeaworthyError) return error;
  if (statusCodeOf(error) === undefined) return error;
  return new EngineRequestError(operation, statusCodeOf(error), daemonMessage(error), error);
}

/** Which engine a failure happened on: its address and its name (`default` unless from SEAWORTHY_ENGINES). */
export interface EngineIdentity {
  readonly address: string;
  readonly name: string;
}

/**
 * For an engine that answered before: a failure to reach it now means the
 * connection was lost mid-run (the daemon stopped, crashed or restarted).
 * Turns {@link EngineUnavailableError} and raw socket errors into
 * {@link EngineConnectionLostError}; anything else is returned unchanged.
 */
export function asConnectionLost(error: unknown, engine: EngineIdentity, operation: string): unknown {
  const { address, name } = engine;
  if (error instanceof EngineUnavailableError) {
    const reason = error.attempts[0]?.reason ?? errorMessage(error.cause ?? error);
    return new EngineConnectionLostError(address, operation, reason, error, name);
  }
  if (!(error instanceof SeaworthyError) && isConnectionError(error)) {
    return new EngineConnectionLostError(address, operation, errorMessage(error), error, name);
  }
  return error;
}

/**
 * The one mapping of a failed engine call: errors that are already ours pass
 * through; a socket-level failure means an engine that answered before was
 * lost ({@link EngineConnectionLostError}); an HTTP refusal becomes
 * {@link EngineRequestError} with its status code, the daemon's answer kept
 * as `cause`. Anything else (an abort, a bug) is returned unchanged.
 */
export function mapEngineError(engine: EngineIdentity, operation: string, error: unknown): unknown {
  if (error instanceof SeaworthyError) return error;
  if (isConnectionError(error)) {
    return new EngineConnectionLostError(engine.address, operation, reasonOf(error, 0), error, engine.name);
  }
  return toEngineError(operation, error);
}

/** Why a connection attempt failed, in words. */
export function reasonOf(error: unknown, timeoutMs: number): string {
  const e = error as { code?: string; message?: string };
  switch (e?.code) {
    case 'ENOENT':
      return 'no socket at that path';
    case 'ECONNREFUSED':
      return 'connection refused (is dockerd running?)';
    case 'EACCES':
      return 'permission denied (add your user to the docker group, or use sudo)';
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs} ms`;
    default:
      if (/timeout/i.test(e?.message ?? '')) return `no answer within ${timeoutMs} ms`;
      return e?.message ?? String(error);
  }
}
