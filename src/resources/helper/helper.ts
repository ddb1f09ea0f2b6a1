import { type HelperCleanup, startHelperCleanup } from '../../cleanup/helper-cleanup.js';
import { newHelperId, ownerLabels, placeLabels } from '../../cleanup/owner.js';
import { debugLogger } from '../../debug/logger.js';
import { Engine } from '../../engine/docker/engine.js';
import { HelperTornDownError, TeardownError } from '../../errors/index.js';
import { HELPER_ID_LABEL } from '../../labels.js';
import type { ContainerDefinition, SetupOptions } from '../definitions/container-definition.js';
import type { PullPolicy } from '../definitions/container-options.js';
import { Network, type NetworkDefinition } from '../definitions/network.js';
import { Volume, type VolumeDefinition } from '../definitions/volume.js';
import { Container } from '../handles/container.js';
import { Image, type ImageDefinition } from '../images/image-definition.js';
import { removeReferences, setupImageDefinition } from '../images/image-setup.js';
import type { ProgressMode } from '../images/progress.js';
import { createOnly, launchContainer } from '../launch/container-launch.js';
import type { LaunchContext } from '../launch/launch-context.js';
import { NetworkPlacement } from '../launch/network-placement.js';
import { ContainerTracker } from './container-tracker.js';
import { DefinitionSetups } from './definition-setups.js';
import { type DockerHelperOptions, type HelperSettings, resolveHelperOptions } from './helper-options.js';
import { ImageTracker } from './image-tracker.js';
import { NetworkTracker } from './network-tracker.js';
import { VolumeTracker } from './volume-tracker.js';

export type { DockerHelperOptions } from './helper-options.js';

const log = debugLogger('helper');

/**
 * Creates containers, networks and volumes in one namespace, labels them,
 * tracks every id, and tears them down in order: containers, then images it
 * built for itself (`ImageDefinition` with `cache: false`), then networks,
 * then volumes. `teardown()` is idempotent and tolerates resources that are
 * already gone.
 *
 * Containers reach each other by their definition's name: they join the
 * helper's own bridge network with that alias (option `network`).
 *
 * Each kind of resource has a tracker of its own (containers, networks,
 * volumes); the helper composes them and orders teardown.
 */
export class DockerHelper {
  readonly engine: Engine;
  readonly namespace: string;
  readonly session: string;
  /** Labels put on everything this helper creates. */
  readonly labels: Readonly<Record<string, string>>;
  readonly pullPolicy: PullPolicy;
  /** How image builds, pulls and pushes show progress (the `progress` option). */
  readonly progress: ProgressMode;
  /** Pull credentials (issue 14): the `registryAuth` option, and the env Docker's config is found through. */
  readonly pullCredentials: HelperSettings['pullCredentials'];
  private readonly containers: ContainerTracker;
  private readonly networks: NetworkTracker;
  private readonly volumes: VolumeTracker;
  /** Images built for this helper alone (`cache: false`). */
  private readonly images: ImageTracker;
  private readonly setups: DefinitionSetups;
  private readonly placement: NetworkPlacement;
  private tornDown: Promise<void> | undefined;
  private readonly closing = new AbortController();
  private cleanup: HelperCleanup | undefined;
  /** Lets go of a connection this helper made itself (with several engines, its worker's lease). */
  private releaseEngine: (() => Promise<void>) | undefined;
  /** Counters handed out by `nextSerial`, by key. */
  private readonly serials = new Map<string, number>();

  private constructor(engine: Engine, settings: HelperSettings) {
    const { namespace, session, network } = settings;
    this.engine = engine;
    this.namespace = namespace;
    this.session = session;
    this.pullPolicy = settings.pull;
    this.progress = settings.progress;
    this.pullCredentials = settings.pullCredentials;
    this.labels = {
      ...ownerLabels({ namespace, session, pid: process.pid }),
      ...placeLabels(),
      [HELPER_ID_LABEL]: newHelperId(),
    };
    this.placement = new NetworkPlacement({
      engine,
      mode: network,
      liveContainers: () => this.containers.liveCount(),
      isLive: (id) => this.containers.isLive(id),
    });
    this.containers = new ContainerTracker({ engine, settled: (id) => this.placement.settled(id) });
    const containersRemoved = () => this.containers.removalsSettled();
    this.networks = new NetworkTracker({ engine, namespace, labels: this.labels, containersRemoved });
    this.volumes = new VolumeTracker({ engine, labels: this.labels, containersRemoved });
    this.images = new ImageTracker({ engine, containersRemoved });
    this.setups = new DefinitionSetups(engine);
  }

  /** Connect (or reuse `options.engine`) and make a helper. Fails fast if no engine answers. */
  static async create(options: DockerHelperOptions = {}): Promise<DockerHelper> {
    const { env, session, namespace, pull, network, cleanup, progress, pullCredentials } =
      resolveHelperOptions(options);
    const engine =
      options.engine instanceof Engine
        ? options.engine
        : await Engine.connect({ ...options.engine, env: options.engine?.env ?? env });
    const helper = new DockerHelper(engine, { namespace, session, pull, network, progress, pullCredentials });
    // Its own connection: with several engines, teardown lets this worker's lease on it go.
    if (!(options.engine instanceof Engine)) helper.releaseEngine = () => engine.release();
    log('%s: created on %s (session %s, pull %s, network %s)', namespace, engine.address, session, pull, network);
    helper.cleanup = startHelperCleanup({
      engine,
      // TLS client files are found the way the engine connection found them.
      env: { ...env, ...(options.engine instanceof Engine ? {} : options.engine?.env) },
      namespace,
      labels: helper.labels,
      settings: cleanup,
      teardown: () => helper.teardown(),
    });
    return helper;
  }

  /** Set up any definition in this helper: `helper.setup(db)` is `db.setup(helper)`. */
  setup<T>(definition: { setup(helper: DockerHelper): Promise<T> }): Promise<T> {
    return definition.setup(this);
  }

  /**
   * @internal The next number (1, 2, …) for `key` in this helper, e.g. to give
   * each warm-pool spare of a definition a name of its own.
   */
  nextSerial(key: string): number {
    const n = (this.serials.get(key) ?? 0) + 1;
    this.serials.set(key, n);
    return n;
  }

  /** Ids this helper still tracks, by kind. */
  trackedResources(): { containers: string[]; networks: string[]; volumes: string[] } {
    return { containers: this.containers.ids(), networks: this.networks.ids(), volumes: this.volumes.ids() };
  }

  /** @internal Use `definition.setup(helper)`. */
  setupContainer<C extends Container>(definition: ContainerDefinition<C>, options: SetupOptions = {}): Promise<C> {
    return this.once(definition, 'set up container', () =>
      launchContainer(this.launchContext(definition), definition, options),
    );
  }

  /** @internal Use `definition.create(helper)`. */
  createContainer<C extends Container>(definition: ContainerDefinition<C>, options: SetupOptions = {}): Promise<C> {
    return this.once(definition, 'create container', () =>
      createOnly(this.launchContext(definition), definition, options),
    );
  }

  /** @internal Use `definition.setup(helper)`. */
  setupNetwork(definition: NetworkDefinition): Promise<Network> {
    return this.once(definition, 'set up network', async () => {
      const name = `${this.namespace}_${definition.name}`;
      const id = await this.networks.create(name, definition.name, definition.options);
      const remove = () => this.setups.forget(definition, () => this.networks.remove(id));
      return new Network(definition, id, name, remove, this.engine);
    });
  }

  /** @internal Use `definition.setup(helper)`. */
  setupVolume(definition: VolumeDefinition): Promise<Volume> {
    return this.once(definition, 'set up volume', async () => {
      const name = `${this.namespace}_${definition.name}`;
      await this.volumes.create(name, definition.name, definition.options);
      const remove = () => this.setups.forget(definition, () => this.volumes.remove(name));
      return new Volume(definition, name, remove, this.engine);
    });
  }

  /** @internal Use `definition.setup(helper)`: build the image, or find it in the cache. */
  setupImage(definition: ImageDefinition): Promise<Image> {
    return this.once(definition, 'set up image', async () => {
      const { engine, images } = this;
      const init = await setupImageDefinition(
        {
          engine,
          namespace: this.namespace,
          labels: this.labels,
          progress: this.progress,
          signal: this.closing.signal,
          trackImage: (references) => images.track(references),
          perHelperTag: (name) => {
            const n = this.nextSerial(`image ${name}`);
            return n === 1 ? this.namespace : `${this.namespace}-${n}`;
          },
        },
        definition,
      );
      const tracked = images.ids().includes(init.reference);
      const remove = () =>
        this.setups.forget(definition, () =>
          tracked ? images.remove(init.reference) : removeReferences(engine, init.tags),
        );
      return new Image(definition, init, remove);
    });
  }

  /**
   * Remove everything this helper created: containers, then the images it
   * built for itself (`cache: false`), then networks, then volumes. Idempotent; resources already gone are fine. Rejects with
   * {@link TeardownError} listing any that could not be removed.
   */
  teardown(): Promise<void> {
    this.tornDown ??= this.removeAll()
      .then(
        () => this.cleanup?.finish(true),
        async (error: unknown) => {
          await this.cleanup?.finish(false);
          throw error;
        },
      )
      .finally(() => this.releaseEngine?.());
    return this.tornDown;
  }

  /**
   * Resolves once every removal running in the background (see
   * `container.teardown({ background: true })`) has finished, failed or not;
   * failures stay tracked, for `teardown()` to retry and report. The fixture
   * adapters call it at the end of each test file, so a test runner that
   * ends its workers without waiting for their last cleanup finds nothing left.
   */
  async removalsSettled(): Promise<void> {
    await Promise.all(
      [this.containers, this.images, this.networks, this.volumes].map((tracker) => tracker.removalsSettled()),
    );
  }

  /** Whether `teardown()` has been called. */
  get isTornDown(): boolean {
    return this.tornDown !== undefined;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.teardown();
  }

  private async removeAll(): Promise<void> {
    // Cancel setups still in flight and let them remove what they made, so
    // nothing is created after the snapshot below.
    this.closing.abort(new HelperTornDownError(this.namespace, 'finish setting up'));
    const settled = await Promise.allSettled([...this.setups.all(), this.networks.defaultCreation]);
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value instanceof Container) await result.value.runTeardownHooks();
    }
    const failures: { resource: string; error: unknown }[] = [];
    const trackers = [
      ['container', this.containers],
      ['image', this.images],
      ['network', this.networks],
      ['volume', this.volumes],
    ] as const;
    for (const [kind, tracker] of trackers) {
      const batch = tracker.ids();
      if (batch.length) log('%s: teardown removes %d %s(s)', this.namespace, batch.length, kind);
      const results = await Promise.allSettled(batch.map((id) => tracker.remove(id)));
      results.forEach((result, i) => {
        if (result.status === 'rejected') failures.push({ resource: `${kind} ${batch[i]}`, error: result.reason });
      });
    }
    this.setups.clear();
    log('%s: torn down%s', this.namespace, failures.length ? `, ${failures.length} removal(s) failed` : '');
    if (failures.length) throw new TeardownError(this.namespace, failures);
  }

  private launchContext(definition: object): LaunchContext {
    const { containers, setups } = this;
    return {
      host: this,
      engine: this.engine,
      namespace: this.namespace,
      labels: this.labels,
      pullPolicy: this.pullPolicy,
      progress: this.progress,
      pullCredentials: this.pullCredentials,
      signal: this.closing.signal,
      defaultNetwork: () => this.networks.defaultNetwork(),
      placement: this.placement,
      trackContainer: (id, stopTimeoutMs) => containers.track(id, stopTimeoutMs),
      removeContainer: (id) => setups.forget(definition, () => containers.remove(id)),
      retireContainer: (id, name) => setups.forget(definition, () => containers.retire(id, name)),
      containerName: (name) => containers.freeName(name),
      isRemoving: (id) => containers.isRemoving(id),
    };
  }

  /** One live resource per definition; none once teardown has started. */
  private once<T>(definition: object, action: string, create: () => Promise<T>): Promise<T> {
    if (this.tornDown) return Promise.reject(new HelperTornDownError(this.namespace, action));
    return this.setups.once(definition, action, create);
  }
}
