import { describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  ContainerExitedError,
  OneShotFailedError,
  WaitTimeoutError,
  waitFor,
} from '../../../src/index.js';
import { fixtureImage, useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

async function setupError(definition: ContainerDefinition) {
  return definition.setup(file.helper).then(
    async (container) => {
      await container.teardown();
      throw new Error('setup was expected to fail');
    },
    (error: unknown) => error,
  );
}

describe('one-shot waits: waitFor.successfulExit()', () => {
  it('is ready when the container exits 0, and the handle reads the exit code and the output', async () => {
    const migrate = await new ContainerDefinition('migrate', {
      image: fixtureImage('early-exit'),
      command: ['sh', '-c', 'echo "applying 3 migrations"; sleep 1; echo "migrations done"; exit 0'],
      wait: waitFor.successfulExit(),
      // Far longer than the test: only the exit can end the wait in time.
      startupTimeoutMs: 600_000,
    }).setup(file.helper);
    expect(await migrate.exitCode()).toBe(0);
    expect((await migrate.state()).running).toBe(false);
    expect(migrate.output.lines().map((l) => l.text)).toEqual(['applying 3 migrations', 'migrations done']);
    await migrate.teardown();
    expect(await file.leftContainers()).toEqual([]);
  });

  it('fails with the exit code and the last lines when it exits non-zero, removing the container', async () => {
    const error = await setupError(
      new ContainerDefinition('seed', {
        image: fixtureImage('early-exit'),
        wait: waitFor.successfulExit(),
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(OneShotFailedError);
    const failed = error as OneShotFailedError;
    expect(failed.code).toBe('SEAWORTHY_ONE_SHOT_FAILED');
    expect(failed.container).toBe('seed');
    expect(failed.exitCode).toBe(3);
    expect(failed.oomKilled).toBe(false);
    expect(failed.lastLogLines).toEqual(['loading config', 'fatal: /etc/app.conf missing']);
    expect(failed.message).toContain("one-shot container 'seed' exited with code 3");
    expect(failed.message).toContain('fatal: /etc/app.conf missing');
    expect(await file.leftContainers()).toEqual([]);
  });

  it('runs before the app that depends on it: set up the migration first, then the app', async () => {
    const migrate = await new ContainerDefinition('migrate-first', {
      image: fixtureImage('early-exit'),
      command: ['sh', '-c', 'echo migrated'],
      wait: waitFor.successfulExit(),
    }).setup(file.helper);
    expect(await migrate.exitCode()).toBe(0);
    // The app starts only once the migration has exited 0.
    const app = await new ContainerDefinition('app-after', {
      image: fixtureImage('logger'),
      wait: waitFor.logLine('ready'),
    }).setup(file.helper);
    expect((await app.state()).running).toBe(true);
    const finished = (await migrate.inspect()).state.finishedAt;
    const started = (await app.inspect()).state.startedAt;
    expect(finished?.getTime()).toBeLessThanOrEqual(started?.getTime() ?? 0);
    await app.teardown();
    await migrate.teardown();
  });

  it('times out like any wait when the container never exits', async () => {
    const error = await setupError(
      new ContainerDefinition('never-exits', {
        image: fixtureImage('logger'),
        wait: waitFor.successfulExit({ timeoutMs: 2_000 }),
      }),
    );
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toContain('the container to exit with code 0 (still running)');
    expect(await file.leftContainers()).toEqual([]);
  });

  it('works on a live handle too: container.waitFor() resolves when it exits 0', async () => {
    const job = await new ContainerDefinition('job', {
      image: fixtureImage('early-exit'),
      command: ['sh', '-c', 'echo working; sleep 2; echo finished'],
      wait: waitFor.logLine('working'),
    }).setup(file.helper);
    await job.waitFor(waitFor.successfulExit(), { timeoutMs: 600_000 });
    expect(await job.exitCode()).toBe(0);
    expect(job.output.lines().at(-1)?.text).toBe('finished');
    await job.teardown();
  });

  it('other waits still fail fast on an exit', async () => {
    const error = await setupError(
      new ContainerDefinition('not-one-shot', {
        image: fixtureImage('early-exit'),
        command: ['sh', '-c', 'echo bye; exit 0'],
        wait: waitFor.logLine('never printed'),
        startupTimeoutMs: 600_000,
      }),
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
    expect((error as ContainerExitedError).exitCode).toBe(0);
  });
});
