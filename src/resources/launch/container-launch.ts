import { daemonMessage, isNotFound, statusCodeOf } from '../../engine/error-mapping.js';
import {
  EngineRequestError,
  ImageNotFoundError,
  InvalidMountError,
  NameConflictError,
  NetworkNotFoundError,
  SeaworthyError,
} from '../../errors/index.js';
import { LABELS } from '../../labels.js';
import type { ContainerDefinition, SetupOptions } from '../definitions/container-definition.js';
import { baseCreateRequest, type NetworkAttachment, type PullPolicy } from '../definitions/container-options.js';
import type { CreateRequest } from '../definitions/create-request.js';
import { deepMerge } from '../definitions/merge.js';
import { engineNetworkMode, type NetworkPlan, networkPlan } from '../definitions/network-mode.js';
import type { Container } from '../handles/container.js';
import { type ContainerInfo, toContainerInfo } from '../handles/container-info.js';
import type { ContainerRun } from '../handles/container-run.js';
import { type PullOptions, pullImage } from '../images/pull.js';
import { type InitSnapshotLaunch, prepareInitSnapshot } from '../snapshots/init-snapshot.js';
import { beginRun, type StartTarget, starterFor, throwIfAborted, waitUntilReady } from './container-start.js';
import { checkDefinitionFiles, copyDefinitionFiles } from './copy-definition-files.js';
import { platformMismatch } from './host-option-errors.js';
import type { LaunchContext } from './launch-context.js';
import { joinsNetworks, type Placement } from './network-placement.js';
import { translateSiblingBinds } from './sibling-binds.js';

/**
 * Create, attach, start and wait: the whole life of `setup()`. Two phases:
 * create (`createPlaced`, which `definition.create()` runs alone) and start
 * (container-start.ts, which `container.start()` runs again later).
 *
 * The engine calls on the default path are the floor's (create, attach,
 * start) plus one inspect, which runs alongside the readiness wait rather
 * than before it. If anything fails after create, the container is removed
 * before the error is thrown, so nothing is left behind.
 */
export async function launchContainer<C extends Container>(
  helper: LaunchContext,
  definition: ContainerDefinition<C>,
  setupOptions: SetupOptions,
): Promise<C> {
  const { signal, options, name, pull, snapshot, image } = await prepareLaunch(helper, definition, setupOptions);

  const aliases = options.aliases ?? [];
  // Checked when the definition was made; a mode of its own keeps it out of the lone-container placement.
  const plan = networkPlan(options);
  const ownMode = plan.kind !== 'helper';
  const placement = helper.placement.begin(definition.name, aliases, ownMode || options.helperNetwork === 'always');
  try {
    return await launchPlaced({ helper, definition, signal, name, pull, placement, plan, snapshot, image });
  } finally {
    placement.end();
  }
}

/**
 * What `setup()` and `create()` both do before anything is placed: the
 * setup's signal (the helper's teardown cancels setups still in flight, so
 * none outlives it), the checks that need no engine (host sources of the
 * definition's `files`), and the init snapshot hook: undefined unless the
 * definition opted in, else the snapshot image, made first if missing.
 * An `image` that is an image definition is set up here (built, or found
 * in its cache), before the snapshot and before create; it is never pulled.
 */
async function prepareLaunch(helper: LaunchContext, definition: ContainerDefinition, setupOptions: SetupOptions) {
  const signal = setupOptions.signal ? AbortSignal.any([setupOptions.signal, helper.signal]) : helper.signal;
  const options = definition.options;
  const name = helper.containerName(`${helper.namespace}_${definition.name}`);
  const built = typeof options.image !== 'string';
  const pull: PullPolicy = built ? 'never' : (options.pull ?? helper.pullPolicy);
  throwIfAborted(signal, definition.name);
  await checkDefinitionFiles(definition);
  // Images (issue 14): an image definition is set up first.
  const image = typeof options.image === 'string' ? options.image : (await options.image.setup(helper.host)).reference;
  throwIfAborted(signal, definition.name);
  const snapshot = await prepareInitSnapshot(helper.host, definition, pull, signal, built ? image : undefined);
  return { signal, options, name, pull, snapshot, image };
}

/** One launch, placed: what `createPlaced` and `launchPlaced` work from. */
interface PlacedLaunch<C extends Container> {
  readonly helper: LaunchContext;
  readonly definition: ContainerDefinition<C>;
  readonly signal: AbortSignal;
  /** The container's name on the engine. */
  readonly name: string;
  readonly pull: PullPolicy;
  readonly placement: Placement;
  readonly plan: NetworkPlan;
  /** The init snapshot hook, when the definition opted in. */
  readonly snapshot: InitSnapshotLaunch | undefined;
  /** The image reference: the option, or the reference of the image definition set up for it. */
  readonly image: string;
}

/** A container just created (and joined to its networks), not started yet. */
interface Created {
  readonly id: string;
  readonly request: CreateRequest;
  readonly target: StartTarget;
}

/** The whole of `setup()` once placed: create, then the first start and its wait. */
async function launchPlaced<C extends Container>(launch: PlacedLaunch<C>): Promise<C> {
  const { helper, definition, signal, name, placement } = launch;
  const { id, request, target } = await createPlaced(launch);
  try {
    const run = await beginRun(target, signal, () =>
      placement.started(id, joinsNetworks(request.HostConfig?.NetworkMode)),
    );
    const [info] = await Promise.all([run.info, waitUntilReady(target, run, signal)]);
    return handleOf(helper, definition, id, name, info, run, target);
  } catch (error) {
    // Removal also ends the attach stream, which closes the capture.
    await helper.removeContainer(id).catch(() => undefined);
    throw error;
  }
}

/**
 * Create and join networks, but don't start: `definition.create(helper)`.
 * It always goes on the helper's network at create (never alone on the
 * default bridge): nobody knows when it will start. One inspect gives the
 * handle its data before the first start.
 */
export async function createOnly<C extends Container>(
  helper: LaunchContext,
  definition: ContainerDefinition<C>,
  setupOptions: SetupOptions,
): Promise<C> {
  const { signal, options, name, pull, snapshot, image } = await prepareLaunch(helper, definition, setupOptions);
  const plan = networkPlan(options);
  const placement = helper.placement.begin(definition.name, options.aliases ?? [], true);
  try {
    const { id, target } = await createPlaced({
      helper,
      definition,
      signal,
      name,
      pull,
      placement,
      plan,
      snapshot,
      image,
    });
    try {
      const info = toContainerInfo(await helper.engine.inspectContainer(id));
      return handleOf(helper, definition, id, name, info, undefined, target);
    } catch (error) {
      await helper.removeContainer(id).catch(() => undefined);
      throw error;
    }
  } finally {
    placement.end();
  }
}

function handleOf<C extends Container>(
  helper: LaunchContext,
  definition: ContainerDefinition<C>,
  id: string,
  name: string,
  info: ContainerInfo,
  run: ContainerRun | undefined,
  target: StartTarget,
): C {
  return definition.createHandle({
    engine: helper.engine,
    definition: definition as unknown as ContainerDefinition<Container>,
    id,
    name,
    info,
    run,
    starter: starterFor(target),
    teardown: () => helper.removeContainer(id),
    retire: () => helper.retireContainer(id, name),
  });
}

/**
 * The create phase: set up what it refers to, build the request, create
 * (pulling on a miss), and join the networks it must be on before start.
 * Removed again if anything after create fails.
 */
async function createPlaced<C extends Container>(launch: PlacedLaunch<C>): Promise<Created> {
  const { helper, definition, signal, pull, placement, plan, snapshot } = launch;
  const { engine } = helper;
  const options = definition.options;
  // Definitions this container refers to are set up first, in parallel.
  const [network, ownNetwork, mounts, extraNetworks] = await Promise.all([
    placement.alone || plan.kind !== 'helper' ? undefined : helper.defaultNetwork(),
    plan.kind === 'network' ? plan.source.setup(helper.host) : undefined,
    Promise.all(
      (options.mounts ?? []).map(async (mount) => {
        if (mount.type === 'tmpfs') {
          return {
            Type: 'tmpfs' as const,
            Target: mount.target,
            TmpfsOptions: {
              ...(mount.sizeBytes !== undefined ? { SizeBytes: mount.sizeBytes } : {}),
              ...(mount.mode !== undefined ? { Mode: mount.mode } : {}),
            },
          };
        }
        const source = typeof mount.source === 'string' ? mount.source : (await mount.source.setup(helper.host)).name;
        return { Type: mount.type, Source: source, Target: mount.target, ReadOnly: mount.readOnly ?? false };
      }),
    ),
    Promise.all(
      (options.networks ?? []).map(async (entry) => {
        // Checked when the definition was made: a network definition, or { network, aliases? }.
        const attachment: NetworkAttachment = 'network' in entry ? entry : { network: entry };
        const target =
          typeof attachment.network === 'string'
            ? attachment.network
            : (await attachment.network.setup(helper.host)).id;
        // `ref`: the network as the user named it, for errors.
        const ref = typeof attachment.network === 'string' ? attachment.network : attachment.network.name;
        return { id: target, ref, aliases: [definition.name, ...(attachment.aliases ?? [])] };
      }),
    ),
  ]);

  const base = baseCreateRequest(options, { ...helper.labels, [LABELS.definition]: definition.name });
  base.Image = launch.image;
  if (mounts.length) base.HostConfig = { ...base.HostConfig, Mounts: mounts };
  const aliases = [definition.name, ...(options.aliases ?? [])];
  // Alone in its helper it stays on the engine's default bridge until a second container arrives.
  if (network) base.NetworkingConfig = { EndpointsConfig: { [network.name]: { Aliases: aliases } } };
  // A network mode of its own replaces the helper's network: nothing else is joined at create.
  const mode = engineNetworkMode(plan, ownNetwork?.name);
  if (mode !== undefined) base.HostConfig = { ...base.HostConfig, NetworkMode: mode };
  // On a user-defined network it keeps its definition's name (and aliases) there.
  if (mode !== undefined && (plan.kind === 'network' || plan.kind === 'named')) {
    base.NetworkingConfig = { EndpointsConfig: { [mode]: { Aliases: aliases } } };
  }
  // Bind sources in a sibling runner are translated to the engine host's paths (issue 15).
  const request = await translateSiblingBinds(
    engine,
    deepMerge(base, definition.createRequestPatch(base), options.createOverrides),
    definition.name,
  );
  const image = request.Image ?? launch.image;

  if (pull === 'always') await pullImage(engine, image, pullOptions(launch, signal));
  const create = (body: CreateRequest, policy: PullPolicy) => createWithPull(launch, body, image, policy);
  // Init snapshot hook: from the snapshot image when there is one.
  const id = snapshot ? await snapshot.create(request, pull, create) : await create(request, pull);

  try {
    // Files into a container (issue 13): the definition's `files`, before start so the entrypoint sees them.
    await copyDefinitionFiles(engine, id, definition);
    throwIfAborted(signal, definition.name);
    // Containers that started alone join the network now, so this one can reach them by name.
    if (network) await helper.placement.joinLone(network.id);
    // Engine API 1.41 connects one network at create; join the others before start.
    for (const extra of extraNetworks) {
      await engine.connectNetwork(extra.id, id, extra.aliases).catch((error) => {
        if (statusCodeOf(error) === 404 && /network/i.test(daemonMessage(error)))
          throw new NetworkNotFoundError(definition.name, extra.ref, error);
        throw error;
      });
    }
    // after create, before first start (anything that fails here removes the container)
  } catch (error) {
    await helper.removeContainer(id).catch(() => undefined);
    throw error;
  }
  const target: StartTarget = {
    engine,
    id,
    displayName: definition.name,
    tty: request.Tty === true,
    options,
    networks: extraNetworks,
    request,
    helperSignal: helper.signal,
    isRemoving: (containerId) => helper.isRemoving(containerId),
  };
  return { id, request, target };
}

/** Create the container, pulling its image on a miss unless `pull` is `'never'`. */
async function createWithPull(
  launch: PlacedLaunch<Container>,
  request: CreateRequest,
  image: string,
  pull: PullPolicy,
): Promise<string> {
  const { helper, name, signal } = launch;
  const { engine } = helper;
  const displayName = launch.definition.name;
  const { platform, stopTimeoutMs = 0 } = launch.definition.options;
  const create = async () => {
    const id = await engine.createContainer(name, request, displayName, platform).catch((error) => {
      throw platformMismatch(displayName, image, platform, error) ?? error;
    });
    helper.trackContainer(id, stopTimeoutMs);
    return id;
  };
  try {
    return await create();
  } catch (error) {
    if (isNotFound(error) && /no such image/i.test(daemonMessage(error))) {
      if (pull === 'never') throw new ImageNotFoundError(image, error);
      // Create first and pull only on a miss: the usual case (image present) costs no extra call.
      await pullImage(engine, image, pullOptions(launch, signal));
      try {
        return await create();
      } catch (retryError) {
        throw createError(name, displayName, retryError);
      }
    }
    throw createError(name, displayName, error);
  }
}

/** How a launch pulls: the helper's progress mode, the definition's platform, and the credentials (issue 14). */
function pullOptions(launch: PlacedLaunch<Container>, signal: AbortSignal): PullOptions {
  const { helper, definition } = launch;
  const { platform, registryAuth } = definition.options;
  return {
    signal,
    mode: helper.progress,
    ...(platform !== undefined ? { platform } : {}),
    ...(registryAuth !== undefined ? { auth: registryAuth } : {}),
    ...helper.pullCredentials,
  };
}

function createError(name: string, displayName: string, error: unknown): unknown {
  // Our own errors pass through; a refusal from the engine may mean something more specific.
  if (error instanceof SeaworthyError && !(error instanceof EngineRequestError)) return error;
  const message = daemonMessage(error);
  if (statusCodeOf(error) === 409 && /already in use/i.test(message))
    return new NameConflictError('container', name, error);
  if (/mount|bind source|invalid volume|volume specification/i.test(message)) {
    return new InvalidMountError(displayName, message, error);
  }
  return error;
}
