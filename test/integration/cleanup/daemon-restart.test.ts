import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  EngineConnectionLostError,
  TeardownError,
  WaitTimeoutError,
  waitFor,
} from '../../../src/index.js';
import { Engine, LABELS } from '../../../src/tools.js';
import { type PrivateDaemon, usePrivateDaemon } from './private-daemon.js';
import { resourcesIn, runBuiltCli, total, until, useChildRuns } from './support.js';

/**
 * The daemon dies or restarts in the middle of a run. This uses a private
 * dockerd (private-daemon.sh) that only this file talks to, so it can be
 * killed with SIGKILL and started again without touching the shared one.
 * Containers there run with no network at all.
 */
const LOGGER = 'seaworthy-fixture/logger:latest';
const isolated: Partial<ContainerOptions> = {
  createOverrides: { HostConfig: { NetworkMode: 'none' }, NetworkingConfig: null },
};
const privateDaemon = usePrivateDaemon([LOGGER]);
const run = useChildRuns();

let logs: string;
beforeAll(async () => {
  logs = await mkdtemp(join(tmpdir(), 'sw-daemon-restart-'));
});
afterAll(async () => {
  await rm(logs, { recursive: true, force: true });
});

/** A helper on the private daemon whose watchdog logs what it does; no reaper. */
async function helperOn(daemon: PrivateDaemon, logName: string) {
  const logFile = join(logs, logName);
  const helper = await DockerHelper.create({
    engine: { host: daemon.host },
    cleanup: { reap: false },
    env: { ...process.env, SEAWORTHY_CLEANUP_LOG: logFile },
  });
  const watchdogLog = async () =>
    (await readFile(logFile, 'utf8').catch(() => ''))
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { event: string }).event);
  return { helper, watchdogLog };
}

// Killing and restarting a dockerd takes long on a busy machine: generous limits (the daemon's own waits are too).
describe('when the daemon dies mid-run', { timeout: 600_000 }, () => {
  it('a setup waiting for readiness fails at once with EngineConnectionLostError, and a ready container with a typed error', async (context) => {
    const daemon = privateDaemon.get(context);
    const engine = await Engine.connect({ host: daemon.host });
    const { helper, watchdogLog } = await helperOn(daemon, 'setup.log');
    const steady = await new ContainerDefinition('steady', {
      image: LOGGER,
      wait: waitFor.logLine('ready'),
      ...isolated,
    }).setup(helper);
    // Its wait never matches, and its own limit is ten minutes: only the lost daemon can end it.
    const slow = new ContainerDefinition('slow', {
      image: LOGGER,
      wait: waitFor.logLine('a line the logger never prints', { timeoutMs: 600_000 }),
      ...isolated,
    })
      .setup(helper)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    await until(async () => (await resourcesIn(engine, helper.namespace)).containers.length === 2, 'both containers');
    // Someone following the logs of the ready one, line by line.
    const following = (async () => {
      for await (const _line of steady.followLogLines()) {
        // keep reading until the stream ends
      }
    })().then(
      () => 'ended without an error',
      (e: unknown) => e,
    );

    await daemon.kill();

    const error = await slow;
    expect(error).toBeInstanceOf(EngineConnectionLostError);
    expect(error).not.toBeInstanceOf(WaitTimeoutError);
    const lost = error as EngineConnectionLostError;
    expect(lost.code).toBe('SEAWORTHY_ENGINE_LOST');
    expect(lost.address).toBe(daemon.host);
    // Which step was in flight (starting it, following its output, inspecting it after the output ended)
    // depends on timing; the outcome does not: the error names the container.
    expect(lost.operation).toContain("'slow'");
    expect(lost.message).toContain("'slow'");
    expect(lost.message).toContain('the daemon stopped, crashed or restarted');
    expect(lost.message).toContain('npx seaworthy leftovers');

    // Using a ready container fails at once too, with a typed error, never a hang.
    const exec = await steady.exec(['true']).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(exec).toBeInstanceOf(EngineConnectionLostError);
    expect((exec as EngineConnectionLostError).operation).toMatch(/exec/);
    // The log follower's loop ends with the same error, neither hanging nor crashing the process.
    expect(await following).toBeInstanceOf(EngineConnectionLostError);

    await daemon.restart();
    // Restarted without live-restore, the daemon stopped both containers; they are still there.
    const left = await resourcesIn(engine, helper.namespace);
    expect(left.containers).toHaveLength(2);
    for (const id of left.containers) expect((await engine.inspectContainer(id)).State.Running).toBe(false);

    // Once the daemon is back, teardown removes everything; the watchdog is let go without sweeping.
    await helper.teardown();
    expect(total(await resourcesIn(engine, helper.namespace))).toBe(0);
    expect(await watchdogLog()).toEqual([]);
  });

  it('a teardown while the daemon is down fails with TeardownError, and the watchdog removes everything once it is back', async (context) => {
    const daemon = privateDaemon.get(context);
    const engine = await Engine.connect({ host: daemon.host });
    const { helper, watchdogLog } = await helperOn(daemon, 'teardown.log');
    await new ContainerDefinition('steady', { image: LOGGER, wait: waitFor.logLine('ready'), ...isolated }).setup(
      helper,
    );
    expect((await resourcesIn(engine, helper.namespace)).containers).toHaveLength(1);

    await daemon.kill();
    const error = await helper.teardown().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TeardownError);
    expect((error as TeardownError).code).toBe('SEAWORTHY_TEARDOWN_FAILED');
    // The failed teardown handed over to the watchdog, which keeps trying while the daemon is away.
    await until(async () => (await watchdogLog()).includes('failed'), 'the watchdog to try');

    await daemon.restart();
    await until(async () => total(await resourcesIn(engine, helper.namespace)) === 0, 'the watchdog to remove it all');
    await until(async () => (await watchdogLog()).includes('finished'), 'the watchdog to finish');
    expect(await watchdogLog()).toContain('removed');
  });

  it('a run that died while the daemon was down leaves stopped containers, which `seaworthy leftovers` removes', async (context) => {
    const daemon = privateDaemon.get(context);
    const engine = await Engine.connect({ host: daemon.host });
    // No watchdog: what it leaves stays until someone removes it.
    const child = run(
      { phase: 'test', teardown: 'none', networkNone: true, cleanup: { watchdog: false } },
      { DOCKER_HOST: daemon.host },
    );
    await child.said('ready');
    const namespace = child.namespace;
    expect((await resourcesIn(engine, namespace)).containers).toHaveLength(1);

    await daemon.kill();
    child.child.kill('SIGKILL');
    await child.exited;
    await daemon.restart();

    const left = await resourcesIn(engine, namespace);
    expect(left.containers).toHaveLength(1);
    expect((await engine.inspectContainer(left.containers[0] as string)).State.Running).toBe(false);

    const session = process.env.SEAWORTHY_SESSION_ID as string;
    const dry = await runBuiltCli(['leftovers', '--dry-run', '--session', session], { DOCKER_HOST: daemon.host });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(new RegExp(`container\\s+${namespace}_logger\\s.*\\sdead\\s.*would remove`));
    expect(await resourcesIn(engine, namespace)).toEqual(left);

    const real = await runBuiltCli(['leftovers', '--session', session], { DOCKER_HOST: daemon.host });
    expect(real.code).toBe(0);
    expect(real.stdout).toContain('Removed');
    expect(total(await resourcesIn(engine, namespace))).toBe(0);
    expect(await engine.listByLabel(`${LABELS.session}=${session}`)).toEqual({
      containers: [],
      networks: [],
      volumes: [],
    });
  });
});
