import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors.js';
import type { WaitStrategy } from '../../../src/resources/readiness.js';
import { all } from '../../../src/waits/all.js';
import { logLine } from '../../../src/waits/log.js';
import { FakeLogs, fakeContext } from '../fake-context.js';

describe('all()', () => {
  it('resolves only when every strategy has', async () => {
    const logs = new FakeLogs();
    let done = false;
    const pending = all(logLine('a'), logLine('b'))
      .wait(fakeContext(logs))
      .then(() => {
        done = true;
      });
    logs.push('a');
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(false);
    logs.push('b');
    await pending;
    expect(done).toBe(true);
  });

  it('fails with the first failure', async () => {
    const failing: WaitStrategy = {
      description: 'broken',
      wait: async () => {
        throw new Error('broken');
      },
    };
    await expect(all(logLine('never'), failing).wait(fakeContext(new FakeLogs()))).rejects.toThrow('broken');
  });

  it('joins descriptions, takes the longest own timeout, and needs at least one strategy', () => {
    const combined = all(logLine('a', { timeoutMs: 10 }), logLine('b', { timeoutMs: 20 }));
    expect(combined.description).toBe('log line "a" and log line "b"');
    expect(combined.timeoutMs).toBe(20);
    expect(() => all()).toThrow(InvalidOptionError);
  });
});
