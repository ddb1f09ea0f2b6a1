import { basename, dirname, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pack as packFolder } from 'tar-fs';
import { extract, type Header, type Pack, pack } from 'tar-stream';

type Headers = Partial<Header> & { name: string };

import type { ArchiveCopy, CheckedEntry, ContentCopy, SourceCopy } from './copy-entry.js';
import type { NumericOwner } from './owners.js';

/** What packing needs beyond the checked entries: host paths of sources, numeric owners. */
export interface PackPlan {
  readonly entries: readonly CheckedEntry[];
  readonly sources: ReadonlyMap<CheckedEntry, string>;
  readonly owners: ReadonlyMap<CheckedEntry, NumericOwner>;
  /** The folder the archive is extracted at; entry names are relative to it. @default '/' */
  readonly base?: string;
}

/**
 * One tar archive holding every entry, named from `base` (from the root, an
 * entry for `/etc/app.conf` is `etc/app.conf`), to extract at `base`. Written as
 * it is read: host files and archive streams are never held whole in memory.
 * A failure (a host file gone, a malformed archive) destroys the stream with
 * that error.
 */
export function packEntries(plan: PackPlan): Pack {
  const archive = pack();
  const nameOf = (target: string) => posix.relative(plan.base ?? '/', target);
  const write = async () => {
    for (const checked of plan.entries) {
      const owner = plan.owners.get(checked);
      const name = nameOf(checked.target);
      if (checked.kind === 'content') await addContent(archive, checked, name, owner);
      else if (checked.kind === 'source')
        await addSource(archive, checked, name, plan.sources.get(checked) ?? '', owner);
      else await addArchive(archive, checked, name, owner);
      if (archive.destroyed) return;
    }
    archive.finalize();
  };
  write().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  return archive;
}

/**
 * The file-type bits of a regular file (S_IFREG). tar-stream replaces a mode
 * of 0 with its default and writes only the low 12 bits, so adding these
 * keeps a mode of 0o000 as asked.
 */
const REGULAR = 0o100000;

function addContent(
  archive: Pack,
  checked: CheckedEntry,
  name: string,
  owner: NumericOwner | undefined,
): Promise<void> {
  const entry = checked.entry as ContentCopy;
  const body = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : Buffer.from(entry.content);
  const header: Headers = {
    name,
    type: 'file',
    size: body.length,
    mode: REGULAR | (entry.mode ?? 0o644),
    uid: owner?.uid ?? 0,
    gid: owner?.gid ?? 0,
    mtime: new Date(),
  };
  return new Promise((resolve, reject) => {
    archive.entry(header, body, (error) => (error ? reject(error) : resolve()));
  });
}

/** A host file or folder through tar-fs, renamed onto the target, with the owner and mode asked for. */
function addSource(
  archive: Pack,
  checked: CheckedEntry,
  target: string,
  path: string,
  owner: NumericOwner | undefined,
): Promise<void> {
  const entry = checked.entry as SourceCopy;
  const base = basename(path);
  return untilWritten(archive, (finish) =>
    packFolder(dirname(path), {
      entries: [base],
      pack: archive,
      finalize: false,
      finish,
      // Keep the host's permission bits exactly; the process umask is not the files' business.
      umask: 0,
      map: (header: Headers) => {
        header.name = target + header.name.slice(base.length);
        header.uid = owner?.uid ?? 0;
        header.gid = owner?.gid ?? 0;
        if (entry.mode !== undefined && header.type === 'file') header.mode = REGULAR | entry.mode;
        return header;
      },
    } as Parameters<typeof packFolder>[1]),
  );
}

/** Every entry of a ready archive, moved under the target folder. */
async function addArchive(
  archive: Pack,
  checked: CheckedEntry,
  folder: string,
  owner: NumericOwner | undefined,
): Promise<void> {
  const source = (checked.entry as ArchiveCopy).archive;
  const input: Readable = source instanceof Uint8Array ? Readable.from([Buffer.from(source)]) : source;
  const entries = extract();
  input.on('error', (error) => entries.destroy(error));
  input.pipe(entries);
  const place = (name: string) => {
    const clean = posix.normalize(`/${name}`).slice(1);
    if (name.split('/').includes('..')) {
      throw new Error(`the archive's entry ${JSON.stringify(name)} points outside the folder it is extracted into`);
    }
    return folder && clean ? `${folder}/${clean}` : folder || clean;
  };
  for await (const item of entries) {
    const header: Headers = { ...item.header, name: place(item.header.name) };
    if (header.type === 'link' && header.linkname) header.linkname = place(header.linkname);
    if (owner) {
      header.uid = owner.uid;
      header.gid = owner.gid;
    }
    // The folder itself ('./' in most archives) where the archive is extracted: leave that folder alone.
    if (header.name.replace(/\/$/, '') === '') {
      item.resume();
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const sink = archive.entry(header, (error) => (error ? reject(error) : resolve()));
      item.on('error', reject);
      item.pipe(sink);
    });
  }
}

/** Run a writer that reports completion through `finish`, failing if the archive is destroyed first. */
function untilWritten(archive: Pack, start: (finish: () => void) => unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    let failure: Error | undefined;
    const onError = (error: Error) => {
      failure = error;
    };
    const onClose = () => reject(failure ?? new Error('the archive was closed while a folder was packed'));
    archive.on('error', onError);
    archive.once('close', onClose);
    start(() => {
      archive.off('error', onError);
      archive.off('close', onClose);
      resolve();
    });
  });
}
