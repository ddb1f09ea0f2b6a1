import type { CreateRequest } from './create-request.js';

/*
 * Typed host options: what `docker run` flags such as --cap-add, --ulimit,
 * --add-host or --cpus set, as fields of `ContainerOptions`. Each maps onto
 * the create request's `HostConfig` (platform is the one exception: it is a
 * query parameter of the create call, so launch passes it beside the body).
 * `createOverrides` is still merged last, so a raw field always wins.
 * docs/host-options.md describes each option.
 */

/** One resource limit: soft ≤ hard; `-1` means unlimited. */
export interface UlimitValue {
  readonly soft: number;
  readonly hard: number;
}

/** A limit in list form, as the Engine API writes it. */
export interface UlimitEntry extends UlimitValue {
  /** `nofile`, `nproc`, `memlock`, `core`, … (the names `ulimit` and `docker run --ulimit` know). */
  readonly name: string;
}

/**
 * Resource limits by name: `{ nofile: { soft: 1024, hard: 2048 } }`, a number
 * for soft = hard (`{ nproc: 512 }`), or a list `[{ name: 'nofile', soft, hard }]`.
 */
export type UlimitOptions = Readonly<Record<string, number | UlimitValue>> | readonly UlimitEntry[];

/** The container's logging driver. */
export interface LogDriverOptions {
  /**
   * `'json-file'` (the engine's usual default) or `'local'` keep the logs on
   * the engine, where `logs()` reads them. With `'none'` there is nothing to
   * read: `logs()` and `followLogs()` fail; waits on log lines still work (they read the
   * attached output).
   */
  readonly type: string;
  /** Driver options, e.g. `{ 'max-size': '1m' }`; values are strings. */
  readonly options?: Readonly<Record<string, string>>;
}

/** Host-side options of a container; fields of `ContainerOptions`. */
export interface HostOptions {
  /** Capabilities to add: `['NET_ADMIN']` or `['CAP_NET_ADMIN']`, or `['ALL']`. */
  readonly capAdd?: readonly string[];
  /** Capabilities to drop: `['CHOWN']`, or `['ALL']` to start from none. */
  readonly capDrop?: readonly string[];
  /**
   * All capabilities, all host devices, no seccomp or AppArmor confinement.
   * Opt-in only; for Docker-in-Docker see docs/host-options.md. @default false
   */
  readonly privileged?: boolean;
  /** Resource limits (`ulimit -n` and friends). */
  readonly ulimits?: UlimitOptions;
  /**
   * Extra `/etc/hosts` entries, name → address: `{ 'db.local': '10.0.0.5' }`.
   * `'host-gateway'` stands for the engine host's address on the default
   * bridge (Docker 20.10 and later).
   */
  readonly extraHosts?: Readonly<Record<string, string>>;
  /** Size of `/dev/shm` in bytes. @default the engine's, 64 MiB */
  readonly shmSizeBytes?: number;
  /** CPU limit in CPUs, e.g. `0.5` for half of one (at most the engine's CPU count). */
  readonly cpus?: number;
  /** Relative CPU weight (at least 2; the engine's default weight is 1024). */
  readonly cpuShares?: number;
  /** CPUs the container may run on: `'0'`, `'0-1'`, `'0,2'`. */
  readonly cpusetCpus?: string;
  /** Soft memory limit in bytes, below `memoryBytes`. */
  readonly memoryReservationBytes?: number;
  /**
   * Memory plus swap in bytes (at least `memoryBytes`), or `-1` for unlimited
   * swap. Needs `memoryBytes`. @default `memoryBytes`: no swap
   */
  readonly memorySwapBytes?: number;
  /** Run a small init (`docker-init`) as PID 1 that reaps zombies and forwards signals. */
  readonly init?: boolean;
  /** Mount the root filesystem read-only (volumes, binds and tmpfs stay writable). */
  readonly readOnlyRootFilesystem?: boolean;
  /** Namespaced kernel parameters: `{ 'net.ipv4.ip_local_port_range': '40000 40100' }`. */
  readonly sysctls?: Readonly<Record<string, string>>;
  /**
   * tmpfs mounts as compose writes them, path → mount options:
   * `{ '/run': 'size=64m', '/tmp': '' }`. Options are tmpfs mount options
   * (`size`, `mode`, `uid`, `gid`, `noexec`, …). A `{ type: 'tmpfs' }` entry in
   * `mounts` does the same with typed `sizeBytes`/`mode`; a path may be in one
   * of the two, not both.
   */
  readonly tmpfs?: Readonly<Record<string, string>>;
  /** Image platform, `os[/arch[/variant]]`: `'linux/amd64'`, `'linux/arm64/v8'`. */
  readonly platform?: string;
  /** Logging driver and its options. @default the engine's default driver */
  readonly logDriver?: LogDriverOptions;
  /**
   * The container's own host name (what `hostname` prints inside it). Not
   * with `networkMode` `'host'` or `{ container }`, which share another's.
   * @default the engine's: the first 12 characters of the container id
   */
  readonly hostname?: string;
  /**
   * Security options, as `docker run --security-opt` takes them:
   * `'no-new-privileges'`, `'seccomp=unconfined'`, `'apparmor=unconfined'`,
   * `'label=disable'`. A seccomp profile is given as its JSON text
   * (`seccomp=${readFileSync(path, 'utf8')}`): the engine does not read files.
   */
  readonly securityOpts?: readonly string[];
}

/** Host option names, for the unknown-option check. */
export const HOST_OPTION_KEYS: readonly (keyof HostOptions)[] = [
  'capAdd',
  'capDrop',
  'privileged',
  'ulimits',
  'extraHosts',
  'shmSizeBytes',
  'cpus',
  'cpuShares',
  'cpusetCpus',
  'memoryReservationBytes',
  'memorySwapBytes',
  'init',
  'readOnlyRootFilesystem',
  'sysctls',
  'tmpfs',
  'platform',
  'logDriver',
  'hostname',
  'securityOpts',
];

/** `net_admin`, `CAP_NET_ADMIN` → `CAP_NET_ADMIN`; `all` → `ALL`. */
export function normalizeCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  return upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
}

/** Ulimits in the Engine API's list form. */
export function ulimitEntries(ulimits: UlimitOptions): { Name: string; Soft: number; Hard: number }[] {
  if (Array.isArray(ulimits)) {
    return (ulimits as readonly UlimitEntry[]).map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard }));
  }
  return Object.entries(ulimits as Readonly<Record<string, number | UlimitValue>>).map(([name, value]) =>
    typeof value === 'number'
      ? { Name: name, Soft: value, Hard: value }
      : { Name: name, Soft: value.soft, Hard: value.hard },
  );
}

/**
 * The `HostConfig` fields the host options set (only those given). Validated
 * options in, so no checks here. `platform` is not among them: it goes on the
 * create call's query.
 */
export function hostConfigFields(options: HostOptions): Record<string, unknown> {
  const host: Record<string, unknown> = {};
  if (options.capAdd?.length) host.CapAdd = options.capAdd.map(normalizeCapability);
  if (options.capDrop?.length) host.CapDrop = options.capDrop.map(normalizeCapability);
  if (options.privileged === true) host.Privileged = true;
  if (options.ulimits !== undefined) host.Ulimits = ulimitEntries(options.ulimits);
  if (options.extraHosts !== undefined) {
    host.ExtraHosts = Object.entries(options.extraHosts).map(([name, address]) => `${name}:${address}`);
  }
  if (options.shmSizeBytes !== undefined) host.ShmSize = options.shmSizeBytes;
  if (options.cpus !== undefined) host.NanoCpus = Math.round(options.cpus * 1e9);
  if (options.cpuShares !== undefined) host.CpuShares = options.cpuShares;
  if (options.cpusetCpus !== undefined) host.CpusetCpus = options.cpusetCpus;
  if (options.memoryReservationBytes !== undefined) host.MemoryReservation = options.memoryReservationBytes;
  if (options.memorySwapBytes !== undefined) host.MemorySwap = options.memorySwapBytes;
  if (options.init !== undefined) host.Init = options.init;
  if (options.readOnlyRootFilesystem !== undefined) host.ReadonlyRootfs = options.readOnlyRootFilesystem;
  if (options.sysctls !== undefined) host.Sysctls = { ...options.sysctls };
  if (options.tmpfs !== undefined) host.Tmpfs = { ...options.tmpfs };
  if (options.securityOpts?.length) host.SecurityOpt = [...options.securityOpts];
  if (options.logDriver !== undefined) {
    host.LogConfig = { Type: options.logDriver.type, Config: { ...options.logDriver.options } };
  }
  return host;
}

/** Merge the host options' fields into a request's `HostConfig` (in place, before hooks and overrides). */
export function applyHostOptions(request: CreateRequest, options: HostOptions): void {
  request.HostConfig = { ...request.HostConfig, ...hostConfigFields(options) };
  if (options.hostname !== undefined) request.Hostname = options.hostname;
}
