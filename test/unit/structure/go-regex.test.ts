import { describe, expect, it } from 'vitest';
import { goRegexMatch, regexCheck } from '../../../src/structure/go-regex.js';

/** JavaScript's verdict on the same pattern, or 'invalid'. */
function jsVerdict(pattern: string, text: string): boolean | 'invalid' {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return 'invalid';
  }
}

describe('patterns are Go RE2, not JavaScript RegExp', () => {
  // Each row: a pattern, a text, Go's verdict (checked against Go's regexp semantics), and JS's different one.
  const rows: [pattern: string, text: string, go: boolean | 'invalid', js: boolean | 'invalid'][] = [
    ['(?i)hello', 'HELLO world', true, 'invalid'],
    ['(?s)a.b', 'a\nb', true, 'invalid'],
    ['(?m)^ID=debian$', 'NAME=x\nID=debian\nV=1', true, 'invalid'],
    ['^[[:digit:]]+$', '123', true, false],
    ['[[:alpha:]]', 'x', true, false],
    ['\\pL+', 'héllo', true, false],
    ['end\\z', 'the end', true, false],
    ['(?P<major>\\d+)\\.', 'v20.1', true, 'invalid'],
    ['foo(?=bar)', 'foobar', 'invalid', true],
    ['(a)\\1', 'aa', 'invalid', true],
  ];

  it.each(rows)('%j on %j: Go says %s (JavaScript %s)', (pattern, text, go, js) => {
    const verdict = goRegexMatch(pattern, text);
    expect(verdict.ok ? verdict.matches : 'invalid').toBe(go);
    expect(jsVerdict(pattern, text)).toBe(js);
  });

  it('matches anywhere in the text, like Go MatchString', () => {
    expect(goRegexMatch('world', 'hello world\n')).toEqual({ ok: true, matches: true });
    expect(goRegexMatch('^world', 'hello world')).toEqual({ ok: true, matches: false });
    // Without (?s) a dot does not cross a newline, in Go as in JS.
    expect(goRegexMatch('a.b', 'a\nb')).toEqual({ ok: true, matches: false });
  });

  it('fails a check whose pattern does not compile, expected or excluded, and says why', () => {
    const why: string[] = [];
    expect(regexCheck('foo(?=bar)', 'foobar', true, (m) => why.push(m))).toBe(false);
    expect(regexCheck('foo(?=bar)', 'foobar', false, (m) => why.push(m))).toBe(false);
    expect(why[0]).toMatch(/^invalid RE2 pattern 'foo\(\?=bar\)': /);
    expect(regexCheck('oops', 'no', false, () => undefined)).toBe(true);
  });
});
