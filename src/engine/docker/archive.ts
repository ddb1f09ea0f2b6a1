import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';

/**
 * The engine's archive endpoint (`/containers/{id}/archive`), which needs
 * nothing in the image: no shell, no tar. It works on created, running and
 * stopped containers alike.
 */

/**
 * Extract a tar archive into `path`, a directory that must exist in the
 * container. Missing parents of the archive's entries are created by the
 * engine (mode 0755, owned by root); the entries keep the mode and owner
 * their headers give.
 */
export async function putArchive(
  docker: Dockerode,
  id: string,
  path: string,
  archive: Readable | Buffer,
): Promise<void> {
  await docker.getContainer(id).putArchive(archive as unknown as string, { path });
}

/**
 * A tar archive of `path` (a file or a folder, whose entries are named from
 * its base name down), streamed as the engine sends it.
 */
export async function getArchiveStream(docker: Dockerode, id: string, path: string): Promise<Readable> {
  return (await docker.getContainer(id).getArchive({ path })) as unknown as Readable;
}

/** A tar archive of `path` in the container (a file or a directory), read whole. */
export async function readArchive(docker: Dockerode, id: string, path: string): Promise<Buffer> {
  const stream = (await docker.getContainer(id).getArchive({ path })) as unknown as Readable;
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
