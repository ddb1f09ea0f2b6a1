import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContainerDefinition, DockerHelper, TeardownError, VolumeDefinition, waitFor } from '../../../src/index.js';
import { Engine } from '../../../src/tools.js';
import { expectSweptWithin10s, resourcesIn, total, until, useChildRuns } from './support.js';

/** Two runs on one daemon at once: cleaning up after one never touches the other. */
let engine: Engine;
let helper: DockerHelper;
beforeAll(async () => {
  engine = await Engine.connect();
  // This test process is a live run too, in the same session as its children.
  helper = await DockerHelper.create();
});
afterAll(() => helper.teardown());

const run = useChildRuns();

describe('two runs at once', () => {
  it('killing one with SIGKILL leaves every resource of the others alone, even in the same session', async () => {
    const doomed = run({ phase: 'test', teardown: 'none' });
    const survivor = run({ phase: 'test', teardown: 'finally' });
    await Promise.all([doomed.said('ready'), survivor.said('ready')]);
    const before = await resourcesIn(engine, survivor.namespace);
    expect(total(before)).toBe(4);
    const killedAt = Date.now();
    doomed.child.kill('SIGKILL');
    // A third run (this process, same session) starts a container while the doomed one's watchdog sweeps.
    const late = await new ContainerDefinition('late', {
      image: 'seaworthy-fixture/logger:latest',
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    await expectSweptWithin10s(engine, doomed, killedAt);
    // The doomed run's watchdog has finished; the survivor's resources are all still there, and so is the late one.
    expect(await resourcesIn(engine, survivor.namespace)).toEqual(before);
    expect((await late.state()).running).toBe(true);
    survivor.child.stdin.end();
    expect(await survivor.exited).toEqual({ code: 0, signal: null });
    expect(total(await resourcesIn(engine, survivor.namespace))).toBe(0);
  });

  it('a helper that reuses a namespace in the same process is safe from the watchdog of the one before it', async () => {
    const namespace = `sw-reuse-${randomBytes(3).toString('hex')}`;
    const logs = await mkdtemp(join(tmpdir(), 'sw-reuse-'));
    const logFile = join(logs, 'first.log');
    const watchdogLog = async () => (await readFile(logFile, 'utf8').catch(() => '')).split('\n').filter(Boolean);
    const first = await DockerHelper.create({
      namespace,
      cleanup: { reap: false },
      env: { ...process.env, SEAWORTHY_CLEANUP_LOG: logFile },
    });
    const data = await new VolumeDefinition('data').setup(first);
    // A container seaworthy does not own keeps the volume in use, so the first helper's teardown fails, and
    // its watchdog goes on trying to remove the volume: it sweeps `namespace`, with this process's pid.
    const blocker = await engine.createContainer(`${namespace}-blocker`, {
      Image: 'seaworthy-fixture/logger:latest',
      HostConfig: { NetworkMode: 'none', Mounts: [{ Type: 'volume', Source: data.name, Target: '/data' }] },
    });
    try {
      await expect(first.teardown()).rejects.toBeInstanceOf(TeardownError);
      await until(
        async () => (await watchdogLog()).some((line) => line.includes('"busy"')),
        'the first watchdog to sweep',
      );

      const second = await DockerHelper.create({ namespace, cleanup: { reap: false } });
      const box = await new ContainerDefinition('box', {
        image: 'seaworthy-fixture/logger:latest',
        wait: waitFor.logLine('ready'),
      }).setup(second);
      await engine.removeContainer(blocker);
      await until(
        async () => (await watchdogLog()).some((line) => line.includes('"finished"')),
        'the first watchdog to finish',
      );
      // The first watchdog removed its own volume, and nothing of the second helper's.
      expect((await resourcesIn(engine, namespace)).volumes).toEqual([]);
      expect((await box.state()).running).toBe(true);
      await second.teardown();
      expect(total(await resourcesIn(engine, namespace))).toBe(0);
    } finally {
      await engine.removeContainer(blocker).catch(() => undefined);
      await rm(logs, { recursive: true, force: true });
    }
  });
});
