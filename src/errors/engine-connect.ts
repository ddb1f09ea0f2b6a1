import { SeaworthyError } from './base.js';

/**
 * The engine speaks an Engine API older than the oldest seaworthy uses
 * (request bodies are written for that version), so nothing is sent to it.
 */
export class EngineTooOldError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_TOO_OLD';
  /** The engine's address, e.g. `unix:///var/run/docker.sock`. */
  readonly address: string;
  /** The newest API version the engine speaks (its `/version` ApiVersion). */
  readonly engineApiVersion: string;
  /** The oldest API version seaworthy speaks. */
  readonly minimumApiVersion: string;

  constructor(address: string, engineApiVersion: string, minimumApiVersion: string, engineVersion: string) {
    super(
      'SEAWORTHY_ENGINE_TOO_OLD',
      `the engine at ${address} (version ${engineVersion}) speaks Engine API ${engineApiVersion} at most; ` +
        `seaworthy needs API ${minimumApiVersion} or newer (Docker Engine 20.10, Podman 4). ` +
        'Upgrade the engine, or point DOCKER_HOST (or the Docker context) at a newer one.',
    );
    this.address = address;
    this.engineApiVersion = engineApiVersion;
    this.minimumApiVersion = minimumApiVersion;
  }
}

/**
 * The engine no longer speaks any API version seaworthy knows: its minimum
 * (`/version` MinAPIVersion) is above the newest version seaworthy speaks.
 */
export class EngineTooNewError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_TOO_NEW';
  readonly address: string;
  /** The oldest API version the engine still accepts. */
  readonly engineMinApiVersion: string;
  /** The newest API version seaworthy speaks. */
  readonly maximumApiVersion: string;

  constructor(address: string, engineMinApiVersion: string, maximumApiVersion: string, engineVersion: string) {
    super(
      'SEAWORTHY_ENGINE_TOO_NEW',
      `the engine at ${address} (version ${engineVersion}) accepts Engine API ${engineMinApiVersion} or newer; ` +
        `this seaworthy speaks up to API ${maximumApiVersion}. Upgrade seaworthy, or use an older engine.`,
    );
    this.address = address;
    this.engineMinApiVersion = engineMinApiVersion;
    this.maximumApiVersion = maximumApiVersion;
  }
}

/** DOCKER_CONTEXT or the config's `currentContext` names a context that is not in the contexts store. */
export class DockerContextNotFoundError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTEXT_NOT_FOUND';
  /** The context asked for. */
  readonly context: string;
  /** Where its name came from, e.g. `DOCKER_CONTEXT` or `currentContext in /home/u/.docker/config.json`. */
  readonly source: string;
  /** The contexts the store has (`default` always exists). */
  readonly available: readonly string[];

  constructor(context: string, source: string, storeDir: string, available: readonly string[]) {
    super(
      'SEAWORTHY_CONTEXT_NOT_FOUND',
      `Docker context '${context}' (from ${source}) is not in the contexts store ${storeDir}. ` +
        `Contexts found: ${available.join(', ')}. Create it (\`docker context create ${context} --docker host=…\`), ` +
        'or pick another (`docker context use <name>`, DOCKER_CONTEXT).',
    );
    this.context = context;
    this.source = source;
    this.available = available;
  }
}

/** What went wrong reaching an engine over ssh. */
export type EngineSshFailure = 'auth' | 'host-key' | 'no-key' | 'dial-stdio';

/**
 * Reaching an engine through `ssh://` failed for a reason ssh knows: the
 * server refused every key, its host key is not the one in known_hosts, no
 * key was found, or `docker system dial-stdio` did not run on the remote.
 */
export class EngineSshError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_SSH';
  /** The ssh address, e.g. `ssh://ci@build-host:22`. */
  readonly address: string;
  readonly failure: EngineSshFailure;

  constructor(address: string, failure: EngineSshFailure, detail: string, cause?: unknown) {
    super('SEAWORTHY_ENGINE_SSH', `ssh to the engine at ${address} failed: ${detail}`, { cause });
    this.address = address;
    this.failure = failure;
  }
}
