import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors.js';
import { assertValidName } from '../../../src/resources/definitions/validation.js';
import { defaultNamespace, defaultSession } from '../../../src/resources/helper/namespace.js';

describe('namespaces and sessions', () => {
  it('takes the session from SEAWORTHY_SESSION_ID, validated, or makes a random one', () => {
    expect(defaultSession({ SEAWORTHY_SESSION_ID: 'run42' })).toBe('run42');
    expect(() => defaultSession({ SEAWORTHY_SESSION_ID: 'bad id' })).toThrow(InvalidOptionError);
    expect(defaultSession({})).toMatch(/^[0-9a-f]{8}$/);
    expect(defaultSession({})).not.toBe(defaultSession({}));
  });

  it('derives the namespace from the session and the worker, unique per helper', () => {
    expect(defaultNamespace('abcdef1234', { VITEST_WORKER_ID: '3' })).toMatch(/^sw-abcdef12-w3-[0-9a-f]{4}$/);
    expect(defaultNamespace('s', { JEST_WORKER_ID: '2' })).toMatch(/^sw-s-w2-/);
    expect(defaultNamespace('s', {})).toMatch(/^sw-s-w0-/);
    expect(defaultNamespace('s', {})).not.toBe(defaultNamespace('s', {}));
  });

  it('accepts Docker-valid names only', () => {
    expect(() => assertValidName('name', 'web_1.a-b')).not.toThrow();
    for (const bad of ['', '-lead', 'with space', 'slash/x', 42]) {
      expect(() => assertValidName('name', bad), String(bad)).toThrow(InvalidOptionError);
    }
  });
});
