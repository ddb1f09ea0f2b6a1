import type { EngineClient } from '../../engine/client.js';
import { ImageNotFoundError, InvalidOptionError } from '../../errors/index.js';
import type { PullPolicy } from '../definitions/container-options.js';
import type { ProgressMode } from './progress.js';
import { type PullOptions, pullImage as pullWithEngine } from './pull.js';
import type { RegistryCredentials } from './registry-auth.js';

/** What `pullImage()` pulls with: a `DockerHelper` (its engine, progress mode and credentials) or an engine client. */
export type PullTarget =
  | EngineClient
  | {
      readonly engine: EngineClient;
      readonly progress: ProgressMode;
      readonly pullCredentials: {
        readonly registryAuth?: Readonly<Record<string, RegistryCredentials>>;
        readonly env: Readonly<Record<string, string | undefined>>;
      };
    };

export interface PullImageOptions extends PullOptions {
  /**
   * `'always'` pulls; `'missing'` pulls only when the engine lacks the image;
   * `'never'` only checks it is there (else `ImageNotFoundError`). @default 'always'
   */
  readonly policy?: PullPolicy;
}

/**
 * Pull `image` on the engine of a `DockerHelper` (with its `progress` mode,
 * `registryAuth` and env) or of an engine client, with the credentials for
 * its registry (given in `options.auth`, else found as
 * {@link resolveRegistryAuth} says). Rejects with `ImagePullError`, also for
 * errors reported inside the engine's progress stream.
 */
export async function pullImage(target: PullTarget, image: string, options: PullImageOptions = {}): Promise<void> {
  const { policy = 'always', ...rest } = options;
  if (!['always', 'missing', 'never'].includes(policy)) {
    throw new InvalidOptionError('policy', `${JSON.stringify(policy)} must be 'always', 'missing' or 'never'`);
  }
  const helper = 'pullCredentials' in target ? target : undefined;
  const engine = helper ? helper.engine : (target as EngineClient);
  if (policy !== 'always' && (await engine.findImage(image)) !== undefined) return;
  if (policy === 'never') throw new ImageNotFoundError(image);
  await pullWithEngine(engine, image, {
    ...(helper ? { mode: helper.progress, ...helper.pullCredentials } : {}),
    ...rest,
  });
}
