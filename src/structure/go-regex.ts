import { RE2JS } from 're2js';

/**
 * Patterns in structure-test configs are Go regular expressions (RE2):
 * inline flags such as `(?i)` and `(?s)`, POSIX classes (`[[:digit:]]`),
 * Unicode classes (`\pL`), `\z`; no lookaround or backreferences. re2js is a
 * port of that engine, so a pattern gives the verdict it gives in Go. Pure.
 */

export type RegexVerdict =
  | { readonly ok: true; readonly matches: boolean }
  | { readonly ok: false; readonly error: string };

/** Whether `pattern` matches anywhere in `text` (Go's `MatchString`), or why it does not compile. */
export function goRegexMatch(pattern: string, text: string): RegexVerdict {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  return { ok: true, matches: compiled.matcher(text).find() };
}

/**
 * The Go tool's check: true when the pattern matches and should, or does
 * not and should not. A pattern that does not compile fails either way, as
 * in Go; `onInvalid` hears why.
 */
export function regexCheck(
  pattern: string,
  text: string,
  shouldMatch: boolean,
  onInvalid: (error: string) => void,
): boolean {
  const verdict = goRegexMatch(pattern, text);
  if (!verdict.ok) {
    onInvalid(`invalid RE2 pattern '${pattern}': ${verdict.error}`);
    return false;
  }
  return verdict.matches === shouldMatch;
}
