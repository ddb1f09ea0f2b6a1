import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AmbiguousPortError,
  ContainerDefinition,
  ContainerExitedError,
  ContainerNotRunningError,
  ContainerStateError,
  DockerHelper,
  InvalidOptionError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

let helper: DockerHelper;
beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

/** The logger fixture: prints 'ready', then a tick every 0.2 s; on SIGTERM it prints 'stopping' and exits 0. */
const logger = (name: string) =>
  new ContainerDefinition(name, { image: fixtureImage('logger'), wait: waitFor.logLine('ready') });

/** Poll until `check` passes (engine state settles in the background). */
const eventually = (check: () => Promise<void> | void) => vi.waitFor(check, { timeout: 30_000, interval: 100 });

describe('pause and unpause', () => {
  it('pause makes exec fail with a typed error, and unpause restores it', async () => {
    const box = await logger('paused-box').setup(helper);
    await box.pause();
    expect(box.status).toBe('paused');
    expect((await box.state()).status).toBe('paused');
    const error = await box.exec(['true']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect(error).toMatchObject({ status: 'paused' });

    // Wrong-state calls while paused say so, and what to call first.
    await expect(box.start()).rejects.toThrow(
      "cannot start() container 'paused-box': it is paused, and start() needs it created or stopped. Call unpause() first",
    );
    await expect(box.pause()).rejects.toMatchObject({ code: 'SEAWORTHY_CONTAINER_STATE', status: 'paused' });

    await box.unpause();
    expect(box.status).toBe('running');
    expect(await box.exec(['echo', 'back'])).toMatchObject({ exitCode: 0, stdout: 'back\n' });
    const wrong = await box.unpause().catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ContainerStateError);
    expect((wrong as Error).message).toBe(
      "cannot unpause() container 'paused-box': it is running, and unpause() needs it paused. " +
        'It is not paused, so there is nothing to resume.',
    );
  });

  it('stop() and restart() work on a paused container', async () => {
    const box = await logger('paused-restart').setup(helper);
    await box.pause();
    await box.restart({ timeoutMs: 1_000 });
    expect(box.status).toBe('running');
    expect((await box.state()).status).toBe('running');
    await box.pause();
    await box.stop({ timeoutMs: 1_000 });
    expect(box.status).toBe('stopped');
    expect((await box.state()).running).toBe(false);
  });
});

describe('kill', () => {
  it('works on a paused container', async () => {
    const box = await logger('kill-paused').setup(helper);
    await box.pause();
    await box.kill();
    expect(box.status).toBe('stopped');
    expect(await box.exitCode()).toBe(137);
  });

  it('SIGTERM lets the process handle it (exit 0 after its trap); SIGKILL ends it with 137', async () => {
    const gentle = await logger('kill-term').setup(helper);
    await gentle.kill('SIGTERM');
    await eventually(async () => expect((await gentle.state()).running).toBe(false));
    expect(await gentle.exitCode()).toBe(0);
    expect(gentle.status).toBe('stopped');
    // The engine may say it stopped before the last output has come through the attach stream.
    await eventually(async () => expect(gentle.output.lines().map((l) => l.text)).toContain('stopping'));

    const hard = await logger('kill-kill').setup(helper);
    await hard.kill();
    // The engine answers a SIGKILL once the process is gone.
    expect(hard.status).toBe('stopped');
    expect(await hard.exitCode()).toBe(137);
    expect(hard.output.lines().map((l) => l.text)).not.toContain('stopping');

    // Killed on purpose, it starts again.
    await hard.start();
    expect(hard.status).toBe('running');
    // A signal the process ignores (PID 1 without a handler) is delivered, and it runs on.
    await hard.kill('SIGHUP');
    expect(hard.status).toBe('running');
  });

  it('a wait in flight fails fast with the exit when the container is killed, and nothing rejects unhandled', async () => {
    const box = await logger('kill-mid-wait').setup(helper);
    // Handled from the start: it rejects while kill() is still settling.
    const waiting = box.waitFor(waitFor.logLine('never printed'), { timeoutMs: 120_000 }).catch((e: unknown) => e);
    await box.kill();
    const error = await waiting;
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect(error).toMatchObject({ exitCode: 137 });
    await box.stop();
    // stop() on a stopped container is fine, as before.
    expect(box.status).toBe('stopped');
  });

  it('refuses a signal that is not one, before any request, and kill() on a stopped container', async () => {
    const box = await logger('kill-bad').setup(helper);
    await expect(box.kill('sigterm; rm -rf /')).rejects.toThrow(InvalidOptionError);
    await expect(box.kill(-1)).rejects.toThrow(InvalidOptionError);
    expect(box.status).toBe('running');
    await box.stop({ timeoutMs: 5_000 });
    const error = await box.kill().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerStateError);
    expect((error as Error).message).toBe(
      "cannot kill() container 'kill-bad': it is stopped, and kill() needs it running or paused. " +
        'Call start() (or restart()) first.',
    );
  });
});

describe('wrong state', () => {
  it('start() on a running container says it runs and what to call instead', async () => {
    const box = await logger('start-twice').setup(helper);
    const error = await box.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerStateError);
    expect(error).toMatchObject({
      code: 'SEAWORTHY_CONTAINER_STATE',
      container: 'start-twice',
      action: 'start()',
      status: 'running',
      needs: ['created', 'stopped'],
    });
    expect((error as Error).message).toBe(
      "cannot start() container 'start-twice': it is running, and start() needs it created or stopped. " +
        'It is running already: call restart() to start it afresh, or stop() first.',
    );
  });

  it('pause() on a stopped container says to start it first', async () => {
    const box = await logger('pause-stopped').setup(helper);
    await box.stop({ timeoutMs: 5_000 });
    await expect(box.pause()).rejects.toThrow(
      "cannot pause() container 'pause-stopped': it is stopped, and pause() needs it running. Call start() (or restart()) first.",
    );
  });

  it('notices a container that stopped on its own before refusing', async () => {
    const box = await new ContainerDefinition('quits', {
      image: fixtureImage('logger'),
      command: ['sh', '-c', 'echo ready; sleep 1; exit 4'],
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    await eventually(async () => expect(await box.exitCode()).toBe(4));
    expect(box.status).toBe('stopped');
    await expect(box.pause()).rejects.toMatchObject({ status: 'stopped' });
    await box.start();
    expect(box.status).toBe('running');
  });

  it('every step after teardown is refused as removed', async () => {
    const box = await logger('gone').setup(helper);
    await box.teardown();
    expect(box.status).toBe('removed');
    await expect(box.start()).rejects.toMatchObject({ code: 'SEAWORTHY_CONTAINER_REMOVED' });
    await expect(box.restart()).rejects.toMatchObject({ code: 'SEAWORTHY_CONTAINER_REMOVED' });
    await expect(box.pause()).rejects.toMatchObject({ code: 'SEAWORTHY_CONTAINER_REMOVED' });
  });
});

describe('firstHostPort and firstBaseUrl', () => {
  it('give the one published port, and name the ports when there are none or several', async () => {
    const one = await new ContainerDefinition('one-port', {
      image: fixtureImage('httpd'),
      ports: [8080],
      wait: waitFor.http({ port: 8080, path: '/health.json' }),
    }).setup(helper);
    expect(one.firstHostPort()).toBe(one.hostPort(8080));
    expect(one.firstBaseUrl()).toBe(one.baseUrl(8080));
    expect(one.firstBaseUrl('https')).toBe(`https://127.0.0.1:${one.hostPort(8080)}`);

    const none = await logger('no-port').setup(helper);
    expect(() => none.firstHostPort()).toThrow(AmbiguousPortError);
    expect(() => none.firstHostPort()).toThrow(
      "container 'no-port' publishes no port, so firstHostPort() has none to give. Add one to the definition's `ports`, e.g. ports: [8080].",
    );

    const two = await new ContainerDefinition('two-ports', {
      image: fixtureImage('httpd'),
      ports: [8080, '9090/udp'],
    }).setup(helper);
    const error = (() => {
      try {
        two.firstBaseUrl();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AmbiguousPortError);
    expect(error).toMatchObject({ code: 'SEAWORTHY_AMBIGUOUS_PORT', ports: ['8080/tcp', '9090/udp'] });
    expect((error as Error).message).toContain('publishes 2 ports (8080/tcp, 9090/udp)');
  });
});
