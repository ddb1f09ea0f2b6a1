import { errorMessage, SeaworthyError } from './base.js';

/** An HTTP request to a container got no answer. */
export class HttpRequestError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_HTTP_REQUEST';
  readonly url: string;

  constructor(method: string, url: string, cause: unknown) {
    super(
      'SEAWORTHY_HTTP_REQUEST',
      `${method} ${url} failed: ${errorMessage(cause)}. Is the server up and listening on that port? ` +
        'Give the container an http or port wait so tests start only once it answers.',
      { cause },
    );
    this.url = url;
  }
}

/** An HTTP answer's body was read as JSON but is not JSON. */
export class HttpBodyNotJsonError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_HTTP_NOT_JSON';
  readonly url: string;
  readonly body: string;

  constructor(method: string, url: string, status: number, contentType: string, body: string, cause: unknown) {
    super(
      'SEAWORTHY_HTTP_NOT_JSON',
      `${method} ${url} answered HTTP ${status} with a body that is not JSON ` +
        `(content-type: ${contentType}): ${JSON.stringify(body.slice(0, 200))}. Read response.text instead.`,
      { cause },
    );
    this.url = url;
    this.body = body;
  }
}

/** A service's own tool (psql, redis-cli, rabbitmqctl) failed inside its container. */
export class ServiceCommandError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_SERVICE_COMMAND';
  readonly container: string;
  readonly command: readonly string[];
  /** The tool's exit code; `undefined` for a step run over the service's own protocol. */
  readonly exitCode: number | undefined;
  readonly stderr: string;

  constructor(container: string, command: readonly string[], exitCode: number | undefined, stderr: string) {
    super(
      'SEAWORTHY_SERVICE_COMMAND',
      `\`${command.join(' ')}\` failed in container '${container}'` +
        `${exitCode === undefined ? '' : ` with exit code ${exitCode}`}: ` +
        `${stderr.trim() || '(no error output)'}. Check the statement or arguments; the service's own message is above.`,
    );
    this.container = container;
    this.command = command;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** A service refused the credentials in a URL. */
export class ServiceAuthError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_SERVICE_AUTH';
  readonly container: string;
  /** The URL with its password masked. */
  readonly url: string;

  constructor(container: string, url: string, detail: string) {
    super(
      'SEAWORTHY_SERVICE_AUTH',
      `container '${container}' refused the credentials in ${url}: ${detail.trim()}. ` +
        "Use the user and password the definition was given (the handle's url() has them).",
    );
    this.container = container;
    this.url = url;
  }
}

/**
 * A prebuilt service needs a client library the user installs next to
 * seaworthy (an optional peer dependency: `pg`, `kafkajs`), and it can't be
 * loaded from where seaworthy is installed.
 */
export class MissingPeerDependencyError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_MISSING_PEER';
  /** The npm package to install, e.g. `pg`. */
  readonly packageName: string;
  /** What needs it, e.g. `PostgresDefinition`. */
  readonly feature: string;

  constructor(packageName: string, feature: string, purpose: string, cause?: unknown) {
    super(
      'SEAWORTHY_MISSING_PEER',
      `${feature} needs the '${packageName}' package to ${purpose}, and it is not installed ` +
        `(or not where seaworthy can load it from): npm install --save-dev ${packageName}`,
      { cause },
    );
    this.packageName = packageName;
    this.feature = feature;
  }
}
