import type { EngineClient } from '../../engine/client.js';
import { type ProgressOptions, progressReporter } from './progress.js';

export interface PullOptions extends ProgressOptions {
  readonly signal?: AbortSignal;
  /** `linux/amd64`; the engine's own platform by default. */
  readonly platform?: string;
}

/**
 * Pull `image`, showing progress as `options.mode` says (see
 * {@link ProgressMode}); rejects with `ImagePullError`, also for errors the
 * engine reports inside its progress stream.
 */
export async function pullImage(engine: EngineClient, image: string, options: PullOptions = {}): Promise<void> {
  const progress = progressReporter(`pull ${image}`, options);
  try {
    await engine.pullImage(image, {
      signal: options.signal,
      platform: options.platform,
      onProgress: (event) => progress.event(event),
    });
  } catch (error) {
    progress.done(true);
    throw error;
  }
  progress.done();
}
