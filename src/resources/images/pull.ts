import type { EngineClient } from '../../engine/client.js';
import { ImagePullError } from '../../errors/index.js';
import { entryFor } from './docker-config.js';
import { type ProgressOptions, progressReporter } from './progress.js';
import { type RegistryCredentials, resolveRegistryAuth } from './registry-auth.js';
import { registryOf } from './registry-reference.js';

export interface PullOptions extends ProgressOptions {
  readonly signal?: AbortSignal;
  /** `linux/amd64`; the engine's own platform by default. */
  readonly platform?: string;
  /** Credentials for this image's registry, given in code: they win over everything else. */
  readonly auth?: RegistryCredentials;
  /**
   * Credentials per registry, keyed as in Docker's config (`registry.example.com`,
   * `127.0.0.1:5000`, `docker.io`, `https://host`): used when `auth` is not given,
   * before `$DOCKER_CONFIG/config.json`.
   */
  readonly registryAuth?: Readonly<Record<string, RegistryCredentials>>;
}

/** What a registry says when a pull needs a login it did not get (or did not accept). */
const NEEDS_LOGIN =
  /unauthorized|authentication required|no basic auth credentials|access (to the resource )?(is )?denied|denied: requested access/i;

/**
 * Pull `image`, with the credentials for its registry (given in code, else
 * from Docker's config: see {@link resolveRegistryAuth}), showing progress
 * as `options.mode` says (see {@link ProgressMode}); rejects with
 * `ImagePullError`, also for errors the engine reports inside its progress
 * stream. A registry that wants a login it did not get gives an
 * `ImagePullError` saying how to log in.
 */
export async function pullImage(engine: EngineClient, image: string, options: PullOptions = {}): Promise<void> {
  const registry = registryOf(image);
  const given = options.auth ?? entryFor(options.registryAuth, registry);
  const auth = await resolveRegistryAuth(image, { ...(given ? { auth: given } : {}), env: options.env ?? process.env });
  const progress = progressReporter(`pull ${image}`, options);
  try {
    await engine.pullImage(image, {
      signal: options.signal,
      platform: options.platform,
      ...(auth ? { auth } : {}),
      onProgress: (event) => progress.event(event),
    });
  } catch (error) {
    progress.done(true);
    throw loginHint(error, image, registry, auth !== undefined);
  }
  progress.done();
}

function loginHint(error: unknown, image: string, registry: string, sentCredentials: boolean): unknown {
  if (!(error instanceof ImagePullError) || !NEEDS_LOGIN.test(error.detail)) return error;
  const login = registry === 'docker.io' ? 'docker login' : `docker login ${registry}`;
  const what = sentCredentials
    ? `registry '${registry}' did not accept the credentials sent (${error.detail}); check them, or log in again with \`${login}\``
    : `registry '${registry}' wants a login and none was found (${error.detail}). Log in with \`${login}\` ` +
      '(read from $DOCKER_CONFIG/config.json, default ~/.docker/config.json), or give the credentials in code: ' +
      "the definition's `registryAuth`, the helper's `registryAuth`, or `auth` of pullImage()";
  return new ImagePullError(image, what, error);
}
