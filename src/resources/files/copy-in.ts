import type { Readable } from 'node:stream';
import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, isNotFound, statusCodeOf } from '../../engine/error-mapping.js';
import { EngineRequestError, errorMessage, FileCopyError } from '../../errors/index.js';
import { type CheckedEntry, checkCopyEntries, checkHostSources } from './copy-entry.js';
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
  const archive = packEntries({ entries: checked, sources, owners });
  let packFailure: Error | undefined;
  archive.on('error', (error) => {
    packFailure = error;
  });
  try {
    // Extracted at the root: entries carry their full paths, and the engine makes missing parents.
    await target.engine.putArchive(target.id, '/', archive as unknown as Readable);
  } catch (error) {
    throw copyInError(target.displayName, checked, packFailure, error);
  } finally {
    archive.destroy();
  }
  if (packFailure) throw copyInError(target.displayName, checked, packFailure, packFailure);
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
