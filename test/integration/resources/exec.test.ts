import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  ContainerNotRunningError,
  type DockerHelper,
  ExecNotStartedError,
  InvalidOptionError,
} from '../../../src/index.js';
import { createHelper, fixtureImage } from '../../support/helper.js';

let helper: DockerHelper;
let logger: Container;
beforeAll(async () => {
  helper = await createHelper();
  logger = await new ContainerDefinition('logger', { image: fixtureImage('logger') }).setup(helper);
});
afterAll(async () => {
  await helper.teardown();
});

describe('exec', () => {
  it('returns the exit code with stdout and stderr kept apart', async () => {
    const result = await logger.exec(['sh', '-c', 'echo out; echo err >&2; exit 7']);
    expect(result).toEqual({
      exitCode: 7,
      stdout: 'out\n',
      stderr: 'err\n',
      // Both, in the order the engine read them (two pipes: either may come first).
      output: expect.stringMatching(/^(out\nerr\n|err\nout\n)$/),
    });
  });

  it('runs as the given user, with extra env, in the given directory', async () => {
    const result = await logger.exec(['sh', '-c', 'echo "$(id -un) $EXTRA $(pwd)"'], {
      user: 'nobody',
      env: { EXTRA: 'yes' },
      workdir: '/tmp',
    });
    expect(result.stdout).toBe('nobody yes /tmp\n');
  });

  it('reads the exit code only after all output arrived, every time', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => logger.exec(['sh', '-c', `seq 1 5000; exit ${i}`])),
    );
    results.forEach((result, i) => {
      expect(result.exitCode).toBe(i);
      expect(result.stdout.endsWith('5000\n')).toBe(true);
    });
  });

  it('rejects a missing binary with ExecNotStartedError, but a shell that cannot find it is an exit code', async () => {
    // The runtime could not start it at all: not an exit code of the program.
    const error = await logger.exec(['no-such-binary']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExecNotStartedError);
    expect((error as ExecNotStartedError).message).toMatch(/no-such-binary/);
    // A shell ran and reported it: that is the program's answer, 127.
    const result = await logger.exec(['sh', '-c', 'no-such-binary']);
    expect(result.exitCode).toBe(127);
  });

  it('rejects an empty command', async () => {
    await expect(logger.exec([])).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('gives a typed error when the container is not running', async () => {
    const stopped = await new ContainerDefinition('stopped', { image: fixtureImage('logger') }).setup(helper);
    await stopped.stop({ timeoutMs: 1_000 });
    const error = await stopped.exec(['true']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContainerNotRunningError);
    expect((error as ContainerNotRunningError).code).toBe('SEAWORTHY_CONTAINER_NOT_RUNNING');
    await stopped.teardown();
  });
});
