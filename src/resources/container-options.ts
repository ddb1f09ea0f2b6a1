import { InvalidOptionError } from '../errors/index.js';
import type { CreateRequest } from './create-request.js';
import type { DeepPatch } from './merge.js';
import type { NetworkDefinition } from './network.js';
import { assertHelperNetworkMode } from './network-placement.js';
import { type PortSpec, portKey } from './ports.js';
import { assertTimeout, DEFAULT_WAIT_TIMEOUT_MS, type WaitStrategy } from './readiness.js';
import { assertKnownKeys } from './validation.js';
import type { VolumeDefinition } from './volume.js';

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
      readonly source: VolumeDefinition | string;
      readonly target: string;
      readonly readOnly?: boolean;
    }
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly?: boolean }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number };

/** Join a network, with extra aliases on it. */
export interface NetworkAttachment {
  /** A network definition (set up in the same helper automatically) or an existing network's name. */
  readonly network: NetworkDefinition | string;
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

/** Everything a container definition can say. Only `image` is required. */
export interface ContainerOptions {
  readonly image: string;
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
  readonly networks?: readonly (NetworkDefinition | NetworkAttachment)[];
  /** Extra aliases on the helper's default network (the definition's name is always one). */
  readonly aliases?: readonly string[];
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
  /** Time limit for the wait. @default 30_000 */
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
}

const KNOWN_OPTIONS: readonly (keyof ContainerOptions)[] = [
  'image',
  'command',
  'entrypoint',
  'env',
  'labels',
  'ports',
  'mounts',
  'networks',
  'aliases',
  'helperNetwork',
  'user',
  'workdir',
  'healthcheck',
  'tty',
  'memoryBytes',
  'wait',
  'startupTimeoutMs',
  'pull',
  'stopTimeoutMs',
  'createOverrides',
];

/** Reject misspelt or mistyped options before anything reaches the engine. */
export function validateContainerOptions(name: string, options: ContainerOptions): void {
  const at = (key: string) => `${name}.${key}`;
  if (options === null || typeof options !== 'object') {
    throw new InvalidOptionError(name, 'container options must be an object with at least `image`');
  }
  assertKnownKeys(name, options, KNOWN_OPTIONS);
  if (typeof options.image !== 'string' || !options.image.trim()) {
    throw new InvalidOptionError(at('image'), 'an image reference is required, e.g. "redis:7"');
  }
  if (/\s/.test(options.image) || /[A-Z]/.test(options.image.split('/').pop()?.split(':')[0] ?? '')) {
    throw new InvalidOptionError(at('image'), `${JSON.stringify(options.image)} is not a valid image reference`);
  }
  assertStringArray(at('command'), options.command);
  assertStringArray(at('entrypoint'), options.entrypoint);
  assertStringArray(at('aliases'), options.aliases);
  if (options.helperNetwork !== undefined) assertHelperNetworkMode(at('helperNetwork'), options.helperNetwork);
  assertStringRecord(at('env'), options.env);
  assertStringRecord(at('labels'), options.labels);
  for (const [i, port] of (options.ports ?? []).entries()) {
    const spec = typeof port === 'object' && port !== null ? port.container : port;
    portKey(spec, `${at('ports')}[${i}]`);
    if (typeof port === 'object' && port !== null && port.hostPort !== undefined) {
      if (!Number.isInteger(port.hostPort) || port.hostPort < 0 || port.hostPort > 65535) {
        throw new InvalidOptionError(`${at('ports')}[${i}].hostPort`, `${port.hostPort} is not a port from 0 to 65535`);
      }
    }
  }
  for (const [i, mount] of (options.mounts ?? []).entries()) {
    const where = `${at('mounts')}[${i}]`;
    if (!mount || !['volume', 'bind', 'tmpfs'].includes(mount.type)) {
      throw new InvalidOptionError(`${where}.type`, "must be 'volume', 'bind' or 'tmpfs'");
    }
    if (typeof mount.target !== 'string' || !mount.target.startsWith('/')) {
      throw new InvalidOptionError(
        `${where}.target`,
        `${JSON.stringify(mount.target)} must be an absolute path in the container`,
      );
    }
    if (mount.type === 'bind' && (typeof mount.source !== 'string' || !mount.source.startsWith('/'))) {
      throw new InvalidOptionError(
        `${where}.source`,
        `${JSON.stringify(mount.source)} must be an absolute path on the engine host`,
      );
    }
  }
  if (options.startupTimeoutMs !== undefined) assertTimeout(at('startupTimeoutMs'), options.startupTimeoutMs);
  if (options.stopTimeoutMs !== undefined && !(options.stopTimeoutMs >= 0)) {
    throw new InvalidOptionError(at('stopTimeoutMs'), `${options.stopTimeoutMs} must be 0 or more milliseconds`);
  }
  if (options.pull !== undefined && !['missing', 'never', 'always'].includes(options.pull)) {
    throw new InvalidOptionError(at('pull'), `${JSON.stringify(options.pull)} must be 'missing', 'never' or 'always'`);
  }
  if (
    options.memoryBytes !== undefined &&
    !(Number.isInteger(options.memoryBytes) && options.memoryBytes >= 6 * 1024 * 1024)
  ) {
    throw new InvalidOptionError(
      at('memoryBytes'),
      `${options.memoryBytes} must be a whole number of bytes, at least 6 MiB (the engine's minimum)`,
    );
  }
  if (options.wait !== undefined && typeof options.wait?.wait !== 'function') {
    throw new InvalidOptionError(at('wait'), 'must be a wait strategy, e.g. waitFor.logLine(/ready/)');
  }
}

export function resolvedStartupTimeout(options: ContainerOptions): number {
  return options.startupTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
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
    Image: options.image,
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
  return request;
}

function assertStringArray(option: string, value: unknown): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new InvalidOptionError(option, 'must be an array of strings, e.g. ["sh", "-c", "echo hi"]');
  }
}

function assertStringRecord(option: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(option, 'must be an object of string values');
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new InvalidOptionError(
        `${option}.${key}`,
        `${JSON.stringify(v)} is a ${v === null ? 'null' : typeof v}, not a string; write it as a string, e.g. ${JSON.stringify(String(v))}`,
      );
    }
  }
}
