import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  HealthcheckError,
  PortNotPublishedError,
  WaitAbortedError,
  WaitTimeoutError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();
const leftInNamespace = () => file.leftContainers();

async function setupError(definition: ContainerDefinition) {
  return definition.setup(file.helper).then(
    async (container) => {
      await container.teardown();
      throw new Error('setup was expected to fail');
    },
    (error: unknown) => error,
  );
}

describe('log waits', () => {
  it('waits for a line to appear a number of times', async () => {
    const c = await new ContainerDefinition('ticks', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine(/^tick \d+$/, { times: 3 }),
    }).setup(file.helper);
    expect(c.output.lines().filter((l) => l.text.startsWith('tick')).length).toBeGreaterThanOrEqual(3);
    await c.teardown();
  });

  it('waits for an ordered sequence of patterns', async () => {
    const c = await new ContainerDefinition('ordered', {
      image: fixtureImage('logger'),
      wait: waitFor.logLines(['step 1', /step 3/, 'ready'], { ordered: true }),
    }).setup(file.helper);
    await c.teardown();
  });

  it('waits for a set of patterns in any order, on one stream', async () => {
    const c = await new ContainerDefinition('unordered', {
      image: fixtureImage('logger'),
      wait: waitFor.logLines(['to stderr'], { ordered: false, stream: 'stderr' }),
    }).setup(file.helper);
    await c.teardown();
  });

  it('times out with a typed error carrying the last log lines and how long it waited', async () => {
    const error = await setupError(
      new ContainerDefinition('never', {
        image: fixtureImage('logger'),
        wait: waitFor.logLines(['ready', 'never printed']),
        // Long enough for 'ready' and a tick on a busy machine: the assertions below need them.
        startupTimeoutMs: 5_000,
      }),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    const timeout = error as WaitTimeoutError;
    expect(timeout.code).toBe('SEAWORTHY_WAIT_TIMEOUT');
    expect(timeout.waitedMs).toBeGreaterThanOrEqual(5_000);
    expect(timeout.lastLogLines.at(-1)).toMatch(/^tick \d+$/);
    expect(timeout.message).toContain('matched 1 of 2; waiting for "never printed"');
    expect(await leftInNamespace()).toEqual([]);
  });

  it('fails fast with the exit code and last lines when the container exits during the wait', async () => {
    const error = await setupError(
      new ContainerDefinition('dies', {
        image: fixtureImage('early-exit'),
        wait: waitFor.logLine('never printed'),
        // Far longer than the test: only early-exit detection can end it in time.
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
    const exited = error as ContainerExitedError;
    expect(exited.code).toBe('SEAWORTHY_CONTAINER_EXITED');
    expect(exited.exitCode).toBe(3);
    expect(exited.lastLogLines).toEqual(['loading config', 'fatal: /etc/app.conf missing']);
    expect(exited.message).toContain('exited with code 3');
    expect(await leftInNamespace()).toEqual([]);
  });

  it('reports an out-of-memory kill', async () => {
    const error = await setupError(
      new ContainerDefinition('oom', {
        image: fixtureImage('logger'),
        command: ['sh', '-c', 'echo filling; x=a; while true; do x="$x$x"; done'],
        memoryBytes: 16 * 1024 * 1024,
        wait: waitFor.logLine('never printed'),
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect((error as ContainerExitedError).oomKilled).toBe(true);
    expect((error as ContainerExitedError).message).toContain('running out of memory');
  });

  it('is cancellable, removing what it created', async () => {
    const controller = new AbortController();
    const pending = new ContainerDefinition('cancelled', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('never printed'),
      startupTimeoutMs: 600_000,
    }).setup(file.helper, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('test over')), 300);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitAbortedError);
    expect(await leftInNamespace()).toEqual([]);
  });
});

describe('HTTP waits', () => {
  it('waits until the server answers the expected status', async () => {
    const c = await new ContainerDefinition('slow-web', {
      image: fixtureImage('httpd'),
      ports: [8080],
      env: { START_DELAY: '1' },
      wait: waitFor.http({ port: 8080, path: '/health.json', status: 200 }),
    }).setup(file.helper);
    expect(c.output.lines().map((l) => l.text)).toContain('httpd listening on 8080');
    await c.teardown();
  });

  it('accepts a status predicate and a body predicate', async () => {
    const c = await new ContainerDefinition('web-predicate', {
      image: fixtureImage('httpd'),
      ports: [8080],
      wait: waitFor.http({
        port: 8080,
        path: '/missing',
        status: (s) => s === 404,
        predicate: (answer) => answer.body.includes('404'),
      }),
    }).setup(file.helper);
    await c.teardown();
  });

  it('times out showing the last answer it got', async () => {
    // Ready first, so the wait's first answer is the 404 however slowly the server started on a busy machine.
    const web = await new ContainerDefinition('web-wrong', {
      image: fixtureImage('httpd'),
      ports: [8080],
      wait: waitFor.http({ port: 8080 }),
    }).setup(file.helper);
    const error = await web.waitFor(waitFor.http({ port: 8080, path: '/nope', timeoutMs: 3_000 })).catch((e) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toContain('last answer: HTTP 404');
    await web.teardown();
  });

  it('fails at once on a port the container does not publish', async () => {
    const error = await setupError(
      new ContainerDefinition('web-unpublished', {
        image: fixtureImage('httpd'),
        wait: waitFor.http({ port: 8080 }),
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(PortNotPublishedError);
    expect(await leftInNamespace()).toEqual([]);
  });
});

describe('port waits', () => {
  it('waits until the server listens inside the container, not just the proxy', async () => {
    const c = await new ContainerDefinition('port-web', {
      image: fixtureImage('httpd'),
      ports: [8080],
      env: { START_DELAY: '1' },
      wait: waitFor.port(8080),
    }).setup(file.helper);
    // The listening line comes before exec'ing httpd; the wait must not have finished before it.
    expect(c.output.lines().map((l) => l.text)).toContain('httpd listening on 8080');
    const response = await fetch(c.baseUrl(8080));
    expect(response.status).toBe(200);
    await c.teardown();
  });

  it('times out when nothing ever listens', async () => {
    const error = await setupError(
      new ContainerDefinition('port-silent', {
        image: fixtureImage('logger'),
        ports: [8080],
        // Long enough for a first look inside the container on a busy machine (the message reports it).
        wait: waitFor.port(8080, { timeoutMs: 5_000 }),
      }),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toContain('nothing listening inside the container yet');
  });
});

describe('healthcheck waits', () => {
  it('waits for the image healthcheck to report healthy', async () => {
    const c = await new ContainerDefinition('healthy', {
      image: fixtureImage('healthcheck'),
      wait: waitFor.healthy(),
    }).setup(file.helper);
    expect((await c.state()).health).toBe('healthy');
    await c.teardown();
  });

  it('fails fast when the check reports unhealthy, with its output', async () => {
    const error = await setupError(
      new ContainerDefinition('unhealthy', {
        image: fixtureImage('logger'),
        healthcheck: { test: ['CMD-SHELL', 'echo db down; exit 1'], intervalMs: 100, retries: 1 },
        wait: waitFor.healthy(),
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(HealthcheckError);
    expect((error as HealthcheckError).message).toContain('db down');
  });

  it('refuses to wait on a container without a healthcheck', async () => {
    const error = await setupError(
      new ContainerDefinition('no-check', { image: fixtureImage('logger'), wait: waitFor.healthy() }),
    );
    expect(error).toBeInstanceOf(HealthcheckError);
    expect((error as HealthcheckError).message).toContain('has no healthcheck');
  });
});

describe('command and combined waits', () => {
  it('waits until a command exits 0', async () => {
    const c = await new ContainerDefinition('cmd', {
      image: fixtureImage('healthcheck'),
      wait: waitFor.command(['test', '-f', '/tmp/ready']),
    }).setup(file.helper);
    expect(c.output.lines().map((l) => l.text)).toContain('marked ready');
    await c.teardown();
  });

  it('waits for all of several conditions', async () => {
    const c = await new ContainerDefinition('all', {
      image: fixtureImage('httpd'),
      ports: [8080],
      env: { START_DELAY: '0.5' },
      wait: waitFor.all(waitFor.logLine('httpd listening'), waitFor.http({ port: 8080 }), waitFor.port(8080)),
    }).setup(file.helper);
    await c.teardown();
  });

  it('waits on a running container with waitFor()', async () => {
    const c = await new ContainerDefinition('later', { image: fixtureImage('logger') }).setup(file.helper);
    await c.waitFor(waitFor.logLine('tick 3'));
    expect(c.output.lines().map((l) => l.text)).toContain('tick 3');
    await c.teardown();
  });
});
