import type { EngineClient } from '../../engine/client.js';
import type { ContainerHost } from '../definitions/container-definition.js';
import type { PullPolicy } from '../definitions/container-options.js';
import type { NetworkHost } from '../definitions/network.js';
import type { VolumeHost } from '../definitions/volume.js';
import type { ImageHost } from '../images/image-definition.js';
import type { ProgressMode } from '../images/progress.js';
import type { RegistryCredentials } from '../images/registry-auth.js';
import type { NetworkPlacement } from './network-placement.js';

/** What a helper sets up: containers, networks and volumes (`DockerHelper` is one). */
export type ResourceHost = ContainerHost &
  NetworkHost &
  VolumeHost &
  ImageHost & {
    readonly engine: EngineClient;
    readonly labels: Readonly<Record<string, string>>;
  };

/**
 * What container launch needs from its helper: narrow on purpose, so launch
 * never reaches the whole helper. Not part of the public API.
 */
export interface LaunchContext {
  /** Sets up the networks and volumes a container joins or mounts, and init-snapshot containers. */
  readonly host: ResourceHost;
  readonly engine: EngineClient;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly pullPolicy: PullPolicy;
  /** How pulls and builds show progress. */
  readonly progress: ProgressMode;
  /** Pull credentials per registry (the helper's `registryAuth`), and the env Docker's config is found through (issue 14). */
  readonly pullCredentials: {
    readonly registryAuth?: Readonly<Record<string, RegistryCredentials>>;
    readonly env: Readonly<Record<string, string | undefined>>;
  };
  /** Aborted when the helper's teardown starts. */
  readonly signal: AbortSignal;
  defaultNetwork(): Promise<{ id: string; name: string }>;
  /** Whether a container starts alone on the default bridge or on the helper's network. */
  readonly placement: NetworkPlacement;
  trackContainer(id: string, stopTimeoutMs: number): void;
  removeContainer(id: string): Promise<void>;
  /** Remove the container in the background (awaited by the helper's teardown); its name is held until then. */
  retireContainer(id: string, name: string): Promise<void>;
  /** The engine name for a new container: `name`, unless a container being removed in the background still holds it. */
  containerName(name: string): string;
  /** Whether removal of this container has started (or it is no longer tracked). */
  isRemoving(id: string): boolean;
}
