import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../src/tools.js';
import { resourcesIn, total, until, useChildRuns, watchdogPids } from './support.js';

/**
 * SIGINT (Ctrl-C) and SIGTERM (a CI job cancelled, `kill`): the helper tears
 * down before the process dies, and the process then dies by the same
 * signal, so whoever started it sees what they would have seen without us.
 * The child has no handler of its own, and never tears down by itself.
 */
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.connect();
});

const run = useChildRuns();

describe.each(['SIGINT', 'SIGTERM'] as const)('on %s', (signal) => {
  it('during a test: removes everything before the process exits, then dies by the signal', async () => {
    const child = run({ phase: 'test', teardown: 'none' });
    await child.said('ready');
    expect(total(await resourcesIn(engine, child.namespace))).toBe(4);
    child.child.kill(signal);
    expect(await child.exited).toEqual({ code: null, signal });
    // Checked once, right after the exit: nothing was left for anyone to remove later.
    expect(await resourcesIn(engine, child.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
    // The teardown released the watchdog: it exits without sweeping.
    await until(() => watchdogPids(child.namespace).length === 0, 'the watchdog to exit');
    expect(await child.log()).toEqual([]);
  });

  it('during setup: cancels the setup, removes everything before the process exits, then dies by the signal', async () => {
    // As a test runner would, the child reports the failed setup and goes on waiting.
    const child = run({ phase: 'setup', teardown: 'none', onError: 'wait' });
    await child.said('setting-up');
    // The container whose readiness wait never matches exists: we are in the middle of its setup.
    await until(async () => (await resourcesIn(engine, child.namespace)).containers.length === 2, 'two containers');
    child.child.kill(signal);
    expect(await child.exited).toEqual({ code: null, signal });
    expect(child.events.find((e) => e.event === 'failed')).toMatchObject({
      name: 'WaitAbortedError',
      code: 'SEAWORTHY_WAIT_ABORTED',
    });
    expect(await resourcesIn(engine, child.namespace)).toEqual({ containers: [], networks: [], volumes: [] });
    await until(() => watchdogPids(child.namespace).length === 0, 'the watchdog to exit');
    expect(await child.log()).toEqual([]);
  });
});
