import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../../../src/debug/logger.js';
import { traceWait } from '../../../src/debug/wait-trace.js';

function fakeLogger(enabled = true) {
  const lines: string[] = [];
  const log = Object.assign(
    (format: string, ...args: unknown[]) => {
      let i = 0;
      lines.push(format.replace(/%[sd]/g, () => String(args[i++])));
    },
    { enabled, namespace: 'seaworthy:wait' },
  ) as Logger;
  return { log, lines };
}

describe('traceWait', () => {
  it('logs the start, changes at most once a second, the same text every five seconds, and the outcome', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const { log, lines } = fakeLogger();
      const trace = traceWait('db', 'port 5432/tcp', 30_000, log);
      trace.progress('nothing listening'); // shown: the first
      vi.advanceTimersByTime(100);
      trace.progress('still starting'); // a change, but within a second
      vi.advanceTimersByTime(1_000);
      trace.progress('still starting'); // now shown
      vi.advanceTimersByTime(2_000);
      trace.progress('still starting'); // unchanged, under five seconds
      vi.advanceTimersByTime(3_000);
      trace.progress('still starting'); // unchanged, five seconds on
      trace.end();
      expect(lines).toEqual([
        'db: waiting for port 5432/tcp (limit 30000 ms)',
        'db: nothing listening after 0 ms (1 report since the last line)',
        'db: still starting after 1100 ms (2 reports since the last line)',
        'db: still starting after 6100 ms (2 reports since the last line)',
        'db: ready (port 5432/tcp) after 6100 ms',
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('logs a failure with its error name and first message line, redacted', () => {
    const { log, lines } = fakeLogger();
    const trace = traceWait('api', 'HTTP 200 from GET :80/', 5_000, log);
    const error = Object.assign(new Error('gave up on redis://:hunter2@cache:6379\nlast lines: …'), {
      name: 'WaitTimeoutError',
    });
    trace.end(error);
    expect(lines[1]).toMatch(
      /^api: wait failed after \d+ ms: WaitTimeoutError: gave up on redis:\/\/:\*\*\*@cache:6379$/,
    );
  });

  it('does nothing while the namespace is off', () => {
    const { log, lines } = fakeLogger(false);
    const trace = traceWait('db', 'x', 1, log);
    trace.progress('a');
    trace.end(new Error('b'));
    expect(lines).toEqual([]);
  });
});
