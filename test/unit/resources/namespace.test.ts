import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { assertValidName } from '../../../src/resources/definitions/validation.js';
import { defaultNamespace, defaultSession, sessionTag } from '../../../src/resources/helper/namespace.js';

describe('namespaces and sessions', () => {
  it('takes the session from SEAWORTHY_SESSION_ID, validated, or makes a random one', () => {
    expect(defaultSession({ SEAWORTHY_SESSION_ID: 'run42' })).toBe('run42');
    expect(() => defaultSession({ SEAWORTHY_SESSION_ID: 'bad id' })).toThrow(InvalidOptionError);
    expect(defaultSession({})).toMatch(/^[0-9a-f]{8}$/);
    expect(defaultSession({})).not.toBe(defaultSession({}));
  });

  it('derives the namespace from the whole session and the worker, unique per helper', () => {
    const tag = sessionTag('abcdef1234');
    expect(tag).toMatch(/^[0-9a-f]{8}$/);
    expect(defaultNamespace('abcdef1234', { VITEST_WORKER_ID: '3' })).toMatch(
      new RegExp(`^sw-${tag}-w3-[0-9a-f]{12}$`),
    );
    expect(defaultNamespace('s', { JEST_WORKER_ID: '2' })).toMatch(new RegExp(`^sw-${sessionTag('s')}-w2-`));
    expect(defaultNamespace('s', {})).toMatch(new RegExp(`^sw-${sessionTag('s')}-w0-`));
    expect(defaultNamespace('s', {})).not.toBe(defaultNamespace('s', {}));
  });

  it('keeps apart sessions that share a long prefix', () => {
    const prefix = 'ci-pipeline-2026-12-03-build';
    const a = defaultNamespace(`${prefix}-1`, { VITEST_WORKER_ID: '1' });
    const b = defaultNamespace(`${prefix}-2`, { VITEST_WORKER_ID: '1' });
    // The session parts differ, not only the random parts.
    expect(a.split('-')[1]).not.toBe(b.split('-')[1]);
    expect(sessionTag(`${prefix}-1`)).not.toBe(sessionTag(`${prefix}-2`));
  });

  it('gives many helpers of one session and worker distinct, Docker-valid, short namespaces', () => {
    const made = Array.from({ length: 10_000 }, () => defaultNamespace('one-run', { VITEST_WORKER_ID: '12' }));
    expect(new Set(made).size).toBe(made.length);
    for (const namespace of made.slice(0, 100)) {
      expect(() => assertValidName('namespace', namespace)).not.toThrow();
      expect(namespace.length).toBeLessThanOrEqual(35);
    }
  });

  it('gives many sessions distinct session tags', () => {
    const tags = Array.from({ length: 20_000 }, (_, i) => sessionTag(`session-with-a-shared-prefix-${i}`));
    expect(new Set(tags).size).toBe(tags.length);
  });

  it('accepts Docker-valid names only', () => {
    expect(() => assertValidName('name', 'web_1.a-b')).not.toThrow();
    for (const bad of ['', '-lead', 'with space', 'slash/x', 42]) {
      expect(() => assertValidName('name', bad), String(bad)).toThrow(InvalidOptionError);
    }
  });
});
