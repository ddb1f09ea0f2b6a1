import { errorMessage, SeaworthyError } from './base.js';

/** What kind of resource a {@link NameConflictError} is about. */
export type ResourceKind = 'container' | 'network' | 'volume';

/**
 * A container, network or volume with the same name already exists on the
 * engine; or one helper was given two definitions with the same name.
 */
export class NameConflictError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_NAME_CONFLICT';
  readonly resourceName: string;
  readonly kind: ResourceKind;
  /** True when the other resource is this helper's own: two definitions share one name. */
  readonly sameHelper: boolean;

  constructor(kind: ResourceKind, name: string, cause?: unknown, options: { readonly definition?: string } = {}) {
    const definition = options.definition;
    super(
      'SEAWORTHY_NAME_CONFLICT',
      definition === undefined
        ? `a ${kind} named '${name}' already exists. Another helper with the same namespace is probably alive, ` +
            'or a crashed run left it behind: use a different namespace, or remove it ' +
            `(docker ${kind} rm${kind === 'container' ? ' -f' : ''} ${name}).`
        : `two ${kind} definitions named '${definition}' in one helper (both would be '${name}'); ` +
            'give each a unique name, or tear the first one down before setting up the other.',
      { cause },
    );
    this.resourceName = name;
    this.kind = kind;
    this.sameHelper = definition !== undefined;
  }
}

/** A fixed host port could not be bound because something else holds it. */
export class PortConflictError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_PORT_CONFLICT';
  readonly container: string;

  constructor(container: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_PORT_CONFLICT',
      `container '${container}' could not bind its host port: ${detail}. ` +
        'Leave hostPort unset (a free port is picked for you) or free the port.',
      { cause },
    );
    this.container = container;
  }
}

/** `hostPort()` was asked for a container port that is not published. */
export class PortNotPublishedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_PORT_NOT_PUBLISHED';
  readonly container: string;
  readonly port: string;

  constructor(container: string, port: string, published: readonly string[]) {
    super(
      'SEAWORTHY_PORT_NOT_PUBLISHED',
      `container '${container}' does not publish port ${port}` +
        ` (published: ${published.length ? published.join(', ') : 'none'}). ` +
        `Publish it: ports: ['${port}'] in a ContainerDefinition, or ports: ["${port.replace(/\/tcp$/, '')}"] for a compose service.`,
    );
    this.container = container;
    this.port = port;
  }
}

/** A mount's source is missing or unusable. */
export class InvalidMountError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_INVALID_MOUNT';
  readonly container: string;

  constructor(container: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_INVALID_MOUNT',
      `container '${container}' has a mount the engine rejected: ${detail}. ` +
        'Bind sources must be absolute paths that exist on the engine host.',
      { cause },
    );
    this.container = container;
  }
}

/** A container was asked to join a network, by name, that does not exist. */
export class NetworkNotFoundError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_NETWORK_NOT_FOUND';
  readonly container: string;
  /** The network as the definition named it. */
  readonly network: string;

  constructor(container: string, network: string, cause?: unknown) {
    super(
      'SEAWORTHY_NETWORK_NOT_FOUND',
      `container '${container}' can't join network '${network}': it does not exist. ` +
        'Create it first, or pass a NetworkDefinition so the helper makes it (and removes it afterwards).',
      { cause },
    );
    this.container = container;
    this.network = network;
  }
}

/** The helper was already torn down, so it can create nothing more. */
export class HelperTornDownError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_HELPER_TORN_DOWN';

  constructor(namespace: string, action: string) {
    super(
      'SEAWORTHY_HELPER_TORN_DOWN',
      `cannot ${action}: helper '${namespace}' has been torn down. Create a new DockerHelper for new resources.`,
    );
  }
}

/** The container is not running, so the operation cannot work. */
export class ContainerNotRunningError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTAINER_NOT_RUNNING';
  readonly container: string;
  /** The engine's status for it (`exited`, `created`, `paused`…), when known. */
  readonly status: string | undefined;

  constructor(container: string, action: string, status?: string) {
    super(
      'SEAWORTHY_CONTAINER_NOT_RUNNING',
      `cannot ${action}: container '${container}' is not running${status ? ` (its status is '${status}')` : ''}. ` +
        'Set it up again, or check its logs for why it stopped.',
    );
    this.container = container;
    this.status = status;
  }
}

/** The container behind a handle was removed: its teardown ran, or something else removed it. */
export class ContainerRemovedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTAINER_REMOVED';
  readonly container: string;
  /** What was asked of the handle, e.g. `run ["ls"] in it`. */
  readonly action: string;

  constructor(container: string, action: string, cause?: unknown) {
    super(
      'SEAWORTHY_CONTAINER_REMOVED',
      `container '${container}' was removed` +
        `${cause === undefined ? ' (its handle, or its helper, was torn down)' : ' (the engine no longer knows it)'}, ` +
        `so seaworthy can't ${action}. A handle is not usable after teardown: set the definition up again for a ` +
        'new container, and check that nothing else removes it while the test runs.',
      { cause },
    );
    this.container = container;
    this.action = action;
  }
}

/**
 * Seaworthy runs in a sibling container (the engine's socket mounted in) and
 * reaches containers at their address on the networks its own container
 * joined, but this container shares none of them.
 */
export class ContainerUnreachableError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTAINER_UNREACHABLE';
  readonly container: string;
  /** The runner's container, which joins each helper network. */
  readonly runnerContainer: string;
  /** Networks the container is on. */
  readonly networks: readonly string[];

  constructor(container: string, runnerContainer: string, networks: readonly string[], detail?: string) {
    super(
      'SEAWORTHY_CONTAINER_UNREACHABLE',
      `container '${container}' cannot be reached from this runner container (${runnerContainer}): ` +
        (detail ??
          `it is on no network the runner joined (it is on: ${networks.length ? networks.join(', ') : 'none'})`) +
        '. Seaworthy runs as a sibling container here, so it reaches containers at their address on their ' +
        "helper's networks: keep the container on its helper's default network (don't replace NetworkMode or " +
        'NetworkingConfig in createOverrides), or set SEAWORTHY_HOST to the address its published ports are reached on. ' +
        '`seaworthy doctor` shows what was detected.',
    );
    this.container = container;
    this.runnerContainer = runnerContainer;
    this.networks = networks;
  }
}

/** An exec could not start its program (not found, not executable); the program never ran. */
export class ExecNotStartedError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_EXEC_NOT_STARTED';
  readonly container: string;
  readonly command: readonly string[];
  /** The runtime's reason, e.g. `executable file not found in $PATH`. */
  readonly reason: string;

  constructor(container: string, command: readonly string[], reason: string) {
    super(
      'SEAWORTHY_EXEC_NOT_STARTED',
      `could not start ${JSON.stringify(command[0])} in container '${container}': ${reason}. ` +
        'The program never ran: install it in the image, or call one that exists by its full path ' +
        "(a shell command needs ['sh', '-c', '…']).",
    );
    this.container = container;
    this.command = command;
    this.reason = reason;
  }
}

/** A path asked about does not exist in the container. */
export class FileNotFoundError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FILE_NOT_FOUND';
  readonly container: string;
  readonly path: string;

  constructor(container: string, path: string, cause?: unknown) {
    super(
      'SEAWORTHY_FILE_NOT_FOUND',
      `no file at '${path}' in container '${container}'. Check the path (it must be absolute), ` +
        'and that the image or the test created it.',
      { cause },
    );
    this.container = container;
    this.path = path;
  }
}

/**
 * A warm pool could not hand out a started container: the spare it picked
 * failed to start, and so did the one it then started directly (or there was
 * no spare yet and the direct start failed).
 */
export class WarmPoolStartError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_WARM_POOL_START_FAILED';
  /** The pooled definition's name. */
  readonly definition: string;
  /** Starts that failed for this take (1 or 2); `cause` is the last. */
  readonly attempts: number;
  /** The last failure of a spare started in the background, if it is not `cause`. */
  readonly earlier: unknown;

  constructor(definition: string, attempts: number, cause: unknown, earlier?: unknown) {
    const before =
      earlier === undefined || earlier === cause ? '' : `\nBefore that, a spare failed: ${errorMessage(earlier)}`;
    super(
      'SEAWORTHY_WARM_POOL_START_FAILED',
      `the warm pool of '${definition}' could not hand out a started container: ` +
        `${attempts} start${attempts === 1 ? '' : 's'} failed for this take, and a pool never hands out a container ` +
        'that did not pass its wait. Fix what the error below names (image, command, wait, startup timeout); ' +
        `setting the definition up without a pool shows the same failure on its own.\nThe last failure: ${errorMessage(cause)}${before}`,
      { cause },
    );
    this.definition = definition;
    this.attempts = attempts;
    this.earlier = earlier;
  }
}
