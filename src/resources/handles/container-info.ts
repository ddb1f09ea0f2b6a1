import type { RawContainerInspect } from '../../engine/raw-types.js';

/** A container's state, from the engine. */
export interface ContainerState {
  /** `created`, `running`, `paused`, `restarting`, `removing`, `exited` or `dead`. */
  readonly status: string;
  readonly running: boolean;
  /** Exit code once it has stopped; `undefined` while it runs. */
  readonly exitCode: number | undefined;
  readonly oomKilled: boolean;
  /** Host PID of its main process while it runs (0 otherwise). */
  readonly pid: number;
  readonly startedAt: Date | undefined;
  readonly finishedAt: Date | undefined;
  /** Docker healthcheck status, when the container has a healthcheck. */
  readonly health: 'starting' | 'healthy' | 'unhealthy' | undefined;
  /** The latest healthcheck runs, oldest first. */
  readonly healthLog: readonly { readonly exitCode: number; readonly output: string }[];
  /** The engine's error for this container, if any (e.g. why start failed). */
  readonly error: string | undefined;
}

/** One published port binding. */
export interface PortBinding {
  readonly hostIp: string;
  readonly hostPort: number;
}

/** Inspect data, in seaworthy's own types. */
export interface ContainerInfo {
  readonly id: string;
  /** Name without the leading slash the engine adds. */
  readonly name: string;
  readonly image: string;
  readonly imageId: string;
  readonly created: Date;
  readonly state: ContainerState;
  readonly config: {
    readonly env: Readonly<Record<string, string>>;
    readonly command: readonly string[];
    readonly entrypoint: readonly string[];
    readonly user: string;
    readonly workdir: string;
    readonly labels: Readonly<Record<string, string>>;
    /** Exposed ports as `"<port>/<proto>"`. */
    readonly exposedPorts: readonly string[];
    readonly tty: boolean;
    readonly hostname: string;
  };
  /** Published ports, keyed `"<port>/<proto>"`. */
  readonly ports: Readonly<Record<string, readonly PortBinding[]>>;
  /** Networks it is attached to, by network name. */
  readonly networks: Readonly<Record<string, { readonly aliases: readonly string[]; readonly ipAddress: string }>>;
  readonly mounts: readonly {
    readonly type: string;
    readonly source: string;
    readonly target: string;
    readonly name: string | undefined;
    readonly readOnly: boolean;
  }[];
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

function toDate(text: string | undefined): Date | undefined {
  return !text || text === ZERO_TIME ? undefined : new Date(text);
}

/** Parse `KEY=value` pairs; a value may itself contain '='. */
export function parseEnv(pairs: readonly string[] | null | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const at = pair.indexOf('=');
    if (at === -1) env[pair] = '';
    else env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

export function toContainerInfo(raw: RawContainerInspect): ContainerInfo {
  const ports: Record<string, PortBinding[]> = {};
  for (const [key, bindings] of Object.entries(raw.NetworkSettings?.Ports ?? {})) {
    if (!bindings) continue;
    ports[key] = bindings
      .filter((b) => b.HostPort)
      .map((b) => ({ hostIp: b.HostIp ?? '', hostPort: Number(b.HostPort) }));
  }
  const networks: Record<string, { aliases: string[]; ipAddress: string }> = {};
  for (const [name, net] of Object.entries(raw.NetworkSettings?.Networks ?? {})) {
    networks[name] = { aliases: net.Aliases ?? [], ipAddress: net.IPAddress ?? '' };
  }
  const state = raw.State;
  const running = state.Running;
  return {
    id: raw.Id,
    name: raw.Name.replace(/^\//, ''),
    image: raw.Config.Image,
    imageId: raw.Image,
    created: new Date(raw.Created),
    state: {
      status: state.Status,
      running,
      exitCode: running || state.Status === 'created' ? undefined : state.ExitCode,
      oomKilled: state.OOMKilled,
      pid: state.Pid,
      startedAt: toDate(state.StartedAt),
      finishedAt: toDate(state.FinishedAt),
      health: state.Health?.Status as ContainerState['health'],
      healthLog: (state.Health?.Log ?? []).map((entry) => ({ exitCode: entry.ExitCode, output: entry.Output })),
      error: state.Error || undefined,
    },
    config: {
      env: parseEnv(raw.Config.Env),
      command: raw.Config.Cmd ?? [],
      entrypoint: raw.Config.Entrypoint ?? [],
      user: raw.Config.User ?? '',
      workdir: raw.Config.WorkingDir ?? '',
      labels: raw.Config.Labels ?? {},
      exposedPorts: Object.keys(raw.Config.ExposedPorts ?? {}),
      tty: raw.Config.Tty ?? false,
      hostname: raw.Config.Hostname ?? '',
    },
    ports,
    networks,
    mounts: (raw.Mounts ?? []).map((m) => ({
      type: m.Type,
      source: m.Source,
      target: m.Destination,
      name: m.Name,
      readOnly: !m.RW,
    })),
  };
}
