import pRetry, { AbortError } from 'p-retry';
import { daemonMessage, statusCodeOf } from '../error-mapping.js';
import type { EngineProduct } from './dialect.js';

/**
 * Podman refuses a forced remove while a container that just exited is
 * still being cleaned up ("could not be stopped: … container state improper:
 * stopped"), seen under load; Docker removes it. On Podman that refusal is
 * tried again a few times; anything else, and any other engine, goes as is.
 */
export function removeSettled<T>(product: EngineProduct, remove: () => Promise<T>): Promise<T> {
  if (product !== 'podman') return remove();
  return pRetry(
    async () => {
      try {
        return await remove();
      } catch (error) {
        const raced =
          statusCodeOf(error) === 409 && /could not be stopped.*state improper/is.test(daemonMessage(error));
        throw raced ? error : new AbortError(error as Error);
      }
    },
    { retries: 5, minTimeout: 100, maxTimeout: 1_000 },
  );
}
