import { stat } from 'node:fs/promises';
import { posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import { isPlainObject } from '../definitions/merge.js';
import { assertKnownKeys } from '../definitions/validation.js';

/**
 * Who owns a copied file or folder in the container:
 * - a uid (`1000`): the gid is the same number, as Dockerfile `COPY --chown` does;
 * - `{ uid, gid }` (gid defaults to uid);
 * - text: `'1000'`, `'1000:1000'`, `'app'`, `'app:staff'`. Names are looked
 *   up in the container's /etc/passwd and /etc/group through the engine (no
 *   shell needed); a user name alone takes the user's primary group.
 * @default root (0:0); a tar archive keeps the owners its entries record
 */
export type FileOwner = number | string | { readonly uid: number; readonly gid?: number };

interface CopyTarget {
  /**
   * Absolute path in the container. For `content` and `source` it is the path
   * the copy becomes (a file, or a folder for a host folder); for `archive`, the
   * folder the archive is extracted into. Missing parent folders are created
   * (mode 0755, owned by root); an existing file there is replaced.
   */
  readonly target: string;
  readonly owner?: FileOwner;
}

/** A file made from text (written as UTF-8) or bytes. */
export interface ContentCopy extends CopyTarget {
  readonly content: string | Uint8Array;
  /** Permission bits. @default 0o644 */
  readonly mode?: number;
}

/**
 * A file or a folder on this host, copied recursively. A relative path is
 * resolved against the working directory when the copy runs; a `file:` URL
 * (`new URL('./fixtures/app.conf', import.meta.url)`) is taken as it is.
 * Symlinks inside a folder are copied as symlinks; a source that is itself a
 * symlink is followed.
 */
export interface SourceCopy extends CopyTarget {
  readonly source: string | URL;
  /**
   * Permission bits for the file, or for every regular file in the folder
   * (folders keep their own). @default the host file's own bits
   */
  readonly mode?: number;
}

/**
 * A ready tar archive, extracted into the folder `target`: entries keep the
 * modes and owners they record (or take `owner`). In a definition's `files`
 * it must be a Buffer, since a definition may be set up more than once and a
 * stream can be read only once.
 */
export interface ArchiveCopy extends CopyTarget {
  readonly archive: Uint8Array | Readable;
}

/** One thing to copy into a container (`container.copyIn()`, or `files` in a definition). */
export type CopyInEntry = ContentCopy | SourceCopy | ArchiveCopy;

const KINDS = ['content', 'source', 'archive'] as const;
const KNOWN_KEYS = [...KINDS, 'target', 'mode', 'owner'];
const MAX_ID = 0xfffffffe;

/** An entry after checking: which kind it is, and its target as a clean absolute path. */
export interface CheckedEntry {
  readonly entry: CopyInEntry;
  readonly kind: (typeof KINDS)[number];
  readonly target: string;
  /** Option path for messages, e.g. `web.files[0]`. */
  readonly at: string;
}

/**
 * Check every entry's shape (pure, no I/O): one of `content`, `source` or
 * `archive`, an absolute `target`, a `mode` within 0 to 0o7777, an owner of a
 * known form. `at` names the list in messages (`copyIn`, `web.files`);
 * `reusable` rejects archive streams (a definition's files are copied at
 * every setup).
 */
export function checkCopyEntries(at: string, entries: unknown, reusable = false): CheckedEntry[] {
  if (!Array.isArray(entries)) {
    throw new InvalidOptionError(at, `${describeValue(entries)} must be a list of entries like { content, target }`);
  }
  return entries.map((entry: unknown, index) => checkEntry(`${at}[${index}]`, entry, reusable));
}

function checkEntry(at: string, entry: unknown, reusable: boolean): CheckedEntry {
  if (!isPlainObject(entry)) {
    throw new InvalidOptionError(
      at,
      `${describeValue(entry)} must be an object: { content | source | archive, target }`,
    );
  }
  assertKnownKeys(at, entry, KNOWN_KEYS);
  const given = KINDS.filter((kind) => (entry as Record<string, unknown>)[kind] !== undefined);
  if (given.length !== 1) {
    throw new InvalidOptionError(
      at,
      given.length === 0
        ? 'say what to copy: `content` (text or bytes), `source` (a host file or folder) or `archive` (a tar archive)'
        : `give only one of ${given.map((k) => `\`${k}\``).join(' and ')}`,
    );
  }
  const kind = given[0] as CheckedEntry['kind'];
  const value = (entry as Record<string, unknown>)[kind];
  if (kind === 'content' && typeof value !== 'string' && !(value instanceof Uint8Array)) {
    throw new InvalidOptionError(`${at}.content`, `${describeValue(value)} must be a string or a Buffer`);
  }
  if (kind === 'source' && !(typeof value === 'string' && value !== '') && !(value instanceof URL)) {
    throw new InvalidOptionError(`${at}.source`, `${describeValue(value)} must be a host path or a file: URL`);
  }
  if (kind === 'source' && value instanceof URL && value.protocol !== 'file:') {
    throw new InvalidOptionError(`${at}.source`, `${value.href} is not a file: URL`);
  }
  if (kind === 'archive') checkArchive(`${at}.archive`, value, reusable);
  const target = checkTarget(`${at}.target`, entry.target, kind);
  if (entry.mode !== undefined) {
    if (kind === 'archive') {
      throw new InvalidOptionError(`${at}.mode`, 'an archive keeps the modes its entries record; drop `mode`');
    }
    const mode = entry.mode;
    if (typeof mode !== 'number' || !Number.isInteger(mode) || mode < 0 || mode > 0o7777) {
      throw new InvalidOptionError(
        `${at}.mode`,
        `${describeValue(mode)} must be permission bits from 0 to 0o7777, e.g. 0o644 (write it in octal)`,
      );
    }
  }
  if (entry.owner !== undefined) parseOwner(`${at}.owner`, entry.owner);
  return { entry: entry as unknown as CopyInEntry, kind, target, at };
}

function checkArchive(at: string, value: unknown, reusable: boolean): void {
  if (value instanceof Uint8Array) return;
  const isStream = typeof (value as Readable | null)?.pipe === 'function';
  if (!isStream) throw new InvalidOptionError(at, `${describeValue(value)} must be a Buffer or a readable stream`);
  if (reusable) {
    throw new InvalidOptionError(
      at,
      'a stream can be read only once, and a definition may be set up many times: give the archive as a Buffer',
    );
  }
}

function checkTarget(at: string, target: unknown, kind: CheckedEntry['kind']): string {
  if (typeof target !== 'string' || !target.startsWith('/')) {
    throw new InvalidOptionError(
      at,
      `${describeValue(target)} must be an absolute path in the container, e.g. "/etc/app.conf"`,
    );
  }
  if (target.includes('\0') || target.split('/').includes('..')) {
    throw new InvalidOptionError(at, `${JSON.stringify(target)} must not contain ".." or NUL`);
  }
  const clean = posix.normalize(target).replace(/(.)\/+$/, '$1');
  if (clean === '/' && kind !== 'archive') {
    throw new InvalidOptionError(
      at,
      'the root folder itself can only be an archive target; name the file or folder to create',
    );
  }
  return clean;
}

/** An owner as numbers, or the names still to look up in the container. */
export interface OwnerSpec {
  readonly user: number | string;
  /** `undefined`: the user's primary group for a name, the same number for a uid. */
  readonly group: number | string | undefined;
}

/** Parse an owner (see {@link FileOwner}); throws InvalidOptionError naming `at`. */
export function parseOwner(at: string, owner: unknown): OwnerSpec {
  const id = (value: unknown, what: string): number => {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_ID) {
      throw new InvalidOptionError(at, `${what} ${describeValue(value)} must be a whole number from 0 to ${MAX_ID}`);
    }
    return value;
  };
  if (typeof owner === 'number') return { user: id(owner, 'uid'), group: undefined };
  if (isPlainObject(owner)) {
    assertKnownKeys(at, owner, ['uid', 'gid']);
    return { user: id(owner.uid, 'uid'), group: owner.gid === undefined ? undefined : id(owner.gid, 'gid') };
  }
  if (typeof owner === 'string' && /^[^:\s]+(:[^:\s]+)?$/.test(owner)) {
    const [user, group] = owner.split(':') as [string, string | undefined];
    const part = (text: string, what: string) => (/^\d+$/.test(text) ? id(Number(text), what) : text);
    return { user: part(user, 'uid'), group: group === undefined ? undefined : part(group, 'gid') };
  }
  throw new InvalidOptionError(
    at,
    `${describeValue(owner)} must be a uid, { uid, gid }, or text like "1000:1000", "app" or "app:staff"`,
  );
}

/**
 * The host path of each `source` entry, resolved and checked to be a file or
 * a folder that exists (symlinks followed). Throws InvalidOptionError naming
 * the entry for one that does not.
 */
export async function checkHostSources(entries: readonly CheckedEntry[]): Promise<Map<CheckedEntry, string>> {
  const found = new Map<CheckedEntry, string>();
  for (const checked of entries) {
    if (checked.kind !== 'source') continue;
    const source = (checked.entry as SourceCopy).source;
    const path = source instanceof URL ? fileURLToPath(source) : resolve(source);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
      const problem =
        error.code === 'ENOENT' ? 'no file or folder there' : `it can't be read (${error.code ?? error.message})`;
      throw new InvalidOptionError(
        `${checked.at}.source`,
        `${problem}: ${path}${typeof source === 'string' && source !== path ? ` (from ${JSON.stringify(source)}, relative to ${process.cwd()})` : ''}`,
      );
    });
    if (!info.isFile() && !info.isDirectory()) {
      throw new InvalidOptionError(`${checked.at}.source`, `${path} is neither a file nor a folder`);
    }
    found.set(checked, path);
  }
  return found;
}
