import { describe, expect, it } from 'vitest';
import {
  ContainerExitedError,
  InvalidOptionError,
  WaitAbortedError,
  WaitTimeoutError,
} from '../../../src/errors/index.js';
import {
  assertTimeout,
  DEFAULT_WAIT_TIMEOUT_MS,
  type ExitInfo,
  runWait,
  type WaitStrategy,
  waitLimit,
} from '../../../src/resources/handles/readiness.js';
import { FakeLogs, fakeContext } from '../fake-context.js';

const never = new Promise<ExitInfo>(() => {});

function strategy(wait: WaitStrategy['wait'], timeoutMs?: number): WaitStrategy {
  return { description: 'the thing', wait, ...(timeoutMs ? { timeoutMs } : {}) };
}

describe('runWait', () => {
  it('resolves when the strategy does, and aborts its signal afterwards', async () => {
    let seen: AbortSignal | undefined;
    await runWait(
      strategy(async (ctx) => {
        seen = ctx.signal;
      }),
      (signal) => fakeContext(new FakeLogs(), signal),
      'c',
      new FakeLogs(),
      { timeoutMs: 1_000, exited: never },
    );
    expect(seen?.aborted).toBe(true);
  });

  it('times out with the last log lines, the time waited and the progress reached', async () => {
    const logs = new FakeLogs();
    logs.push('booting');
    logs.push('still booting');
    let signal: AbortSignal | undefined;
    const error = await runWait(
      strategy((ctx) => {
        signal = ctx.signal;
        ctx.progress('2 of 3 done');
        return new Promise(() => {});
      }),
      (s, progress) => ({ ...fakeContext(logs, s), progress }),
      'db',
      logs,
      { timeoutMs: 50, exited: never },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.code).toBe('SEAWORTHY_WAIT_TIMEOUT');
    expect(timeout.waitedMs).toBeGreaterThanOrEqual(49);
    expect(timeout.lastLogLines).toEqual(['booting', 'still booting']);
    expect(timeout.message).toMatch(
      /^container 'db' was not ready after \d+ ms: still waiting for the thing \(2 of 3 done\)/,
    );
    expect(timeout.message).toContain('  | still booting');
    expect(signal?.aborted).toBe(true);
  });

  it('uses the strategy timeout over the default', async () => {
    const error = await runWait(
      strategy(() => new Promise(() => {}), 30),
      (s) => fakeContext(new FakeLogs(), s),
      'c',
      new FakeLogs(),
      { timeoutMs: 60_000, exited: never },
    ).catch((e: unknown) => e);
    expect((error as WaitTimeoutError).waitedMs).toBeLessThan(60_000);
  });

  it('lets a shorter caller limit (startupTimeoutMs) win over a longer own timeoutMs, and says which applied', async () => {
    const error = await runWait(
      strategy(() => new Promise(() => {}), 60_000),
      (s) => fakeContext(new FakeLogs(), s),
      'c',
      new FakeLogs(),
      { timeoutMs: 30, timeoutOption: 'startupTimeoutMs', exited: never },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).waitingFor).toBe('the thing, within startupTimeoutMs of 30 ms');
  });

  it('rejects a caller limit over 2^31 − 1 ms before waiting', async () => {
    const error = await runWait(
      strategy(() => new Promise(() => {})),
      (s) => fakeContext(new FakeLogs(), s),
      'c',
      new FakeLogs(),
      { timeoutMs: 3e9, timeoutOption: 'startupTimeoutMs', exited: never },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe('startupTimeoutMs');
    expect((error as Error).message).toContain('2147483647 ms');
  });

  it('fails fast with the exit code and OOM flag when the container exits first', async () => {
    const logs = new FakeLogs();
    logs.push('fatal: no config', 'stderr');
    const error = await runWait(
      strategy(() => new Promise(() => {})),
      (s) => fakeContext(logs, s),
      'app',
      logs,
      { timeoutMs: 60_000, exited: Promise.resolve({ exitCode: 137, oomKilled: true }) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_CONTAINER_EXITED', exitCode: 137, oomKilled: true });
    expect((error as Error).message).toContain('was killed for running out of memory');
    expect((error as ContainerExitedError).lastLogLines).toEqual(['fatal: no config']);
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = runWait(
      strategy(() => new Promise(() => {})),
      (s) => fakeContext(new FakeLogs(), s),
      'c',
      new FakeLogs(),
      { timeoutMs: 60_000, exited: never, signal: controller.signal },
    );
    controller.abort(new Error('enough'));
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect((error as WaitAbortedError).code).toBe('SEAWORTHY_WAIT_ABORTED');
  });

  it("passes on the strategy's own failure", async () => {
    const boom = new Error('bad answer');
    await expect(
      runWait(
        strategy(async () => {
          throw boom;
        }),
        (s) => fakeContext(new FakeLogs(), s),
        'c',
        new FakeLogs(),
        { timeoutMs: 1_000, exited: never },
      ),
    ).rejects.toBe(boom);
  });
});

describe('assertTimeout', () => {
  it('accepts positive finite numbers up to 2^31 − 1 only', () => {
    expect(() => assertTimeout('t', 1)).not.toThrow();
    expect(() => assertTimeout('t', 2 ** 31 - 1)).not.toThrow();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '5', 2 ** 31, 2.5e9]) {
      expect(() => assertTimeout('t', bad), String(bad)).toThrow(InvalidOptionError);
    }
  });
});

describe('waitLimit', () => {
  it('takes the shortest of the caller limit and the own one; the default only when neither is set', () => {
    expect(waitLimit(undefined, undefined, 'startupTimeoutMs')).toEqual({
      ms: DEFAULT_WAIT_TIMEOUT_MS,
      source: 'the default startupTimeoutMs',
    });
    expect(waitLimit(120_000, undefined, 'startupTimeoutMs')).toEqual({
      ms: 120_000,
      source: "the wait's own timeoutMs",
    });
    expect(waitLimit(120_000, 5_000, 'startupTimeoutMs')).toEqual({ ms: 5_000, source: 'startupTimeoutMs' });
    expect(waitLimit(1_000, 5_000, 'timeoutMs')).toEqual({ ms: 1_000, source: "the wait's own timeoutMs" });
  });
});
