import type { Readable } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { InvalidMountError, NetworkNotFoundError, PortConflictError, WaitAbortedError } from '../../errors/index.js';
import type { ContainerOptions } from '../definitions/container-options.js';
import type { CreateRequest } from '../definitions/create-request.js';
import { type ContainerInfo, toContainerInfo } from '../handles/container-info.js';
import type { ContainerRun, ContainerStarter } from '../handles/container-run.js';
import { type ExitInfo, runWait } from '../handles/readiness.js';
import { createWaitContext, type WaitTarget } from '../handles/wait-context.js';
import { LogCapture } from '../logs/log-capture.js';
import { capabilitiesRefused } from './host-option-errors.js';

/**
 * The start phase of a container, for its first start (in `setup()`) and
 * every later one (`container.start()`, `restart()`): attach, start, then
 * the inspect and the definition's wait side by side. Each start gets a
 * capture and an exit watch of its own, armed before the engine starts it.
 */

/** A created container, as its starts need it. */
export interface StartTarget {
  readonly engine: EngineClient;
  readonly id: string;
  /** The definition's name, for messages. */
  readonly displayName: string;
  readonly tty: boolean;
  /** The definition's options: `wait` and `startupTimeoutMs`. */
  readonly options: ContainerOptions;
  /** Networks joined besides the first, to name one the engine can't find in a start error. */
  readonly networks: readonly { readonly id: string; readonly ref: string }[];
  /** What it was created from, to name the capabilities an engine refused at start. */
  readonly request: CreateRequest;
  /** Aborted when the helper's teardown starts: no wait outlives it. */
  readonly helperSignal: AbortSignal;
  /** Whether the helper has begun removing it (its output ending then is no exit). */
  isRemoving(id: string): boolean;
}

/** How a handle starts its container again: the same two steps as the first start. */
export function starterFor(target: StartTarget): ContainerStarter {
  return {
    begin: () => beginRun(target),
    ready: (run, signal) => waitUntilReady(target, run, signal),
  };
}

/**
 * Attach, then start. Resolves once the engine has started it, with the
 * inspect already asked for. `signal` aborted before start: nothing is
 * started. `afterStart` runs right after the engine's answer.
 */
export async function beginRun(
  target: StartTarget,
  signal?: AbortSignal,
  afterStart?: () => void,
): Promise<ContainerRun> {
  const { engine, id, displayName } = target;
  // Podman sets up the container's network and ports on attach: a clash there is the start's (docs/engines.md).
  const attached: Readable = await engine.attachContainer(id).catch((error) => {
    throw startError(displayName, target.networks, error);
  });
  const capture = new LogCapture(attached, target.tty);
  const startedAtSeconds = Date.now() / 1000 - 1;
  try {
    throwIfAborted(signal, displayName);
    await engine.startContainer(id).catch((error) => {
      throw capabilitiesRefused(displayName, target.request, error) ?? startError(displayName, target.networks, error);
    });
  } catch (error) {
    // Not started: this run's capture will see nothing.
    capture.close();
    throw error;
  }
  afterStart?.();

  const info: Promise<ContainerInfo> = engine.inspectContainer(id).then(toContainerInfo);
  info.catch(() => undefined);
  const exited: Promise<ExitInfo> = capture.ended.then(async () => {
    // Our own teardown ends the stream too; that is not an exit worth a request.
    if (target.isRemoving(id)) return new Promise<never>(() => {});
    const raw = await engine.inspectContainer(id);
    const state = toContainerInfo(raw).state;
    // Running again (restarted meanwhile): this run is over, but no exit of its own to report.
    if (state.running) return new Promise<never>(() => {});
    const oomKilled = state.oomKilled || (await oomEventSeen(engine, id, raw, startedAtSeconds));
    return { exitCode: state.exitCode, oomKilled };
  });
  exited.catch(() => undefined);
  const waitTarget: WaitTarget = {
    engine,
    id,
    displayName,
    logs: capture,
    host: engine.hostAddress,
    startInfo: info,
    startedAtSeconds,
  };
  return { capture, waitTarget, exited, info };
}

/** The definition's wait on a run just started (none: resolves at once). */
export function waitUntilReady(target: StartTarget, run: ContainerRun, signal?: AbortSignal): Promise<void> {
  const { wait, startupTimeoutMs } = target.options;
  if (!wait) return Promise.resolve();
  const cancel = signal ? AbortSignal.any([signal, target.helperSignal]) : target.helperSignal;
  return runWait(
    wait,
    (waitSignal, progress) => createWaitContext(run.waitTarget, waitSignal, progress),
    target.displayName,
    run.capture,
    { timeoutMs: startupTimeoutMs, timeoutOption: 'startupTimeoutMs', exited: run.exited, signal: cancel },
  );
}

export function throwIfAborted(signal: AbortSignal | undefined, displayName: string): void {
  if (signal?.aborted) throw new WaitAbortedError(displayName, 'setup', signal.reason);
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
