import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { LogMatcher } from '../../../src/waits/log-matcher.js';
import { compilePattern } from '../../../src/waits/pattern.js';

describe('LogMatcher', () => {
  it('matches ordered patterns only in sequence', () => {
    const matcher = new LogMatcher(['b', 'a'], { ordered: true });
    expect(matcher.feed('a')).toBe(false); // 'a' before 'b' does not count
    expect(matcher.feed('b')).toBe(false);
    expect(matcher.progress()).toBe('matched 1 of 2; waiting for "a"');
    expect(matcher.feed('a')).toBe(true);
  });

  it('matches unordered patterns in any order, one line possibly satisfying several', () => {
    const matcher = new LogMatcher([/ready/, 'port 5432'], { ordered: false });
    expect(matcher.feed('listening on port 5432')).toBe(false);
    expect(matcher.unmatched()).toEqual([/ready/]);
    expect(new LogMatcher(['a', 'b'], { ordered: false }).feed('ab')).toBe(true);
  });

  it('counts occurrences with times', () => {
    const matcher = new LogMatcher([/ready to accept/], { times: 2 });
    expect(matcher.feed('database system is ready to accept connections')).toBe(false);
    expect(matcher.progress()).toBe('seen 1 of 2 times');
    expect(matcher.feed('database system is ready to accept connections')).toBe(true);
  });

  it('is not fooled by a global regex remembering lastIndex', () => {
    const matcher = new LogMatcher([/x/g], { times: 2 });
    matcher.feed('x');
    expect(matcher.feed('x')).toBe(true);
  });

  it('rejects no patterns, empty strings, non-patterns and bad counts', () => {
    expect(() => new LogMatcher([])).toThrow(InvalidOptionError);
    expect(() => new LogMatcher([''])).toThrow('an empty string matches every line');
    expect(() => new LogMatcher([42 as never])).toThrow(InvalidOptionError);
    expect(() => new LogMatcher(['a'], { times: 0 })).toThrow('`times`');
  });

  it('matches strings as substrings and regexes by test', () => {
    expect(compilePattern('eady')('ready')).toBe(true);
    expect(compilePattern(/^ready$/)('not ready')).toBe(false);
  });
});
