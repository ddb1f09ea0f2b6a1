import { pack } from 'tar-stream';

export interface TarItem {
  readonly name: string;
  readonly content?: string;
  readonly type?: 'file' | 'directory' | 'symlink';
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  readonly linkname?: string;
}

/** A tar archive in memory, made with tar-stream, for tests that copy archives in. */
export async function tarArchive(items: readonly TarItem[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on('data', (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  for (const item of items) {
    const type = item.type ?? 'file';
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: item.name,
        type,
        mode: item.mode ?? (type === 'directory' ? 0o755 : 0o644),
        uid: item.uid ?? 0,
        gid: item.gid ?? 0,
        ...(item.linkname ? { linkname: item.linkname } : {}),
      };
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if (type === 'file') archive.entry(header, item.content ?? '', done);
      else archive.entry(header, done);
    });
  }
  archive.finalize();
  await ended;
  return Buffer.concat(chunks);
}
