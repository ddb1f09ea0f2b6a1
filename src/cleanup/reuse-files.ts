import { mkdir, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, parsePid } from './owner.js';

/**
 * The host-side state of one reused container (docs/reuse.md), in a
 * directory of this machine (`$SEAWORTHY_REUSE_DIR`, else
 * `<tmpdir>/seaworthy-reuse-<user>`), one set of files per reuse key:
 *
 * - `<key>.ready`: the id of the container once it passed its wait; its
 *   modification time is when a run last used it (touched when a run takes
 *   it and when it lets it go);
 * - `<key>.leases/<pid>`: one empty file per process using it (or creating
 *   it) now; leases of dead processes don't count;
 * - `<key>.keeper`: the pid of the keeper process that removes it once idle.
 *
 * Engine labels can't change after create, so "last used" lives here. The
 * keeper reads the same files (src/cleanup/reuse-keeper-source.ts).
 */
export interface ReuseFiles {
  readonly dir: string;
  readonly ready: string;
  readonly leases: string;
  readonly keeper: string;
}

/** The directory of reuse state: `$SEAWORTHY_REUSE_DIR`, else one per user under the temp directory. */
export function reuseDirectory(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const configured = env.SEAWORTHY_REUSE_DIR?.trim();
  if (configured) return configured;
  let user = 'user';
  try {
    user = userInfo().username.replace(/[^A-Za-z0-9_.-]/g, '_') || user;
  } catch {
    // No user name (a uid without a passwd entry): one shared name is fine.
  }
  return join(tmpdir(), `seaworthy-reuse-${user}`);
}

export function reuseFiles(dir: string, key: string): ReuseFiles {
  return {
    dir,
    ready: join(dir, `${key}.ready`),
    leases: join(dir, `${key}.leases`),
    keeper: join(dir, `${key}.keeper`),
  };
}

/** The container id recorded as ready, if any. */
export async function readyId(files: ReuseFiles): Promise<string | undefined> {
  try {
    return (await readFile(files.ready, 'utf8')).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Record `id` as ready (atomically: a reader sees the old content or the new). Also marks it used now. */
export async function markReady(files: ReuseFiles, id: string): Promise<void> {
  await mkdir(files.dir, { recursive: true });
  const temporary = `${files.ready}.${process.pid}.tmp`;
  await writeFile(temporary, id);
  await rename(temporary, files.ready);
}

/** Forget a ready container (it is gone, or about to be). */
export async function clearReady(files: ReuseFiles): Promise<void> {
  await rm(files.ready, { force: true });
}

/** Mark it used now. Never throws. */
export async function touchUsed(files: ReuseFiles): Promise<void> {
  const now = new Date();
  await utimes(files.ready, now, now).catch(() => undefined);
}

/** This process uses (or is creating) the container. */
export async function takeLease(files: ReuseFiles, pid = process.pid): Promise<void> {
  await mkdir(files.leases, { recursive: true });
  await writeFile(join(files.leases, String(pid)), '');
}

/** This process no longer uses it. Never throws. */
export async function dropLease(files: ReuseFiles, pid = process.pid): Promise<void> {
  await rm(join(files.leases, String(pid)), { force: true }).catch(() => undefined);
}

/** Pids of live processes other than `except` holding a lease; leases of dead ones are removed. */
export async function otherLiveLeases(files: ReuseFiles, except = process.pid): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(files.leases);
  } catch {
    return [];
  }
  const live: number[] = [];
  for (const name of names) {
    const pid = parsePid(name);
    if (pid === undefined || pid === except) continue;
    if (isProcessAlive(pid)) live.push(pid);
    else await rm(join(files.leases, name), { force: true }).catch(() => undefined);
  }
  return live;
}

/** Whether a keeper process for this key runs now. */
export async function keeperAlive(files: ReuseFiles): Promise<boolean> {
  try {
    const pid = parsePid((await readFile(files.keeper, 'utf8')).trim());
    return pid !== undefined && isProcessAlive(pid);
  } catch {
    return false;
  }
}
