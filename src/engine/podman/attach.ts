import { setTimeout as delay } from 'node:timers/promises';
import { daemonMessage } from '../error-mapping.js';

const TRIES = 20;

/**
 * Attach on Podman. Right after a stop, Podman keeps the container `stopped`
 * until its cleanup has run, and refuses an attach meanwhile ("can only attach
 * to created or running containers"); once `exited`, attach works as on Docker
 * (docs/engines.md). So a refused attach is tried again, for about 3 seconds.
 */
export async function attachSettled<T>(attach: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attach();
    } catch (error) {
      const settling = /can only attach to created or running containers/i.test(daemonMessage(error));
      if (!settling || attempt >= TRIES) throw error;
      await delay(Math.min(25 * attempt, 200));
    }
  }
}
