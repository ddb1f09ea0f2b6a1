import { PassThrough, type Readable } from 'node:stream';
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

/**
 * Podman can end a container's attach stream before its own state says the
 * container stopped; seaworthy reads the state once the output ends, and a
 * container still `running` then looks restarted, so its exit would never be
 * seen. On Podman the stream handed out ends only after the engine's wait
 * (`condition=not-running`) has answered, or failed (the container is gone).
 */
export function endAfterStop(source: Readable, waitNotRunning: () => Promise<unknown>): Readable {
  const out = new PassThrough();
  let ending = false;
  const finish = () => {
    if (ending) return;
    ending = true;
    waitNotRunning().then(
      () => out.end(),
      () => out.end(),
    );
  };
  source.on('data', (chunk: Buffer) => out.write(chunk));
  source.once('end', finish);
  source.once('close', finish);
  source.once('error', finish);
  // Closing ours (teardown) closes the engine's.
  out.once('close', () => source.destroy());
  return out;
}
