import { beforeAll, describe, expect, it } from 'vitest';
import { PID_NAMESPACE_LABEL } from '../../../src/labels.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { expectSweptWithin10s, resourcesIn, total, until, useChildRuns, watchdogPids } from './support.js';

/**
 * The test process dies without tearing down: SIGKILL, a crash, an exit
 * without teardown, a setup that throws with nothing to catch it. Its
 * watchdog must remove everything within 10 s, and then exit.
 */
let engine: Engine;
beforeAll(async () => {
  engine = await Engine.connect();
});

const run = useChildRuns();

describe('when the test process dies without teardown', () => {
  it('removes the container, networks and volume of a process killed with SIGKILL during a test', async () => {
    const child = run({ phase: 'test', teardown: 'none' });
    await child.said('ready');
    // The logger, the named network and the default one, the volume.
    expect(await resourcesIn(engine, child.namespace)).toMatchObject({
      containers: [expect.any(String)],
      networks: [expect.any(String), expect.any(String)],
      volumes: [expect.any(String)],
    });
    expect(watchdogPids(child.namespace)).toHaveLength(1);
    const killedAt = Date.now();
    child.child.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectSweptWithin10s(engine, child, killedAt);
  });

  it('removes a fault sidecar with the container it shapes, when the process that applied the fault is SIGKILLed', async () => {
    const child = run({ phase: 'test', teardown: 'none', fault: true });
    await child.said('ready');
    // The logger and its sidecar, which shares its network namespace.
    const { containers } = await resourcesIn(engine, child.namespace);
    expect(containers).toHaveLength(2);
    const sidecars = await engine.listByLabel(`dev.seaworthy.faults.target=${child.namespace}_logger`);
    expect(sidecars.containers).toHaveLength(1);
    const killedAt = Date.now();
    child.child.kill('SIGKILL');
    expect(await child.exited).toEqual({ code: null, signal: 'SIGKILL' });
    await expectSweptWithin10s(engine, child, killedAt);
  });

  it('removes what a process killed with SIGKILL during setup had made so far', async () => {
    const child = run({ phase: 'setup', teardown: 'none' });
    await child.said('setting-up');
    // The container that never becomes ready exists: we are in the middle of its setup.
    await until(async () => (await resourcesIn(engine, child.namespace)).containers.length === 2, 'two containers');
    const killedAt = Date.now();
    child.child.kill('SIGKILL');
    await child.exited;
    await expectSweptWithin10s(engine, child, killedAt);
  });

  it('removes everything when the process crashes (an uncaught exception, exit code 1)', async () => {
    const child = run({ phase: 'test', teardown: 'none', crash: true });
    expect((await child.exited).code).toBe(1);
    const exitedAt = Date.now();
    expect(child.stderr).toContain('the test crashed');
    await expectSweptWithin10s(engine, child, exitedAt);
  });

  it('removes everything when the process calls process.exit() without tearing down', async () => {
    const child = run({ phase: 'test', teardown: 'none', exit: true });
    expect(await child.exited).toEqual({ code: 3, signal: null });
    const exitedAt = Date.now();
    expect(child.events.map((e) => e.event)).toContain('ready');
    await expectSweptWithin10s(engine, child, exitedAt);
  });

  it('removes everything when setup throws and nothing tears down', async () => {
    const child = run({ phase: 'throw', teardown: 'none' });
    expect((await child.exited).code).toBe(1);
    const exitedAt = Date.now();
    expect(child.stderr).toContain('ContainerExitedError');
    await expectSweptWithin10s(engine, child, exitedAt);
  });
});

describe('when setup throws and teardown runs', () => {
  it('everything is gone when the process exits, and the watchdog leaves without sweeping', async () => {
    const child = run({ phase: 'throw', teardown: 'finally' });
    expect((await child.exited).code).toBe(1);
    expect(child.events.map((e) => e.event)).toContain('torn-down');
    expect(child.stderr).toContain('ContainerExitedError');
    expect(total(await resourcesIn(engine, child.namespace))).toBe(0);
    await until(() => watchdogPids(child.namespace).length === 0, 'the watchdog to exit');
    expect(await child.log()).toEqual([]);
  });
});

describe('after a normal teardown', () => {
  it('the watchdog exits without removing anything, even what carries its own labels', async () => {
    const child = run({ phase: 'test', teardown: 'finally' });
    await child.said('ready');
    const namespace = child.namespace;
    // A volume the helper does not track, labelled exactly like its own (namespace, pid, host, helper id):
    // a watchdog that swept would remove it. Its PID namespace label differs, so no reaper takes it for a
    // dead run's.
    const decoy = `${namespace}_decoy`;
    await engine.createVolume({
      Name: decoy,
      Labels: { ...child.labels, [LABELS.definition]: 'decoy', [PID_NAMESPACE_LABEL]: 'pid:[decoy]' },
    });
    try {
      expect(watchdogPids(namespace)).toHaveLength(1);
      child.child.stdin.end(); // the "test" ends: teardown, then a normal exit
      expect(await child.exited).toEqual({ code: 0, signal: null });
      expect(child.events.map((e) => e.event)).toContain('torn-down');
      // The watchdog was told "done" at teardown: it is gone, so nothing can remove the decoy any more.
      await until(() => watchdogPids(namespace).length === 0, 'the watchdog to exit');
      expect(await resourcesIn(engine, namespace)).toEqual({ containers: [], networks: [], volumes: [decoy] });
      expect(await child.log()).toEqual([]);
    } finally {
      await engine.removeVolume(decoy).catch(() => undefined);
    }
  });
});
