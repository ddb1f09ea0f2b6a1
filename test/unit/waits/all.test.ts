import { describe, expect, it } from 'vitest';
import { InvalidOptionError, WaitTimeoutError } from '../../../src/errors/index.js';
import type { WaitStrategy } from '../../../src/resources/handles/readiness.js';
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

  it('joins descriptions, has no limit of its own, and needs at least one strategy', () => {
    const combined = all(logLine('a', { timeoutMs: 10 }), logLine('b', { timeoutMs: 20 }));
    expect(combined.description).toBe('log line "a" and log line "b"');
    // The outer limit (startupTimeoutMs or waitFor's timeoutMs) applies to the whole; inner limits to each.
    expect(combined.timeoutMs).toBeUndefined();
    expect(() => all()).toThrow(InvalidOptionError);
    expect(() => all(logLine('a'), {} as WaitStrategy)).toThrow('`all[1]`');
  });

  it("applies an inner strategy's own timeoutMs to that strategy, naming it and its limit", async () => {
    const logs = new FakeLogs();
    logs.push('booting');
    let innerSignal: AbortSignal | undefined;
    const watching: WaitStrategy = {
      description: 'watcher',
      wait: (ctx) => {
        innerSignal = ctx.signal;
        return new Promise(() => {});
      },
    };
    const error = await all(watching, logLine('never', { timeoutMs: 30 }))
      .wait(fakeContext(logs))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.waitingFor).toBe('log line "never" (no line matched yet), within its own timeoutMs of 30 ms');
    expect(timeout.lastLogLines).toEqual(['booting']);
    // The strategy without a limit of its own is still running: only the outer wait ends it.
    expect(innerSignal?.aborted).toBe(false);
  });

  it('stops an inner strategy under its own limit when the outer wait ends', async () => {
    const outer = new AbortController();
    let innerSignal: AbortSignal | undefined;
    const limited: WaitStrategy = {
      description: 'limited',
      timeoutMs: 60_000,
      wait: (ctx) => {
        innerSignal = ctx.signal;
        return new Promise(() => {});
      },
    };
    const pending = all(limited).wait(fakeContext(new FakeLogs(), outer.signal));
    await new Promise((r) => setImmediate(r));
    expect(innerSignal?.aborted).toBe(false);
    outer.abort(new Error('outer over'));
    expect(innerSignal?.aborted).toBe(true);
    void pending.catch(() => undefined);
  });
});
