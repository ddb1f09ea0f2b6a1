import { runInNewContext } from 'node:vm';
import pRetry from 'p-retry';
import { describe, expect, it } from 'vitest';
import { asLocalError, withLocalErrors } from '../../../src/engine/local-error.js';

/** An Error made in another realm, as Node's own errors look inside Jest's sandbox. */
const foreign = (): unknown => runInNewContext("Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })");

describe('asLocalError', () => {
  it('wraps an Error of another realm, keeping message, code and cause', () => {
    const original = foreign();
    expect(original instanceof Error).toBe(false);
    const local = asLocalError(original);
    expect(local).toBeInstanceOf(Error);
    expect(local.message).toBe('read ECONNRESET');
    expect((local as Error & { code?: string }).code).toBe('ECONNRESET');
    expect(local.cause).toBe(original);
  });

  it('returns a local Error as it is, and makes one of anything else', () => {
    const mine = new Error('x');
    expect(asLocalError(mine)).toBe(mine);
    expect(asLocalError('plain string').message).toBe('plain string');
  });

  it('lets p-retry try again after a foreign error, where it would stop with "Non-error was thrown"', async () => {
    let calls = 0;
    const attempt = async () => {
      calls += 1;
      if (calls < 3) throw foreign();
      return 'done';
    };
    await expect(pRetry(attempt, { retries: 5, minTimeout: 1 })).rejects.toThrow(/Non-error/);
    calls = 0;
    await expect(pRetry(withLocalErrors(attempt), { retries: 5, minTimeout: 1 })).resolves.toBe('done');
    expect(calls).toBe(3);
  });
});
