import { HelperTornDownError, InvalidOptionError, TeardownError, WarmPoolStartError } from '../../errors/index.js';
import { ContainerDefinition } from '../definitions/container-definition.js';
import { assertKnownKeys, assertValidName } from '../definitions/validation.js';
import type { Container } from '../handles/container.js';
import type { DockerHelper } from '../helper/helper.js';

export interface WarmPoolOptions {
  /**
   * How many spares to keep starting or ready per helper, besides the
   * containers already handed out. A whole number of at least 1.
   */
  readonly size: number;
}

/** What a pool holds for one helper right now. */
export interface WarmPoolStatus {
  /** Spares still starting (created, or waiting for readiness). */
  readonly starting: number;
  /** Spares that passed their wait and wait to be taken. */
  readonly ready: number;
  /** Starts that failed for this helper so far, spares and direct starts alike. */
  readonly failures: number;
  /** The last of those failures, kept for the message of a later {@link WarmPoolStartError}. */
  readonly lastError: unknown;
}

/** One spare: its own definition (so its own name), and the setup that starts it. */
interface Spare<C extends Container> {
  readonly definition: ContainerDefinition<C>;
  readonly cancel: AbortController;
  readonly ready: Promise<C>;
  state: 'starting' | 'ready' | 'failed';
  /** The started container, once `ready` has resolved. */
  container?: C;
}

/** What a pool keeps for one helper. */
interface HelperPool<C extends Container> {
  /** Spares not yet taken, oldest first. */
  readonly spares: Spare<C>[];
  failures: number;
  lastError: unknown;
}

/** Check a pool size: a whole number of at least 1. */
export function assertPoolSize(option: string, size: unknown): asserts size is number {
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
    throw new InvalidOptionError(
      option,
      `${JSON.stringify(size)} must be a whole number of at least 1: how many started spares to keep ready`,
    );
  }
}

/**
 * Keeps `size` started, ready spares of a definition, so a test that wants a
 * brand-new container waits only for the handoff rather than a whole start.
 *
 * `take(helper)` hands over a spare (its `teardown()` removes it, as with any
 * container) and starts a replacement in the background. The first `take()`
 * for a helper pays for one start; the spares start alongside it.
 *
 * One pool serves any number of helpers, keeping separate spares for each, and
 * a helper can feed any number of pools. Every spare is set up through the
 * helper, which tracks it, so the helper's teardown removes spares too, even
 * those still starting; `close(helper)` removes them earlier.
 *
 * Each spare has its own definition, derived from the pooled one with a name
 * of its own, `<name>-p<n>` (n counts up per helper): that is its container
 * name after the namespace, and its alias on the helper's network, besides the
 * definition's `aliases`. The derived definition inherits everything else, its
 * class and methods included.
 */
export class WarmPool<C extends Container = Container> {
  readonly definition: ContainerDefinition<C>;
  readonly size: number;
  private readonly pools = new WeakMap<DockerHelper, HelperPool<C>>();

  constructor(definition: ContainerDefinition<C>, options: WarmPoolOptions) {
    if (!(definition instanceof ContainerDefinition)) {
      throw new InvalidOptionError('definition', 'a warm pool needs a ContainerDefinition to start spares from');
    }
    if (options === null || typeof options !== 'object') {
      throw new InvalidOptionError('WarmPool options', 'pass an object: new WarmPool(definition, { size: 2 })');
    }
    assertKnownKeys('WarmPool', options, ['size']);
    assertPoolSize('size', options.size);
    this.definition = definition;
    this.size = options.size;
  }

  /**
   * A started, ready container that now belongs to the caller; a replacement
   * starts in the background. A spare that failed to start, or stopped while
   * it waited, is never handed out: `take()` starts one directly instead, and
   * rejects with {@link WarmPoolStartError} if that fails too.
   */
  async take(helper: DockerHelper): Promise<C> {
    if (helper.isTornDown) {
      throw new HelperTornDownError(
        helper.namespace,
        `take a container from the warm pool of '${this.definition.name}'`,
      );
    }
    const pool = this.poolOf(helper);
    const before = pool.lastError;
    const picked = this.pick(pool);
    const spare = picked ?? this.start(helper, pool);
    this.fill(helper, pool);
    let spareError: unknown;
    try {
      return await spare.ready;
    } catch (error) {
      if (helper.isTornDown) throw error;
      if (!picked) throw new WarmPoolStartError(this.definition.name, 1, error, before);
      spareError = error;
    }
    // The spare picked for this take failed: start one for this take alone.
    const direct = this.start(helper, pool);
    try {
      return await direct.ready;
    } catch (error) {
      if (helper.isTornDown) throw error;
      throw new WarmPoolStartError(this.definition.name, 2, error, spareError);
    }
  }

  /** How many spares are starting and ready for `helper`, and the failures so far. */
  status(helper: DockerHelper): WarmPoolStatus {
    const pool = this.pools.get(helper);
    const count = (state: Spare<C>['state']) => pool?.spares.filter((s) => s.state === state).length ?? 0;
    return {
      starting: count('starting'),
      ready: count('ready'),
      failures: pool?.failures ?? 0,
      lastError: pool?.lastError,
    };
  }

  /**
   * Remove `helper`'s spares now, cancelling those still starting. Containers
   * already taken are not touched. A later `take(helper)` starts the pool
   * again from cold. Rejects with {@link TeardownError} if a spare could not
   * be removed.
   */
  async close(helper: DockerHelper): Promise<void> {
    const pool = this.pools.get(helper);
    if (!pool) return;
    this.pools.delete(helper);
    const spares = pool.spares.splice(0);
    for (const spare of spares) spare.cancel.abort();
    const failures: { resource: string; error: unknown }[] = [];
    await Promise.all(
      spares.map(async (spare) => {
        const container = await spare.ready.catch(() => undefined);
        await container?.teardown().catch((error: unknown) => {
          failures.push({ resource: `container ${container.name}`, error });
        });
      }),
    );
    if (failures.length) throw new TeardownError(helper.namespace, failures);
  }

  private poolOf(helper: DockerHelper): HelperPool<C> {
    let pool = this.pools.get(helper);
    if (!pool) {
      pool = { spares: [], failures: 0, lastError: undefined };
      this.pools.set(helper, pool);
    }
    return pool;
  }

  /**
   * Take the oldest ready spare out of the pool, else the oldest one still
   * starting. Failed spares are dropped (their failure is recorded already),
   * and so are ready ones whose container has stopped since.
   */
  private pick(pool: HelperPool<C>): Spare<C> | undefined {
    for (const spare of [...pool.spares]) {
      if (spare.state === 'failed') this.drop(pool, spare);
    }
    for (const spare of [...pool.spares]) {
      if (spare.state !== 'ready') continue;
      const live = spare.container;
      if (live && !live.exitObserved) {
        this.drop(pool, spare);
        return spare;
      }
      // Ready once, stopped since: remove it; the fill replaces it.
      this.drop(pool, spare);
      live?.teardown().catch(() => undefined);
    }
    const starting = pool.spares[0];
    if (starting) this.drop(pool, starting);
    return starting;
  }

  private drop(pool: HelperPool<C>, spare: Spare<C>): void {
    const at = pool.spares.indexOf(spare);
    if (at >= 0) pool.spares.splice(at, 1);
  }

  /** Top the pool up to `size`, unless the helper is going away. */
  private fill(helper: DockerHelper, pool: HelperPool<C>): void {
    while (pool.spares.length < this.size && !helper.isTornDown && this.pools.get(helper) === pool) {
      pool.spares.push(this.start(helper, pool));
    }
  }

  /**
   * Start one container from a derived definition with a fresh name. Its
   * failure is recorded and never left unhandled; whoever awaits `ready`
   * sees it too.
   */
  private start(helper: DockerHelper, pool: HelperPool<C>): Spare<C> {
    const definition = spareDefinition(this.definition, nextSpareName(helper, this.definition.name));
    const cancel = new AbortController();
    const ready = definition.setup(helper, { signal: cancel.signal });
    const spare: Spare<C> = { definition, cancel, ready, state: 'starting' };
    ready.then(
      (container) => {
        spare.state = 'ready';
        spare.container = container;
      },
      (error: unknown) => {
        spare.state = 'failed';
        // Cancelled by close() or by the helper's teardown: not a failure of the definition.
        if (cancel.signal.aborted || helper.isTornDown) return;
        pool.failures++;
        pool.lastError = error;
      },
    );
    return spare;
  }
}

/** The next `<name>-p<n>` for this helper (numbered by the helper, so two pools of one definition never collide). */
function nextSpareName(helper: DockerHelper, name: string): string {
  const spareName = `${name}-p${helper.nextSerial(`warm-pool:${name}`)}`;
  assertValidName('container name', spareName);
  return spareName;
}

/**
 * A definition that is `base` in every way but its name: it inherits from
 * `base` itself, so its class, methods, options and own fields all come
 * through, and the helper sees a distinct definition with its own container.
 */
function spareDefinition<C extends Container>(base: ContainerDefinition<C>, name: string): ContainerDefinition<C> {
  const derived = Object.create(base) as ContainerDefinition<C>;
  Object.defineProperty(derived, 'name', { value: name, enumerable: true });
  return derived;
}
