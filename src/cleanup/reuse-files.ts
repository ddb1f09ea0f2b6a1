import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { isProcessAlive, parsePid } from './owner.js';

/**
 * The host-side state of one reused container (docs/reuse.md), in a
 * directory of this machine (`$SEAWORTHY_REUSE_DIR`, else
 * `<tmpdir>/seaworthy-reuse-<user>`), one set of files per reuse key:
 *
 * - `<key>.ready`: the id of the container once it passed its wait; its
 *   modification time is when a run last used it (touched when a run takes
 *   it and when it lets it go);
 * - `<key>.holder`: the claim of the one holder (a helper of a run) using or
 *   creating it now (`<pid> <thread> <random>`); a dead pid's claim doesn't count;
 * - `<key>.idle-ms`: the idle time the latest holder asked for (the keeper reads it each time);
 * - `<key>.keeper`: the pid of the keeper process that removes it once idle.
 *
 * Engine labels can't change after create, so "last used" lives here. The
 * keeper reads the same files (src/cleanup/reuse-keeper-source.ts).
 */
export interface ReuseFiles {
  readonly dir: string;
  readonly ready: string;
  readonly holder: string;
  readonly idleMs: string;
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
    holder: join(dir, `${key}.holder`),
    idleMs: join(dir, `${key}.idle-ms`),
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

/** Record the idle time the current holder asked for. Never throws. */
export async function recordIdleMs(files: ReuseFiles, idleMs: number): Promise<void> {
  await writeFile(files.idleMs, String(idleMs)).catch(() => undefined);
}

/** Mark it used now. Never throws. */
export async function touchUsed(files: ReuseFiles): Promise<void> {
  const now = new Date();
  await utimes(files.ready, now, now).catch(() => undefined);
}

/** Who holds a claim: `<pid> <thread id> <random>`, unique per claim; the pid tells a dead holder. */
export function newHolderToken(): string {
  return `${process.pid} ${threadId} ${randomBytes(6).toString('hex')}`;
}

/**
 * Claim the container for one holder (a helper of this run): create
 * `<key>.holder` exclusively, with `token` in it. The file system's
 * exclusive create is the lock: of two runs (or two workers of one run) at
 * once, one gets it; the other moves on to another slot. A claim whose pid
 * is dead is taken over. `false` when a live holder has it.
 */
export async function claim(files: ReuseFiles, token: string): Promise<boolean> {
  await mkdir(files.dir, { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(files.holder, token, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const held = await readFile(files.holder, 'utf8').catch(() => '');
    const pid = parsePid(held.split(' ')[0]);
    if (pid !== undefined && isProcessAlive(pid)) return false;
    // Its holder died: remove its claim (if it is still that one) and try again.
    if (held === (await readFile(files.holder, 'utf8').catch(() => ''))) await rm(files.holder, { force: true });
  }
  return false;
}

/** Let go of a claim made with `token`. Never throws. */
export async function unclaim(files: ReuseFiles, token: string): Promise<void> {
  const held = await readFile(files.holder, 'utf8').catch(() => '');
  if (held === token) await rm(files.holder, { force: true }).catch(() => undefined);
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
