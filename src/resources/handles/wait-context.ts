import type { EngineClient } from '../../engine/client.js';
import type { PortSpec } from '../definitions/ports.js';
import type { LogSource } from '../logs/log-line.js';
import { type ContainerInfo, toContainerInfo } from './container-info.js';
import { hostPortOf } from './published-port.js';
import type { ContainerEvent, ExecOptions, ExecResult, WaitContext } from './readiness.js';
import { runExec } from './run-exec.js';

/** What a wait context is built from: a started container and its capture. */
export interface WaitTarget {
  readonly engine: EngineClient;
  readonly id: string;
  readonly displayName: string;
  readonly logs: LogSource;
  /** Where published ports are reached; the engine may know better (see `EngineClient.containerHost`). */
  readonly host: string;
  /** Inspect data taken right after start (shared, not re-fetched per wait). */
  readonly startInfo: Promise<ContainerInfo>;
  /** Engine time just before start, in seconds, for replaying events. */
  readonly startedAtSeconds: number;
}

export function createWaitContext(
  target: WaitTarget,
  signal: AbortSignal,
  progress: (detail: string) => void,
): WaitContext {
  return {
    containerName: target.displayName,
    signal,
    logs: target.logs,
    // Read when a strategy asks: in a sibling container it is the container's own network address.
    get host(): string {
      return target.engine.reachesContainerPorts
        ? target.engine.containerHost(target.id, target.displayName)
        : target.host;
    },
    hostInternal: target.engine.hostResolution.decision.hostInternal?.address,
    progress,
    async hostPort(port: PortSpec): Promise<number> {
      return hostPortOf(await target.startInfo, target.displayName, port, target.engine.reachesContainerPorts);
    },
    async pid(): Promise<number> {
      return (await target.startInfo).state.pid;
    },
    exec(cmd: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
      return runExec(target.engine, target.id, target.displayName, cmd, { signal, ...options });
    },
    async inspect(): Promise<ContainerInfo> {
      return toContainerInfo(await target.engine.inspectContainer(target.id));
    },
    async *events(actions: readonly string[]): AsyncIterable<ContainerEvent> {
      const filters = { container: [target.id], event: [...actions] };
      for await (const raw of target.engine.events(filters, target.startedAtSeconds, signal)) {
        yield {
          action: raw.Action ?? raw.status ?? '',
          time: new Date(raw.timeNano ? raw.timeNano / 1e6 : (raw.time ?? 0) * 1000),
          attributes: raw.Actor?.Attributes ?? {},
        };
      }
    },
  };
}
