import { describe, expect, it } from 'vitest';
import { ContainerDefinition, InvalidOptionError, WarmPool, WarmPoolStartError } from '../../../src/index.js';

const def = (name: string) => new ContainerDefinition(name, { image: 'x' });

describe('WarmPool options', () => {
  it('takes a whole number of spares, at least 1', () => {
    expect(new WarmPool(def('box'), { size: 1 }).size).toBe(1);
    expect(new WarmPool(def('box'), { size: 4 }).size).toBe(4);
    for (const size of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '2', undefined]) {
      expect(() => new WarmPool(def('box'), { size } as never), String(size)).toThrow(InvalidOptionError);
    }
    expect(() => new WarmPool(def('box'), { size: 0 })).toThrow(/invalid option `size`: 0 must be a whole number/);
  });

  it('names a misspelt option, and wants a ContainerDefinition', () => {
    expect(() => new WarmPool(def('box'), { size: 1, sise: 2 } as never)).toThrow(/WarmPool.sise.*did you mean `size`/);
    expect(() => new WarmPool({ name: 'box' } as never, { size: 1 })).toThrow(InvalidOptionError);
    expect(() => new WarmPool(def('box'), undefined as never)).toThrow(/new WarmPool\(definition, \{ size: 2 \}\)/);
  });
});

describe('WarmPoolStartError', () => {
  it('names the definition, the attempts and an earlier spare failure, and keeps the last as cause', () => {
    const last = new Error('container exited with code 3');
    const error = new WarmPoolStartError('box', 2, last, new Error('wait timed out'));
    expect(error.code).toBe('SEAWORTHY_WARM_POOL_START_FAILED');
    expect(error.cause).toBe(last);
    expect(error.message).toContain("the warm pool of 'box' could not hand out a started container: 2 starts failed");
    expect(error.message).toContain('The last failure: container exited with code 3');
    expect(error.message).toContain('Before that, a spare failed: wait timed out');
    expect(new WarmPoolStartError('box', 1, last, last).message).not.toContain('Before that');
  });
});
