import { describe, expect, it } from 'vitest';
import { deepMerge } from '../../../src/resources/definitions/merge.js';

describe('deepMerge (Seaworthy-style base/override merging)', () => {
  it('merges nested objects key by key', () => {
    const base = { Image: 'a', HostConfig: { Memory: 1, Init: false }, Labels: { x: '1' } };
    expect(deepMerge(base, { HostConfig: { Init: true }, Labels: { y: '2' } })).toEqual({
      Image: 'a',
      HostConfig: { Memory: 1, Init: true },
      Labels: { x: '1', y: '2' },
    });
  });

  it('replaces arrays and scalars instead of merging them', () => {
    expect(deepMerge({ Cmd: ['a', 'b'], Tty: false }, { Cmd: ['c'], Tty: true })).toEqual({ Cmd: ['c'], Tty: true });
  });

  it('leaves the base alone for undefined and deletes keys set to null', () => {
    expect(deepMerge({ a: 1, b: { c: 2, d: 3 } }, { a: undefined, b: { d: null } })).toEqual({ a: 1, b: { c: 2 } });
  });

  it('applies several patches left to right, skipping undefined ones', () => {
    expect(deepMerge({ a: 1 }, { a: 2, b: 1 }, undefined, { b: 2 })).toEqual({ a: 2, b: 2 });
  });

  it('does not modify its inputs', () => {
    const base = { nested: { a: 1 } };
    const patch = { nested: { b: 2 } };
    deepMerge(base, patch);
    expect(base).toEqual({ nested: { a: 1 } });
    expect(patch).toEqual({ nested: { b: 2 } });
  });

  it('replaces a plain object with a class instance rather than merging into it', () => {
    const when = new Date(0);
    expect(deepMerge({ at: { x: 1 } }, { at: when }).at).toBe(when);
  });
});

describe('deepMerge input checks', () => {
  it('rejects a base or patch that is not a plain object, naming the argument', async () => {
    const { InvalidOptionError } = await import('../../../src/errors/index.js');
    expect(() => deepMerge({}, 'text' as never)).toThrow(InvalidOptionError);
    expect(() => deepMerge({}, 'text' as never)).toThrow('`deepMerge patches[0]`: "text" must be a plain object');
    expect(() => deepMerge({}, undefined, [1] as never)).toThrow('`deepMerge patches[1]`');
    expect(() => deepMerge('text' as never, {})).toThrow('`deepMerge base`');
  });
});
