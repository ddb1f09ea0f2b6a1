import type { CopyInEntry } from '../files/copy-entry.js';
import type { WaitStrategy } from '../handles/readiness.js';
import type { RegistryCredentials } from '../images/registry-auth.js';
import type { CreateRequest } from './create-request.js';
import { applyHostOptions, type HostOptions } from './host-options.js';
import type { DeepPatch } from './merge.js';
import type { NetworkMode } from './network-mode.js';
import { type PortSpec, portKey } from './ports.js';
import type { ImageSource, NetworkSource, VolumeSource } from './resource-refs.js';
import { applySharedOptions, type VolumesFromEntry } from './shared-container-options.js';

export type { VolumesFromEntry } from './shared-container-options.js';

/** Publish a container port. The host side defaults to a free port on 127.0.0.1. */
export interface PortMapping {
  readonly container: PortSpec;
  /** Fixed host port. @default a free port picked by the engine */
  readonly hostPort?: number;
  /** Host interface to bind. @default '127.0.0.1' */
  readonly hostIp?: string;
}

export type MountOptions =
  | {
      readonly type: 'volume';
      /** A volume definition (set up in the same helper automatically) or an existing volume's name. */
      readonly source: VolumeSource | string;
      readonly target: string;
      readonly readOnly?: boolean;
    }
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly?: boolean }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number };

/** Join a network, with extra aliases on it. */
export interface NetworkAttachment {
  /** A network definition (set up in the same helper automatically) or an existing network's name. */
  readonly network: NetworkSource | string;
  readonly aliases?: readonly string[];
}

export interface HealthcheckOptions {
  /** `['CMD', 'pg_isready']`, `['CMD-SHELL', 'curl -f …']`, or a shell string. */
  readonly test: readonly string[] | string;
  /** @default 1_000 */
  readonly intervalMs?: number;
  /** @default 5_000 */
  readonly timeoutMs?: number;
  /** @default 3 */
  readonly retries?: number;
  /** @default 0 */
  readonly startPeriodMs?: number;
}

/** Whether to pull the image. @default 'missing' */
export type PullPolicy = 'missing' | 'never' | 'always';

/**
 * Everything a container definition can say. Only `image` is required.
 * Typed host options (capabilities, ulimits, CPU limits, …) come from
 * {@link HostOptions}.
 */
export interface ContainerOptions extends HostOptions {
  /**
   * An image reference (`'redis:7'`), or an `ImageDefinition`: built (or
   * found in its cache) first, during setup, and never pulled.
   */
  readonly image: string | ImageSource;
  /** Replaces the image's CMD. */
  readonly command?: readonly string[];
  /** Replaces the image's ENTRYPOINT. */
  readonly entrypoint?: readonly string[];
  /** Environment variables; values must be strings. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra labels (seaworthy adds its own). */
  readonly labels?: Readonly<Record<string, string>>;
  /** Ports to publish: `[80, '53/udp', { container: 5432, hostPort: 15432 }]`. */
  readonly ports?: readonly (PortSpec | PortMapping)[];
  readonly mounts?: readonly MountOptions[];
  /** Networks to join besides the helper's default network. */
  readonly networks?: readonly (NetworkSource | NetworkAttachment)[];
  /**
   * Extra aliases on the helper's default network (the definition's name is
   * always one), or on the network given as `networkMode`.
   */
  readonly aliases?: readonly string[];
  /**
   * Network the container uses instead of its helper's network: `'bridge'`,
   * `'none'`, `'host'`, `{ container: <a started container> }` or a
   * `NetworkDefinition`. The same values given as
   * `createOverrides.HostConfig.NetworkMode` are honoured the same way.
   * @default its helper's network
   */
  readonly networkMode?: NetworkMode;
  /**
   * `'always'`: join the helper's network at create even when alone in the
   * helper, for a container that must resolve its own alias from the start
   * (Kafka's in-network listener). @default the helper's `network` option
   */
  readonly helperNetwork?: 'when-needed' | 'always';
  readonly user?: string;
  readonly workdir?: string;
  readonly healthcheck?: HealthcheckOptions;
  readonly tty?: boolean;
  /** Memory limit in bytes. */
  readonly memoryBytes?: number;
  /** How to tell the container is ready. @default none: ready once started */
  readonly wait?: WaitStrategy;
  /**
   * Time limit for the wait, up to 2^31 − 1 ms. A wait's own, shorter
   * `timeoutMs` ends it sooner; a longer one does not extend it.
   * @default 30_000, or the wait's own timeoutMs
   */
  readonly startupTimeoutMs?: number;
  /** @default 'missing', or $SEAWORTHY_PULL */
  readonly pull?: PullPolicy;
  /**
   * Grace period for a stop signal at teardown before the container is killed.
   * @default 0: killed at once, which is what throwaway test containers want
   */
  readonly stopTimeoutMs?: number;
  /** Raw Engine API fields, deep-merged last over the request seaworthy builds. */
  readonly createOverrides?: DeepPatch<CreateRequest>;

  // ---- files into a container (issue 13) ----
  /**
   * Files, folders, text and tar archives copied in after create and before
   * start, so the entrypoint sees them; the same entries as
   * `container.copyIn()` (see docs/lifecycle.md). Works for images with no shell.
   */
  readonly files?: readonly CopyInEntry[];

  // ---- pull credentials (issue 14) ----
  /**
   * Credentials for pulling this definition's image, given in code: they win
   * over the helper's `registryAuth` and over Docker's config
   * (`$DOCKER_CONFIG/config.json`). See docs/registry.md.
   * @default found for the image's registry, else none
   */
  readonly registryAuth?: RegistryCredentials;

  // ---- compose support (issue 15) ----
  /**
   * Mount every volume of other containers at the same paths
   * (`docker run --volumes-from`, compose `volumes_from`): a started
   * container's handle, or an existing container's name or id.
   */
  readonly volumesFrom?: readonly VolumesFromEntry[];
  /**
   * Container ports other containers may reach, recorded in the image config
   * without publishing them on the host (compose `expose`, Dockerfile `EXPOSE`).
   */
  readonly expose?: readonly PortSpec[];
}

/** The create request built from typed options, before hooks and overrides. */
export function baseCreateRequest(options: ContainerOptions, labels: Record<string, string>): CreateRequest {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const port of options.ports ?? []) {
    const mapping: PortMapping = typeof port === 'object' ? port : { container: port };
    const key = portKey(mapping.container);
    exposed[key] = {};
    const list = bindings[key] ?? [];
    list.push({ HostIp: mapping.hostIp ?? '127.0.0.1', HostPort: mapping.hostPort ? String(mapping.hostPort) : '' });
    bindings[key] = list;
  }
  const request: CreateRequest = {
    // An image definition's reference is known once it is set up: launch fills it in.
    ...(typeof options.image === 'string' ? { Image: options.image } : {}),
    Labels: { ...options.labels, ...labels },
    Tty: options.tty ?? false,
    HostConfig: {},
  };
  const host = request.HostConfig as NonNullable<CreateRequest['HostConfig']>;
  if (options.command) request.Cmd = [...options.command];
  if (options.entrypoint) request.Entrypoint = [...options.entrypoint];
  if (options.env) request.Env = Object.entries(options.env).map(([k, v]) => `${k}=${v}`);
  if (options.user !== undefined) request.User = options.user;
  if (options.workdir !== undefined) request.WorkingDir = options.workdir;
  if (Object.keys(exposed).length) {
    request.ExposedPorts = exposed;
    host.PortBindings = bindings;
  }
  if (options.memoryBytes !== undefined) {
    host.Memory = options.memoryBytes;
    host.MemorySwap = options.memoryBytes;
  }
  if (options.healthcheck) {
    const hc = options.healthcheck;
    const ns = (ms: number) => Math.round(ms * 1_000_000);
    request.Healthcheck = {
      Test: typeof hc.test === 'string' ? ['CMD-SHELL', hc.test] : [...hc.test],
      Interval: ns(hc.intervalMs ?? 1_000),
      Timeout: ns(hc.timeoutMs ?? 5_000),
      Retries: hc.retries ?? 3,
      StartPeriod: ns(hc.startPeriodMs ?? 0),
    };
  }
  // Typed host options (issue 13): capabilities, ulimits, CPU limits, tmpfs, …
  applyHostOptions(request, options);
  // Compose support (issue 15): volumesFrom and expose.
  applySharedOptions(request, options);
  return request;
}
