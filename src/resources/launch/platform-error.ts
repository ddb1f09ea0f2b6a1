import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { ImagePlatformMismatchError } from '../../errors/index.js';

/*
 * The engine's answer when `platform` names a variant the local image is not:
 * 404 "image with reference X was found but does not match the specified
 * platform: wanted linux/arm64, actual: linux/amd64" (Docker 20.10). It is not
 * "no such image", so no pull is tried; it becomes a typed error.
 */
const MISMATCH = /does not match the specified platform(?:: wanted (\S+), actual: (\S+))?/i;

/** `ImagePlatformMismatchError` for that refusal, or undefined for any other error. */
export function platformMismatch(
  container: string,
  image: string,
  platform: string | undefined,
  error: unknown,
): ImagePlatformMismatchError | undefined {
  if (platform === undefined || statusCodeOf(error) !== 404) return undefined;
  const match = MISMATCH.exec(daemonMessage(error));
  if (!match) return undefined;
  return new ImagePlatformMismatchError(container, image, match[1] ?? platform, match[2], error);
}
