import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { type LogsOptions, logQuery } from '../../../src/resources/handles/log-query.js';

describe('logQuery', () => {
  it('asks for both streams and nothing else by default', () => {
    expect(logQuery({})).toEqual({});
  });

  it('turns a stream choice into the engine flags', () => {
    expect(logQuery({ streams: 'stdout' })).toEqual({ stdout: true, stderr: false });
    expect(logQuery({ streams: 'stderr' })).toEqual({ stdout: false, stderr: true });
    expect(logQuery({ streams: 'both' })).toEqual({});
  });

  it('sends a Date as Unix seconds exact to the millisecond, and seconds as given', () => {
    expect(logQuery({ since: new Date(1_733_226_473_045), until: new Date(1_733_226_474_000) })).toEqual({
      since: '1733226473.045',
      until: '1733226474.000',
    });
    expect(logQuery({ since: 1_733_226_473, until: 1_733_226_473.5 })).toEqual({
      since: '1733226473',
      until: '1733226473.500000000',
    });
  });

  it('passes tail and timestamps', () => {
    expect(logQuery({ tail: 0, timestamps: true })).toEqual({ tail: 0, timestamps: true });
  });

  it.each<[string, LogsOptions]>([
    ['since', { since: new Date(2_000_000), until: new Date(1_000_000) }],
    ['since', { since: 20, until: 10 }],
    ['since', { since: new Date(Number.NaN) }],
    ['until', { until: -1 }],
    ['until', { until: Number.POSITIVE_INFINITY }],
    ['since', { since: '10m' as never }],
    ['streams', { streams: 'all' as never }],
    ['tail', { tail: -1 }],
    ['tail', { tail: 1.5 }],
    ['timestamps', { timestamps: 'yes' as never }],
  ])('refuses a bad %s with InvalidOptionError naming it', (option, options) => {
    let error: unknown;
    try {
      logQuery(options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });

  it('says why a since after until is refused', () => {
    expect(() => logQuery({ since: 20, until: 10 })).toThrow(/since \(20\) is after until \(10\)/);
  });
});
