import Dockerode from 'dockerode';
import { pack } from 'tar-stream';

/**
 * Build a small test image from a Dockerfile and files, through the Engine
 * API (the build feature is not what these tests check). Resolves with a
 * remover for afterAll.
 */
export async function buildTestImage(
  tag: string,
  files: Readonly<Record<string, string | { content: string; mode: number }>>,
): Promise<() => Promise<void>> {
  const docker = new Dockerode();
  const archive = pack();
  for (const [name, file] of Object.entries(files)) {
    const { content, mode } = typeof file === 'string' ? { content: file, mode: 0o644 } : file;
    archive.entry({ name, mode }, content);
  }
  archive.finalize();
  const stream: NodeJS.ReadableStream = await docker.buildImage(archive as unknown as NodeJS.ReadableStream, {
    t: tag,
    rm: true,
    forcerm: true,
  });
  const events = await new Promise<{ error?: string; stream?: string }[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) =>
      error ? reject(error) : resolve(output),
    ),
  );
  const failed = events.find((e) => e.error);
  if (failed) throw new Error(`building ${tag} failed: ${failed.error}\n${events.map((e) => e.stream ?? '').join('')}`);
  return async () => {
    await docker.getImage(tag).remove({ force: true });
  };
}
