import type { RawContainerInspect } from '../raw-types.js';

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
const RULES: readonly { readonly match: RegExp; readonly status: number; readonly docker?: string }[] = [
  // Create with a taken name: Podman 500 "…that name is already in use", Docker 409 "…is already in use".
  { match: /that name is already in use/i, status: 409 },
  // Exec in a stopped container: Podman 500 "container state improper", Docker 409 "…is not running".
  { match: /can only create exec sessions on running containers/i, status: 409, docker: 'container is not running' },
  // Pause/unpause/kill in the wrong state: Podman 500 "container state improper", Docker 409.
  { match: /container state improper/i, status: 409, docker: 'container is not running' },
];

/**
 * A Podman refusal in Docker's shape (see {@link RULES}); any other error is
 * returned unchanged. The original error stays reachable as `cause`.
 */
export function fromPodmanError(error: unknown): unknown {
  const e = error as ModemError | null;
  if (!e || typeof e !== 'object' || e.statusCode !== 500) return error;
  const text = typeof e.json === 'object' && e.json?.message ? e.json.message : String(e.message ?? '');
  const rule = RULES.find((r) => r.match.test(text));
  if (!rule) return error;
  const message = rule.docker ? `${text} (${rule.docker})` : text;
  const translated = Object.assign(new Error(message), { statusCode: rule.status, json: { message }, cause: error });
  return translated;
}

/** Podman's default network; Docker's is `bridge`. */
export const PODMAN_DEFAULT_NETWORK = 'podman';

/**
 * A Podman container inspect in Docker's shape:
 * - `State.Health` is there with an empty status on containers without a
 *   healthcheck (Docker leaves it out): dropped;
 * - a container on the default network (`NetworkMode: bridge`) is on
 *   Podman's network `podman`: listed as `bridge`, Docker's name for it.
 * Pure; returns a new object when it changes anything.
 */
export function fromPodmanInspect(raw: RawContainerInspect): RawContainerInspect {
  let result = raw;
  const health = raw.State?.Health;
  if (health && !health.Status) {
    const { Health: _dropped, ...state } = raw.State;
    result = { ...result, State: state };
  }
  const networks = raw.NetworkSettings?.Networks;
  const mode = (raw as { HostConfig?: { NetworkMode?: string } }).HostConfig?.NetworkMode;
  if (networks && PODMAN_DEFAULT_NETWORK in networks && mode === 'bridge' && !('bridge' in networks)) {
    const { [PODMAN_DEFAULT_NETWORK]: entry, ...rest } = networks;
    result = { ...result, NetworkSettings: { ...raw.NetworkSettings, Networks: { bridge: entry, ...rest } } };
  }
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
