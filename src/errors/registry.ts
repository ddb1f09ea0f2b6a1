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

/** The Docker client configuration (`$DOCKER_CONFIG/config.json`) could not be read as JSON. */
export class RegistryConfigError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_REGISTRY_CONFIG';
  readonly file: string;

  constructor(file: string, cause: unknown) {
    super(
      'SEAWORTHY_REGISTRY_CONFIG',
      `could not read registry credentials from ${file}: ${errorMessage(cause)}. ` +
        'It must be the JSON file `docker login` writes; fix or remove it, point DOCKER_CONFIG at another folder, ' +
        'or give the credentials in code.',
      { cause },
    );
    this.file = file;
  }
}

/**
 * A Docker credential helper (`docker-credential-<name>`) named by the
 * Docker client configuration is not installed, or failed.
 */
export class CredentialHelperError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CREDENTIAL_HELPER';
  /** The program, e.g. `docker-credential-ecr-login`. */
  readonly program: string;
  /** The registry the credentials were for. */
  readonly registry: string;

  constructor(program: string, registry: string, problem: 'missing' | string, file: string, cause?: unknown) {
    super(
      'SEAWORTHY_CREDENTIAL_HELPER',
      problem === 'missing'
        ? `${file} says to get the credentials for '${registry}' from ${program}, which is not on PATH. ` +
            `Install ${program} (the credential helper of that registry's tooling), or remove the registry from ` +
            '"credHelpers" there, or give the credentials in code.'
        : `${program} failed to give the credentials for '${registry}' (configured in ${file}): ${problem}. ` +
            `Run \`echo ${registry} | ${program} get\` to see why, log in again, or give the credentials in code.`,
      { cause },
    );
    this.program = program;
    this.registry = registry;
  }
}
