import { describe, expect, it } from 'vitest';
import { logLine, logLines } from '../../../src/waits/log.js';
import { FakeLogs, fakeContext } from '../fake-context.js';

describe('log waits', () => {
  it('counts lines captured before the wait began', async () => {
    const logs = new FakeLogs();
    logs.push('server ready');
    await logLine('ready').wait(fakeContext(logs));
    expect(logs.subscribers).toBe(0);
  });

  it('resolves on a later line and then unsubscribes', async () => {
    const logs = new FakeLogs();
    const progress: string[] = [];
    const done = logLines(['a', 'b']).wait(fakeContext(logs, undefined, progress));
    logs.push('a');
    expect(progress.at(-1)).toBe('matched 1 of 2; waiting for "b"');
    logs.push('b');
    await done;
    expect(logs.subscribers).toBe(0);
  });

  it('looks at one stream only when asked', async () => {
    const logs = new FakeLogs();
    let resolved = false;
    const done = logLine('oops', { stream: 'stderr' })
      .wait(fakeContext(logs))
      .then(() => {
        resolved = true;
      });
    logs.push('oops', 'stdout');
    await new Promise((r) => setImmediate(r));
    expect(resolved).toBe(false);
    logs.push('oops', 'stderr');
    await done;
    expect(resolved).toBe(true);
  });

  it('unsubscribes when the wait is aborted', async () => {
    const logs = new FakeLogs();
    const controller = new AbortController();
    void logLine('never').wait(fakeContext(logs, controller.signal));
    expect(logs.subscribers).toBe(1);
    controller.abort();
    expect(logs.subscribers).toBe(0);
  });

  it('describes itself for error messages', () => {
    expect(logLine(/ready/, { times: 2 }).description).toBe('log line /ready/ 2 times');
    expect(logLines(['a', /b/], { ordered: false }).description).toBe('log lines "a", /b/ (any order)');
  });
});
