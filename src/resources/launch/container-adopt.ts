import { PassThrough } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import type { RawContainerInspect } from '../../engine/raw-types.js';
import type { ContainerDefinition } from '../definitions/container-definition.js';
import type { CreateRequest } from '../definitions/create-request.js';
import type { Container, ContainerInit } from '../handles/container.js';
import { toContainerInfo } from '../handles/container-info.js';
import type { ContainerRun } from '../handles/container-run.js';
import type { ExitInfo } from '../handles/readiness.js';
import type { WaitTarget } from '../handles/wait-context.js';
import { LogCapture } from '../logs/log-capture.js';
import { type StartTarget, starterFor } from './container-start.js';

/** A running container this process did not start, and how to let it go. */
export interface AdoptedContainer {
  readonly engine: EngineClient;
  readonly raw: RawContainerInspect;
  /**
   * Called by the handle's `teardown()` (after its teardown hooks) instead
   * of a removal: the container stays.
   */
  readonly release: () => Promise<void>;
}

/**
 * A handle for a container that is running already (a reused one, see
 * docs/reuse.md), built the way a launch builds one, from inspect data. It
 * does not attach to the container: its live `output` stays empty (it would
 * hold an attach stream open to a container that outlives the run); `logs()` reads the engine's log as for
 * any container. Its `teardown()` runs the handle's teardown hooks and calls
 * `release`; nothing is removed. `start()`/`restart()` work as usual (and
 * attach, as any start does).
 */
export function adoptRunning<C extends Container>(definition: ContainerDefinition<C>, adopted: AdoptedContainer): C {
  const { engine, raw } = adopted;
  const id = raw.Id;
  const tty = raw.Config.Tty === true;
  const info = toContainerInfo(raw);
  let released = false;
  const controller = new AbortController();
  // No output of its own: a stream that ends only when the handle lets the container go.
  const capture = new LogCapture(new PassThrough(), tty);
  // Its end is never seen without an attach: no exit to report for this run.
  const exited: Promise<ExitInfo> = new Promise<never>(() => {});
  const startedAt = Date.parse(raw.State.StartedAt);
  const waitTarget: WaitTarget = {
    engine,
    id,
    displayName: definition.name,
    logs: capture,
    host: engine.hostAddress,
    startInfo: Promise.resolve(info),
    startedAtSeconds: Number.isFinite(startedAt) ? startedAt / 1000 - 1 : Date.now() / 1000 - 1,
  };
  const run: ContainerRun = { capture, waitTarget, exited, info: Promise.resolve(info) };
  const target: StartTarget = {
    engine,
    id,
    displayName: definition.name,
    tty,
    options: definition.options,
    networks: [],
    request: {} as CreateRequest,
    helperSignal: controller.signal,
    isRemoving: () => released,
  };
  const letGo = async () => {
    if (released) return;
    released = true;
    controller.abort();
    capture.close();
    await adopted.release();
  };
  const init: ContainerInit = {
    engine,
    definition: definition as unknown as ContainerInit['definition'],
    id,
    name: raw.Name.replace(/^\//, ''),
    info,
    run,
    starter: starterFor(target),
    teardown: letGo,
    retire: letGo,
  };
  return definition.createHandle(init);
}
