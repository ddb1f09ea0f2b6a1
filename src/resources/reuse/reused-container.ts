import type { Readable } from 'node:stream';
import { ensureReuseKeeper } from '../../cleanup/reuse-keeper.js';
import {
  clearReady,
  dropLease,
  markReady,
  otherLiveLeases,
  type ReuseFiles,
  readyId,
  reuseDirectory,
  reuseFiles,
  takeLease,
  touchUsed,
} from '../../cleanup/reuse-files.js';
import { debugLogger } from '../../debug/logger.js';
import { certDirectory } from '../../engine/endpoint.js';
import { isNotFound } from '../../engine/error-mapping.js';
import type { RawContainerInspect } from '../../engine/raw-types.js';
import { NameConflictError } from '../../errors/index.js';
import { LABELS, REUSE_LABELS } from '../../labels.js';
import type { ContainerDefinition } from '../definitions/container-definition.js';
import type { Container, ContainerInit } from '../handles/container.js';
import { DockerHelper } from '../helper/helper.js';
import { adoptRunning } from '../launch/container-adopt.js';
import { assertReusable, reuseKey, reuseNameKey, reuseNamespace } from './reuse-key.js';
import { type ReuseEnv, type ReuseOption, resolveReuse } from './reuse-options.js';

const log = debugLogger('reuse');

export interface ReuseContainerOptions<C extends Container> {
  /** @default true */
  readonly reuse?: ReuseOption;
  /** Where SEAWORTHY_REUSE, CI, SEAWORTHY_REUSE_DIR and SEAWORTHY_CLEANUP_LOG are read. @default process.env */
  readonly env?: ReuseEnv;
  /**
   * Reset an adopted container before it is handed out (a newly created one
   * is fresh already). @default the definition's own `clean(container)`, if it has one
   */
  readonly clean?: ((container: C) => Promise<void>) | false;
}

/** How a container was found for a reuse: taken over from an earlier run, made now, or reuse was off. */
export type ReuseOutcome = 'adopted' | 'created' | 'off';

export interface ReusedSetup<C extends Container> {
  readonly container: C;
  readonly outcome: ReuseOutcome;
}

/**
 * A started, ready container of `definition` that outlives this run
 * (docs/reuse.md): the one an earlier run left, if it was made from an
 * identical definition on the same engine and still runs (then cleaned),
 * else a new one. Its `teardown()` lets it go rather than removing it; a
 * keeper process removes it once no run has used it for `idleMs`.
 *
 * With reuse off (`reuse: false`, SEAWORTHY_REUSE=off, or CI without
 * SEAWORTHY_REUSE=on) it is `definition.setup(helper)`.
 */
export async function reuseContainer<C extends Container>(
  helper: DockerHelper,
  definition: ContainerDefinition<C>,
  options: ReuseContainerOptions<C> = {},
): Promise<C> {
  return (await setupReused(helper, definition, options)).container;
}

/** {@link reuseContainer}, telling how the container was found. */
export async function setupReused<C extends Container>(
  helper: DockerHelper,
  definition: ContainerDefinition<C>,
  options: ReuseContainerOptions<C> = {},
): Promise<ReusedSetup<C>> {
  const env = options.env ?? process.env;
  const settings = resolveReuse(options.reuse ?? true, env);
  if (!settings.enabled) {
    log('%s: reuse off (%s)', definition.name, settings.reason);
    return { container: await definition.setup(helper), outcome: 'off' };
  }
  assertReusable(definition);
  const { engine } = helper;
  const nameKey = await reuseNameKey(definition, engine.address);
  const namespace = reuseNamespace(nameKey);
  const name = `${namespace}_${definition.name}`;
  const image =
    typeof definition.options.image === 'string'
      ? definition.options.image
      : (await definition.options.image.setup(helper)).reference;
  const files = reuseFiles(reuseDirectory(env), nameKey);
  const keeper = (id: string) =>
    ensureReuseKeeper({
      endpoint: engine.endpoint,
      certDir: certDirectory(env),
      id,
      name,
      files,
      idleMs: settings.idleMs,
      logFile: env.SEAWORTHY_CLEANUP_LOG?.trim() || undefined,
    });
  const release = async () => {
    await touchUsed(files);
    await dropLease(files);
  };
  const clean =
    options.clean === false
      ? undefined
      : (options.clean ?? ownClean(definition));

  // The lease comes first: a keeper never removes a container a live process holds.
  await takeLease(files);
  try {
    const deadline = Date.now() + (definition.options.startupTimeoutMs ?? 120_000) + 10_000;
    for (;;) {
      const found = await look(helper, name, image);
      const expected = found.imageId === undefined ? undefined : reuseKey(nameKey, found.imageId);
      const raw = found.raw;
      if (raw) {
        const same = expected !== undefined && raw.Config.Labels?.[REUSE_LABELS.key] === expected;
        const healthy = raw.State.Running && raw.State.Health?.Status !== 'unhealthy';
        const ready = same && healthy && (await readyId(files)) === raw.Id;
        if (ready && found.attached) {
          const container = adoptRunning(definition, { engine, raw, attached: found.attached, release });
          await touchUsed(files);
          await keeper(raw.Id);
          try {
            if (clean) await clean(container);
            log('%s: adopted %s (%s)', definition.name, name, raw.Id.slice(0, 12));
            return { container, outcome: 'adopted' };
          } catch (error) {
            log('%s: clean of adopted %s failed (%s); replacing it', definition.name, name, (error as Error)?.message);
            await container.teardown().catch(() => undefined);
            await takeLease(files);
          }
        } else {
          found.attached?.destroy();
          const others = await otherLiveLeases(files);
          if (same && healthy && others.length > 0 && Date.now() < deadline) {
            // Another run is creating it right now: wait until it marks it ready.
            await new Promise((resolve) => setTimeout(resolve, 100));
            continue;
          }
          if (others.length > 0) {
            log('%s: %s is held by pid(s) %s and does not match; not reused this time', definition.name, name, others);
            await dropLease(files);
            return { container: await definition.setup(helper), outcome: 'off' };
          }
        }
        // Stale (stopped, unhealthy, another image, never marked ready by a creator that died): replace it.
        log('%s: replacing stale %s (%s)', definition.name, name, raw.Id.slice(0, 12));
        await clearReady(files);
        await engine.removeResource('container', raw.Id);
      } else {
        found.attached?.destroy();
      }
      const created = await create(helper, definition, { namespace, nameKey, idleMs: settings.idleMs, files, release });
      if (created === undefined) continue; // another run won the name: adopt theirs
      await markReady(files, created.id);
      await keeper(created.id);
      log('%s: created reusable %s (%s)', definition.name, name, created.id.slice(0, 12));
      return { container: created, outcome: 'created' };
    }
  } catch (error) {
    await dropLease(files);
    throw error;
  }
}

interface Found {
  readonly raw: RawContainerInspect | undefined;
  readonly imageId: string | undefined;
  readonly attached: Readable | undefined;
}

/** One round trip: the container by name, the image's id, and an attach stream, side by side. */
async function look(helper: DockerHelper, name: string, image: string): Promise<Found> {
  const { engine } = helper;
  const [raw, found, attached] = await Promise.all([
    engine.inspectContainer(name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
    engine.findImage(image),
    engine.attachContainer(name).catch(() => undefined),
  ]);
  return { raw, imageId: found?.Id, attached };
}

interface CreateInput {
  readonly namespace: string;
  readonly nameKey: string;
  readonly idleMs: number;
  readonly files: ReuseFiles;
  readonly release: () => Promise<void>;
}

/**
 * Create, start and wait for it in a helper of its own (namespace
 * `sw-reuse-<key>`, no watchdog, no reaper, never torn down), labelled with
 * its key. `undefined` when another run took the name first.
 */
async function create<C extends Container>(
  helper: DockerHelper,
  definition: ContainerDefinition<C>,
  input: CreateInput,
): Promise<C | undefined> {
  const host = await DockerHelper.create({
    engine: helper.engine,
    namespace: input.namespace,
    session: helper.session,
    pull: helper.pullPolicy,
    progress: helper.progress,
    // Alone in its helper it stays on the default bridge: no network of this run is joined.
    network: 'when-needed',
    cleanup: { watchdog: false, reap: false, signals: false },
  });
  const image = await helper.engine.findImage(
    typeof definition.options.image === 'string'
      ? definition.options.image
      : (await definition.options.image.setup(helper)).reference,
  );
  const labels = {
    // Owned by no process: without a pid, the reaper of a seaworthy that predates reuse keeps it too.
    [LABELS.pid]: null,
    [REUSE_LABELS.key]: reuseKey(input.nameKey, image?.Id ?? 'pulled'),
    [REUSE_LABELS.idleMs]: String(input.idleMs),
  };
  try {
    return await reusable(definition, labels, input.release).setup(host);
  } catch (error) {
    if (error instanceof NameConflictError) return undefined;
    throw error;
  }
}

/**
 * `base` in every way but three: labelled with its key, never on a helper
 * network, and a handle whose teardown lets the container go (closing its
 * output capture) instead of removing it.
 */
function reusable<C extends Container>(
  base: ContainerDefinition<C>,
  labels: Record<string, string | null>,
  release: () => Promise<void>,
): ContainerDefinition<C> {
  const derived = Object.create(base) as ContainerDefinition<C>;
  const overrides = base.options.createOverrides ?? {};
  const options = {
    ...base.options,
    helperNetwork: undefined,
    createOverrides: { ...overrides, Labels: { ...(overrides.Labels as object | undefined), ...labels } },
  };
  Object.defineProperty(derived, 'options', { value: options, enumerable: true });
  Object.defineProperty(derived, 'createHandle', {
    value: (init: ContainerInit): C => {
      let released = false;
      const letGo = async () => {
        if (released) return;
        released = true;
        init.run?.capture.close();
        await release();
      };
      return base.createHandle.call(derived, { ...init, teardown: letGo, retire: letGo });
    },
  });
  return derived;
}

function ownClean<C extends Container>(definition: ContainerDefinition<C>): ((c: C) => Promise<void>) | undefined {
  const own = (definition as unknown as { clean?: (c: C) => Promise<void> }).clean;
  return typeof own === 'function' ? (container) => own.call(definition, container) : undefined;
}
