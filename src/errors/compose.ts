import { SeaworthyError } from './base.js';

/*
 * Errors of the compose loader (issue 15): a compose file that can't be read,
 * parsed or validated, a variable it needs, and a key seaworthy does not
 * support. Each names the file, and the service and key where there is one.
 * All are thrown before any engine call.
 */

/** Where in a compose file a problem is: `file: services.api.ports[0]`. */
export interface ComposeLocation {
  /** The compose (or `.env` / `env_file`) file's absolute path. */
  readonly file: string;
  /** The service the key belongs to, when it is under `services:`. */
  readonly service?: string;
  /** The key's path, e.g. `services.api.ports[0]`; absent for the whole file. */
  readonly key?: string;
}

function where(location: ComposeLocation): string {
  return location.key ? `${location.file}: ${location.key}` : location.file;
}

/**
 * A compose file that is missing, is not valid YAML, breaks the Compose
 * Specification's schema, or says something that can't hold (a dependency on
 * an unknown service, an `extends` cycle, a port that is not a number).
 */
export class ComposeFileError extends SeaworthyError implements ComposeLocation {
  declare readonly code: 'SEAWORTHY_COMPOSE_INVALID';
  readonly file: string;
  readonly service?: string;
  readonly key?: string;

  constructor(location: ComposeLocation, problem: string, options?: { cause?: unknown }) {
    super('SEAWORTHY_COMPOSE_INVALID', `compose file ${where(location)}: ${problem}`, options);
    this.file = location.file;
    if (location.service !== undefined) this.service = location.service;
    if (location.key !== undefined) this.key = location.key;
  }
}

/**
 * A `${VAR:?message}` / `${VAR?message}` whose variable is not set (or is
 * empty, for `:?`), or an interpolation expression that does not parse
 * (`${`, `${VAR:x}`, a lone `$`).
 */
export class ComposeVariableError extends SeaworthyError implements ComposeLocation {
  declare readonly code: 'SEAWORTHY_COMPOSE_VARIABLE';
  readonly file: string;
  readonly service?: string;
  readonly key?: string;
  /** The variable, or absent when the expression itself is malformed. */
  readonly variable?: string;

  constructor(location: ComposeLocation & { readonly variable?: string }, problem: string) {
    super('SEAWORTHY_COMPOSE_VARIABLE', `compose file ${where(location)}: ${problem}`);
    this.file = location.file;
    if (location.service !== undefined) this.service = location.service;
    if (location.key !== undefined) this.key = location.key;
    if (location.variable !== undefined) this.variable = location.variable;
  }
}

/**
 * A key the Compose Specification allows but seaworthy does not support
 * (`secrets`, `configs`, `devices`, `develop`, …). Never silently ignored.
 */
export class ComposeUnsupportedError extends SeaworthyError implements ComposeLocation {
  declare readonly code: 'SEAWORTHY_COMPOSE_UNSUPPORTED';
  readonly file: string;
  readonly service?: string;
  readonly key: string;

  constructor(location: ComposeLocation & { readonly key: string }, detail?: string) {
    const what = detail ? ` (${detail})` : '';
    super(
      'SEAWORTHY_COMPOSE_UNSUPPORTED',
      `compose file ${where(location)}: seaworthy does not support this key${what}. ` +
        'Remove it, move it into an override file seaworthy is not given, ' +
        'or set the equivalent Engine API field with createOverrides in code (see docs/compose-files.md)',
    );
    this.file = location.file;
    if (location.service !== undefined) this.service = location.service;
    this.key = location.key;
  }
}
