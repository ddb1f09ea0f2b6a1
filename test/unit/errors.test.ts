import { describe, expect, it, vi } from 'vitest';
import { errorBrand } from '../../src/errors/base.js';
import * as errors from '../../src/errors/index.js';

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
    new errors.HealthcheckError('c', 'is unhealthy'),
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
    new errors.ContainerRemovedError('c', 'run ["ls"] in it'),
    new errors.ContainerStateError('c', 'pause()', 'stopped', ['running'], 'Call start() first.'),
    new errors.AmbiguousPortError('c', 'firstHostPort()', ['80/tcp', '53/udp']),
    new errors.SnapshotRemovalError([{ image: 'sw-snap:1', error: new Error('in use') }]),
    new errors.MissingPeerDependencyError('pg', 'PostgresDefinition', 'talk to the server'),
    new errors.SubnetOverlapError('ns_backend', '10.213.5.0/24'),
    new errors.AlreadyConnectedError('web', 'ns_backend', ['www'], ['api']),
    new errors.OneShotFailedError('migrate', 3, false, ['fatal: no such table']),
    new errors.ExecTimeoutError('box', ['sleep', '9'], {
      execId: 'e1',
      timeoutMs: 50,
      output: '',
      processKilled: true,
    }),
    new errors.ImagePlatformMismatchError('c', 'img', 'linux/arm64', 'linux/amd64'),
    new errors.CapabilitiesRefusedError('c', 'privileged: true', 'unable to apply caps'),
    new errors.FileCopyError('c', 'in', ['/etc/x'], 'the engine refused: not a directory'),
    // fault injection (issue 13)
    new errors.FaultUnsupportedError('delay', 'db', 'Error: Specified qdisc kind is unknown.'),
    new errors.FaultCommandError('db', 'add loss', 2, 'iptables: Permission denied'),
    new errors.FaultSidecarError('db', 'seaworthy-netem:latest', new Error('no such image')),
    // structure tests (issue 14)
    new errors.StructureConfigError('app.yaml', 'commandTests[0].exitCode', 'expected an integer, got string "0"'),
    // registry fixture and pull credentials (issue 14)
    new errors.RegistryRequestError('GET', 'http://127.0.0.1:5000/v2/_catalog', 401, '{"errors":[]}'),
    new errors.RegistryConfigError('/home/u/.docker/config.json', new SyntaxError('Unexpected token')),
    new errors.CredentialHelperError('docker-credential-ecr-login', 'x.example.com', 'missing', '/c.json'),
    // tag, push and commit (issue 14)
    new errors.ImagePushError('127.0.0.1:5000/app:1', 'no basic auth credentials'),
    new errors.ImageTagError('app:1', 'registry:5000/app:1', 'no such image on the engine'),
    // image builds (issue 14)
    new errors.ImageBuildError('web', 'exit 2', 'Step 2/3 : RUN make', ['make: *** [all] Error 2']),
    // bind mounts from a sibling runner (issue 15)
    new errors.BindNotSharedError({
      container: 'web',
      path: '/tmp/x',
      field: 'HostConfig.Binds[0]',
      runner: 'abc (job)',
      runnerMounts: ['/builds (volume builds)'],
    }),
    // seaworthy run (issue 15)
    new errors.RunTargetError('tets', ['api', 'tests']),
    new errors.RunStartupError(['db', 'api'], new Error('db did not become healthy')),
    new errors.RunAbortedError('timeout', 'test (service tests)', 600_000),
    new errors.SchemaRegistryRequestError(
      'POST',
      'http://127.0.0.1:8080/apis/ccompat/v7/subjects/orders-value/versions',
      409,
      '{"error_code":409,"message":"incompatible"}',
    ),
    // compose loader (issue 15)
    new errors.ComposeFileError({ file: '/p/compose.yml', key: 'services.api.ports[0]' }, 'must be string or number'),
    new errors.ComposeVariableError({ file: '/p/compose.yml', variable: 'DB_URL' }, 'DB_URL is required'),
    new errors.ComposeUnsupportedError({ file: '/p/compose.yml', service: 'api', key: 'services.api.secrets' }),
    // compose stacks (issue 15)
    new errors.ComposeServiceError('apu', 'unknown', 'is not defined in the compose files. Defined: api, db.'),
    new errors.ComposeDependencyError({
      dependant: 'api',
      dependency: 'migrate',
      condition: 'service_completed_successfully',
      problem: 'exited with code 3',
      advice: 'Its logs usually say why.',
      exitCode: 3,
      lastLogLines: ['relation missing'],
    }),
    new errors.ComposeStartupError('shop', 'api', new Error('no such image')),
    // API versions, contexts and ssh (issue 18)
    new errors.EngineTooOldError('unix:///x', '1.40', '1.41', '19.03.15'),
    new errors.EngineTooNewError('unix:///x', '1.60', '1.51', '40.0.0'),
    new errors.DockerContextNotFoundError('nope', 'DOCKER_CONTEXT', '/home/u/.docker/contexts', ['default', 'remote']),
    new errors.EngineSshError('ssh://ci@h:22', 'auth', 'the server refused every key offered'),
    new errors.EngineSkippedWarning(
      'ci-b',
      'tcp://10.0.0.6:2376 (TLS)',
      'connection refused',
      "'ci-a' (tcp://10.0.0.5:2376)",
    ),
    new errors.EngineLeaseError('/tmp/seaworthy-engines', new Error('EACCES')),
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

  it('cover every error class the catalogue exports', () => {
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

  it('word the corrected messages right', () => {
    const notRunning = new errors.ContainerNotRunningError('c', 'exec ["ls"]');
    expect(notRunning.message).toBe(
      `cannot exec ["ls"]: container 'c' is not running. Set it up again, or check its logs for why it stopped.`,
    );
    expect(new errors.ContainerNotRunningError('c', 'exec', 'paused').message).toContain(
      "is not running (its status is 'paused')",
    );
    const twin = new errors.NameConflictError('container', 'ns_web', undefined, { definition: 'web' });
    expect(twin.sameHelper).toBe(true);
    expect(twin.message).toContain("two container definitions named 'web' in one helper");
    expect(twin.message).not.toMatch(/another helper|crashed/i);
    expect(new errors.NameConflictError('container', 'ns_web').sameHelper).toBe(false);
    expect(new errors.ContainerRemovedError('c', 'read its logs').message).toMatch(
      /^container 'c' was removed .*, so seaworthy can't read its logs\./,
    );
  });
});

describe('instanceof across copies of the library', () => {
  /** A second copy of the catalogue, as the other build (ESM beside CJS) would load it. */
  async function otherCopy(): Promise<typeof errors> {
    vi.resetModules();
    const copy = await import('../../src/errors/index.js');
    expect(copy.SeaworthyError).not.toBe(errors.SeaworthyError);
    return copy;
  }

  it('an error from another copy is an instance of the same class here, and of SeaworthyError', async () => {
    const other = await otherCopy();
    const timeout = new other.WaitTimeoutError('c', 'x', 1, []);
    expect(Object.getPrototypeOf(timeout)).not.toBe(errors.WaitTimeoutError.prototype);
    expect(timeout instanceof errors.WaitTimeoutError).toBe(true);
    expect(timeout instanceof errors.SeaworthyError).toBe(true);
    expect(timeout instanceof Error).toBe(true);
    // And the other way round.
    expect(new errors.InvalidOptionError('x', 'bad') instanceof other.InvalidOptionError).toBe(true);
    expect(new errors.InvalidOptionError('x', 'bad') instanceof other.SeaworthyError).toBe(true);
  });

  it('stays precise: not an instance of a sibling class, from either copy', async () => {
    const other = await otherCopy();
    const timeout = new other.WaitTimeoutError('c', 'x', 1, []);
    expect(timeout instanceof errors.ContainerExitedError).toBe(false);
    expect(timeout instanceof errors.WaitAbortedError).toBe(false);
    expect(new errors.WaitTimeoutError('c', 'x', 1, []) instanceof errors.ContainerExitedError).toBe(false);
  });

  it('rejects values without the brand, or with a forged one of the wrong shape', () => {
    for (const value of [
      new Error('plain'),
      new TypeError('type'),
      { code: 'SEAWORTHY_WAIT_TIMEOUT', name: 'WaitTimeoutError' },
      Object.assign(new Error('x'), { [Symbol.for('dev.seaworthy.error.classes')]: 'WaitTimeoutError' }),
      Object.assign(new Error('x'), { [Symbol.for('dev.seaworthy.error.classes')]: [42] }),
      null,
      undefined,
      'WaitTimeoutError',
      42,
    ]) {
      expect(value instanceof errors.SeaworthyError, String(value)).toBe(false);
      expect(value instanceof errors.WaitTimeoutError, String(value)).toBe(false);
    }
  });

  it('brands each error with its class chain, out of sight of equality and JSON', () => {
    const error = new errors.WaitTimeoutError('c', 'x', 1, []);
    expect(errorBrand(error)).toEqual(['WaitTimeoutError', 'SeaworthyError']);
    expect(Object.keys(error)).not.toContain(String(Symbol.for('dev.seaworthy.error.classes')));
    expect(JSON.stringify(error)).not.toContain('SeaworthyError');
    expect(error.code satisfies errors.SeaworthyErrorCode).toBe('SEAWORTHY_WAIT_TIMEOUT');
  });

  it('lets a subclass of a catalogue class be checked precisely too', () => {
    class SlowStartError extends errors.WaitTimeoutError {}
    const slow = new SlowStartError('c', 'x', 1, []);
    expect(slow.name).toBe('SlowStartError');
    expect(slow instanceof errors.WaitTimeoutError).toBe(true);
    expect(slow instanceof errors.SeaworthyError).toBe(true);
    expect(new errors.WaitTimeoutError('c', 'x', 1, []) instanceof SlowStartError).toBe(false);
  });
});
