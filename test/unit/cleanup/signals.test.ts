import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type SignalTarget, type TeardownSignal, teardownOnSignals } from '../../../src/cleanup/signals.js';

/** A stand-in for `process`: records kill() and exit() instead of doing them. */
class FakeProcess extends EventEmitter implements SignalTarget {
  readonly pid = 4242;
  readonly killed: string[] = [];
  readonly exited: number[] = [];
  kill(pid: number, signal: TeardownSignal) {
    this.killed.push(`${pid} ${signal}`);
    return true;
  }
  exit(code: number) {
    this.exited.push(code);
  }
  signal(signal: TeardownSignal) {
    this.emit(signal, signal);
  }
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('teardown on SIGINT and SIGTERM', () => {
  it('tears down every live helper, then re-raises the signal so the process dies by it', async () => {
    const target = new FakeProcess();
    const calls: string[] = [];
    const a = deferred();
    const b = deferred();
    teardownOnSignals(() => {
      calls.push('a');
      return a.promise;
    }, target);
    teardownOnSignals(() => {
      calls.push('b');
      return b.promise;
    }, target);
    target.signal('SIGINT');
    expect(calls).toEqual(['a', 'b']);
    // Listeners are off at once, so a second Ctrl-C takes the default path.
    expect(target.listenerCount('SIGINT')).toBe(0);
    expect(target.listenerCount('SIGTERM')).toBe(0);
    a.resolve();
    await tick();
    expect(target.killed).toEqual([]); // still waiting for b
    b.resolve();
    await tick();
    expect(target.killed).toEqual(['4242 SIGINT']);
    expect(target.exited).toEqual([]);
  });

  it('re-raises even when a teardown fails', async () => {
    const target = new FakeProcess();
    teardownOnSignals(() => Promise.reject(new Error('engine gone')), target);
    target.signal('SIGTERM');
    await tick();
    expect(target.killed).toEqual(['4242 SIGTERM']);
  });

  it('leaves the decision to another listener (a test runner) when there is one', async () => {
    const target = new FakeProcess();
    const runner: string[] = [];
    target.on('SIGTERM', (signal) => runner.push(signal));
    let tornDown = 0;
    teardownOnSignals(async () => {
      tornDown++;
    }, target);
    target.signal('SIGTERM');
    await tick();
    expect(tornDown).toBe(1);
    expect(runner).toEqual(['SIGTERM']);
    expect(target.killed).toEqual([]);
    expect(target.exited).toEqual([]);
    expect(target.listenerCount('SIGTERM')).toBe(1); // the runner's
  });

  it('exits with 128 + n if someone started listening during teardown', async () => {
    const target = new FakeProcess();
    const gate = deferred();
    teardownOnSignals(() => gate.promise, target);
    target.signal('SIGINT');
    target.on('SIGINT', () => {});
    gate.resolve();
    await tick();
    expect(target.killed).toEqual([]);
    expect(target.exited).toEqual([130]);
  });

  it('stops listening when the helper is torn down normally, and keeps the listener limit as it was', async () => {
    const target = new FakeProcess();
    const limit = target.getMaxListeners();
    let tornDown = 0;
    const stops = Array.from({ length: 12 }, () =>
      teardownOnSignals(async () => {
        tornDown++;
      }, target),
    );
    // Twelve live helpers: twelve listeners, no leak warning.
    expect(target.listenerCount('SIGINT')).toBe(12);
    expect(target.getMaxListeners()).toBe(limit + 12);
    for (const stop of stops) stop();
    stops[0]?.();
    expect(target.listenerCount('SIGINT')).toBe(0);
    expect(target.getMaxListeners()).toBe(limit);
    target.emit('SIGINT', 'SIGINT');
    await tick();
    expect(tornDown).toBe(0);
  });

  it('tears down through the real process: a child dies by the signal after its teardown ran', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'signal-child.ts')],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => output.includes('ready') && resolve());
      child.once('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    expect(output).toContain('torn down after SIGTERM');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
  });
});
