import type { Readable } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, isNotFound, statusCodeOf } from '../../engine/error-mapping.js';
import {
  EngineRequestError,
  ImageNotFoundError,
  InvalidMountError,
  NameConflictError,
  NetworkNotFoundError,
  PortConflictError,
  SeaworthyError,
  WaitAbortedError,
} from '../../errors/index.js';
import { LABELS } from '../../labels.js';
import type { ContainerDefinition, SetupOptions } from '../definitions/container-definition.js';
import { baseCreateRequest, type NetworkAttachment, type PullPolicy } from '../definitions/container-options.js';
import type { CreateRequest } from '../definitions/create-request.js';
import { deepMerge } from '../definitions/merge.js';
import { engineNetworkMode, type NetworkPlan, networkPlan } from '../definitions/network-mode.js';
import type { Container } from '../handles/container.js';
import { type ContainerInfo, toContainerInfo } from '../handles/container-info.js';
import { type ExitInfo, runWait } from '../handles/readiness.js';
import { createWaitContext, type WaitTarget } from '../handles/wait-context.js';
import { LogCapture } from '../logs/log-capture.js';
import { type InitSnapshotLaunch, prepareInitSnapshot } from '../snapshots/init-snapshot.js';
import { checkDefinitionFiles, copyDefinitionFiles } from './copy-definition-files.js';
import type { LaunchContext } from './launch-context.js';
import { joinsNetworks, type Placement } from './network-placement.js';

/**
 * Create, attach, start and wait: the whole life of `setup()`.
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
  // The helper's teardown cancels setups still in flight, so none outlives it.
  const signal = setupOptions.signal ? AbortSignal.any([setupOptions.signal, helper.signal]) : helper.signal;
  const options = definition.options;
  const name = `${helper.namespace}_${definition.name}`;
  const pull: PullPolicy = options.pull ?? helper.pullPolicy;
  throwIfAborted(signal, definition.name);
  // Files into a container (issue 13): host sources checked before any engine call.
  await checkDefinitionFiles(definition);

  // ---- init snapshot hook (src/resources/init-snapshot.ts): undefined unless the definition opted in;
  // else the snapshot image for this definition, made first if missing (before this setup is placed) ----
  const snapshot = await prepareInitSnapshot(helper.host, definition, pull, signal);

  const aliases = options.aliases ?? [];
  // Checked when the definition was made; a mode of its own keeps it out of the lone-container placement.
  const plan = networkPlan(options);
  const ownMode = plan.kind !== 'helper';
  const placement = helper.placement.begin(definition.name, aliases, ownMode || options.helperNetwork === 'always');
  try {
    return await launchPlaced(helper, definition, signal, name, pull, placement, plan, snapshot);
  } finally {
    placement.end();
  }
}

async function launchPlaced<C extends Container>(
  helper: LaunchContext,
  definition: ContainerDefinition<C>,
  signal: AbortSignal,
  name: string,
  pull: PullPolicy,
  placement: Placement,
  plan: NetworkPlan,
  snapshot: InitSnapshotLaunch | undefined,
): Promise<C> {
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
  const request = deepMerge(base, definition.createRequestPatch(base), options.createOverrides);
  const image = request.Image ?? options.image;

  if (pull === 'always') await engine.pullImage(image, signal);
  const create = (body: CreateRequest, policy: PullPolicy) =>
    createWithPull(helper, name, body, image, policy, definition.name, options.stopTimeoutMs ?? 0, signal);
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
    const tty = request.Tty === true;
    const attached: Readable = await engine.attachContainer(id);
    const capture = new LogCapture(attached, tty);
    const startedAtSeconds = Date.now() / 1000 - 1;
    throwIfAborted(signal, definition.name);
    await engine.startContainer(id).catch((error) => {
      throw startError(definition.name, extraNetworks, error);
    });
    placement.started(id, joinsNetworks(request.HostConfig?.NetworkMode));

    const startInfo: Promise<ContainerInfo> = engine.inspectContainer(id).then(toContainerInfo);
    const exited: Promise<ExitInfo> = capture.ended.then(async () => {
      // Our own teardown ends the stream too; that is not an exit worth a request.
      if (helper.isRemoving(id)) return new Promise<never>(() => {});
      const raw = await engine.inspectContainer(id);
      const state = toContainerInfo(raw).state;
      if (state.running) return new Promise<never>(() => {});
      const oomKilled = state.oomKilled || (await oomEventSeen(engine, id, raw, startedAtSeconds));
      return { exitCode: state.exitCode, oomKilled };
    });
    exited.catch(() => undefined);
    const waitTarget: WaitTarget = {
      engine,
      id,
      displayName: definition.name,
      logs: capture,
      host: engine.hostAddress,
      startInfo,
      startedAtSeconds,
    };
    const waited = options.wait
      ? runWait(
          options.wait,
          (signal, progress) => createWaitContext(waitTarget, signal, progress),
          definition.name,
          capture,
          {
            timeoutMs: options.startupTimeoutMs,
            timeoutOption: 'startupTimeoutMs',
            exited,
            signal: signal,
          },
        )
      : Promise.resolve();
    const [info] = await Promise.all([startInfo, waited]);
    return definition.createHandle({
      engine,
      definition: definition as unknown as ContainerDefinition<Container>,
      id,
      name,
      info,
      capture: capture,
      waitTarget,
      exited,
      teardown: () => helper.removeContainer(id),
      retire: () => helper.retireContainer(id, name),
    });
  } catch (error) {
    // Removal also ends the attach stream, which closes the capture.
    await helper.removeContainer(id).catch(() => undefined);
    throw error;
  }
}

async function createWithPull(
  helper: LaunchContext,
  name: string,
  request: CreateRequest,
  image: string,
  pull: PullPolicy,
  displayName: string,
  stopTimeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<string> {
  const { engine } = helper;
  const create = async () => {
    const id = await engine.createContainer(name, request, displayName);
    helper.trackContainer(id, stopTimeoutMs);
    return id;
  };
  try {
    return await create();
  } catch (error) {
    if (isNotFound(error) && /no such image/i.test(daemonMessage(error))) {
      if (pull === 'never') throw new ImageNotFoundError(image, error);
      // Create first and pull only on a miss: the usual case (image present) costs no extra call.
      await engine.pullImage(image, signal);
      try {
        return await create();
      } catch (retryError) {
        throw createError(name, displayName, retryError);
      }
    }
    throw createError(name, displayName, error);
  }
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

function startError(
  displayName: string,
  networks: readonly { readonly id: string; readonly ref: string }[],
  error: unknown,
): unknown {
  const message = daemonMessage(error);
  if (/port is already allocated|address already in use|bind for .* failed/i.test(message)) {
    return new PortConflictError(displayName, message, error);
  }
  if (/mount|bind source path|no such file or directory.*(mount|bind)|not a directory/i.test(message)) {
    return new InvalidMountError(displayName, message, error);
  }
  const network = /^network (\S+) not found/i.exec(message)?.[1];
  if (statusCodeOf(error) === 404 && network) {
    // The engine names the network by what it was given (a name or an id); report it as the user wrote it.
    const given = networks.find((n) => n.id === network || n.ref === network || n.id.startsWith(network));
    return new NetworkNotFoundError(displayName, given?.ref ?? network, error);
  }
  return error;
}

function throwIfAborted(signal: AbortSignal | undefined, displayName: string): void {
  if (signal?.aborted) throw new WaitAbortedError(displayName, 'setup', signal.reason);
}

/**
 * The engine sets `OOMKilled` only when the kernel's OOM event reaches it
 * before the exit; on a busy machine the order can flip, and the flag stays
 * false for good, though the engine still reports an `oom` event. So for a
 * container under a memory limit that died by SIGKILL (137) without the
 * flag, look for that event (replayed from the start, or arriving within 2 s).
 */
async function oomEventSeen(
  engine: EngineClient,
  id: string,
  raw: { State: { ExitCode?: number }; HostConfig?: { Memory?: number } },
  sinceSeconds: number,
): Promise<boolean> {
  if (raw.State.ExitCode !== 137 || !(raw.HostConfig?.Memory && raw.HostConfig.Memory > 0)) return false;
  const signal = AbortSignal.timeout(2_000);
  try {
    for await (const _event of engine.events(
      { type: ['container'], container: [id], event: ['oom'] },
      sinceSeconds,
      signal,
    )) {
      return true;
    }
  } catch {
    // No events to be had: an ordinary kill, as far as anyone can tell.
  }
  return false;
}
