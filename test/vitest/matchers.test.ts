import { test as base, describe, expect } from 'vitest';
import { ContainerDefinition, httpClient, waitFor } from '../../src/index.js';
import { container, withContainers } from '../../src/vitest/index.js';
import { exampleDb, exampleWeb } from '../support/example-app.js';
import { fixtureImage } from '../support/helper.js';

const test = withContainers(base, {
  db: container(exampleDb, { scope: 'file' }),
  web: container(exampleWeb, { scope: 'file', needs: ['db'] }),
  logger: container(
    new ContainerDefinition('logger', {
      image: fixtureImage('logger'),
      env: { GREETING: 'hi' },
      wait: waitFor.logLine('ready'),
    }),
    { scope: 'file' },
  ),
});

/** The message a failing assertion throws. */
async function failure(assertion: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof assertion === 'function' ? assertion() : assertion);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the assertion passed, but it was expected to fail');
}

describe('log matchers', () => {
  test('pass on lines already logged, in order', async ({ logger }) => {
    await expect(logger).toHaveLoggedLine('greeting: hi');
    await expect(logger).toHaveLoggedLines(['step 1', 'step 2', 'step 3', 'ready']);
    await expect(logger).toHaveLoggedLines(['ready', 'step 1'], { ordered: false });
    await expect(logger).toHaveLoggedLine('to stderr', { stream: 'stderr' });
  });

  test('wait for a line that has not come yet, within the timeout', async ({ logger }) => {
    const next = logger.output.lines().filter((l) => l.text.startsWith('tick')).length + 3;
    await expect(logger).toHaveLoggedLine(`tick ${next}`, { timeoutMs: 10_000 });
  });

  test('show which patterns matched and which did not, with the last lines', async ({ logger }) => {
    const message = await failure(expect(logger).toHaveLoggedLines(['step 1', 'no such line', 'ready']));
    expect(message).toContain("expected container 'logger' to have logged lines matching, in this order");
    expect(message).toMatch(/✓ "step 1" {2}\(line \d+: step 1\)/);
    expect(message).toContain('✗ "no such line"');
    expect(message).toContain('✗ "ready"');
    expect(message).toContain("Last 20 lines of 'logger'");
  });

  test('order matters unless ordered is false', async ({ logger }) => {
    await failure(expect(logger).toHaveLoggedLines(['ready', 'step 1']));
    await expect(logger).not.toHaveLoggedLine('to stderr', { stream: 'stdout' });
  });

  test('.not with a timeout watches for the whole time', async ({ logger }) => {
    const message = await failure(expect(logger).not.toHaveLoggedLine(/tick/, { timeoutMs: 2_000 }));
    expect(message).toContain('not to have logged a line matching');
  });
});

describe('process matchers', () => {
  test('explain which part of the tree does not match', async ({ web }) => {
    const message = await failure(
      expect(web).toHaveProcessTree({ pid: 1, user: 'root', children: [{ args: /--worker/ }] }),
    );
    expect(message).toContain("PID 1: user is 'app', not 'root'");
    expect(message).toContain('PID 1: has 2 child(ren), expected 1');
    expect(message).toContain('1 app python3 /app/server.py');
  });

  test('find a process anywhere in the container', async ({ web }) => {
    await expect(web).toHaveProcess({ args: '--worker 2', user: 1000 });
    const message = await failure(expect(web).toHaveProcess({ args: 'gunicorn' }));
    expect(message).toContain('to have a process matching { args: "gunicorn" }');
  });
});

describe('HTTP and exec matchers on real answers', () => {
  test('status, header and JSON body', async ({ web }) => {
    const http = httpClient(web, 8000);
    const health = await http.get('/health');
    expect(health).toHaveStatus(200);
    expect(health).toHaveHeader('content-type', /json/);
    expect(health).toHaveJsonBody(expect.objectContaining({ db: 'up' }));
    const message = await failure(() => expect(health).toHaveStatus(503));
    expect(message).toContain('to answer HTTP 503, got HTTP 200');
  });

  test('exit code and output', async ({ logger }) => {
    const result = await logger.exec(['sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toHaveExitCode(3);
    expect(result).toHaveStdout('out');
    expect(result).toHaveStderr(/^err$/m);
    expect(await failure(() => expect(result).toHaveExitCode(0))).toContain('it exited with 3');
  });
});

describe('file and image matchers', () => {
  test('report mode and owner differences', async ({ web }) => {
    const message = await failure(expect(web).toHaveFile('/app/server.py', { mode: '0755', owner: 'app' }));
    expect(message).toContain('mode is 0644, expected 0755');
    expect(message).toContain('owner is root (0), expected app');
    expect(await failure(expect(web).toHaveFile('/nope'))).toContain('there is nothing at that path');
    await expect(web).not.toHaveFile('/nope');
  });

  test('report image config differences', async ({ web }) => {
    const message = await failure(expect(web).toHaveImageConfig({ user: 'root', exposedPorts: [9000] }));
    expect(message).toContain("user 'root', but it is 'app'");
    expect(message).toContain('port 9000/tcp exposed, but it exposes 8000/tcp');
  });

  test('reject values that are not containers', async () => {
    expect(await failure(expect({}).toHaveFile('/etc/passwd'))).toContain('needs a seaworthy Container');
  });
});
