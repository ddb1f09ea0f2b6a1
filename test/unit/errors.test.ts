import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { HealthcheckError } from '../../src/waits/health.js';

describe('errors', () => {
  const made: errors.SeaworthyError[] = [
    new errors.EngineUnavailableError([{ host: 'unix:///x', source: 'DOCKER_HOST', reason: 'no socket' }]),
    new errors.EngineRequestError('start', 500, 'boom'),
    new errors.InvalidOptionError('x', 'bad'),
    new errors.ImageNotFoundError('img'),
    new errors.ImagePullError('img', 'refused'),
    new errors.NameConflictError('container', 'n'),
    new errors.PortConflictError('c', 'taken'),
    new errors.PortNotPublishedError('c', '80/tcp', []),
    new errors.InvalidMountError('c', 'missing'),
    new errors.WaitTimeoutError('c', 'x', 1, []),
    new errors.ContainerExitedError('c', 'x', 1, false, []),
    new errors.WaitAbortedError('c', 'x'),
    new errors.HelperTornDownError('ns', 'do it'),
    new errors.ContainerNotRunningError('c', 'exec', 'exited'),
    new errors.TeardownError('ns', [{ resource: 'container a', error: new Error('x') }]),
    new HealthcheckError('c', 'is unhealthy'),
    new errors.FileNotFoundError('c', '/etc/x'),
    new errors.ProcessTreeError('forest', 'two roots'),
    new errors.ProcessListError('c', 'no top'),
    new errors.FixtureDefinitionError('web', 'needs x'),
    new errors.DockerRequiredError('no engine'),
    new errors.FixtureUnavailableError('db', 'read it inside a test'),
    new errors.ServiceCommandError('pg', ['psql', '-c', 'x'], 1, 'ERROR: syntax error'),
    new errors.ServiceAuthError('pg', 'postgres://u:***@h/db', 'password authentication failed'),
    new errors.HttpRequestError('GET', 'http://127.0.0.1:1/', new Error('ECONNREFUSED')),
    new errors.HttpBodyNotJsonError('GET', 'http://127.0.0.1:1/', 200, 'text/plain', 'hello', new Error('x')),
    new errors.ContainerUnreachableError('web', 'abc123', ['other']),
    new errors.ExecNotStartedError('c', ['nosuch'], 'executable file not found in $PATH'),
    new errors.NetworkNotFoundError('c', 'net'),
    new errors.EngineConnectionLostError('unix:///x', "set up container 'db'", 'connection refused'),
    new errors.WatchdogStartError('ns', new Error('spawn EAGAIN')),
    new errors.LeftoverRemovalError([{ resource: 'volume v', error: new Error('volume is in use') }]),
    new errors.CliUsageError("unknown command 'x'.", 'Usage: seaworthy <command>'),
    new errors.WarmPoolStartError('box', 1, new Error('exited with code 3')),
  ];

  it('all extend SeaworthyError, are named after their class and have distinct stable codes', () => {
    for (const error of made) {
      expect(error).toBeInstanceOf(errors.SeaworthyError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
      expect(error.code).toMatch(/^SEAWORTHY_[A-Z_]+$/);
    }
    expect(new Set(made.map((e) => e.code)).size).toBe(made.length);
  });

  it('cover every error class errors.ts exports', () => {
    const classes = Object.values(errors).filter(
      (value): value is typeof errors.SeaworthyError =>
        typeof value === 'function' && value.prototype instanceof errors.SeaworthyError,
    );
    const covered = new Set(made.map((e) => e.constructor));
    expect(classes.filter((c) => !covered.has(c)).map((c) => c.name)).toEqual([]);
  });

  it('say what to do', () => {
    expect(made[0]?.message).toContain('Tried:\n  - unix:///x (from DOCKER_HOST): no socket');
    expect(made[0]?.message).toMatch(/DOCKER_HOST/);
    expect(made[3]?.message).toContain("pull: 'missing'");
    expect(made[9]?.message).toContain('It logged nothing.');
    const of = <T extends errors.SeaworthyError>(c: new (...args: never[]) => T) => made.find((e) => e instanceof c);
    expect(of(errors.EngineConnectionLostError)?.message).toContain('npx seaworthy leftovers');
    expect(of(errors.WatchdogStartError)?.message).toContain('SEAWORTHY_WATCHDOG=false');
    expect(of(errors.LeftoverRemovalError)?.message).toContain('volume v: volume is in use');
    expect(of(errors.CliUsageError)?.message).toContain('Usage: seaworthy <command>');
  });
});
