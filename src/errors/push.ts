import { SeaworthyError } from './base.js';

/** Why a push failed, as far as the engine's message tells. */
export type PushFailure = 'auth' | 'unreachable' | 'missing' | 'other';

/** What to do about each kind of push failure. */
const ADVICE: Record<PushFailure, (registry: string) => string> = {
  auth: (registry) =>
    `The registry ${registry} refused the push without valid credentials: log in (docker login ${registry}; ` +
    'the Docker config is read), or pass them as the `auth` option ({ username, password }), or to ' +
    '`seaworthy tag` as SEAWORTHY_REGISTRY_USERNAME and SEAWORTHY_REGISTRY_PASSWORD.',
  unreachable: (registry) =>
    `Check the registry address ${registry}: the registry must be running and reachable from the engine ` +
    "(not only from this process); a plain-HTTP registry must be on localhost/127.0.0.1 or in the engine's insecure-registries.",
  missing: () => 'Build or tag the image first; `docker images` lists what the engine has.',
  other: (registry) => `Check the registry address ${registry}, that it is running, and your credentials.`,
};

/** Sort an engine's push error message into a {@link PushFailure}. */
export function pushFailureOf(detail: string): PushFailure {
  if (/unauthorized|authentication required|no basic auth credentials|denied|status 40[13]\b/i.test(detail))
    return 'auth';
  if (
    /connection refused|no such host|i\/o timeout|dial tcp|no route to host|EOF|server gave HTTP response/i.test(detail)
  ) {
    return 'unreachable';
  }
  if (/does not exist locally|no such image|An image does not exist/i.test(detail)) return 'missing';
  return 'other';
}

/**
 * Pushing an image failed: the registry refused the credentials (or asked
 * for some), could not be reached, or the engine has no image by that
 * reference. Errors the engine reports inside its progress stream (after
 * answering 200) are included.
 */
export class ImagePushError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_PUSH_FAILED';
  /** The reference that was pushed, `registry:5000/app:1.2.3`. */
  readonly reference: string;
  readonly failure: PushFailure;
  /** The engine's own message. */
  readonly detail: string;

  constructor(reference: string, detail: string, cause?: unknown) {
    const failure = pushFailureOf(detail);
    super(
      'SEAWORTHY_IMAGE_PUSH_FAILED',
      `could not push '${reference}': ${detail}. ${ADVICE[failure](registryOf(reference))}`,
      { cause },
    );
    this.reference = reference;
    this.failure = failure;
    this.detail = detail;
  }
}

/** Tagging an image failed: most often the source image is not on the engine. */
export class ImageTagError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_IMAGE_TAG_FAILED';
  readonly source: string;
  readonly target: string;

  constructor(source: string, target: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_IMAGE_TAG_FAILED',
      `could not tag '${source}' as '${target}': ${detail}. ` +
        'Check that the source image is on the engine (`docker images`; build or pull it first) and that the target is a valid reference.',
      { cause },
    );
    this.source = source;
    this.target = target;
  }
}

/** The registry part of a reference, or Docker Hub's name when it has none. */
function registryOf(reference: string): string {
  const slash = reference.indexOf('/');
  const first = slash < 0 ? '' : reference.slice(0, slash);
  return /[.:]|^localhost$/.test(first) ? first : 'docker.io';
}
