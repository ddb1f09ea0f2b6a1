import { errorMessage, SeaworthyError } from './base.js';

/**
 * A request to a registry's HTTP API (`/v2/...`) got no answer, or an answer
 * other than the ones the call expects: a refused login, a server error.
 */
export class RegistryRequestError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_REGISTRY_REQUEST';
  readonly method: string;
  readonly url: string;
  /** The HTTP status; `undefined` when no answer came. */
  readonly status: number | undefined;
  /** The answer's body (the registry's JSON error list, usually), at most 2,000 characters. */
  readonly body: string;

  constructor(method: string, url: string, status: number | undefined, body: string, cause?: unknown) {
    const what =
      status === undefined
        ? `got no answer: ${errorMessage(cause)}. Is the registry running, and is it plain HTTP or TLS as the client expects?`
        : status === 401
          ? `was refused (HTTP 401): the registry wants credentials. Give the ones it was started with, ` +
            'or check the username and password.'
          : `answered HTTP ${status}${body.trim() ? `: ${body.trim().slice(0, 300)}` : ''}. ` +
            "Check the repository name and reference, and the registry's own log.";
    super('SEAWORTHY_REGISTRY_REQUEST', `registry request ${method} ${url} ${what}`, { cause });
    this.method = method;
    this.url = url;
    this.status = status;
    this.body = body.slice(0, 2_000);
  }
}
