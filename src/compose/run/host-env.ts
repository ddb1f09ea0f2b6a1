/** One port a service publishes, as the host command reaches it. */
export interface PublishedPort {
  /** The container port. */
  readonly target: number;
  readonly protocol: 'tcp' | 'udp';
  /** Where it is reached from this process. */
  readonly hostPort: number;
}

/** A running service and the addresses of its published ports. */
export interface PublishedService {
  readonly name: string;
  /** The address its ports are reached on (127.0.0.1 on a local engine). */
  readonly host: string;
  /** In the order the compose file lists them. */
  readonly ports: readonly PublishedPort[];
}

/** The variables a host command gets, and what a service with no published port contributes. */
export interface HostCommandEnv {
  readonly env: Readonly<Record<string, string>>;
  /** Services left out: no published port, or a name that maps to a prefix an earlier service took. */
  readonly skipped: readonly { readonly service: string; readonly why: string }[];
}

/**
 * The prefix of a service's variables: its name in upper case, every
 * character but letters and digits turned into `_`, and `_` in front when it
 * starts with a digit (`api-gateway` → `API_GATEWAY`, `2fa` → `_2FA`).
 */
export function envPrefix(service: string): string {
  const upper = service.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

/**
 * The stack's published addresses as environment variables, for a command
 * run on the host (`seaworthy run -- npm test`). For each service with at
 * least one published port, with `<S>` its {@link envPrefix}:
 *
 * - `<S>_HOST`: the address (e.g. `127.0.0.1`);
 * - `<S>_PORT`: the host port of its first TCP port (first UDP one if it has no TCP);
 * - `<S>_PORT_<container port>`: the host port of each TCP port;
 * - `<S>_PORT_<container port>_UDP`: the host port of each UDP port;
 * - `<S>_URL`: `http://<host>:<port>` of its first TCP port.
 *
 * And `SEAWORTHY_PROJECT_NAME`, the run's project name.
 */
export function hostCommandEnv(projectName: string, services: readonly PublishedService[]): HostCommandEnv {
  const env: Record<string, string> = { SEAWORTHY_PROJECT_NAME: projectName };
  const skipped: { service: string; why: string }[] = [];
  const owners = new Map<string, string>();
  for (const service of services) {
    const prefix = envPrefix(service.name);
    if (service.ports.length === 0) {
      skipped.push({ service: service.name, why: 'publishes no port' });
      continue;
    }
    const owner = owners.get(prefix);
    if (owner !== undefined) {
      skipped.push({ service: service.name, why: `its variables' prefix ${prefix}_ is taken by '${owner}'` });
      continue;
    }
    owners.set(prefix, service.name);
    const tcp = service.ports.filter((p) => p.protocol === 'tcp');
    const first = tcp[0] ?? (service.ports[0] as PublishedPort);
    env[`${prefix}_HOST`] = service.host;
    env[`${prefix}_PORT`] = String(first.hostPort);
    for (const port of service.ports) {
      env[`${prefix}_PORT_${port.target}${port.protocol === 'udp' ? '_UDP' : ''}`] = String(port.hostPort);
    }
    if (tcp[0]) env[`${prefix}_URL`] = `http://${urlHost(service.host)}:${tcp[0].hostPort}`;
  }
  return { env, skipped };
}

function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
