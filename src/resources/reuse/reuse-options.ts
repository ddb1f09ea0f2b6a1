import { InvalidOptionError } from '../../errors/index.js';

/**
 * Keep a definition's container alive across separate test runs
 * (docs/reuse.md): `true`, or `{ idleMs }` to choose how long an unused
 * container waits for the next run before its keeper removes it.
 */
export type ReuseOption = boolean | { readonly idleMs?: number };

/** How long a reused container may sit unused before its keeper removes it: 10 minutes. */
export const DEFAULT_REUSE_IDLE_MS = 10 * 60_000;

/** Environment that decides whether reuse is on. */
export interface ReuseEnv {
  /** `off` (or false, 0, no) disables reuse everywhere; `on` (true, 1, yes) enables it even in CI. */
  readonly SEAWORTHY_REUSE?: string | undefined;
  /** Set (and not `false` or `0`): reuse is off unless SEAWORTHY_REUSE=on. */
  readonly CI?: string | undefined;
  readonly [name: string]: string | undefined;
}

export interface ResolvedReuse {
  readonly enabled: boolean;
  readonly idleMs: number;
  /** Why it is off, for the debug log. */
  readonly reason: string;
}

/** Check a `reuse` option where it is given (a fixture, `reuseContainer`). Throws {@link InvalidOptionError}. */
export function assertReuseOption(option: string, value: unknown): asserts value is ReuseOption | undefined {
  if (value === undefined || typeof value === 'boolean') return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(option, `${JSON.stringify(value)} must be true, false or { idleMs }`);
  }
  for (const key of Object.keys(value)) {
    if (key !== 'idleMs') throw new InvalidOptionError(`${option}.${key}`, 'unknown option (known: idleMs)');
  }
  const idleMs = (value as { idleMs?: unknown }).idleMs;
  if (idleMs !== undefined && (typeof idleMs !== 'number' || !Number.isInteger(idleMs) || idleMs < 1)) {
    throw new InvalidOptionError(
      `${option}.idleMs`,
      `${JSON.stringify(idleMs)} must be a whole number of milliseconds, at least 1`,
    );
  }
}

/**
 * Whether reuse is on for one fixture or call: the option first (false or
 * absent: off), then `SEAWORTHY_REUSE` (off wins everywhere; on wins over
 * CI), then CI (reuse is off in CI by default: a CI job starts from nothing
 * and ends, so there is no next run to reuse for).
 */
export function resolveReuse(value: ReuseOption | undefined, env: ReuseEnv = process.env): ResolvedReuse {
  assertReuseOption('reuse', value);
  const idleMs = (typeof value === 'object' ? value.idleMs : undefined) ?? DEFAULT_REUSE_IDLE_MS;
  if (value === undefined || value === false) return { enabled: false, idleMs, reason: 'not asked for' };
  const flag = env.SEAWORTHY_REUSE?.trim().toLowerCase();
  if (flag && ['0', 'false', 'no', 'off'].includes(flag)) {
    return { enabled: false, idleMs, reason: 'SEAWORTHY_REUSE is off' };
  }
  const forced = flag !== undefined && ['1', 'true', 'yes', 'on'].includes(flag);
  if (flag && !forced) {
    throw new InvalidOptionError('SEAWORTHY_REUSE', `${JSON.stringify(env.SEAWORTHY_REUSE)} must be on or off`);
  }
  const ci = env.CI?.trim().toLowerCase();
  if (!forced && ci && ci !== 'false' && ci !== '0') {
    return { enabled: false, idleMs, reason: 'CI is set (SEAWORTHY_REUSE=on enables reuse there)' };
  }
  return { enabled: true, idleMs, reason: '' };
}
