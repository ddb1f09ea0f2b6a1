import type { HealthcheckOptions, PullPolicy } from '../resources/definitions/container-options.js';
import type { HostOptions } from '../resources/definitions/host-options.js';

/*
 * The compose model: what `loadCompose()` makes of one or more compose files
 * after parsing, interpolation, merging, `extends`, profiles and validation.
 * Everything here is plain data, already checked and normalised: paths are
 * absolute, durations are milliseconds, sizes are bytes, short syntax is
 * expanded. The stack runtime (compose/stack) turns it into definitions.
 * docs/compose.md describes the subset of the Compose Specification it holds.
 */

/** The condition a `depends_on` entry waits for. */
export type DependsOnCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeDependency {
  readonly condition: DependsOnCondition;
  /** `required: false`: a missing or disabled (profile) dependency is skipped. @default true */
  readonly required: boolean;
}

/** How to build a service's image (`build:`). */
export interface ComposeBuild {
  /** Absolute path of the build context. */
  readonly context: string;
  /** The Dockerfile's path relative to the context, when not `Dockerfile`. */
  readonly dockerfile?: string;
  /** `dockerfile_inline`: the Dockerfile's text. */
  readonly dockerfileInline?: string;
  readonly args: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** One published or exposed port. */
export interface ComposePort {
  /** The container port. */
  readonly target: number;
  /** A fixed host port; absent for "any free port". */
  readonly published?: number;
  /** Host interface; absent for the default (seaworthy publishes on 127.0.0.1). */
  readonly hostIp?: string;
  readonly protocol: 'tcp' | 'udp';
}

export type ComposeMount =
  | {
      readonly type: 'bind';
      /** Absolute path on the machine running seaworthy (relative sources resolved against the project directory). */
      readonly source: string;
      readonly target: string;
      readonly readOnly: boolean;
      /** `bind.create_host_path` as written; absent when not given (compose creates a missing source folder). */
      readonly createHostPath?: boolean;
    }
  | {
      readonly type: 'volume';
      /** A key of `ComposeModel.volumes`, or absent for an anonymous volume. */
      readonly source?: string;
      readonly target: string;
      readonly readOnly: boolean;
    }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number };

/** `volumes_from`: another service's or an existing container's volumes. */
export interface ComposeVolumesFrom {
  readonly source: { readonly service: string } | { readonly container: string };
  readonly readOnly: boolean;
}

/** A service's place on one network. */
export interface ComposeServiceNetwork {
  /** Extra aliases besides the service name. */
  readonly aliases: readonly string[];
  readonly ipv4Address?: string;
}

export interface ComposeService {
  readonly name: string;
  /** The image to run; with `build` too, the tag the built image gets. */
  readonly image?: string;
  readonly build?: ComposeBuild;
  /** Shell-word split when written as a string. */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** `env_file` entries first, then `environment`; entries with no value take the variable's value (`env` over `.env`), or are left out. */
  readonly environment: Readonly<Record<string, string>>;
  readonly ports: readonly ComposePort[];
  /** `expose`: container ports made known to other containers, not published. */
  readonly expose: readonly ComposePort[];
  readonly mounts: readonly ComposeMount[];
  readonly volumesFrom: readonly ComposeVolumesFrom[];
  /** By service name. `links` and `volumes_from` services are added as `service_started`. */
  readonly dependsOn: Readonly<Record<string, ComposeDependency>>;
  /** Absent: the image's own HEALTHCHECK applies. `'disabled'`: `healthcheck: { disable: true }`. */
  readonly healthcheck?: HealthcheckOptions | 'disabled';
  /**
   * By key of `ComposeModel.networks`. Empty only with `networkMode`. A
   * service that names none is on `default`.
   */
  readonly networks: Readonly<Record<string, ComposeServiceNetwork>>;
  /** `network_mode`: `'none'`, `'host'`, `'bridge'`, `'service:<name>'` or `'container:<name>'`. */
  readonly networkMode?: string;
  readonly hostname?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly workingDir?: string;
  /** `container_name`, as written. */
  readonly containerName?: string;
  /** `scale`, or `deploy.replicas`. @default 1 */
  readonly replicas: number;
  readonly profiles: readonly string[];
  /**
   * Host options in seaworthy's terms: `cap_add` → `capAdd`, `extra_hosts`
   * → `extraHosts`, `tmpfs` → `tmpfs`, `ulimits`, `shm_size`, `sysctls`,
   * `init`, `read_only`, `privileged`, `security_opt`, `platform`, `cpus`,
   * `logging`, …
   */
  readonly host: HostOptions;
  readonly memoryBytes?: number;
  readonly tty?: boolean;
  readonly stdinOpen?: boolean;
  /** `stop_grace_period`. */
  readonly stopTimeoutMs?: number;
  readonly stopSignal?: string;
  /** `pull_policy` in seaworthy's terms (`if_not_present` → `'missing'`, `build` → a build). */
  readonly pull?: PullPolicy;
  /** `restart`: `'no'`, `'always'`, `'on-failure[:N]'`, `'unless-stopped'`. */
  readonly restart?: string;
}

export interface ComposeNetwork {
  /** The key in the files. */
  readonly key: string;
  /** `external: true`: an existing network, by this name; not created or removed. */
  readonly external: boolean;
  /** `name:`, as written: for an external network, its name; otherwise only informative. */
  readonly name?: string;
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly attachable: boolean;
  readonly enableIpv6: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly ipam?: {
    readonly driver?: string;
    readonly config: readonly { readonly subnet?: string; readonly ipRange?: string; readonly gateway?: string }[];
  };
}

export interface ComposeVolume {
  readonly key: string;
  readonly external: boolean;
  readonly name?: string;
  readonly driver?: string;
  readonly driverOpts: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** The loaded project. */
export interface ComposeModel {
  /** The files' top-level `name:` (the last one given), if any. */
  readonly name?: string;
  /** The files read, absolute, in merge order. */
  readonly files: readonly string[];
  /** The project directory: relative paths are resolved against it. @default the first file's folder */
  readonly projectDirectory: string;
  /** Active services only: those with no profile, or an enabled one (and what they depend on). */
  readonly services: Readonly<Record<string, ComposeService>>;
  /** Includes `default` whenever a service uses it. */
  readonly networks: Readonly<Record<string, ComposeNetwork>>;
  readonly volumes: Readonly<Record<string, ComposeVolume>>;
  /**
   * What loading noticed but did not refuse: each variable written as `$VAR`
   * or `${VAR}` that is not set (it became an empty string, as in docker
   * compose). `seaworthy run` prints them; `DEBUG=seaworthy:compose` logs them.
   */
  readonly warnings?: readonly string[];
}
