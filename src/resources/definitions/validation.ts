import { InvalidOptionError } from '../../errors/index.js';

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

/** Docker accepts these characters in container, network and volume names. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function assertValidName(option: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
    throw new InvalidOptionError(
      option,
      `${JSON.stringify(value)} is not a valid name: use letters, digits, '_', '.' and '-', starting with a letter or digit`,
    );
  }
}

/** Reject keys not in `known`, suggesting the nearest one. */
export function assertKnownKeys(owner: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = closest(key, known);
      throw new InvalidOptionError(
        `${owner}.${key}`,
        `unknown option${hint ? `; did you mean \`${hint}\`?` : ''} (known: ${known.join(', ')})`,
      );
    }
  }
}

/** The known option nearest to a misspelling: a shared prefix of 3+ letters, or edit distance ≤ 3. */
export function closest(input: string, candidates: readonly string[]): string | undefined {
  const lower = input.toLowerCase();
  const prefixed = candidates.find((c) => c.length >= 3 && lower.startsWith(c.toLowerCase()));
  if (prefixed) return prefixed;
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of candidates) {
    const d = editDistance(input.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = row[j] as number;
      row[j] = Math.min(next + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = next;
    }
  }
  return row[b.length] as number;
}
