import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { ImagePushError, ImageTagError } from '../../errors/index.js';
import {
  daemonMessage,
  type EngineIdentity,
  isConnectionError,
  mapEngineError,
  statusCodeOf,
} from '../error-mapping.js';
import { progressError } from '../progress-types.js';
import type { RawPushOptions, RawPushResult } from '../push-types.js';
import { readProgress } from './json-progress.js';

/** Give image `source` the reference `repository:tag`; a refusal is {@link ImageTagError}. */
export async function tagImageAs(
  docker: Dockerode,
  engine: EngineIdentity,
  source: string,
  repository: string,
  tag: string,
): Promise<void> {
  try {
    await docker.getImage(source).tag({ repo: repository, tag });
  } catch (error) {
    if (statusCodeOf(error) !== undefined) {
      throw new ImageTagError(source, `${repository}:${tag}`, daemonMessage(error), error);
    }
    throw mapEngineError(engine, `tag image '${source}' as ${repository}:${tag}`, error);
  }
}

/**
 * Push `reference` (`repository:tag`) and read the engine's progress stream
 * to its end. Rejects with {@link ImagePushError} when the engine refuses,
 * the stream fails, or the engine reports an error inside it (a push to an
 * unreachable or refusing registry still answers HTTP 200).
 */
export async function pushImageTo(
  docker: Dockerode,
  engine: EngineIdentity,
  reference: string,
  options: RawPushOptions,
): Promise<RawPushResult> {
  const { repository, tag } = splitTag(reference);
  let stream: Readable;
  try {
    stream = (await docker.getImage(repository).push({
      tag,
      // The engine wants the header even without credentials.
      authconfig: { ...(options.auth ?? {}) },
      abortSignal: options.signal,
    })) as Readable;
  } catch (error) {
    if (isConnectionError(error)) throw mapEngineError(engine, `push image '${reference}'`, error);
    throw new ImagePushError(reference, daemonMessage(error), error);
  }
  const events = await readProgress(stream, options.onProgress).catch((error: unknown) => {
    throw new ImagePushError(reference, daemonMessage(error), error);
  });
  const failed = progressError(events);
  if (failed !== undefined) throw new ImagePushError(reference, failed);
  const aux = events.find((event) => typeof event.aux?.Digest === 'string')?.aux;
  return {
    digest: typeof aux?.Digest === 'string' ? aux.Digest : undefined,
    size: typeof aux?.Size === 'number' ? aux.Size : undefined,
  };
}

/** `registry:5000/app:1.2` → `registry:5000/app` and `1.2`; no tag means `latest`. */
function splitTag(reference: string): { repository: string; tag: string } {
  const colon = reference.lastIndexOf(':');
  if (colon > reference.lastIndexOf('/'))
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repository: reference, tag: 'latest' };
}
