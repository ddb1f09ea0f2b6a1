import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { CapabilitiesRefusedError, ImagePlatformMismatchError } from '../../errors/index.js';
import type { CreateRequest } from '../definitions/create-request.js';

/*
 * Engine refusals caused by a typed host option, turned into typed errors.
 * Both are the engine's answers as Docker 20.10 words them.
 */

/**
 * `platform` names a variant the local image is not: 404 "image with
 * reference X was found but does not match the specified platform: wanted
 * linux/arm64, actual: linux/amd64". It is not "no such image", so no pull is tried.
 */
const PLATFORM_MISMATCH = /does not match the specified platform(?:: wanted (\S+), actual: (\S+))?/i;

/** `ImagePlatformMismatchError` for that refusal, or undefined for any other error. */
export function platformMismatch(
  container: string,
  image: string,
  platform: string | undefined,
  error: unknown,
): ImagePlatformMismatchError | undefined {
  if (platform === undefined || statusCodeOf(error) !== 404) return undefined;
  const match = PLATFORM_MISMATCH.exec(daemonMessage(error));
  if (!match) return undefined;
  return new ImagePlatformMismatchError(container, image, match[1] ?? platform, match[2]?.replace(/,$/, ''), error);
}

/** runc's refusal at start when the engine lacks a capability the container asks for. */
const CAPS_REFUSED = /unable to apply caps[^:]*: operation not permitted/i;

/** `CapabilitiesRefusedError` for that refusal at start, or undefined for any other error. */
export function capabilitiesRefused(
  container: string,
  request: CreateRequest,
  error: unknown,
): CapabilitiesRefusedError | undefined {
  const message = daemonMessage(error);
  if (!CAPS_REFUSED.test(message)) return undefined;
  const host = request.HostConfig ?? {};
  const asked: string[] = [];
  if (host.Privileged === true) asked.push('privileged: true');
  if (Array.isArray(host.CapAdd) && host.CapAdd.length) asked.push(`capAdd: ${host.CapAdd.join(', ')}`);
  const detail = /unable to apply caps[^:]*: operation not permitted/i.exec(message)?.[0] ?? message;
  return new CapabilitiesRefusedError(
    container,
    asked.length ? asked.join(' and ') : 'extra capabilities',
    detail,
    error,
  );
}
