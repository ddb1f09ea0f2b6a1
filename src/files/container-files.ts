import { isNotFound } from '../engine/error-mapping.js';
import { ContainerRemovedError, FileNotFoundError } from '../errors/index.js';
import type { Container } from '../resources/handles/container.js';
import { AccountDatabase } from './account-database.js';
import { readTar, type TarEntryType } from './tar.js';

/** What the engine reports about one path in a container. */
export interface FileInfo {
  readonly path: string;
  readonly type: TarEntryType;
  /** Permission bits, e.g. 0o644 (setuid/setgid/sticky included). */
  readonly mode: number;
  /** `mode` as four octal digits, e.g. `0644`. */
  readonly modeText: string;
  readonly uid: number;
  readonly gid: number;
  /** Owner's name from the container's /etc/passwd, or the uid as text. */
  readonly owner: string;
  /** Group's name from the container's /etc/group, or the gid as text. */
  readonly group: string;
  readonly size: number;
  /** Where a symlink points; empty otherwise. */
  readonly linkTarget: string;
}

/**
 * Files are read through the engine's archive endpoint, so nothing needs to
 * be installed in the image (no `cat`, no `stat`), and stopped containers
 * work too.
 */

/** Facts about `path`, or `undefined` when it does not exist. */
export async function statFile(container: Container, path: string): Promise<FileInfo | undefined> {
  const entry = await firstEntry(container, path);
  if (!entry) return undefined;
  const accounts = await accountsOf(container);
  return {
    path,
    type: entry.type,
    mode: entry.mode,
    modeText: entry.mode.toString(8).padStart(4, '0'),
    uid: entry.uid,
    gid: entry.gid,
    owner: accounts.userName(entry.uid),
    group: accounts.groupName(entry.gid),
    size: entry.size,
    linkTarget: entry.linkTarget,
  };
}

/** Content of a regular file. Throws {@link FileNotFoundError} when there is none at `path`. */
export async function readFile(container: Container, path: string): Promise<Buffer> {
  const entry = await firstEntry(container, path);
  if (!entry) throw new FileNotFoundError(container.definition.name, path);
  if (entry.type !== 'file') {
    throw new FileNotFoundError(container.definition.name, `${path} (it is a ${entry.type}, not a regular file)`);
  }
  return entry.content;
}

/** The container's users and groups (empty when the image has no /etc/passwd or /etc/group). */
export async function accountsOf(container: Container): Promise<AccountDatabase> {
  const [passwd, group] = await Promise.all([
    firstEntry(container, '/etc/passwd'),
    firstEntry(container, '/etc/group'),
  ]);
  return new AccountDatabase(passwd?.content.toString('utf8') ?? '', group?.content.toString('utf8') ?? '');
}

async function firstEntry(container: Container, path: string) {
  if (!path.startsWith('/')) throw new FileNotFoundError(container.definition.name, `${path} (not absolute)`);
  const action = `read '${path}' from it`;
  container.assertNotRemoved(action);
  let archive: Buffer;
  try {
    archive = await container.engine.containerArchive(container.id, path);
  } catch (error) {
    // The engine answers 404 both for a missing path and for a missing container.
    if (!isNotFound(error)) throw error;
    if (await container.goneFromEngine()) throw new ContainerRemovedError(container.definition.name, action, error);
    return undefined;
  }
  return readTar(archive)[0];
}
