import { posix } from 'node:path';

/**
 * Bind mounts from a sibling runner (docs/topologies.md#bind-mounts-from-a-sibling-runner).
 * In the sibling topology this process runs in a container of the engine it
 * talks to, so a bind source it names (a folder it made, say) is a path in
 * its own container, which the engine's host may not have. It does have
 * the source of each of the runner's own mounts: a path under one of those
 * is rewritten to the same place on the host. Everything here is pure; the
 * engine call that lists the mounts is engine/docker/runner-mounts.ts.
 */

/** One mount of the runner's container, as inspect reports it (`Mounts[]`). */
export interface RunnerMount {
  /** `bind`, `volume`, `tmpfs`, … */
  readonly type: string;
  /** On the engine's host: the bind's source, or a local volume's mountpoint (`/var/lib/docker/volumes/<name>/_data`). */
  readonly source: string;
  /** Where it is in the runner's container. */
  readonly destination: string;
  /** A volume's name. */
  readonly name?: string | undefined;
  /** A volume's driver (`local` unless a plugin). */
  readonly driver?: string | undefined;
  readonly readOnly: boolean;
}

/** Where a path of the runner's container is on the engine's host, if anywhere. */
export type RunnerPathMapping =
  /** Under `mount`: `hostPath` is the same file on the engine's host. */
  | { readonly kind: 'mapped'; readonly hostPath: string; readonly mount: RunnerMount }
  /** Under `mount`, but that mount has no path on the host to point at (a tmpfs, a plugin's volume). */
  | { readonly kind: 'unmappable'; readonly mount: RunnerMount; readonly why: string }
  /** In no mount: only in the runner container's own filesystem. */
  | { readonly kind: 'not-shared' };

/** The raw `Mounts[]` entries of a container inspect, as the engine sends them. */
export interface RawMount {
  readonly Type?: string;
  readonly Name?: string;
  readonly Source?: string;
  readonly Destination?: string;
  readonly Driver?: string;
  readonly RW?: boolean;
}

/** Convert inspect's `Mounts[]`. */
export function toRunnerMounts(raw: readonly RawMount[] | null | undefined): RunnerMount[] {
  return (raw ?? [])
    .filter((m) => typeof m.Destination === 'string' && m.Destination.startsWith('/'))
    .map((m) => ({
      type: m.Type ?? '',
      source: m.Source ?? '',
      destination: clean(m.Destination as string),
      ...(m.Name ? { name: m.Name } : {}),
      ...(m.Driver ? { driver: m.Driver } : {}),
      readOnly: m.RW === false,
    }));
}

/**
 * Map an absolute path of the runner's container to the engine's host. The
 * mount with the longest destination containing the path wins (a mount
 * inside another mount hides it there). A bind maps to `<its source>/<rest>`,
 * a local volume to `<its mountpoint>/<rest>`; neither needs the engine's
 * volume subpath support (Docker 20.10 has none).
 */
export function mapRunnerPath(path: string, mounts: readonly RunnerMount[]): RunnerPathMapping {
  const wanted = clean(path);
  let best: RunnerMount | undefined;
  for (const mount of mounts) {
    if (!isWithin(wanted, mount.destination)) continue;
    if (!best || mount.destination.length > best.destination.length) best = mount;
  }
  if (!best) return { kind: 'not-shared' };
  const rest = best.destination === '/' ? wanted.slice(1) : wanted.slice(best.destination.length + 1);
  const join = (base: string) => (rest ? posix.join(base, rest) : clean(base));
  if (best.type === 'bind' && best.source.startsWith('/')) {
    return { kind: 'mapped', hostPath: join(best.source), mount: best };
  }
  if (best.type === 'volume') {
    const local = best.driver === undefined || best.driver === '' || best.driver === 'local';
    if (local && best.source.startsWith('/')) return { kind: 'mapped', hostPath: join(best.source), mount: best };
    return {
      kind: 'unmappable',
      mount: best,
      why: `it is on volume '${best.name ?? '?'}' of driver '${best.driver ?? '?'}', which has no folder on the engine's host to bind`,
    };
  }
  return {
    kind: 'unmappable',
    mount: best,
    why: `it is on a ${best.type || 'special'} mount of the runner, which exists only inside the runner's container`,
  };
}

/** One line per mount, for messages: `/builds (volume ci-builds, read-only)`. */
export function describeRunnerMount(mount: RunnerMount): string {
  const what =
    mount.type === 'volume'
      ? `volume ${mount.name ?? mount.source}${mount.driver && mount.driver !== 'local' ? ` of driver ${mount.driver}` : ''}`
      : mount.type === 'bind'
        ? `bind of ${mount.source}`
        : mount.type || 'mount';
  return `${mount.destination} (${what}${mount.readOnly ? ', read-only' : ''})`;
}

function isWithin(path: string, folder: string): boolean {
  return folder === '/' || path === folder || path.startsWith(`${folder}/`);
}

/** Normalised, without a trailing slash (except `/`). */
function clean(path: string): string {
  const normal = posix.normalize(path);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}
