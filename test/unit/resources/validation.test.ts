import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { HttpClient } from '../../../src/http/http-client.js';
import { useContainers } from '../../../src/jest/use-containers.js';
import { assertDuration, describeValue, MAX_DURATION_MS } from '../../../src/options/duration.js';
import { waitFor } from '../../../src/waits/index.js';

describe('assertDuration: the one check for every duration option', () => {
  it('accepts finite milliseconds above 0 up to 2^31 − 1', () => {
    expect(MAX_DURATION_MS).toBe(2_147_483_647);
    for (const ok of [0.5, 1, 30_000, MAX_DURATION_MS]) expect(() => assertDuration('t', ok), String(ok)).not.toThrow();
  });

  it('rejects the rest, naming the option, the value as given and the limit', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5', null, MAX_DURATION_MS + 1, 3e9]) {
      expect(() => assertDuration('x.timeoutMs', bad), String(bad)).toThrow(InvalidOptionError);
    }
    expect(() => assertDuration('x.timeoutMs', 3e9)).toThrow(
      'invalid option `x.timeoutMs`: 3000000000 ms is too long: durations are limited to 2147483647 ms',
    );
    expect(() => assertDuration('x.timeoutMs', Number.NaN)).toThrow('NaN is not a number of milliseconds');
  });

  it('takes 0 only where allowed, and a minimum where the engine needs one', () => {
    expect(() => assertDuration('t', 0, { allowZero: true })).not.toThrow();
    expect(() => assertDuration('t', -1, { allowZero: true })).toThrow('must be 0 or more milliseconds');
    expect(() => assertDuration('t', 0.5, { min: 1 })).toThrow('at least 1 ms');
    expect(() => assertDuration('t', 0, { min: 1, allowZero: true })).not.toThrow();
  });

  it('guards the duration options outside container definitions too', () => {
    expect(() => new HttpClient('http://127.0.0.1:1', { timeoutMs: 3e9 })).toThrow('`httpClient timeoutMs`');
    for (const make of [
      () => waitFor.logLine(/x/, { timeoutMs: 2.5e9 }),
      () => waitFor.http({ port: 80, requestTimeoutMs: 0 }),
      () => waitFor.port(80, { maxIntervalMs: 3e9 }),
      () => waitFor.command(['true'], { minIntervalMs: -1 }),
      () => waitFor.healthy({ timeoutMs: Number.NaN }),
    ]) {
      expect(make).toThrow(InvalidOptionError);
    }
    const hook = () => undefined;
    const hooks = { beforeAll: hook, afterAll: hook, beforeEach: hook, afterEach: hook };
    expect(() => useContainers({}, { hooks, hookTimeoutMs: 3e9 })).toThrow('`useContainers hookTimeoutMs`');
  });
});

describe('describeValue', () => {
  it('shows values as the caller wrote them', () => {
    expect(describeValue(Number.NaN)).toBe('NaN');
    expect(describeValue('8080')).toBe('"8080"');
    expect(describeValue(undefined)).toBe('undefined');
    expect(describeValue({ 8080: 8080 })).toBe('{"8080":8080}');
  });
});
