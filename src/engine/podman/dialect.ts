import { daemonMessage } from '../error-mapping.js';
import type { RawContainerInspect, RawImageInspect } from '../raw-types.js';

/**
 * Which engine answers on the Docker API: Docker Engine, or Podman through
 * its compatibility service (`podman system service`). Read from `/version`:
 * Podman lists a component named "Podman Engine".
 */
export type EngineProduct = 'docker' | 'podman';

/** The product behind a `/version` answer. Pure. */
export function engineProduct(version: unknown): EngineProduct {
  const components = (version as { Components?: unknown } | null)?.Components;
  if (!Array.isArray(components)) return 'docker';
  return components.some((c) => /^podman engine$/i.test(String((c as { Name?: unknown })?.Name ?? '')))
    ? 'podman'
    : 'docker';
}

/** The parts of a dockerode error the translation reads and rewrites. */
interface ModemError {
  statusCode?: number;
  json?: { message?: string; cause?: string } | string | null;
  message?: string;
}

/**
 * Podman refuses some requests with a status code or wording of its own where
 * Docker has a specific one; seaworthy's error mapping reads Docker's
 * (docs/engines.md#differences). Each rule: Podman's answer, Docker's status,
 * and a message that keeps Podman's text and adds Docker's phrase when ours is read.
 */
const RULES: readonly {
  readonly from: number;
  readonly match: RegExp;
  readonly status: number;
  readonly docker?: string;
}[] = [
  // Create with a taken name: Podman 500 "…that name is already in use", Docker 409 "…is already in use".
  { from: 500, match: /that name is already in use/i, status: 409 },
  // Exec in a stopped container: Podman 500 "container state improper", Docker 409 "…is not running".
  { from: 500, match: /can only create exec sessions on running containers/i, status: 409, docker: 'is not running' },
  // Pause/unpause/kill in the wrong state: Podman 500 "container state improper", Docker 409.
  { from: 500, match: /container state improper/i, status: 409, docker: 'is not running' },
  // A subnet in use: Podman 500 "…is already used on the host or by another config", Docker 403 "Pool overlaps…".
  {
    from: 500,
    match: /subnet \S+ is already used/i,
    status: 403,
    docker: 'Pool overlaps with other one on this address space',
  },
  // A repeat connect: Podman 500 "…network is already connected", Docker 403 "endpoint … already exists in network".
  { from: 500, match: /network is already connected/i, status: 403, docker: 'endpoint already exists in network' },
  // A missing path in an archive read: Podman 404 "no such file or directory", Docker 404 "Could not find the file…".
  { from: 404, match: /^no such file or directory$/i, status: 404, docker: 'could not find the file' },
  // volumesFrom naming no container: Podman 500 "…no such container", Docker 404 "No such container: <name>".
  {
    from: 500,
    match: /looking up container "([^"]+)" for volumes-from: .*no such container/i,
    status: 404,
    docker: 'No such container: $1',
  },
];

/**
 * A Podman refusal in Docker's shape (see {@link RULES}); any other error is
 * returned unchanged. The original error stays reachable as `cause`.
 */
export function fromPodmanError(error: unknown): unknown {
  const e = error as ModemError | null;
  if (!e || typeof e !== 'object' || typeof e.statusCode !== 'number') return error;
  const text = daemonMessage(error);
  const rule = RULES.find((r) => r.from === e.statusCode && r.match.test(text));
  if (!rule) return error;
  const group = rule.match.exec(text)?.[1] ?? '';
  const message = rule.docker ? `${text} (${rule.docker.replace('$1', group)})` : text;
  return Object.assign(new Error(message), { statusCode: rule.status, json: { message }, cause: error });
}

/**
 * Podman names images it loaded or built without a registry `localhost/<name>`
 * and official ones `docker.io/library/<name>`, where Docker lists `<name>`;
 * both resolve `<name>`. A reference in Docker's form. Pure.
 */
export function dockerReference(reference: string): string {
  return reference.replace(/^localhost\//, '').replace(/^docker\.io\/library\//, '');
}

/** An image id with Docker's `sha256:` prefix (Podman's commit answers the bare hex). Pure. */
export function dockerImageId(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `sha256:${id}` : id;
}

/** Podman's default network; Docker's is `bridge`. */
export const PODMAN_DEFAULT_NETWORK = 'podman';

/**
 * A Podman container inspect in Docker's shape:
 * - `State.Health` is there with an empty status on containers without a
 *   healthcheck (Docker leaves it out): dropped;
 * - a container on the default network (`NetworkMode: bridge`) is on
 *   Podman's network `podman`: listed as `bridge`, Docker's name for it;
 * - `none` and `host` are listed as the one network, and a container sharing
 *   another's namespace lists none, as Docker does;
 * - `Config.Image` as the user wrote it ({@link dockerReference}).
 * Pure; returns a new object when it changes anything.
 */
export function fromPodmanInspect(raw: RawContainerInspect): RawContainerInspect {
  let result = raw;
  const health = raw.State?.Health;
  if (health && !health.Status) {
    const { Health: _dropped, ...state } = raw.State;
    result = { ...result, State: state };
  }
  const networks = raw.NetworkSettings?.Networks ?? {};
  const mode = (raw as { HostConfig?: { NetworkMode?: string } }).HostConfig?.NetworkMode ?? '';
  let shaped: typeof networks | undefined;
  if (PODMAN_DEFAULT_NETWORK in networks && mode === 'bridge' && !('bridge' in networks)) {
    const { [PODMAN_DEFAULT_NETWORK]: entry, ...rest } = networks;
    shaped = { bridge: entry ?? {}, ...rest };
  } else if ((mode === 'none' || mode === 'host') && Object.keys(networks).length === 0) {
    // Docker lists the `none` and `host` networks as the container's one network.
    shaped = { [mode]: {} };
  } else if (mode.startsWith('container:')) {
    // Docker lists no network for a container sharing another's namespace; Podman lists the other's.
    shaped = {};
  }
  if (shaped) result = { ...result, NetworkSettings: { ...raw.NetworkSettings, Networks: shaped } };
  if (raw.Config?.Image) result = { ...result, Config: { ...result.Config, Image: dockerReference(raw.Config.Image) } };
  return result;
}

/**
 * The runtime's reason when Podman could not start an exec's program at all,
 * else `undefined`. Podman writes `Error: runc: exec failed: unable to start
 * container process: exec: "x": executable file not found in $PATH: OCI
 * runtime attempted to invoke a command that was not found` and exits 127
 * (126 when not executable), where Docker writes "OCI runtime exec failed: …". Pure.
 */
export function podmanExecStartFailure(exitCode: number, output: string): string | undefined {
  if (exitCode !== 126 && exitCode !== 127) return undefined;
  const match =
    /^Error: \S+: exec failed: (?:unable to start container process: )?exec: "[^"]*": (.*?)(?:: OCI runtime (?:attempted to invoke a command that was not found|permission denied error))?\s*$/m.exec(
      output,
    );
  return match?.[1];
}

/** A Podman image inspect with Docker's `RepoTags` ({@link dockerReference}). Pure. */
export function fromPodmanImage(raw: RawImageInspect): RawImageInspect {
  return raw.RepoTags ? { ...raw, RepoTags: raw.RepoTags.map(dockerReference) } : raw;
}
