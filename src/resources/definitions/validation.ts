import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';

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

/** An object whose values are all strings (driver options, labels); `undefined` passes. */
export function assertStringRecord(option: string, value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidOptionError(option, `${describeValue(value)} is not an object of string values`);
  }
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') {
      throw new InvalidOptionError(
        `${option}[${JSON.stringify(key)}]`,
        `${describeValue(v)} is not a string; write it as one, e.g. ${JSON.stringify(String(v))}`,
      );
    }
  }
}
