import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, isNotFound, statusCodeOf } from '../../engine/error-mapping.js';
import { EngineRequestError, errorMessage, FileCopyError } from '../../errors/index.js';
import { type ArchiveCopy, type CheckedEntry, checkCopyEntries, checkHostSources } from './copy-entry.js';
import { isMissingPath } from './missing-path.js';
import { resolveOwners } from './owners.js';
import { packEntries } from './pack-entries.js';

/** Where a copy goes and how its entries are named in messages. */
export interface CopyInTarget {
  readonly engine: EngineClient;
  readonly id: string;
  /** The container's name in messages (its definition's name). */
  readonly displayName: string;
}

/**
 * Copy entries into a container in one upload through the engine's archive
 * endpoint, which needs nothing in the image (no shell, no tar) and works on
 * a created, running or stopped container.
 *
 * Every entry is checked first (shape, host sources, owner names), so bad
 * input throws InvalidOptionError naming the entry (`at[i]`) before anything
 * in the container changes. `reusable` rejects archive streams (for a
 * definition's `files`, copied at every setup).
 */
export async function copyIntoContainer(
  target: CopyInTarget,
  entries: unknown,
  at: string,
  reusable = false,
): Promise<void> {
  const checked = checkCopyEntries(at, entries, reusable);
  if (checked.length === 0) return;
  const sources = await checkHostSources(checked);
  const owners = await resolveOwners(target.engine, target.id, checked);
  const upload = async (base: string) => {
    const archive = packEntries({ entries: checked, sources, owners, base });
    let packFailure: Error | undefined;
    archive.on('error', (error) => {
      packFailure = error;
    });
    try {
      await target.engine.putArchive(target.id, base, archive as unknown as Readable);
    } catch (error) {
      throw copyInError(target.displayName, checked, packFailure, error);
    } finally {
      archive.destroy();
    }
    if (packFailure) throw copyInError(target.displayName, checked, packFailure, packFailure);
  };
  try {
    // Extracted at the root: entries carry their full paths, and the engine makes missing parents.
    await upload('/');
  } catch (error) {
    // A read-only root filesystem refuses that even for targets on a volume or tmpfs; the engine
    // takes an upload at a folder on one. So once more at the targets' common folder, when every
    // entry can be read a second time (an archive stream cannot).
    const base = commonFolder(checked);
    const again = checked.every((c) => c.kind !== 'archive' || (c.entry as ArchiveCopy).archive instanceof Uint8Array);
    if (!(error instanceof FileCopyError && /read-only/i.test(error.reason)) || base === '/' || !again) throw error;
    await upload(base);
  }
}

/** The deepest folder holding every target: an archive's target folder, another entry's parent folder. */
function commonFolder(checked: readonly CheckedEntry[]): string {
  const folders = checked.map((c) => (c.kind === 'archive' ? c.target : posix.dirname(c.target)).split('/'));
  const [first = [''], ...rest] = folders;
  let depth = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < Math.min(depth, parts.length) && parts[same] === first[same]) same++;
    depth = same;
  }
  return first.slice(0, depth).join('/') || '/';
}

function copyInError(
  displayName: string,
  checked: readonly CheckedEntry[],
  packFailure: Error | undefined,
  error: unknown,
): unknown {
  const targets = checked.map((c) => c.target);
  // A host file that could not be read: the upload broke because the archive did.
  if (packFailure) return new FileCopyError(displayName, 'in', targets, errorMessage(packFailure), packFailure);
  // The container is gone: left as it is, for the caller (the handle says ContainerRemovedError).
  if (isNotFound(error) && !isMissingPath(error)) return error;
  if (error instanceof EngineRequestError || statusCodeOf(error) !== undefined) {
    return new FileCopyError(displayName, 'in', targets, `the engine refused: ${daemonMessage(error)}`, error);
  }
  return error;
}
