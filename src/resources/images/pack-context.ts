import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Header, type Pack, pack } from 'tar-stream';
import type { BuildContext } from './build-context.js';

type Headers = Partial<Header> & { name: string };

/** File-type bits, so a mode of 0o000 survives tar-stream (which replaces a mode of 0 with its default). */
const REGULAR = 0o100000;
const DIRECTORY = 0o040000;
const SYMLINK = 0o120000;

/**
 * The build context as the tar stream the engine's `/build` takes: the
 * entries `readBuildContext` kept, owned by root as `docker build` sends
 * them, plus a `dockerfileContent` Dockerfile when there is one. A file
 * gone meanwhile destroys the stream with that error.
 */
export function packContext(context: BuildContext): Readable {
  const archive = pack();
  const write = async () => {
    if (context.injected) {
      const body = Buffer.from(context.dockerfileText, 'utf8');
      await add(archive, { name: context.dockerfile, mode: REGULAR | 0o644, size: body.length }, body);
    }
    for (const entry of context.entries) {
      const header = { name: entry.path, mtime: entry.mtime, uid: 0, gid: 0 };
      if (entry.type === 'directory') {
        await add(archive, { ...header, type: 'directory', mode: DIRECTORY | entry.mode });
      } else if (entry.type === 'symlink') {
        await add(archive, { ...header, type: 'symlink', mode: SYMLINK | entry.mode, linkname: entry.target });
      } else if (entry.content) {
        await add(archive, { ...header, mode: REGULAR | entry.mode, size: entry.content.length }, entry.content);
      } else {
        const sink = archive.entry({ ...header, mode: REGULAR | entry.mode, size: entry.size });
        await pipeline(createReadStream(join(context.root as string, entry.path)), sink);
      }
    }
    archive.finalize();
  };
  write().catch((error: unknown) => archive.destroy(error instanceof Error ? error : new Error(String(error))));
  return archive as unknown as Readable;
}

function add(archive: Pack, header: Headers, body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    archive.entry({ uid: 0, gid: 0, ...header }, body ?? Buffer.alloc(0), (error) =>
      error ? reject(error) : resolve(),
    );
  });
}
