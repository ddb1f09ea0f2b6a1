import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { CreateRequest } from '../definitions/create-request.js';

/**
 * Bumped whenever what goes into a key, or how a snapshot is made, changes:
 * every older snapshot then misses and is replaced.
 */
export const SNAPSHOT_FORMAT_VERSION = 1;

/** What a snapshot key is computed from, apart from the image id. Plain JSON data. */
export interface SnapshotKeyMaterial {
  readonly format: number;
  /** The definition's own part (what its readiness steps do to the data). */
  readonly salt: string;
  readonly cmd: readonly string[] | null;
  readonly entrypoint: readonly string[] | null;
  /** Sorted: the order of distinct variables does not change what a process sees. */
  readonly env: readonly string[];
  readonly user: string;
  readonly workdir: string;
  /**
   * Sorted by target; bind mounts carry the digest of their source's content,
   * not its path; volumes only their target (their content can't be read,
   * and their names differ from helper to helper).
   */
  readonly mounts: readonly Readonly<Record<string, unknown>>[];
  /** Raw `HostConfig.Binds` / `HostConfig.Tmpfs` / `Volumes`, if createOverrides set them. */
  readonly extra: Readonly<Record<string, unknown>>;
}

/**
 * The parts of a create request that can change what a first-time init
 * writes: command, entrypoint, environment, user, working directory and the
 * mounts (a bind mount by the content of its source, read through
 * `bindDigests`, keyed by source path; a volume by its target only).
 * Names, labels, ports, networks, aliases, healthchecks and limits are left
 * out: they don't reach the data. Pure.
 */
export function snapshotKeyMaterial(
  request: Readonly<CreateRequest>,
  salt: string,
  bindDigests: Readonly<Record<string, string>>,
): SnapshotKeyMaterial {
  const host = request.HostConfig ?? {};
  const mounts = (host.Mounts ?? [])
    .map((mount) => {
      const base: Record<string, unknown> = {
        type: mount.Type,
        target: mount.Target,
        readOnly: mount.ReadOnly ?? false,
      };
      if (mount.Type === 'bind') {
        const digest = mount.Source === undefined ? undefined : bindDigests[mount.Source];
        if (digest === undefined) throw new Error(`no content digest for bind mount source ${String(mount.Source)}`);
        base.content = digest;
      } else if (mount.Type === 'tmpfs') {
        base.tmpfs = mount.TmpfsOptions ?? null;
      }
      return base;
    })
    .sort((a, b) => compare(String(a.target), String(b.target)));
  const extra: Record<string, unknown> = {};
  for (const [name, value] of [
    ['binds', host.Binds],
    ['tmpfs', host.Tmpfs],
    ['volumes', request.Volumes],
  ] as const) {
    if (value !== undefined && value !== null) extra[name] = value;
  }
  return {
    format: SNAPSHOT_FORMAT_VERSION,
    salt,
    cmd: request.Cmd ? [...request.Cmd] : null,
    entrypoint: request.Entrypoint ? [...request.Entrypoint] : null,
    env: [...(request.Env ?? [])].sort(compare),
    user: request.User ?? '',
    workdir: request.WorkingDir ?? '',
    mounts,
    extra,
  };
}

/**
 * The snapshot key: sha256 (hex) over the image's id (not its tag, so a
 * rebuilt or re-pulled image gives a new key) and the key material. Pure.
 */
export function snapshotKey(imageId: string, material: SnapshotKeyMaterial): string {
  return createHash('sha256').update(canonicalJson({ imageId, material })).digest('hex');
}

/**
 * The image reference a snapshot is tagged with:
 * `seaworthy-snapshot/<definition name, lowercased>:<first 16 hex of the key>`.
 * Pure.
 */
export function snapshotReference(definitionName: string, key: string): { repository: string; tag: string } {
  const component =
    definitionName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'definition';
  return { repository: `seaworthy-snapshot/${component}`, tag: key.slice(0, 16) };
}

/**
 * sha256 (hex) of a file's or directory's content as a container sees it:
 * for a directory, every entry below it (recursively, in name order) by its
 * relative path, type, permission bits and bytes (a symbolic link by its
 * target text). Permission bits count because an init script's executable
 * bit decides whether it is run or sourced.
 */
export async function contentDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await addEntry(hash, path, '.');
  return hash.digest('hex');
}

async function addEntry(hash: ReturnType<typeof createHash>, path: string, relative: string): Promise<void> {
  const info = await lstat(path);
  const mode = (info.mode & 0o7777).toString(8);
  if (info.isSymbolicLink()) {
    hash.update(`link\0${relative}\0${mode}\0${await readlink(path)}\0`);
  } else if (info.isDirectory()) {
    hash.update(`dir\0${relative}\0${mode}\0`);
    const names = (await readdir(path)).sort(compare);
    for (const name of names) await addEntry(hash, join(path, name), `${relative}/${name}`);
  } else if (info.isFile()) {
    const bytes = await readFile(path);
    hash.update(`file\0${relative}\0${mode}\0${bytes.length}\0`);
    hash.update(bytes);
  } else {
    hash.update(`other\0${relative}\0${mode}\0`);
  }
}

/** JSON with object keys in sorted order, so equal data always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compare(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
