import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  ContainerStateError,
  DockerHelper,
  type WaitContext,
  type WaitStrategy,
  waitFor,
} from '../../../src/index.js';
import { RedisDefinition } from '../../../src/redis.js';
import { LABELS } from '../../../src/tools.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

let helper: DockerHelper;
beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  // Nothing left: not the created-only containers, not the restarted ones.
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
});

/** A wait that counts its runs, then waits for the httpd fixture to answer. */
function countedHttpWait(): WaitStrategy & { runs: number } {
  const http = waitFor.http({ port: 8080, path: '/health.json' });
  const counted = {
    runs: 0,
    description: `counted ${http.description}`,
    async wait(context: WaitContext): Promise<void> {
      counted.runs++;
      await http.wait(context);
    },
  };
  return counted;
}

describe('create without start', () => {
  it('creates a labelled, tracked container in the created state, and start() starts it and runs the wait', async () => {
    const wait = countedHttpWait();
    // START_DELAY: the server answers a second after start, so a start() that returned before the wait would fail the fetch.
    const web = new ContainerDefinition('web', {
      image: fixtureImage('httpd'),
      env: { START_DELAY: '1' },
      ports: [8080],
      wait,
    });
    const container = await web.create(helper);

    expect(container.status).toBe('created');
    expect((await container.state()).status).toBe('created');
    expect(wait.runs).toBe(0);
    expect(container.output.lines()).toEqual([]);
    expect(helper.trackedResources().containers).toContain(container.id);
    const info = await container.inspect();
    expect(info.name).toBe(`${helper.namespace}_web`);
    expect(info.config.labels).toMatchObject({ [LABELS.namespace]: helper.namespace, [LABELS.definition]: 'web' });
    // Idempotent per helper, like setup(): the same handle.
    expect(await web.create(helper)).toBe(container);
    expect(await web.setup(helper)).toBe(container);

    await container.start();

    expect(wait.runs).toBe(1);
    expect(container.status).toBe('running');
    const response = await fetch(`${container.baseUrl(8080)}/health.json`);
    expect(await response.json()).toEqual({ status: 'ok' });
    // The log line comes through the engine, maybe after the HTTP answer: wait for it rather than look.
    await container.waitFor(waitFor.logLine('httpd listening on 8080'), { timeoutMs: 30_000 });
    expect(container.startInfo.state.running).toBe(true);

    await container.teardown();
    expect(container.status).toBe('removed');
    expect((await resourcesOf(helper)).containers).not.toContain(container.id);
  });

  it('refuses what needs a started container while it is only created', async () => {
    const container = await new ContainerDefinition('idle', { image: fixtureImage('httpd'), ports: [8080] }).create(
      helper,
    );
    expect(() => container.hostPort(8080)).toThrow(ContainerStateError);
    expect(() => container.hostPort(8080)).toThrow(
      "cannot hostPort() container 'idle': it is created, and hostPort() needs it running. Call start() first",
    );
    await expect(container.waitFor(waitFor.logLine('x'))).rejects.toThrow(ContainerStateError);
    await expect(container.pause()).rejects.toMatchObject({
      code: 'SEAWORTHY_CONTAINER_STATE',
      status: 'created',
      needs: ['running'],
    });
    await expect(container.kill()).rejects.toThrow(/it is created, and kill\(\) needs it running or paused/);
    // stop() on a container never started is fine, and leaves it created.
    await container.stop();
    expect(container.status).toBe('created');
    await container.teardown();
  });

  it('fails start() fast when the container exits, and again at the next start (the exit watch is re-armed)', async () => {
    const doomed = new ContainerDefinition('doomed', {
      image: fixtureImage('early-exit'),
      wait: waitFor.logLine('never printed'),
      startupTimeoutMs: 120_000,
    });
    const container = await doomed.create(helper);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const error = await container.start().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ContainerExitedError);
      expect(error).toMatchObject({ exitCode: 3 });
      expect((error as Error).message).toContain('fatal: /etc/app.conf missing');
      // Left as it is, so its logs can be read; teardown removes it.
      expect(container.status).toBe('stopped');
      expect(container.output.lines().map((l) => l.text)).toEqual(['loading config', 'fatal: /etc/app.conf missing']);
    }
    const logs = await container.logs();
    expect(logs.lines.filter((l) => l.text === 'loading config')).toHaveLength(2);
    await container.teardown();
  });
});

describe('stop, then start again', () => {
  it('gets a new host port, runs the wait again, and a client reaches it on the new port', async () => {
    const wait = countedHttpWait();
    const web = await new ContainerDefinition('web-again', { image: fixtureImage('httpd'), ports: [8080], wait }).setup(
      helper,
    );
    const before = web.hostPort(8080);
    expect(wait.runs).toBe(1);

    await web.stop({ timeoutMs: 1_000 });
    expect(web.status).toBe('stopped');
    expect((await web.state()).running).toBe(false);
    await web.start();

    expect(wait.runs).toBe(2);
    const after = web.hostPort(8080);
    // The engine picks another free port for an unpinned binding at each start.
    expect(after).not.toBe(before);
    expect((await web.inspect()).ports['8080/tcp']).toEqual([{ hostIp: '127.0.0.1', hostPort: after }]);
    expect(web.baseUrl(8080)).toBe(`http://127.0.0.1:${after}`);
    expect(web.firstHostPort()).toBe(after);
    const response = await fetch(`${web.firstBaseUrl()}/health.json`);
    expect(response.status).toBe(200);
  });

  it('restart() gives a fresh capture and waits again; subscribers keep receiving lines', async () => {
    const box = await new ContainerDefinition('box', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
    }).setup(helper);
    const seen: string[] = [];
    box.output.subscribe((line) => seen.push(line.text));

    await box.restart({ timeoutMs: 5_000 });

    expect(box.status).toBe('running');
    expect(box.exitObserved).toBe(false);
    // This start's lines only: from its first line, without the last run's "stopping".
    const texts = box.output.lines().map((l) => l.text);
    expect(box.output.lines().find((l) => l.stream === 'stdout')?.text).toBe('first line');
    expect(texts).toContain('ready');
    expect(texts).not.toContain('stopping');
    // The subscription made before the restart saw the old run stop and the new one start.
    expect(seen).toContain('stopping');
    expect(seen.lastIndexOf('first line')).toBeGreaterThan(seen.indexOf('stopping'));
    // The engine's logs hold both runs.
    const all = (await box.logs()).lines.map((l) => l.text);
    expect(all.filter((t) => t === 'first line')).toHaveLength(2);
  });

  it('a service handle reconnects on its new port after stop and start', async () => {
    const redis = await new RedisDefinition({ name: 'redis-lifecycle' }).create(helper);
    await redis.start();
    const before = redis.hostPort(6379);
    await redis.stop();
    await redis.start();
    expect(redis.hostPort(6379)).not.toBe(before);
    expect(redis.url()).toBe(`redis://127.0.0.1:${redis.hostPort(6379)}`);
    await redis.cli('SET', 'k', 'v');
    expect(await redis.keys()).toEqual(['k']);
    // clean() talks to the published port: the new one.
    await redis.clean();
    expect(await redis.keys()).toEqual([]);
  });
});
