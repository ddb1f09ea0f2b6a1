import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { ImagePullError } from '../../errors/index.js';
import { daemonMessage, type EngineIdentity, isConnectionError, mapEngineError } from '../error-mapping.js';
import { progressError, type RawPullOptions } from '../progress-types.js';
import { readProgress } from './json-progress.js';

/** Start a pull: the engine's progress stream, or the refusal as thrown by dockerode. */
export async function openPull(docker: Dockerode, image: string, options: RawPullOptions): Promise<Readable> {
  return (await docker.pull(image, {
    abortSignal: options.signal,
    ...(options.auth ? { authconfig: options.auth } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
  })) as Readable;
}

/**
 * Read a pull's progress stream to its end. Rejects with {@link ImagePullError}
 * when the stream fails or when the daemon reports an error inside it (a pull
 * that fails half-way still answers HTTP 200).
 */
export async function followPull(image: string, stream: Readable, options: RawPullOptions): Promise<void> {
  const events = await readProgress(stream, options.onProgress).catch((error: unknown) => {
    throw new ImagePullError(image, daemonMessage(error), error);
  });
  const failed = progressError(events);
  if (failed !== undefined) throw new ImagePullError(image, failed);
}

/** Pull an image; rejects with `ImagePullError`, including errors the daemon reports inside the progress stream. */
export async function pullImageFrom(
  docker: Dockerode,
  engine: EngineIdentity,
  image: string,
  options: RawPullOptions,
): Promise<void> {
  const stream = await openPull(docker, image, options).catch((error: unknown) => {
    if (isConnectionError(error)) throw mapEngineError(engine, `pull image '${image}'`, error);
    throw new ImagePullError(image, daemonMessage(error), error);
  });
  await followPull(image, stream, options);
}
