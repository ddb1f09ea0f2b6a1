import { mkdir } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { extract } from 'tar-fs';
import type { Header } from 'tar-stream';
import { errorMessage, FileCopyError, FileNotFoundError, InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';
import type { CopyInTarget } from './copy-in.js';
import { isMissingPath } from './missing-path.js';

/**
 * Copy a file or a folder (recursively) from a container to `hostPath`, the
 * path the copy becomes: a folder's contents merge into an existing folder
 * there; missing parents are created. Read through the engine's archive
 * endpoint, streamed, so the image needs no shell and stopped containers work.
 *
 * Modes are kept (within this process's umask); owners are not: the copy
 * belongs to whoever runs the tests. Symlinks are copied as symlinks, device
 * files and FIFOs are skipped. Throws FileNotFoundError when there is nothing
 * at `containerPath`.
 */
export async function copyFromContainer(
  source: CopyInTarget,
  containerPath: string,
  hostPath: string | URL,
): Promise<void> {
  if (typeof containerPath !== 'string' || !containerPath.startsWith('/')) {
    throw new InvalidOptionError(
      'copyOut.containerPath',
      `${describeValue(containerPath)} must be an absolute path in the container, e.g. "/var/log/app"`,
    );
  }
  if (!(typeof hostPath === 'string' && hostPath !== '') && !(hostPath instanceof URL)) {
    throw new InvalidOptionError('copyOut.hostPath', `${describeValue(hostPath)} must be a host path or a file: URL`);
  }
  const destination = hostPath instanceof URL ? fileURLToPath(hostPath) : resolve(hostPath);
  let archive: Readable;
  try {
    archive = await source.engine.getArchiveStream(source.id, containerPath);
  } catch (error) {
    if (isMissingPath(error)) {
      throw new FileNotFoundError(source.displayName, containerPath, error);
    }
    throw error;
  }
  const into = dirname(destination);
  const name = basename(destination);
  // The engine names entries from the path's base name down (`app/…` for /var/log/app): rename that part.
  const rename = (path: string) => {
    const slash = path.indexOf('/');
    return slash === -1 ? name : `${name}${path.slice(slash)}`;
  };
  try {
    await mkdir(into, { recursive: true });
    await new Promise<void>((done, fail) => {
      const files = extract(into, {
        // Running as root must not hand the copies to the container's uids.
        chown: false,
        strict: false,
        // Symlinks are copied as they are, pointing where they point in the container.
        validateSymlinks: false,
        map: (header: Header) => {
          header.name = rename(header.name);
          if (header.type === 'link' && header.linkname) header.linkname = rename(header.linkname);
          return header;
        },
      } as unknown as Parameters<typeof extract>[1]);
      // tar-fs streams are streamx streams: wired by hand rather than through node:stream's pipeline.
      archive.on('error', (error) => files.destroy(error));
      files.on('error', fail);
      files.on('finish', () => done());
      archive.pipe(files);
    });
  } catch (error) {
    archive.destroy();
    throw new FileCopyError(
      source.displayName,
      'out',
      [containerPath],
      `writing to ${destination} failed: ${errorMessage(error)}`,
      error,
    );
  }
}
