import { describe, expect, it } from 'vitest';
import { destructuredNames } from '../../../src/vitest/prestart.js';

type Fn = (...args: never[]) => unknown;
const names = (fn: Fn, index = 0) => [...destructuredNames(fn as (...args: unknown[]) => unknown, index)];

describe('destructuredNames (which fixtures a test names, read as Vitest reads them)', () => {
  it('reads plain, renamed and defaulted properties', () => {
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names(async ({ pg, redis: cache, rabbit = 1 }: Record<string, unknown>) => {})).toEqual([
      'pg',
      'redis',
      'rabbit',
    ]);
  });

  it('keeps only the outer name of a nested pattern', () => {
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names(({ stack: { db, web }, task }: { stack: { db: 1; web: 1 }; task: 1 }) => {})).toEqual([
      'stack',
      'task',
    ]);
  });

  it('reads function expressions and a later parameter (test.for gives the context second)', () => {
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names(function named({ a }: { a: 1 }, use: unknown) {})).toEqual(['a']);
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names((item: string, { a, b }: { a: 1; b: 1 }) => {}, 1)).toEqual(['a', 'b']);
  });

  it('ignores comments in the parameter list', () => {
    const fn = new Function('return async ({ /* not: this */ a, // nor, that\n b }) => {}')() as Fn;
    expect(names(fn)).toEqual(['a', 'b']);
  });

  it('reads down-levelled async functions', () => {
    const fn = new Function('__async', 'return function (_0) { return __async(this, [_0], function* ({ a, b }) {}); }')(
      () => undefined,
    ) as Fn;
    expect(names(fn)).toEqual(['a', 'b']);
  });

  it('finds nothing when the parameter is not a pattern, or missing', () => {
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names((context: unknown) => {})).toEqual([]);
    expect(names(() => {})).toEqual([]);
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names(({ a }: { a: 1 }) => {}, 1)).toEqual([]);
  });

  it('drops a rest element', () => {
    // biome-ignore lint/correctness/noUnusedFunctionParameters: the parameter list is what is read
    expect(names(({ a, ...rest }: Record<string, unknown>) => {})).toEqual(['a']);
  });
});
