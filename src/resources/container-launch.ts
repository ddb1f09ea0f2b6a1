import type { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.js';
import { daemonMessage, isNotFound, statusCodeOf } from '../engine/error-mapping.js';
import {
  ImageNotFoundError,
  InvalidMountError,
  NameConflictError,
  NetworkNotFoundError,
  PortConflictError,
  SeaworthyError,
  WaitAbortedError,
} from '../errors/index.js';
import type { Container } from './container.js';
import type { ContainerDefinition, SetupOptions } from './container-definition.js';
import { type ContainerInfo, toContainerInfo } from './container-info.js';
import { baseCreateRequest, type PullPolicy, resolvedStartupTimeout } from './container-options.js';
import type { CreateRequest } from './create-request.js';
import type { HelperInternals } from './helper-internals.js';
import { type InitSnapshotLaunch, prepareInitSnapshot } from './init-snapshot.js';
import { LABELS } from './labels.js';
import { LogCapture } from './log-capture.js';
import { deepMerge } from './merge.js';
import { NetworkDefinition } from './network.js';
import { joinsNetworks, type Placement } from './network-placement.js';
import { type ExitInfo, runWait } from './readiness.js';
import { VolumeDefinition } from './volume.js';
import { createWaitContext, type WaitTarget } from './wait-context.js';

/**
 * Create, attach, start and wait: the whole life of `setup()`.
 *
 * The engine calls on the default path are the floor's (create, attach,
 * start) plus one inspect, which runs alongside the readiness wait rather
 * than before it. If anything fails after create, the container is removed
 * before the error is thrown, so nothing is left behind.
 */
export async function launchContainer<C extends Container>(
  helper: HelperInternals,
  definition: ContainerDefinition<C>,
  setupOptions: SetupOptions,
): Promise<C> {
  // The helper's teardown cancels setups still in flight, so none outlives it.
  const signal = setupOptions.signal ? AbortSignal.any([setupOptions.signal, helper.signal]) : helper.signal;
  const options = definition.options;
  const name = `${helper.namespace}_${definition.name}`;
  const pull: PullPolicy = options.pull ?? helper.pullPolicy;
  throwIfAborted(signal, definition.name);

  // ---- init snapshot hook (src/resources/init-snapshot.ts): undefined unless the definition opted in;
  // else the snapshot image for this definition, made first if missing (before this setup is placed) ----
  const snapshot = await prepareInitSnapshot(helper.self, definition, pull, signal);

  const aliases = options.aliases ?? [];
  const placement = helper.placement.begin(definition.name, aliases, options.helperNetwork === 'always');
  try {
    return await launchPlaced(helper, definition, signal, name, pull, placement, snapshot);
  } finally {
    placement.end();
  }
}

async function launchPlaced<C extends Container>(
  helper: HelperInternals,
  definition: ContainerDefinition<C>,
  signal: AbortSignal,
  name: string,
  pull: PullPolicy,
  placement: Placement,
  snapshot: InitSnapshotLaunch | undefined,
): Promise<C> {
  const { engine } = helper;
  const options = definition.options;
  // Definitions this container refers to are set up first, in parallel.
  const [network, mounts, extraNetworks] = await Promise.all([
    placement.alone ? undefined : helper.defaultNetwork(),
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
        const source =
          mount.source instanceof VolumeDefinition ? (await mount.source.setup(helper.self)).name : mount.source;
        return { Type: mount.type, Source: source, Target: mount.target, ReadOnly: mount.readOnly ?? false };
      }),
    ),
    Promise.all(
      (options.networks ?? []).map(async (entry) => {
        const attachment = entry instanceof NetworkDefinition ? { network: entry } : entry;
        const target =
          attachment.network instanceof NetworkDefinition
            ? (await attachment.network.setup(helper.self)).id
            : attachment.network;
        // `ref`: the network as the user named it, for errors.
        const ref = attachment.network instanceof NetworkDefinition ? attachment.network.name : attachment.network;
        return { id: target, ref, aliases: [definition.name, ...(attachment.aliases ?? [])] };
      }),
    ),
  ]);

  const base = baseCreateRequest(options, { ...helper.labels, [LABELS.definition]: definition.name });
  if (mounts.length) base.HostConfig = { ...base.HostConfig, Mounts: mounts };
  // Alone in its helper it stays on the engine's default bridge until a second container arrives.
  if (network) {
    base.NetworkingConfig = {
      EndpointsConfig: { [network.name]: { Aliases: [definition.name, ...(options.aliases ?? [])] } },
    };
  }
  const request = deepMerge(base, definition.createRequestPatch(base), options.createOverrides);
  const image = request.Image ?? options.image;

  if (pull === 'always') await engine.pullImage(image, signal).catch(rethrowAs(engine, 'pull image'));
  const create = (body: CreateRequest, policy: PullPolicy) =>
    createWithPull(helper, name, body, image, policy, definition.name, options.stopTimeoutMs ?? 0, signal);
  // Init snapshot hook: from the snapshot image when there is one.
  const id = snapshot ? await snapshot.create(request, pull, create) : await create(request, pull);

  try {
    throwIfAborted(signal, definition.name);
    // Containers that started alone join the network now, so this one can reach them by name.
    if (network) await helper.placement.joinLone(network.id);
    // Engine API 1.41 connects one network at create; join the others before start.
    for (const extra of extraNetworks) {
      await engine.connectNetwork(extra.id, id, extra.aliases).catch((error) => {
        if (statusCodeOf(error) === 404 && /network/i.test(daemonMessage(error)))
          throw new NetworkNotFoundError(definition.name, extra.ref, error);
        throw engine.wrap(`connect '${definition.name}' to network ${extra.ref}`, error);
      });
    }
    const tty = request.Tty === true;
    const attached: Readable = await engine
      .attachContainer(id)
      .catch(rethrowAs(engine, `attach to '${definition.name}'`));
    const capture = new LogCapture(attached, tty);
    const startedAtSeconds = Date.now() / 1000 - 1;
    throwIfAborted(signal, definition.name);
    await engine.startContainer(id).catch((error) => {
      throw startError(engine, definition.name, extraNetworks, error);
    });
    placement.started(id, joinsNetworks(request.HostConfig?.NetworkMode));

    const startInfo: Promise<ContainerInfo> = engine
      .inspectContainer(id)
      .then(toContainerInfo)
      .catch(rethrowAs(engine, `inspect '${definition.name}'`));
    const exited: Promise<ExitInfo> = capture.ended.then(async () => {
      // Our own teardown ends the stream too; that is not an exit worth a request.
      if (helper.isRemoving(id)) return new Promise<never>(() => {});
      const raw = await engine
        .inspectContainer(id)
        .catch(rethrowAs(engine, `inspect '${definition.name}' after its output ended`));
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
            timeoutMs: resolvedStartupTimeout(options),
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
  helper: HelperInternals,
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
    const id = await engine.createContainer(name, request);
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
        throw createError(engine, name, displayName, retryError);
      }
    }
    throw createError(engine, name, displayName, error);
  }
}

function createError(engine: HelperInternals['engine'], name: string, displayName: string, error: unknown): unknown {
  if (error instanceof SeaworthyError) return error;
  const message = daemonMessage(error);
  if (statusCodeOf(error) === 409 && /already in use/i.test(message))
    return new NameConflictError('container', name, error);
  if (/mount|bind source|invalid volume|volume specification/i.test(message)) {
    return new InvalidMountError(displayName, message, error);
  }
  return engine.wrap(`create container '${displayName}'`, error);
}

function startError(
  engine: HelperInternals['engine'],
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
  return engine.wrap(`start container '${displayName}'`, error);
}

function rethrowAs(engine: HelperInternals['engine'], operation: string) {
  return (error: unknown): never => {
    throw engine.wrap(operation, error);
  };
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
  engine: Engine,
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
