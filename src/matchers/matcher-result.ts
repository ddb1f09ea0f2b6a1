/**
 * The slice of a test framework's matcher context that seaworthy's matchers
 * use. Vitest's and Jest's `this` in `expect.extend` both provide it.
 */
export interface MatcherState {
  readonly isNot: boolean;
  /** Deep equality that understands asymmetric matchers (`expect.any`, `expect.objectContaining`). */
  equals(a: unknown, b: unknown): boolean;
  /** The framework's printer, which shows asymmetric matchers as `ObjectContaining {…}`. */
  readonly utils?: { stringify(value: unknown): string };
}

export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
  readonly actual?: unknown;
  readonly expected?: unknown;
}

/**
 * A result whose message fits the direction asserted: `failed` explains a
 * failed positive assertion, `unexpected` a failed `.not` assertion.
 */
export function outcome(
  pass: boolean,
  failed: () => string,
  unexpected: () => string,
  extra: { actual?: unknown; expected?: unknown } = {},
): MatcherResult {
  return { pass, message: pass ? unexpected : failed, ...extra };
}

/** Lines as an indented block, or a note that there were none. */
export function block(lines: readonly string[], empty = '(none)'): string {
  return lines.length ? lines.map((l) => `  | ${l}`).join('\n') : `  ${empty}`;
}

/** What a received value is, for "expected a Container, got …" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `${typeof value} ${JSON.stringify(value)}`;
  return (value as object).constructor?.name ?? 'object';
}
