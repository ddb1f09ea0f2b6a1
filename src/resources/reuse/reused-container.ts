import {
  claim,
  clearReady,
  markReady,
  newHolderToken,
  type ReuseFiles,
  readyId,
  recordIdleMs,
  reuseDirectory,
  reuseFiles,
  touchUsed,
  unclaim,
} from '../../cleanup/reuse-files.js';
import { ensureReuseKeeper } from '../../cleanup/reuse-keeper.js';
import { debugLogger } from '../../debug/logger.js';
import { type CertEnv, endpointCertDirectory } from '../../engine/endpoint.js';
import { isNotFound } from '../../engine/error-mapping.js';
import type { RawContainerInspect } from '../../engine/raw-types.js';
import { LABELS, REUSE_LABELS } from '../../labels.js';
import type { ContainerDefinition } from '../definitions/container-definition.js';
import type { Container, ContainerInit } from '../handles/container.js';
import { DockerHelper } from '../helper/helper.js';
import { adoptRunning } from '../launch/container-adopt.js';
import { assertReusable, reuseKey, reuseNameKey, reuseNamespace } from './reuse-key.js';
import { type ResolvedReuse, type ReuseEnv, type ReuseOption, resolveReuse } from './reuse-options.js';

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

/** How many containers of one definition may be kept at once (one per holder running at the same time). */
export const MAX_REUSE_SLOTS = 8;

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
  // A definition's own preparation for clean() (Postgres loads its driver), alongside finding the container.
  const warmUp = (definition as { warmUp?: () => Promise<void> }).warmUp;
  const warming = typeof warmUp === 'function' ? warmUp.call(definition).catch(() => undefined) : undefined;
  const nameKey = await reuseNameKey(definition, helper.engine.address);
  const image =
    typeof definition.options.image === 'string'
      ? definition.options.image
      : (await definition.options.image.setup(helper)).reference;
  const dir = reuseDirectory(env);
  const token = newHolderToken();
  // One holder per container: a run's parallel workers (or two runs at once) each take a slot of their own.
  for (let slot = 1; slot <= MAX_REUSE_SLOTS; slot++) {
    const slotKey = slot === 1 ? nameKey : `${nameKey}-${slot}`;
    const files = reuseFiles(dir, slotKey);
    if (!(await claim(files, token))) continue;
    const namespace = reuseNamespace(nameKey) + (slot === 1 ? '' : `-${slot}`);
    const slotInput: Slot<C> = {
      helper,
      definition,
      env,
      settings,
      nameKey,
      image,
      files,
      token,
      namespace,
      options,
      warming,
    };
    try {
      return await takeSlot(slotInput);
    } catch (error) {
      await unclaim(files, token);
      throw error;
    }
  }
  log('%s: all %d reuse slots are held by live runs; not reused this time', definition.name, MAX_REUSE_SLOTS);
  return { container: await definition.setup(helper), outcome: 'off' };
}

interface Slot<C extends Container> {
  readonly helper: DockerHelper;
  readonly definition: ContainerDefinition<C>;
  readonly env: ReuseEnv;
  readonly settings: ResolvedReuse;
  readonly nameKey: string;
  readonly image: string;
  readonly files: ReuseFiles;
  readonly token: string;
  readonly namespace: string;
  readonly options: ReuseContainerOptions<C>;
  /** The definition's `warmUp()` under way, if it has one. */
  readonly warming: Promise<void> | undefined;
}

/** With the slot claimed: adopt its container if it is there, ready and alike, else (re)create it. */
async function takeSlot<C extends Container>(slot: Slot<C>): Promise<ReusedSetup<C>> {
  const { helper, definition, env, settings, files, token, namespace } = slot;
  const { engine } = helper;
  const name = `${namespace}_${definition.name}`;
  const keeper = (id: string) =>
    ensureReuseKeeper({
      endpoint: engine.endpoint,
      certDir: endpointCertDirectory(engine.endpoint, env as CertEnv),
      id,
      name,
      files,
      idleMs: settings.idleMs,
      logFile: env.SEAWORTHY_CLEANUP_LOG?.trim() || undefined,
    });
  const release = async () => {
    await touchUsed(files);
    await unclaim(files, token);
  };
  const clean = slot.options.clean === false ? undefined : (slot.options.clean ?? ownClean(definition));

  await recordIdleMs(files, settings.idleMs);
  const { warming } = slot;
  const found = await look(helper, name, slot.image);
  const raw = found.raw;
  if (raw) {
    const expected = found.imageId === undefined ? undefined : reuseKey(slot.nameKey, found.imageId);
    const same = expected !== undefined && raw.Config.Labels?.[REUSE_LABELS.key] === expected;
    const healthy = raw.State.Running && raw.State.Health?.Status !== 'unhealthy';
    if (same && healthy && (await readyId(files)) === raw.Id) {
      const container = adoptRunning(definition, { engine, raw, release });
      await touchUsed(files);
      await keeper(raw.Id);
      try {
        await warming;
        if (clean) await clean(container);
        log('%s: adopted %s (%s)', definition.name, name, raw.Id.slice(0, 12));
        return { container, outcome: 'adopted' };
      } catch (error) {
        log('%s: clean of adopted %s failed (%s); replacing it', definition.name, name, (error as Error)?.message);
        // Let go of the handle (not of the claim), then replace the container below.
        await container.teardown().catch(() => undefined);
        if (!(await claim(files, token))) throw error;
      }
    }
    // Stale (stopped, unhealthy, another image, never marked ready by a creator that died): replace it.
    log('%s: replacing %s (%s)', definition.name, name, raw.Id.slice(0, 12));
    await clearReady(files);
    await engine.removeResource('container', raw.Id);
  }
  const created = await create(helper, definition, {
    namespace,
    nameKey: slot.nameKey,
    idleMs: settings.idleMs,
    files,
    release,
  });
  await markReady(files, created.id);
  await keeper(created.id);
  log('%s: created reusable %s (%s)', definition.name, name, created.id.slice(0, 12));
  return { container: created, outcome: 'created' };
}

interface Found {
  readonly raw: RawContainerInspect | undefined;
  readonly imageId: string | undefined;
}

/** One round trip: the container by name and the image's id, side by side. */
async function look(helper: DockerHelper, name: string, image: string): Promise<Found> {
  const { engine } = helper;
  const [raw, found] = await Promise.all([
    engine.inspectContainer(name).catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
    engine.findImage(image),
  ]);
  return { raw, imageId: found?.Id };
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
 * its key. The slot's claim keeps every other run off its name.
 */
async function create<C extends Container>(
  helper: DockerHelper,
  definition: ContainerDefinition<C>,
  input: CreateInput,
): Promise<C> {
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
  return reusable(definition, labels, input.release).setup(host);
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
