import type { Engine } from '../engine/engine.js';
import type { PullPolicy } from './container-options.js';
import type { DockerHelper } from './helper.js';

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
  trackContainer(id: string, stopTimeoutMs: number): void;
  removeContainer(id: string): Promise<void>;
  /** Whether removal of this container has started (or it is no longer tracked). */
  isRemoving(id: string): boolean;
}
