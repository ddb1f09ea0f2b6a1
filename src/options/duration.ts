import { InvalidOptionError } from '../errors/index.js';

/*
 * The one check for every duration option (a leaf module, so the engine
 * connection's options are checked by the same rule as the waits'), and how
 * an option's value is shown in messages.
 */

/**
 * The longest delay Node.js timers accept (2^31 − 1 ms, about 24.8 days).
 * A longer one is silently cut to 1 ms, so a wait would fail at once.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

export interface DurationRules {
  /** Accept 0 (e.g. "stop at once", "look only at what is already there"). @default false */
  readonly allowZero?: boolean;
  /** Smallest non-zero value accepted, in ms. @default any value above 0 */
  readonly min?: number;
}

/**
 * The one check for every duration option of the library: a finite number
 * of milliseconds, above 0 (or 0 where `allowZero`), at least `min`, and at
 * most {@link MAX_DURATION_MS}. `option` names the option path in the error.
 */
export function assertDuration(option: string, value: unknown, rules: DurationRules = {}): asserts value is number {
  const given = describeValue(value);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidOptionError(option, `${given} is not a number of milliseconds; give a finite number, e.g. 5_000`);
  }
  if (value === 0 && rules.allowZero) return;
  if (value <= 0) {
    throw new InvalidOptionError(
      option,
      `${given} must be ${rules.allowZero ? '0 or more' : 'more than 0'} milliseconds`,
    );
  }
  if (rules.min !== undefined && value < rules.min) {
    throw new InvalidOptionError(
      option,
      `${given} ms is too short: the engine needs at least ${rules.min} ms${rules.allowZero ? ' (or 0 for its default)' : ''}`,
    );
  }
  if (value > MAX_DURATION_MS) {
    throw new InvalidOptionError(
      option,
      `${given} ms is too long: durations are limited to ${MAX_DURATION_MS} ms (2^31 − 1, about 24.8 days), the longest timer Node.js can set`,
    );
  }
}

/** A value as the caller wrote it, for messages: `NaN` stays `NaN`, strings keep their quotes. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'symbol' || typeof value === 'function') return `a ${typeof value}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
