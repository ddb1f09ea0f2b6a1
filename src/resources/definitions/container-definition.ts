import { Container, type ContainerInit } from '../handles/container.js';
import type { ContainerOptions } from './container-options.js';
import { validateContainerOptions } from './container-options-validation.js';
import type { CreateRequest } from './create-request.js';
import type { DeepPatch } from './merge.js';
import { assertValidName } from './validation.js';

/** What `setup()` and `create()` need from a helper (`DockerHelper` is one). */
export interface ContainerHost {
  setupContainer<C extends Container>(definition: ContainerDefinition<C>, options?: SetupOptions): Promise<C>;
  createContainer<C extends Container>(definition: ContainerDefinition<C>, options?: SetupOptions): Promise<C>;
}

export interface SetupOptions {
  /** Cancels the setup; whatever was created is removed. */
  readonly signal?: AbortSignal;
}

/**
 * Describes a container before it exists. `setup(helper)` creates and starts
 * it in the helper's namespace, waits until it is ready, and returns a live
 * {@link Container}.
 *
 * A definition can be set up in many helpers (one per test worker, say), but
 * has at most one live container per helper: calling `setup()` again while it
 * is live returns the same container.
 *
 * Subclass it to make a prebuilt service: override {@link createRequestPatch}
 * to adjust what is sent to the engine, and {@link createHandle} to return a
 * richer handle type.
 */
export class ContainerDefinition<C extends Container = Container> {
  readonly name: string;
  readonly options: ContainerOptions;

  constructor(name: string, options: ContainerOptions) {
    assertValidName('container name', name);
    validateContainerOptions(name, options);
    this.name = name;
    this.options = options;
  }

  /** Create, start and wait for the container in `helper`. Idempotent per helper. */
  setup(helper: ContainerHost, options: SetupOptions = {}): Promise<C> {
    return helper.setupContainer(this, options);
  }

  /**
   * Create the container in `helper` without starting it: the handle's
   * `status` is `created`, and `container.start()` starts it and runs the
   * wait. Labelled, tracked and removed at teardown like `setup()`'s.
   * Idempotent per helper, and shares `setup()`'s one live container per
   * definition: either returns the live one, in whatever state it is.
   */
  create(helper: ContainerHost, options: SetupOptions = {}): Promise<C> {
    return helper.createContainer(this, options);
  }

  /**
   * Adjust the create request. The returned patch is deep-merged over the
   * request built from `options` (objects merge, other values replace, `null`
   * deletes), and `options.createOverrides` is merged over the result, as
   * Python Seaworthy merges `create_kwargs` over `base_kwargs()`.
   */
  createRequestPatch(_request: Readonly<CreateRequest>): DeepPatch<CreateRequest> | undefined {
    return undefined;
  }

  /** Build the live handle. Override to return a subclass of {@link Container}. */
  createHandle(init: ContainerInit): C {
    return new Container(init) as C;
  }
}
