/**
 * Every error seaworthy throws is a {@link SeaworthyError} with a stable `code`.
 * Messages say what happened, what was expected and what to try; the original
 * error, when there is one, is kept as `cause`.
 *
 * `instanceof` works across copies of the library loaded in one process (the
 * ESM and the CommonJS build side by side, or two installed copies): each
 * error carries a brand, registered under `Symbol.for`, naming every class in
 * its chain, and each class's `Symbol.hasInstance` reads it.
 */

/** Every `code` a {@link SeaworthyError} can have; one per class in the catalogue (docs/errors.md). */
export type SeaworthyErrorCode =
  | 'SEAWORTHY_ENGINE_UNAVAILABLE'
  | 'SEAWORTHY_ENGINE_LOST'
  | 'SEAWORTHY_ENGINE_REQUEST'
  | 'SEAWORTHY_IMAGE_NOT_FOUND'
  | 'SEAWORTHY_IMAGE_PULL_FAILED'
  | 'SEAWORTHY_INVALID_OPTION'
  | 'SEAWORTHY_NAME_CONFLICT'
  | 'SEAWORTHY_PORT_CONFLICT'
  | 'SEAWORTHY_PORT_NOT_PUBLISHED'
  | 'SEAWORTHY_INVALID_MOUNT'
  | 'SEAWORTHY_NETWORK_NOT_FOUND'
  | 'SEAWORTHY_HELPER_TORN_DOWN'
  | 'SEAWORTHY_CONTAINER_NOT_RUNNING'
  | 'SEAWORTHY_CONTAINER_REMOVED'
  | 'SEAWORTHY_CONTAINER_UNREACHABLE'
  | 'SEAWORTHY_EXEC_NOT_STARTED'
  | 'SEAWORTHY_FILE_NOT_FOUND'
  | 'SEAWORTHY_WARM_POOL_START_FAILED'
  | 'SEAWORTHY_WAIT_TIMEOUT'
  | 'SEAWORTHY_CONTAINER_EXITED'
  | 'SEAWORTHY_WAIT_ABORTED'
  | 'SEAWORTHY_HEALTHCHECK'
  | 'SEAWORTHY_PROCESS_TREE'
  | 'SEAWORTHY_PROCESS_LIST'
  | 'SEAWORTHY_TEARDOWN_FAILED'
  | 'SEAWORTHY_WATCHDOG_START'
  | 'SEAWORTHY_LEFTOVER_REMOVAL'
  | 'SEAWORTHY_SNAPSHOT_REMOVAL'
  | 'SEAWORTHY_CLI_USAGE'
  | 'SEAWORTHY_FIXTURE_DEFINITION'
  | 'SEAWORTHY_FIXTURE_UNAVAILABLE'
  | 'SEAWORTHY_DOCKER_REQUIRED'
  | 'SEAWORTHY_HTTP_REQUEST'
  | 'SEAWORTHY_HTTP_NOT_JSON'
  | 'SEAWORTHY_SERVICE_COMMAND'
  | 'SEAWORTHY_SERVICE_AUTH'
  | 'SEAWORTHY_MISSING_PEER'
  | 'SEAWORTHY_SUBNET_OVERLAP'
  | 'SEAWORTHY_ALREADY_CONNECTED'
  // Waits (issue 13): one-shot containers.
  | 'SEAWORTHY_ONE_SHOT_FAILED'
  // container lifecycle (issue 13)
  | 'SEAWORTHY_CONTAINER_STATE'
  | 'SEAWORTHY_AMBIGUOUS_PORT'
  | 'SEAWORTHY_EXEC_TIMEOUT'
  | 'SEAWORTHY_IMAGE_PLATFORM_MISMATCH'
  | 'SEAWORTHY_CAPABILITIES_REFUSED'
  // files into and out of containers
  | 'SEAWORTHY_FILE_COPY_FAILED'
  // fault injection (issue 13)
  | 'SEAWORTHY_FAULT_UNSUPPORTED'
  | 'SEAWORTHY_FAULT_COMMAND'
  | 'SEAWORTHY_FAULT_SIDECAR'
  // structure tests (issue 14)
  | 'SEAWORTHY_STRUCTURE_CONFIG'
  // registry fixture, pull credentials (issue 14)
  | 'SEAWORTHY_REGISTRY_REQUEST'
  | 'SEAWORTHY_REGISTRY_CONFIG'
  | 'SEAWORTHY_CREDENTIAL_HELPER'
  // tag, push and commit (issue 14)
  | 'SEAWORTHY_IMAGE_PUSH_FAILED'
  | 'SEAWORTHY_IMAGE_TAG_FAILED'
  // image builds (issue 14)
  | 'SEAWORTHY_IMAGE_BUILD_FAILED'
  // bind mounts from a sibling runner (issue 15)
  | 'SEAWORTHY_BIND_NOT_SHARED'
  // compose loader (issue 15)
  | 'SEAWORTHY_COMPOSE_INVALID'
  | 'SEAWORTHY_COMPOSE_VARIABLE'
  | 'SEAWORTHY_COMPOSE_UNSUPPORTED'
  // compose stacks (issue 15)
  | 'SEAWORTHY_COMPOSE_SERVICE'
  | 'SEAWORTHY_COMPOSE_DEPENDENCY'
  | 'SEAWORTHY_COMPOSE_STARTUP'
  // seaworthy run (issue 15)
  | 'SEAWORTHY_RUN_TARGET'
  | 'SEAWORTHY_RUN_STARTUP'
  | 'SEAWORTHY_RUN_ABORTED'
  | 'SEAWORTHY_SCHEMA_REGISTRY_REQUEST'
  | 'SEAWORTHY_ENGINE_TOO_OLD'
  | 'SEAWORTHY_ENGINE_TOO_NEW'
  | 'SEAWORTHY_CONTEXT_NOT_FOUND'
  | 'SEAWORTHY_ENGINE_SSH'
  // several engines (issue 19)
  | 'SEAWORTHY_ENGINE_SKIPPED'
  | 'SEAWORTHY_ENGINE_LEASE';

/**
 * The brand's key, shared by every copy of the library in the process. Its
 * value on an error is the list of class names from the error's own class up
 * to `SeaworthyError`.
 */
const BRAND: unique symbol = Symbol.for('dev.seaworthy.error.classes') as never;

/** The class names an error is branded with (empty for anything else). */
export function errorBrand(value: unknown): readonly string[] {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return [];
  const classes = (value as { [BRAND]?: unknown })[BRAND];
  return Array.isArray(classes) && classes.every((c) => typeof c === 'string') ? classes : [];
}

// biome-ignore lint/suspicious/noExplicitAny: constructor signatures vary per class
type AnyConstructor<T> = abstract new (...args: any[]) => T;

/** The usual prototype check, or else the brand another copy of the library put on the error. */
function isInstance(checked: AnyConstructor<unknown>, value: unknown): boolean {
  return Function.prototype[Symbol.hasInstance].call(checked, value) || errorBrand(value).includes(checked.name);
}

export class SeaworthyError extends Error {
  readonly code: SeaworthyErrorCode;

  constructor(code: SeaworthyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    const classes: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      classes.push(c.name);
      if (c === SeaworthyError) break;
    }
    Object.defineProperty(this, BRAND, { value: Object.freeze(classes), enumerable: false });
  }

  /**
   * True for errors made by this class (or a subclass) in any copy of the
   * library loaded in this process, e.g. a `WaitTimeoutError` thrown by the
   * CommonJS build checked against the ESM build's class.
   */
  static override [Symbol.hasInstance]<T>(this: AnyConstructor<T>, value: unknown): value is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class checked against, a subclass as often as not
    return isInstance(this, value);
  }
}

/** An error's message, or the value itself as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
