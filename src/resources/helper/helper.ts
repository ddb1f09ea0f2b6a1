import {
  type CleanupEnv,
  type CleanupOptions,
  type HelperCleanup,
  resolveCleanupOptions,
  startHelperCleanup,
} from '../../cleanup/helper-cleanup.js';
import { newHelperId, ownerLabels, placeLabels } from '../../cleanup/owner.js';
import { debugLogger } from '../../debug/logger.js';
import { Engine, type EngineOptions } from '../../engine/engine.js';
import {
  asConnectionLost,
  daemonMessage,
  isAlreadyGoingAway,
  isNotFound,
  statusCodeOf,
} from '../../engine/error-mapping.js';
import { HelperTornDownError, InvalidOptionError, NameConflictError, TeardownError } from '../../errors/index.js';
import { HELPER_ID_LABEL, LABELS } from '../../labels.js';
import type { ContainerDefinition, SetupOptions } from '../definitions/container-definition.js';
import type { PullPolicy } from '../definitions/container-options.js';
import { Network, type NetworkDefinition } from '../definitions/network.js';
import { assertValidName } from '../definitions/validation.js';
import { Volume, type VolumeDefinition } from '../definitions/volume.js';
import { Container } from '../handles/container.js';
import { launchContainer } from '../launch/container-launch.js';
import type { LaunchContext } from '../launch/launch-context.js';
import { assertHelperNetworkMode, type HelperNetworkMode, NetworkPlacement } from '../launch/network-placement.js';
import { defaultNamespace, defaultSession, type NamespaceEnv } from './namespace.js';

const log = debugLogger('helper');

export interface DockerHelperOptions {
  /** An engine connection to share, or how to connect. @default DOCKER_HOST, then the default socket */
  readonly engine?: Engine | EngineOptions;
  /**
   * Prefix of every resource name. @default `sw-<session>-w<worker>-<random>`,
   * so parallel workers and helpers never collide
   */
  readonly namespace?: string;
  /** The run id put on every resource's labels. @default $SEAWORTHY_SESSION_ID or a random id */
  readonly session?: string;
  /** Default pull policy for containers that don't set one. @default $SEAWORTHY_PULL or 'missing' */
  readonly pull?: PullPolicy;
  /**
   * When containers join the helper's network: `'always'` (at create), or
   * `'when-needed'` (a container alone in the helper starts on the default
   * bridge, ~100 ms faster, and is connected once a second one arrives; see
   * docs/helper.md for the engine race that keeps it opt-in).
   * @default $SEAWORTHY_HELPER_NETWORK or 'always'
   */
  readonly network?: HelperNetworkMode;
  /**
   * Crash safety: the watchdog process, the reaper of dead runs' leftovers,
   * teardown on SIGINT/SIGTERM. All on by default; see docs/cleanup.md.
   */
  readonly cleanup?: CleanupOptions;
  /**
   * Environment to read defaults from, the engine's address (DOCKER_HOST & co.)
   * included unless `engine` brings its own. @default process.env
   */
  readonly env?: NamespaceEnv &
    CleanupEnv &
    NonNullable<EngineOptions['env']> & {
      readonly SEAWORTHY_PULL?: string;
      readonly SEAWORTHY_HELPER_NETWORK?: string;
    };
}

type Kind = 'container' | 'network' | 'volume';

interface Tracked {
  readonly kind: Kind;
  readonly id: string;
  /** Pending or finished removal, so removal is idempotent and shared. */
  removal?: Promise<void>;
  readonly stopTimeoutMs: number;
}

/**
 * Creates containers, networks and volumes in one namespace, labels them,
 * tracks every id, and tears them down in order: containers, then networks,
 * then volumes. `teardown()` is idempotent and tolerates resources that are
 * already gone.
 *
 * Containers reach each other by their definition's name: they join the
 * helper's own bridge network with that alias (option `network`).
 */
export class DockerHelper {
  readonly engine: Engine;
  readonly namespace: string;
  readonly session: string;
  /** Labels put on everything this helper creates. */
  readonly labels: Readonly<Record<string, string>>;
  readonly pullPolicy: PullPolicy;
  private readonly tracked = new Map<string, Tracked>();
  private readonly live = new Map<object, Promise<unknown>>();
  private network: Promise<{ id: string; name: string }> | undefined;
  private tornDown: Promise<void> | undefined;
  private readonly closing = new AbortController();
  private cleanup: HelperCleanup | undefined;
  /** Containers renamed out of the way so far (makes each retired name unique). */
  private retired = 0;
  /** Counters handed out by `nextSerial`, by key. */
  private readonly serials = new Map<string, number>();

  private readonly placement: NetworkPlacement;

  private constructor(
    engine: Engine,
    namespace: string,
    session: string,
    pullPolicy: PullPolicy,
    network: HelperNetworkMode,
  ) {
    this.engine = engine;
    this.placement = new NetworkPlacement({
      engine,
      mode: network,
      liveContainers: () => [...this.tracked.values()].filter((t) => t.kind === 'container' && !t.removal).length,
      isLive: (id) => {
        const tracked = this.tracked.get(id);
        return tracked !== undefined && !tracked.removal;
      },
    });
    this.namespace = namespace;
    this.session = session;
    this.pullPolicy = pullPolicy;
    this.labels = {
      ...ownerLabels({ namespace, session, pid: process.pid }),
      ...placeLabels(),
      [HELPER_ID_LABEL]: newHelperId(),
    };
  }

  /** Connect (or reuse `options.engine`) and make a helper. Fails fast if no engine answers. */
  static async create(options: DockerHelperOptions = {}): Promise<DockerHelper> {
    const env = options.env ?? (process.env as DockerHelperOptions['env'] & object);
    const session = options.session ?? defaultSession(env);
    assertValidName('session', session);
    const namespace = options.namespace ?? defaultNamespace(session, env);
    assertValidName('namespace', namespace);
    const pull = options.pull ?? (env.SEAWORTHY_PULL as PullPolicy | undefined) ?? 'missing';
    if (!['missing', 'never', 'always'].includes(pull)) {
      throw new InvalidOptionError('pull', `${JSON.stringify(pull)} must be 'missing', 'never' or 'always'`);
    }
    const network = options.network ?? env.SEAWORTHY_HELPER_NETWORK ?? 'always';
    assertHelperNetworkMode(options.network !== undefined ? 'network' : 'SEAWORTHY_HELPER_NETWORK', network);
    const cleanup = resolveCleanupOptions(options.cleanup, env);
    const engine =
      options.engine instanceof Engine
        ? options.engine
        : await Engine.connect({ ...options.engine, env: options.engine?.env ?? env });
    const helper = new DockerHelper(engine, namespace, session, pull, network);
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
    const of = (kind: Kind) => [...this.tracked.values()].filter((t) => t.kind === kind).map((t) => t.id);
    return { containers: of('container'), networks: of('network'), volumes: of('volume') };
  }

  /** @internal Use `definition.setup(helper)`. */
  setupContainer<C extends Container>(definition: ContainerDefinition<C>, options: SetupOptions = {}): Promise<C> {
    return this.once(definition, 'set up container', () =>
      launchContainer(this.internals(definition), definition, options),
    );
  }

  /** @internal Use `definition.setup(helper)`. */
  setupNetwork(definition: NetworkDefinition): Promise<Network> {
    return this.once(definition, 'set up network', async () => {
      const name = `${this.namespace}_${definition.name}`;
      const id = await this.createNetwork(name, definition.name, definition.options);
      return new Network(definition, id, name, () => this.forget(definition, () => this.remove(id)));
    });
  }

  /** @internal Use `definition.setup(helper)`. */
  setupVolume(definition: VolumeDefinition): Promise<Volume> {
    return this.once(definition, 'set up volume', async () => {
      const name = `${this.namespace}_${definition.name}`;
      if (await this.engine.volumeExists(name)) throw new NameConflictError('volume', name);
      await this.engine.createVolume({
        Name: name,
        ...(definition.options.driver ? { Driver: definition.options.driver } : {}),
        Labels: { ...definition.options.labels, ...this.labels, [LABELS.definition]: definition.name },
      });
      this.tracked.set(name, { kind: 'volume', id: name, stopTimeoutMs: 0 });
      return new Volume(definition, name, () => this.forget(definition, () => this.remove(name)));
    });
  }

  /**
   * Remove everything this helper created: containers, then networks, then
   * volumes. Idempotent; resources already gone are fine. Rejects with
   * {@link TeardownError} listing any that could not be removed.
   */
  teardown(): Promise<void> {
    this.tornDown ??= this.removeAll().then(
      () => this.cleanup?.finish(true),
      async (error: unknown) => {
        await this.cleanup?.finish(false);
        throw error;
      },
    );
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
    const pending = [...this.tracked.values()].filter((t) => t.removal).map((t) => t.removal);
    await Promise.allSettled(pending);
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
    const settled = await Promise.allSettled([...this.live.values(), this.network]);
    for (const result of settled) {
      if (result.status === 'fulfilled' && result.value instanceof Container) await result.value.runTeardownHooks();
    }
    const failures: { resource: string; error: unknown }[] = [];
    for (const kind of ['container', 'network', 'volume'] as const) {
      const batch = [...this.tracked.values()].filter((t) => t.kind === kind);
      if (batch.length) log('%s: teardown removes %d %s(s)', this.namespace, batch.length, kind);
      const results = await Promise.allSettled(batch.map((t) => this.remove(t.id)));
      results.forEach((result, i) => {
        if (result.status === 'rejected') failures.push({ resource: `${kind} ${batch[i]?.id}`, error: result.reason });
      });
    }
    this.live.clear();
    log('%s: torn down%s', this.namespace, failures.length ? `, ${failures.length} removal(s) failed` : '');
    if (failures.length) throw new TeardownError(this.namespace, failures);
  }

  private internals(definition: object): LaunchContext {
    return {
      host: this,
      engine: this.engine,
      namespace: this.namespace,
      labels: this.labels,
      pullPolicy: this.pullPolicy,
      signal: this.closing.signal,
      defaultNetwork: () => this.defaultNetwork(),
      placement: this.placement,
      trackContainer: (id, stopTimeoutMs) => {
        this.tracked.set(id, { kind: 'container', id, stopTimeoutMs });
      },
      removeContainer: (id) => this.forget(definition, () => this.remove(id)),
      retireContainer: (id, name) => this.forget(definition, () => this.retire(id, name)),
      isRemoving: (id) => this.tracked.get(id)?.removal !== undefined || !this.tracked.has(id),
    };
  }

  /** One live resource per definition: concurrent and repeated setups share it. */
  private once<T>(definition: object, action: string, create: () => Promise<T>): Promise<T> {
    if (this.tornDown) return Promise.reject(new HelperTornDownError(this.namespace, action));
    const existing = this.live.get(definition) as Promise<T> | undefined;
    if (existing) return existing;
    // The engine answered when this helper connected: failing to reach it now means it went away mid-run.
    const name = (definition as { readonly name?: unknown }).name;
    const created = create().catch((error: unknown) => {
      throw (
        this.sameHelperConflict(definition, name, error) ??
        asConnectionLost(error, this.engine.address, `${action} '${String(name)}'`)
      );
    });
    this.live.set(definition, created);
    created.catch(() => this.live.delete(definition));
    return created;
  }

  /** A name conflict with another live definition of this helper, said as such; else `undefined`. */
  private sameHelperConflict(definition: object, name: unknown, error: unknown): NameConflictError | undefined {
    if (!(error instanceof NameConflictError) || error.sameHelper || typeof name !== 'string') return undefined;
    const twin = [...this.live.keys()].some(
      (other) => other !== definition && (other as { readonly name?: unknown }).name === name,
    );
    if (!twin) return undefined;
    return new NameConflictError(error.kind, error.resourceName, error.cause ?? error, { definition: name });
  }

  private async forget(definition: object, remove: () => Promise<void>): Promise<void> {
    this.live.delete(definition);
    await remove();
  }

  private defaultNetwork(): Promise<{ id: string; name: string }> {
    this.network ??= (async () => {
      const name = `${this.namespace}_default`;
      return { id: await this.createNetwork(name, '(default)', {}), name };
    })();
    this.network.catch(() => {
      this.network = undefined;
    });
    return this.network;
  }

  private async createNetwork(
    name: string,
    definitionName: string,
    options: { driver?: string; internal?: boolean; labels?: Readonly<Record<string, string>> },
  ): Promise<string> {
    let id: string;
    try {
      id = await this.engine.createNetwork({
        Name: name,
        Driver: options.driver ?? 'bridge',
        ...(options.internal ? { Internal: true } : {}),
        Labels: { ...options.labels, ...this.labels, [LABELS.definition]: definitionName },
      });
    } catch (error) {
      if (statusCodeOf(error) === 409 || /already exists/i.test(daemonMessage(error))) {
        throw new NameConflictError('network', name, error);
      }
      throw error;
    }
    this.tracked.set(id, { kind: 'network', id, stopTimeoutMs: 0 });
    return id;
  }

  /**
   * Take a container off the critical path: rename it (one quick call, so its
   * name is free for the next container of the same definition), then remove
   * it in the background. The removal stays tracked: networks and volumes
   * wait for it, and `teardown()` awaits it and reports it if it failed.
   * Falls back to an awaited removal if the rename fails.
   */
  private async retire(id: string, name: string): Promise<void> {
    const tracked = this.tracked.get(id);
    if (!tracked || tracked.removal) return this.remove(id);
    try {
      await this.engine.renameContainer(id, `${name}-removing-${++this.retired}`);
    } catch {
      return this.remove(id);
    }
    // A failure resets the entry, so the helper's teardown tries again and reports it.
    this.remove(id).catch(() => undefined);
  }

  /** Remove one tracked resource; shared and idempotent, and "already gone" counts as success. */
  private remove(id: string): Promise<void> {
    const tracked = this.tracked.get(id);
    if (!tracked) return Promise.resolve();
    tracked.removal ??= (async () => {
      if (tracked.kind !== 'container') {
        // Containers retired in the background may still be attached to it, or still mount it.
        const containers = [...this.tracked.values()].filter((t) => t.kind === 'container' && t.removal);
        await Promise.allSettled(containers.map((t) => t.removal));
      }
      if (tracked.kind === 'container') await this.placement.settled(id);
      try {
        if (tracked.kind === 'container') {
          if (tracked.stopTimeoutMs > 0) {
            await this.engine.stopContainer(id, Math.ceil(tracked.stopTimeoutMs / 1000)).catch(() => undefined);
          }
          await this.engine.removeContainer(id);
        } else if (tracked.kind === 'network') {
          await this.engine.removeNetwork(id);
        } else {
          await this.engine.removeVolume(id);
        }
      } catch (error) {
        if (!isNotFound(error) && !isAlreadyGoingAway(error)) {
          tracked.removal = undefined;
          throw error;
        }
      }
      this.tracked.delete(id);
    })();
    return tracked.removal;
  }
}
