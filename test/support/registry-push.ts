import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import tarStream from 'tar-stream';

/** What the engine answered at the end of a push: the pushed manifest's digest. */
export interface Pushed {
  readonly digest: string | undefined;
}

/**
 * Tag a local image as `target` and push it with the engine, straight through
 * dockerode: only for tests that need something in a registry (pushing is
 * the tag/push code's job, not the registry fixture's). The local tag is
 * removed afterwards, pushed or not. Rejects with the engine's message when
 * the push fails, also inside the progress stream.
 */
export async function pushForTest(
  source: string,
  target: string,
  auth?: { username: string; password: string; serveraddress?: string },
): Promise<Pushed> {
  const docker = new Dockerode();
  const split = target.lastIndexOf(':');
  const repo = target.slice(0, split);
  const tag = target.slice(split + 1);
  await docker.getImage(source).tag({ repo, tag });
  try {
    // The engine (API 1.41) refuses a push with no X-Registry-Auth header at all: send an empty one.
    const stream = await docker.getImage(target).push({ authconfig: auth ?? {} });
    const events = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) =>
        error ? reject(error) : resolve(output as { error?: string; aux?: { Digest?: string } }[]),
      );
    });
    const failed = events.find((event) => event.error !== undefined);
    if (failed) throw new Error(`push of ${target} failed: ${failed.error}`);
    return { digest: events.find((event) => event.aux?.Digest)?.aux?.Digest };
  } finally {
    await docker
      .getImage(target)
      .remove({ noprune: true })
      .catch(() => undefined);
  }
}

/**
 * Remove a local image reference (a tag), if present. With `prune`, an image
 * left with no tag goes too, with its untagged parents (a test build's own
 * intermediate images); tagged images such as the fixtures are never touched.
 */
export async function removeLocalTag(reference: string, prune = false): Promise<void> {
  await new Dockerode()
    .getImage(reference)
    .remove({ noprune: !prune })
    .catch(() => undefined);
}

/**
 * Build `tag`: the logger fixture plus one layer of `sizeBytes` random bytes,
 * so its top layer exists nowhere else (a pull must really download it).
 * Straight through dockerode, for tests only; remove it with
 * `removeLocalTag(tag, true)`.
 */
export async function buildUniqueImage(tag: string, sizeBytes = 256 * 1024): Promise<void> {
  const docker = new Dockerode();
  const pack = tarStream.pack();
  pack.entry({ name: 'Dockerfile' }, `FROM ${'seaworthy-fixture/logger:latest'}\nCOPY blob /blob\n`);
  pack.entry({ name: 'blob' }, randomBytes(sizeBytes));
  pack.finalize();
  const stream = await docker.buildImage(pack as unknown as NodeJS.ReadableStream, { t: tag, rm: true, forcerm: true });
  const events = await new Promise<{ error?: string }[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) =>
      error ? reject(error) : resolve(output as { error?: string }[]),
    );
  });
  const failed = events.find((event) => event.error !== undefined);
  if (failed) throw new Error(`build of ${tag} failed: ${failed.error}`);
}

/**
 * Remove every local tag and digest reference to images of the registry at
 * `address` (`127.0.0.1:5000`): what pulls and pushes from it left. Images
 * that keep another tag (the fixtures) stay; the rest are removed.
 */
export async function removeRegistryReferences(address: string): Promise<void> {
  const docker = new Dockerode();
  const prefix = `${address}/`;
  for (const image of await docker.listImages({ digests: true })) {
    const references = [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])].filter((reference) =>
      reference.startsWith(prefix),
    );
    for (const reference of references) {
      await docker
        .getImage(reference)
        .remove()
        .catch(() => undefined);
    }
  }
}
