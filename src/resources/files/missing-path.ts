import { daemonMessage, isNotFound } from '../../engine/error-mapping.js';

/**
 * The engine's 404 for a path missing in a container that exists ("Could not
 * find the file …"), told apart from its 404 for a missing container. The
 * text is matched because, on a streamed answer, dockerode's message carries
 * its own "no such container" label for every 404.
 */
export function isMissingPath(error: unknown): boolean {
  return isNotFound(error) && /could not find the file/i.test(daemonMessage(error));
}
