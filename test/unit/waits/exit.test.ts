import { describe, expect, it } from 'vitest';
import { ContainerExitedError, InvalidOptionError, OneShotFailedError } from '../../../src/errors/index.js';
import { type ExitInfo, runWait } from '../../../src/resources/handles/readiness.js';
import { all } from '../../../src/waits/all.js';
import { successfulExit } from '../../../src/waits/exit.js';
import { logLine } from '../../../src/waits/log.js';
import { FakeLogs, fakeContext } from '../fake-context.js';

function exitWith(exit: ExitInfo, logs: FakeLogs, strategy = successfulExit()) {
  return runWait(strategy, (signal, progress) => ({ ...fakeContext(logs, signal), progress }), 'migrate', logs, {
    timeoutMs: 60_000,
    exited: Promise.resolve(exit),
  });
}

describe('successfulExit()', () => {
  it('makes the exit with code 0 the answer', async () => {
    await expect(exitWith({ exitCode: 0, oomKilled: false }, new FakeLogs())).resolves.toBeUndefined();
  });

  it('fails a non-zero exit with its code and last lines', async () => {
    const logs = new FakeLogs();
    logs.push('applying 001_users');
    logs.push('ERROR: relation "users" already exists', 'stderr');
    const error = await exitWith({ exitCode: 3, oomKilled: false }, logs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneShotFailedError);
    const failed = error as OneShotFailedError;
    expect(failed.exitCode).toBe(3);
    expect(failed.container).toBe('migrate');
    expect(failed.lastLogLines).toEqual(['applying 001_users', 'ERROR: relation "users" already exists']);
    expect(failed.message).toContain("one-shot container 'migrate' exited with code 3");
  });

  it('fails an out-of-memory kill even with code 0 reported', async () => {
    const error = await exitWith({ exitCode: 0, oomKilled: true }, new FakeLogs()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OneShotFailedError);
    expect((error as OneShotFailedError).message).toContain('running out of memory');
  });

  it('leaves other strategies failing fast on an exit', async () => {
    const error = await exitWith({ exitCode: 0, oomKilled: false }, new FakeLogs(), logLine('never')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContainerExitedError);
  });

  it('checks its timeoutMs when made', () => {
    expect(() => successfulExit({ timeoutMs: 0 })).toThrow(InvalidOptionError);
    expect(successfulExit({ timeoutMs: 5_000 }).timeoutMs).toBe(5_000);
  });

  it('refuses to be part of waitFor.all()', () => {
    expect(() => all(logLine('x'), successfulExit())).toThrow(InvalidOptionError);
    expect(() => all(successfulExit())).toThrow(/all\[0\].*one-shot/);
  });
});
