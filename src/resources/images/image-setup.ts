import { debugLogger } from '../../debug/logger.js';
import type { EngineClient, ImageSummary } from '../../engine/client.js';
import { isNotFound, statusCodeOf } from '../../engine/error-mapping.js';
import { IMAGE_HASH_LABEL } from '../../labels.js';
import { readBuildContext } from './build-context.js';
import type { ImageDefinition, ImageInit } from './image-definition.js';
import { buildHash, cacheReference, cacheRepository } from './image-hash.js';
import { withTag } from './image-reference.js';
import { packContext } from './pack-context.js';
import { type ProgressMode, progressReporter } from './progress.js';

const log = debugLogger('helper');

/** What building an image needs from its helper. */
export interface ImageSetupContext {
  readonly engine: EngineClient;
  readonly namespace: string;
  /** The helper's labels, put on images built for this helper alone (`cache: false`). */
  readonly labels: Readonly<Record<string, string>>;
  readonly progress: ProgressMode;
  /** Aborted when the helper's teardown starts. */
  readonly signal: AbortSignal;
  /**
   * The tag of a `cache: false` build: the helper's namespace, with `-2`,
   * `-3`… for later definitions of the same name, so they never share one.
   */
  perHelperTag(name: string): string;
  /** Remove `references` at the helper's teardown, once its containers are gone. */
  trackImage(references: readonly string[]): void;
}

/**
 * One setup of an image definition: read the context (all checks that need
 * no engine), hash it, then either find the cached image by one inspect or
 * build it. A cached build removes older cached images of the same name
 * afterwards (best effort: one a container uses stays).
 */
export async function setupImageDefinition(ctx: ImageSetupContext, definition: ImageDefinition): Promise<ImageInit> {
  const { engine } = ctx;
  const { name, options } = definition;
  const context = await readBuildContext(name, options);
  const hash = buildHash(context, options);
  const cached = options.cache ?? true;
  const extra = (options.tags ?? []).map(withTag);
  const reference = cached ? cacheReference(name, hash) : `${cacheRepository(name)}:${ctx.perHelperTag(name)}`;
  const tags = [reference, ...extra.filter((tag) => tag !== reference)];

  if (cached) {
    const found = await engine.findImage(reference);
    if (found?.Config?.Labels?.[IMAGE_HASH_LABEL] === hash) {
      if (extra.length) await engine.addImageTags(found.Id, extra);
      log('%s: cache hit %s', name, reference);
      return { reference, id: found.Id, tags, built: false, hash };
    }
  }
  if (!cached && !options.keep) ctx.trackImage(tags);
  const progress = progressReporter(`build ${name}`, {
    mode: options.progress ?? ctx.progress,
    ...(options.progressOutput ? { output: options.progressOutput } : {}),
  });
  let id: string;
  try {
    id = await engine.buildImage(packContext(context), {
      displayName: name,
      tags,
      dockerfile: context.dockerfile,
      ...(options.args ? { buildArgs: options.args } : {}),
      ...(options.target ? { target: options.target } : {}),
      // One label of ours: the classic builder makes each label a step (a container and a commit).
      labels: { ...options.labels, [IMAGE_HASH_LABEL]: hash },
      ...(options.platform ? { platform: options.platform } : {}),
      pull: options.pullBase ?? false,
      signal: ctx.signal,
      onProgress: (event) => progress.event(event),
    });
  } catch (error) {
    progress.done(true);
    throw error;
  }
  progress.done();
  log('%s: built %s (%s)', name, reference, id);
  if (cached) await removeOlder(engine, name, hash);
  return { reference, id, tags, built: true, hash };
}

/** Remove `references` (untag; the image goes with its last tag). Gone already is fine. */
export async function removeReferences(engine: EngineClient, references: readonly string[]): Promise<void> {
  for (const reference of references) {
    await engine.removeImage(reference).catch((error: unknown) => {
      if (!isNotFound(error)) throw error;
    });
  }
}

/** `seaworthy-build/<name>:<16 hex>`: a cache tag, not a per-helper one (`…:<namespace>`). */
function isCacheTag(name: string, reference: string): boolean {
  const repository = `${cacheRepository(name)}:`;
  return reference.startsWith(repository) && /^[0-9a-f]{16}$/.test(reference.slice(repository.length));
}

/** Images seaworthy built for the image definition `name` and still tagged `seaworthy-build/<name>:…`. */
export async function builtImagesOf(
  engine: Pick<EngineClient, 'listImagesByLabel'>,
  name: string,
): Promise<ImageSummary[]> {
  const repository = `${cacheRepository(name)}:`;
  const images = await engine.listImagesByLabel(IMAGE_HASH_LABEL);
  return images.filter((image) => image.repoTags.some((tag) => tag.startsWith(repository)));
}

/** Untag cached images of `name` built from another hash; one still used by a container stays. */
async function removeOlder(engine: EngineClient, name: string, hash: string): Promise<void> {
  try {
    for (const image of await builtImagesOf(engine, name)) {
      if (image.labels[IMAGE_HASH_LABEL] === hash) continue;
      // Cache tags only: a `cache: false` image of another helper (tagged with its namespace) is that helper's.
      for (const tag of image.repoTags.filter((t) => isCacheTag(name, t))) {
        await engine.removeImage(tag).catch((error: unknown) => {
          // 409: a container uses it; 404: another run removed it first.
          if (statusCodeOf(error) !== 409 && !isNotFound(error)) throw error;
        });
      }
    }
  } catch (error) {
    log('%s: could not remove older cached images: %O', name, error);
  }
}
