import type { DockerHelper } from '../../resources/helper/helper.js';
import { ImageDefinition } from '../../resources/images/image-definition.js';
import { cacheRepository } from '../../resources/images/image-hash.js';
import { builtImagesOf } from '../../resources/images/image-setup.js';

/** What the build phase did for one service. */
export interface ServiceBuild {
  readonly service: string;
  /** The reference the stack runs. */
  readonly reference: string;
  /** `false`: found in seaworthy's image cache (unchanged since the last build). */
  readonly built: boolean;
}

/** The part of a compose project the build phase needs: a service's image, or how it is built. */
export interface ImageSourceOf {
  imageOf(service: string): unknown;
}

/**
 * Build the images of `services` that have `build:`, before anything starts,
 * so the log shows the build apart from the start (the stack then finds each
 * image already set up in this helper). With `force`, the cache tags of
 * those images (`seaworthy-build/<name>:<hash>`) are removed first, so each
 * is built again; the engine's own layer cache still applies, as with
 * `docker compose build`. A tag still used by another run's container stays.
 */
export async function buildImages(
  project: ImageSourceOf,
  helper: DockerHelper,
  services: readonly string[],
  force: boolean,
): Promise<ServiceBuild[]> {
  const builds: ServiceBuild[] = [];
  for (const service of services) {
    const source = project.imageOf(service);
    if (!(source instanceof ImageDefinition)) continue;
    if (force) await uncache(helper, source.name);
    const image = await source.setup(helper);
    builds.push({ service, reference: image.reference, built: image.built });
  }
  return builds;
}

async function uncache(helper: DockerHelper, name: string): Promise<void> {
  const repository = `${cacheRepository(name)}:`;
  for (const image of await builtImagesOf(helper.engine, name)) {
    for (const tag of image.repoTags.filter(
      (t) => t.startsWith(repository) && /^[0-9a-f]{16}$/.test(t.slice(repository.length)),
    )) {
      // 409: a container (another run's) uses it; 404: gone already. Either way the build below decides.
      await helper.engine.removeImage(tag).catch(() => undefined);
    }
  }
}
