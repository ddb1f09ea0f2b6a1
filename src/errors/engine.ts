import { SeaworthyError } from './base.js';

/** One place seaworthy looked for an engine, and why it did not answer. */
export interface EngineAttempt {
  readonly host: string;
  readonly source: string;
  readonly reason: string;
}

/** No Docker engine answered at any of the places tried. */
export class EngineUnavailableError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_UNAVAILABLE';
  readonly attempts: readonly EngineAttempt[];

  constructor(attempts: readonly EngineAttempt[], cause?: unknown) {
    const tried = attempts.map((a) => `  - ${a.host} (from ${a.source}): ${a.reason}`).join('\n');
    super(
      'SEAWORTHY_ENGINE_UNAVAILABLE',
      `no Docker engine answered. Tried:\n${tried}\n` +
        'Start an engine (e.g. `bash scripts/engine.sh`, `sudo systemctl start docker`), ' +
        'or point DOCKER_HOST at one (unix:///path/to/docker.sock or tcp://host:2375).',
      { cause },
    );
    this.attempts = attempts;
  }
}

/**
 * The engine answered when the helper connected, then stopped answering in
 * the middle of the run: the daemon was stopped, crashed or restarted. Unlike
 * {@link EngineUnavailableError} at connect time, tests fail with it (even
 * without `CI`) rather than being skipped: they had an engine, and lost it.
 */
export class EngineConnectionLostError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_LOST';
  /** The engine's address, e.g. `unix:///var/run/docker.sock`. */
  readonly address: string;
  /** What seaworthy was doing, e.g. `set up container 'db'`. */
  readonly operation: string;
  /** The engine's name: its entry in SEAWORTHY_ENGINES, else `default`. */
  readonly engine: string;

  constructor(address: string, operation: string, detail: string, cause?: unknown, engine = 'default') {
    super(
      'SEAWORTHY_ENGINE_LOST',
      `lost the Docker engine ${engine === 'default' ? '' : `'${engine}' `}at ${address} while trying to ${operation} (${detail}). It answered earlier in ` +
        'this run, so the daemon stopped, crashed or restarted; nothing is retried. A restarted daemon leaves the ' +
        "containers it ran stopped, not removed: once it answers again, the helper's teardown removes them (if " +
        'teardown already failed, its watchdog keeps trying for a minute), and `npx seaworthy leftovers` removes ' +
        'what a finished run left.',
      { cause },
    );
    this.address = address;
    this.operation = operation;
    this.engine = engine;
  }
}

/** The engine answered a request with an error seaworthy has no more specific class for. */
export class EngineRequestError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_ENGINE_REQUEST';
  readonly statusCode: number | undefined;
  readonly operation: string;

  constructor(operation: string, statusCode: number | undefined, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_ENGINE_REQUEST',
      `the Docker engine refused to ${operation}${statusCode ? ` (HTTP ${statusCode})` : ''}: ${detail}`,
      { cause },
    );
    this.statusCode = statusCode;
    this.operation = operation;
  }
}

/** The image is not present locally and seaworthy was told not to pull it. */
export class ImageNotFoundError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_NOT_FOUND';
  readonly image: string;

  constructor(image: string, cause?: unknown) {
    super(
      'SEAWORTHY_IMAGE_NOT_FOUND',
      `image '${image}' is not present on the engine and pulling is disabled (pull: 'never'). ` +
        `Build or load it first (docker build -t ${image} … / docker load), or allow pulling with pull: 'missing'.`,
      { cause },
    );
    this.image = image;
  }
}

/** Pulling an image failed: the registry was unreachable, refused, or the name is unknown. */
export class ImagePullError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_PULL_FAILED';
  readonly image: string;
  /** What the engine or registry said (issue 14). */
  readonly detail: string;

  constructor(image: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_IMAGE_PULL_FAILED',
      `could not pull image '${image}': ${detail}. ` +
        'Check the name and tag, that the registry is reachable and that you are logged in; ' +
        "or build the image locally and set pull: 'never'.",
      { cause },
    );
    this.image = image;
    this.detail = detail;
  }
}
