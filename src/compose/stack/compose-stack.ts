import { ComposeServiceError, InvalidOptionError } from '../../errors/index.js';
import type { Network } from '../../resources/definitions/network.js';
import type { Volume } from '../../resources/definitions/volume.js';
import type { Container } from '../../resources/handles/container.js';
import type { ComposeModel } from '../model.js';
import type { StackRuntime } from './stack-runtime.js';

/**
 * A started compose stack (docs/compose.md): each service is a live
 * {@link Container} (logs, exec, matchers, fault injection), a scaled service
 * a list of them. `teardown()` removes its containers, newest first, then its
 * networks and volumes.
 */
export class ComposeStack {
  constructor(
    private readonly runtime: StackRuntime,
    private readonly forget: () => void,
  ) {}

  /** The stack's name in its helper: it prefixes every container, network and volume name. */
  get name(): string {
    return this.runtime.name;
  }

  /** The value of the `com.docker.compose.project` label on everything the stack made. */
  get project(): string {
    return this.runtime.project;
  }

  get model(): ComposeModel {
    return this.runtime.model;
  }

  /** Services started (or created) so far, in the files' order. */
  get services(): readonly string[] {
    return this.runtime.serviceNames;
  }

  /**
   * The one container of a started service. A `ComposeServiceError` for a
   * service the files don't define, one not started, or a scaled one (use {@link replicas}).
   */
  service(name: string): Container {
    const containers = this.runtime.containersOf(name);
    if (containers.length > 1) {
      throw new ComposeServiceError(
        name,
        'scaled',
        `has ${containers.length} containers; use stack.replicas('${name}') to get them all.`,
      );
    }
    return containers[0] as Container;
  }

  /** Every container of a started service, replica 1 first. */
  replicas(name: string): readonly Container[] {
    return [...this.runtime.containersOf(name)];
  }

  /** A network of the stack, by its key in the files (`default` included), once a started service uses it. */
  network(key: string): Network {
    const network = this.runtime.resources.network(key);
    if (!network) throw notLive('network', key, this.runtime.resources.keys().networks);
    return network;
  }

  /** A named volume of the stack, by its key in the files, once a started service mounts it. */
  volume(key: string): Volume {
    const volume = this.runtime.resources.volume(key);
    if (!volume) throw notLive('volume', key, this.runtime.resources.keys().volumes);
    return volume;
  }

  /**
   * Start what `name` depends on (with its conditions), then create the
   * service's single container without starting it: `container.start()`
   * starts it (and runs its wait from `waits`). Returns the live container
   * if the service has one already.
   */
  createService(name: string): Promise<Container> {
    return this.runtime.createService(name);
  }

  /** Start a service the stack did not start at setup, its dependencies first. Returns its containers. */
  startService(name: string): Promise<readonly Container[]> {
    return this.runtime.startService(name);
  }

  /**
   * Remove the stack's containers (newest first), then its networks and
   * volumes. Idempotent; a failure is a `TeardownError` listing what stayed.
   */
  async teardown(): Promise<void> {
    try {
      await this.runtime.teardown();
    } finally {
      this.forget();
    }
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.teardown();
  }
}

function notLive(kind: 'network' | 'volume', key: string, live: readonly string[]): InvalidOptionError {
  return new InvalidOptionError(
    `${kind}('${key}')`,
    `is not a ${kind} of this stack that a started service uses (live: ${live.join(', ') || 'none'})`,
  );
}
