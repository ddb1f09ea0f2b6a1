import { SeaworthyError } from './base.js';

/**
 * Where a container handle is in its life, as the handle itself tracks it:
 * `created` (by `definition.create()`, not started yet), `running`, `paused`,
 * `stopped` (by `stop()`, `kill()`, or on its own) and `removed` (torn down).
 */
export type ContainerStatus = 'created' | 'running' | 'paused' | 'stopped' | 'removed';

/**
 * A lifecycle action was asked of a container in a state where it can't
 * work: `start()` on a running container, `pause()` on a stopped one,
 * `unpause()` on one that is not paused…
 */
export class ContainerStateError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_CONTAINER_STATE';
  readonly container: string;
  /** What was asked, e.g. `pause()`. */
  readonly action: string;
  /** The state it was in. */
  readonly status: ContainerStatus;
  /** The states the action works in. */
  readonly needs: readonly ContainerStatus[];

  constructor(
    container: string,
    action: string,
    status: ContainerStatus,
    needs: readonly ContainerStatus[],
    hint: string,
    cause?: unknown,
  ) {
    super(
      'SEAWORTHY_CONTAINER_STATE',
      `cannot ${action} container '${container}': it is ${status}, and ${action} needs it ${orList(needs)}. ${hint}`,
      cause === undefined ? undefined : { cause },
    );
    this.container = container;
    this.action = action;
    this.status = status;
    this.needs = needs;
  }
}

/**
 * `firstHostPort()` or `firstBaseUrl()` on a container that publishes no
 * port, or more than one, so there is no single port to pick.
 */
export class AmbiguousPortError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_AMBIGUOUS_PORT';
  readonly container: string;
  /** The ports it publishes, as `"<port>/<proto>"`. */
  readonly ports: readonly string[];

  constructor(container: string, action: string, ports: readonly string[]) {
    super(
      'SEAWORTHY_AMBIGUOUS_PORT',
      ports.length === 0
        ? `container '${container}' publishes no port, so ${action} has none to give. ` +
            "Add one to the definition's `ports`, e.g. ports: [8080]."
        : `container '${container}' publishes ${ports.length} ports (${ports.join(', ')}), so ${action} can't ` +
            `tell which one you mean. Name it: hostPort(${portArgument(ports[0] ?? '')}) or baseUrl(${portArgument(ports[0] ?? '')}).`,
    );
    this.container = container;
    this.ports = ports;
  }
}

function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `8080/tcp` as `8080`, anything else quoted: how the port is passed to `hostPort()`. */
function portArgument(key: string): string {
  const tcp = /^(\d+)\/tcp$/.exec(key);
  return tcp ? (tcp[1] as string) : `'${key}'`;
}
