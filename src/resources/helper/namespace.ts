import { randomBytes } from 'node:crypto';
import { assertValidName } from '../definitions/validation.js';

export function randomId(bytes = 4): string {
  return randomBytes(bytes).toString('hex');
}

export interface NamespaceEnv {
  readonly SEAWORTHY_SESSION_ID?: string;
  readonly VITEST_POOL_ID?: string;
  readonly VITEST_WORKER_ID?: string;
  readonly JEST_WORKER_ID?: string;
}

/**
 * The run id: SEAWORTHY_SESSION_ID when a global setup or CI set one (so every
 * worker of a run shares it), otherwise a fresh random id.
 */
export function defaultSession(env: NamespaceEnv): string {
  const fromEnv = env.SEAWORTHY_SESSION_ID?.trim();
  if (fromEnv) {
    assertValidName('SEAWORTHY_SESSION_ID', fromEnv);
    return fromEnv;
  }
  return randomId();
}

/**
 * `sw-<session>-w<worker>-<helper>`: the run, the test worker (Vitest or Jest)
 * and a per-helper token. Parallel workers, and two helpers in one worker,
 * never collide.
 */
export function defaultNamespace(session: string, env: NamespaceEnv): string {
  const worker = env.VITEST_WORKER_ID ?? env.VITEST_POOL_ID ?? env.JEST_WORKER_ID ?? '0';
  return `sw-${session.slice(0, 8)}-w${worker.replace(/[^a-zA-Z0-9]/g, '')}-${randomId(2)}`;
}
