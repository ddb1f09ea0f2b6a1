/**
 * Every error seaworthy throws is a {@link SeaworthyError} with a stable `code`.
 * Messages say what happened, what was expected and what to try; the original
 * error, when there is one, is kept as `cause`.
 */
export class SeaworthyError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One place seaworthy looked for an engine, and why it did not answer. */
export interface EngineAttempt {
  readonly host: string;
  readonly source: string;
  readonly reason: string;
}

/** No Docker engine answered at any of the places tried. */
export class EngineUnavailableError extends SeaworthyError {
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
  /** The engine's address, e.g. `unix:///var/run/docker.sock`. */
  readonly address: string;
  /** What seaworthy was doing, e.g. `set up container 'db'`. */
  readonly operation: string;

  constructor(address: string, operation: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_ENGINE_LOST',
      `lost the Docker engine at ${address} while trying to ${operation} (${detail}). It answered earlier in ` +
        'this run, so the daemon stopped, crashed or restarted; nothing is retried. A restarted daemon leaves the ' +
        "containers it ran stopped, not removed: once it answers again, the helper's teardown removes them (if " +
        'teardown already failed, its watchdog keeps trying for a minute), and `npx seaworthy leftovers` removes ' +
        'what a finished run left.',
      { cause },
    );
    this.address = address;
    this.operation = operation;
  }
}

/** The engine answered a request with an error seaworthy has no more specific class for. */
export class EngineRequestError extends SeaworthyError {
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

/** An option failed validation before anything was sent to the engine. */
export class InvalidOptionError extends SeaworthyError {
  readonly option: string;

  constructor(option: string, problem: string) {
    super('SEAWORTHY_INVALID_OPTION', `invalid option \`${option}\`: ${problem}`);
    this.option = option;
  }
}

/** The image is not present locally and seaworthy was told not to pull it. */
export class ImageNotFoundError extends SeaworthyError {
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
  readonly image: string;

  constructor(image: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_IMAGE_PULL_FAILED',
      `could not pull image '${image}': ${detail}. ` +
        'Check the name and tag, that the registry is reachable and that you are logged in; ' +
        "or build the image locally and set pull: 'never'.",
      { cause },
    );
    this.image = image;
  }
}

/** A container, network or volume with the same name already exists on the engine. */
export class NameConflictError extends SeaworthyError {
  readonly resourceName: string;
  readonly kind: 'container' | 'network' | 'volume';

  constructor(kind: 'container' | 'network' | 'volume', name: string, cause?: unknown) {
    super(
      'SEAWORTHY_NAME_CONFLICT',
      `a ${kind} named '${name}' already exists. Another helper with the same namespace is probably alive, ` +
        'or a crashed run left it behind: use a different namespace, or remove it ' +
        `(docker ${kind} rm${kind === 'container' ? ' -f' : ''} ${name}).`,
      { cause },
    );
    this.resourceName = name;
    this.kind = kind;
  }
}

/** A fixed host port could not be bound because something else holds it. */
export class PortConflictError extends SeaworthyError {
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
  readonly container: string;
  readonly port: string;

  constructor(container: string, port: string, published: readonly string[]) {
    super(
      'SEAWORTHY_PORT_NOT_PUBLISHED',
      `container '${container}' does not publish port ${port}` +
        ` (published: ${published.length ? published.join(', ') : 'none'}). ` +
        `Add it to the definition's \`ports\`, e.g. ports: { '${port}': {} }.`,
    );
    this.container = container;
    this.port = port;
  }
}

/** A mount's source is missing or unusable. */
export class InvalidMountError extends SeaworthyError {
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

/** A readiness wait did not succeed in time. */
export class WaitTimeoutError extends SeaworthyError {
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
  readonly container: string;

  constructor(container: string, waitingFor: string, reason?: unknown) {
    super('SEAWORTHY_WAIT_ABORTED', `waiting for container '${container}' (${waitingFor}) was cancelled.`, {
      cause: reason,
    });
    this.container = container;
  }
}

/** The helper was already torn down, so it can create nothing more. */
export class HelperTornDownError extends SeaworthyError {
  constructor(namespace: string, action: string) {
    super(
      'SEAWORTHY_HELPER_TORN_DOWN',
      `cannot ${action}: helper '${namespace}' has been torn down. Create a new DockerHelper for new resources.`,
    );
  }
}

/** The container is not running, so the operation cannot work. */
export class ContainerNotRunningError extends SeaworthyError {
  readonly container: string;

  constructor(container: string, action: string, status: string) {
    super(
      'SEAWORTHY_CONTAINER_NOT_RUNNING',
      `cannot ${action}: container '${container}' is ${status}, not running. ` +
        'Set it up again, or check its logs for why it stopped.',
    );
    this.container = container;
  }
}

/** Teardown removed what it could, but some resources could not be removed. */
export class TeardownError extends SeaworthyError {
  readonly failures: readonly { readonly resource: string; readonly error: unknown }[];

  constructor(namespace: string, failures: readonly { readonly resource: string; readonly error: unknown }[]) {
    const list = failures.map((f) => `  - ${f.resource}: ${errorMessage(f.error)}`).join('\n');
    super(
      'SEAWORTHY_TEARDOWN_FAILED',
      `helper '${namespace}' could not remove ${failures.length} resource(s):\n${list}\n` +
        `Remove them by hand: docker ps -a --filter label=dev.seaworthy.namespace=${namespace}`,
      { cause: failures[0]?.error },
    );
    this.failures = failures;
  }
}

/** A path asked about does not exist in the container. */
export class FileNotFoundError extends SeaworthyError {
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

/** What is wrong with a process list that should form one tree. */
export type ProcessTreeProblem = 'forest' | 'duplicate-pid' | 'missing-parent' | 'empty';

/** A process list does not form a single tree rooted at one process. */
export class ProcessTreeError extends SeaworthyError {
  readonly problem: ProcessTreeProblem;

  constructor(problem: ProcessTreeProblem, detail: string) {
    super('SEAWORTHY_PROCESS_TREE', `the processes do not form one tree: ${detail}`);
    this.problem = problem;
  }
}

/** The container's processes could not be listed. */
export class ProcessListError extends SeaworthyError {
  readonly container: string;

  constructor(container: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_PROCESS_LIST',
      `cannot list the processes of container '${container}': ${detail}. ` +
        'Listing needs a running container and either a local engine or `sh` and `cat` in the image.',
      { cause },
    );
    this.container = container;
  }
}

/** Test fixtures were declared in a way that cannot work (unknown dependency, scope order, cycle). */
export class FixtureDefinitionError extends SeaworthyError {
  readonly fixture: string;

  constructor(fixture: string, problem: string) {
    super('SEAWORTHY_FIXTURE_DEFINITION', `fixture '${fixture}' ${problem}`);
    this.fixture = fixture;
  }
}

/** A fixture value was read where it does not exist (outside a test, before its hook ran). */
export class FixtureUnavailableError extends SeaworthyError {
  readonly fixture: string;

  constructor(fixture: string, detail: string) {
    super('SEAWORTHY_FIXTURE_UNAVAILABLE', `'${fixture}' is not available here: ${detail}`);
    this.fixture = fixture;
  }
}

/** A test needs a Docker engine and none answered; thrown instead of skipping when CI is set. */
export class DockerRequiredError extends SeaworthyError {
  constructor(reason: string, cause?: unknown) {
    super(
      'SEAWORTHY_DOCKER_REQUIRED',
      `this test needs a Docker engine, and CI is set, so it fails rather than skips: ${reason}`,
      { cause },
    );
  }
}

/** An HTTP request to a container got no answer. */
export class HttpRequestError extends SeaworthyError {
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
 * The crash watchdog of a helper could not start, or stopped early. Not
 * thrown: emitted as a process warning, and the helper works without it
 * (normal teardown and the signal handlers still remove everything).
 */
export class WatchdogStartError extends SeaworthyError {
  readonly namespace: string;

  constructor(namespace: string, cause: unknown) {
    super(
      'SEAWORTHY_WATCHDOG_START',
      `the cleanup watchdog of helper '${namespace}' is not running (${errorMessage(cause)}), so if this process ` +
        'is killed its resources stay behind. Remove them later with `npx seaworthy leftovers`; ' +
        'check that Node can spawn processes here, or set SEAWORTHY_WATCHDOG=false to silence this.',
      { cause },
    );
    this.namespace = namespace;
  }
}

/** `seaworthy leftovers` could not remove some of what it set out to remove. */
export class LeftoverRemovalError extends SeaworthyError {
  readonly failures: readonly { readonly resource: string; readonly error: unknown }[];

  constructor(failures: readonly { readonly resource: string; readonly error: unknown }[]) {
    const list = failures.map((f) => `  - ${f.resource}: ${errorMessage(f.error)}`).join('\n');
    super(
      'SEAWORTHY_LEFTOVER_REMOVAL',
      `could not remove ${failures.length} leftover resource(s):\n${list}\n` +
        'Run the command again once whatever still uses them has stopped, or remove them by hand ' +
        '(docker rm -f / docker network rm / docker volume rm).',
      { cause: failures[0]?.error },
    );
    this.failures = failures;
  }
}

/** The `seaworthy` command line was not understood. */
export class CliUsageError extends SeaworthyError {
  readonly usage: string;

  constructor(problem: string, usage: string) {
    super('SEAWORTHY_CLI_USAGE', `${problem}\n\n${usage}`);
    this.usage = usage;
  }
}

function formatLines(lines: readonly string[]): string {
  if (lines.length === 0) return ' It logged nothing.';
  return `\nLast ${lines.length} log line(s):\n${lines.map((l) => `  | ${l}`).join('\n')}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Seaworthy runs in a sibling container (the engine's socket mounted in) and
 * reaches containers at their address on the networks its own container
 * joined, but this container shares none of them.
 */
export class ContainerUnreachableError extends SeaworthyError {
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

/** A container was asked to join a network, by name, that does not exist. */
export class NetworkNotFoundError extends SeaworthyError {
  readonly container: string;
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

/**
 * A warm pool could not hand out a started container: the spare it picked
 * failed to start, and so did the one it then started directly (or there was
 * no spare yet and the direct start failed).
 */
export class WarmPoolStartError extends SeaworthyError {
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
