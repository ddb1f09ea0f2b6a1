import Dockerode from 'dockerode';

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

/** Remove a local image reference (a tag), if present. */
export async function removeLocalTag(reference: string): Promise<void> {
  await new Dockerode()
    .getImage(reference)
    .remove({ noprune: true })
    .catch(() => undefined);
}
