import { createHash, randomBytes } from 'node:crypto';
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
 * The session's part of a namespace: 8 hex digits of a SHA-256 of the whole
 * session id, so ids that share a long prefix still differ here.
 */
export function sessionTag(session: string): string {
  return createHash('sha256').update(session).digest('hex').slice(0, 8);
}

/**
 * `sw-<session tag>-w<worker>-<random>`: the run (hashed, see
 * {@link sessionTag}), the test worker (Vitest or Jest) and 48 random bits
 * per helper. Two helpers share a namespace only if their sessions hash
 * alike (or are the same run), they run in the same worker slot, and they
 * draw the same 48 random bits: for a pair of helpers of one run and worker
 * one chance in 2^48 (about 3 × 10^14), across runs one in 2^80. At most 35
 * characters (usually 28), Docker-valid.
 */
export function defaultNamespace(session: string, env: NamespaceEnv): string {
  const worker = env.VITEST_WORKER_ID ?? env.VITEST_POOL_ID ?? env.JEST_WORKER_ID ?? '0';
  return `sw-${sessionTag(session)}-w${worker.replace(/[^a-zA-Z0-9]/g, '').slice(0, 8)}-${randomId(6)}`;
}
