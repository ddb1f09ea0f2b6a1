import type { LogCapture } from '../logs/log-capture.js';
import type { ContainerInfo } from './container-info.js';
import type { ExitInfo } from './readiness.js';
import type { WaitTarget } from './wait-context.js';

/**
 * One start of a container, armed before it: the live capture (attached
 * before start, so no line is missed), the exit watch that makes a wait fail
 * fast, and the inspect data taken right after start.
 */
export interface ContainerRun {
  readonly capture: LogCapture;
  readonly waitTarget: WaitTarget;
  /** Resolves when this run ends (the container stopped); never when it is being removed. */
  readonly exited: Promise<ExitInfo>;
  /** Inspect data from right after this start (published ports, pid). */
  readonly info: Promise<ContainerInfo>;
}

/**
 * How a handle starts its container (again). Launch provides it, so the
 * handle never reaches the helper. Not part of the public API.
 */
export interface ContainerStarter {
  /** Attach, then start; resolves once the engine has started it. */
  begin(): Promise<ContainerRun>;
  /** The definition's wait on `run`, failing fast if it exits; cancelled by `signal` or the helper's teardown. */
  ready(run: ContainerRun, signal?: AbortSignal): Promise<void>;
}
