import type { Engine } from '../../engine/engine.js';
import type { PullPolicy } from '../definitions/container-options.js';
import type { DockerHelper } from '../helper/helper.js';
import type { NetworkPlacement } from './network-placement.js';

/** What container launch needs from its helper. Not part of the public API. */
export interface HelperInternals {
  readonly self: DockerHelper;
  readonly engine: Engine;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pullPolicy: PullPolicy;
  /** Aborted when the helper's teardown starts. */
  readonly signal: AbortSignal;
  defaultNetwork(): Promise<{ id: string; name: string }>;
  /** Whether a container starts alone on the default bridge or on the helper's network. */
  readonly placement: NetworkPlacement;
  trackContainer(id: string, stopTimeoutMs: number): void;
  removeContainer(id: string): Promise<void>;
  /** Free the container's name now and remove it in the background (awaited by the helper's teardown). */
  retireContainer(id: string, name: string): Promise<void>;
  /** Whether removal of this container has started (or it is no longer tracked). */
  isRemoving(id: string): boolean;
}
