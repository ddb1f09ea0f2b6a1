import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { LogExpectation } from '../../../src/matchers/log-expectation.js';
import type { LogLine } from '../../../src/resources/logs/log-line.js';

/** Lines as a container would number them, from 0. */
const lines = (...texts: string[]): LogLine[] => texts.map((text, index) => ({ stream: 'stdout', text, index }));

const feedAll = (expectation: LogExpectation, all: readonly LogLine[]): boolean[] =>
  all.map((line) => expectation.feed(line));

describe('LogExpectation', () => {
  it('is satisfied once every pattern has matched, in order', () => {
    const expectation = new LogExpectation(['starting', /listening on \d+/], true);
    expect(feedAll(expectation, lines('starting', 'loading config', 'listening on 8080'))).toEqual([
      false,
      false,
      true,
    ]);
    expect(expectation.done).toBe(true);
  });

  it('ignores a later pattern seen before an earlier one when ordered', () => {
    const expectation = new LogExpectation(['a', 'b'], true);
    feedAll(expectation, lines('b', 'a'));
    expect(expectation.done).toBe(false);
    expect(expectation.report()).toEqual(['✓ "a"  (line 2: a)', '✗ "b"']);
    expectation.feed({ stream: 'stdout', text: 'b', index: 2 });
    expect(expectation.done).toBe(true);
  });

  it('accepts patterns in any order when unordered', () => {
    const expectation = new LogExpectation(['a', 'b'], false);
    expect(feedAll(expectation, lines('b', 'a'))).toEqual([false, true]);
    expect(expectation.report()).toEqual(['✓ "a"  (line 2: a)', '✓ "b"  (line 1: b)']);
  });

  it('lets one line satisfy several patterns when unordered', () => {
    const expectation = new LogExpectation(['ready', /port \d+/], false);
    expect(expectation.feed({ stream: 'stdout', text: 'ready on port 80', index: 0 })).toBe(true);
  });

  it('advances one pattern per line when ordered', () => {
    const expectation = new LogExpectation(['ready', /port \d+/], true);
    expect(expectation.feed({ stream: 'stdout', text: 'ready on port 80', index: 0 })).toBe(false);
    expect(expectation.report()).toEqual(['✓ "ready"  (line 1: ready on port 80)', '✗ /port \\d+/']);
  });

  it('keeps the first line that matched a pattern', () => {
    const expectation = new LogExpectation([/tick/, 'never'], false);
    feedAll(expectation, lines('tick 1', 'tick 2'));
    expect(expectation.report()[0]).toBe('✓ /tick/  (line 1: tick 1)');
  });

  it('reports every pattern unmatched before any line', () => {
    const expectation = new LogExpectation(['a', /b/i], true);
    expect(expectation.done).toBe(false);
    expect(expectation.report()).toEqual(['✗ "a"', '✗ /b/i']);
  });

  it('numbers lines from 1 using their index among all lines', () => {
    const expectation = new LogExpectation(['boom'], true);
    expectation.feed({ stream: 'stderr', text: 'boom!', index: 41 });
    expect(expectation.report()).toEqual(['✓ "boom"  (line 42: boom!)']);
  });

  it('keeps the patterns it was given', () => {
    const patterns = ['a', /b/];
    expect(new LogExpectation(patterns, false).patterns).toEqual(patterns);
  });

  it('rejects an empty string pattern, naming its position', () => {
    expect(() => new LogExpectation([''], true)).toThrow(InvalidOptionError);
    expect(() => new LogExpectation([''], true)).toThrow('`pattern`');
    expect(() => new LogExpectation(['a', ''], true)).toThrow('`patterns[1]`');
  });
});
