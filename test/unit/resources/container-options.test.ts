import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { baseCreateRequest, type ContainerOptions } from '../../../src/resources/definitions/container-options.js';
import { validateContainerOptions } from '../../../src/resources/definitions/container-options-validation.js';
import { portKey } from '../../../src/resources/definitions/ports.js';
import { closest } from '../../../src/resources/definitions/validation.js';

const valid = (options: Partial<ContainerOptions>) => () =>
  validateContainerOptions('app', { image: 'redis:7', ...options } as ContainerOptions);

describe('validateContainerOptions', () => {
  it('accepts a full, correct set of options', () => {
    expect(
      valid({
        command: ['a'],
        env: { A: '1' },
        ports: [80, '53/udp', { container: 5432, hostPort: 15432 }],
        mounts: [
          { type: 'bind', source: '/src', target: '/dst' },
          { type: 'tmpfs', target: '/tmp' },
        ],
        startupTimeoutMs: 10,
        pull: 'never',
        memoryBytes: 64 * 1024 * 1024,
      }),
    ).not.toThrow();
  });

  it('names an unknown option and suggests the nearest', () => {
    expect(valid({ enviroment: {} } as never)).toThrow(
      'invalid option `app.enviroment`: unknown option; did you mean `env`?',
    );
    expect(valid({ comand: [] } as never)).toThrow('did you mean `command`?');
  });

  it('rejects env values that are not strings, naming the key', () => {
    expect(valid({ env: { PORT: 5432 } } as never)).toThrow('`app.env.PORT`: 5432 is a number, not a string');
    expect(valid({ env: { X: null } } as never)).toThrow('is a null');
  });

  it('rejects ports out of range or malformed', () => {
    for (const port of [0, 70_000, 'abc', '80/icmp']) {
      expect(valid({ ports: [port as never] }), String(port)).toThrow(InvalidOptionError);
    }
    expect(valid({ ports: [{ container: 80, hostPort: 70_000 }] })).toThrow('`app.ports[0].hostPort`');
  });

  it('rejects relative mount paths and unknown mount types', () => {
    expect(valid({ mounts: [{ type: 'bind', source: 'rel', target: '/x' }] })).toThrow('`app.mounts[0].source`');
    expect(valid({ mounts: [{ type: 'tmpfs', target: 'x' }] })).toThrow('`app.mounts[0].target`');
    expect(valid({ mounts: [{ type: 'nfs', target: '/x' } as never] })).toThrow('`app.mounts[0].type`');
  });

  it('rejects bad images, pull policies, timeouts and memory limits', () => {
    expect(valid({ image: '' })).toThrow('`app.image`');
    expect(valid({ image: 'has space' })).toThrow('not a valid image reference');
    expect(valid({ image: 'Upper/Case' })).toThrow('not a valid image reference');
    expect(valid({ pull: 'sometimes' as never })).toThrow('`app.pull`');
    expect(valid({ startupTimeoutMs: 0 })).toThrow('`app.startupTimeoutMs`');
    expect(valid({ startupTimeoutMs: -5 })).toThrow(InvalidOptionError);
    expect(valid({ memoryBytes: 1024 })).toThrow('at least 6 MiB');
    expect(valid({ wait: {} as never })).toThrow('`app.wait`');
  });
});

describe('validateContainerOptions: inputs that used to reach the engine or throw a bare TypeError', () => {
  const option = (options: Partial<ContainerOptions>) => {
    try {
      valid(options)();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidOptionError);
      return error as InvalidOptionError;
    }
    throw new Error('expected an InvalidOptionError');
  };

  it('ports given as an object', () => {
    const error = option({ ports: { 8080: 8080 } as never });
    expect(error.option).toBe('app.ports');
    expect(error.message).toContain('must be an array');
  });

  it('a NaN port, reported as given', () => {
    const error = option({ ports: [Number.NaN as never] });
    expect(error.option).toBe('app.ports[0]');
    expect(error.message).toContain('NaN is not a container port');
    expect(option({ ports: [{ container: Number.NaN as never }] }).option).toBe('app.ports[0].container');
  });

  it('healthcheck durations under 1 ms, a missing test and bad retries', () => {
    expect(option({ healthcheck: { test: 'true', intervalMs: 0.5 } }).option).toBe('app.healthcheck.intervalMs');
    expect(option({ healthcheck: { test: 'true', intervalMs: 0 } }).option).toBe('app.healthcheck.intervalMs');
    expect(option({ healthcheck: { test: 'true', timeoutMs: 0.1 } }).message).toContain('at least 1 ms');
    expect(option({ healthcheck: { test: 'true', startPeriodMs: 0.5 } }).option).toBe('app.healthcheck.startPeriodMs');
    expect(valid({ healthcheck: { test: 'true', startPeriodMs: 0 } })).not.toThrow();
    expect(option({ healthcheck: { test: [] } }).option).toBe('app.healthcheck.test');
    expect(option({ healthcheck: { test: 'true', retries: -1 } }).option).toBe('app.healthcheck.retries');
    expect(option({ healthcheck: { test: 'true', interval: 5 } as never }).option).toBe('app.healthcheck.interval');
  });

  it('env names that are empty or contain "="', () => {
    expect(option({ env: { 'A=B': '1' } }).option).toBe('app.env["A=B"]');
    expect(option({ env: { '': '1' } }).option).toBe('app.env[""]');
    expect(valid({ env: { 'with.dot': '1', A_1: 'x=y' } })).not.toThrow();
  });

  it('networks entries that are neither definitions nor attachments', () => {
    const error = option({ networks: [42 as never] });
    expect(error.option).toBe('app.networks[0]');
    expect(error.message).toContain('42 must be a NetworkDefinition');
    expect(option({ networks: [{ network: 7 } as never] }).option).toBe('app.networks[0].network');
    expect(option({ networks: [{ network: 'n', aliases: 'a' } as never] }).option).toBe('app.networks[0].aliases');
    expect(option({ networks: 'net' as never }).option).toBe('app.networks');
  });

  it('a volume mount source that is not a string or a definition', () => {
    const error = option({
      mounts: [
        { type: 'tmpfs', target: '/a' },
        { type: 'volume', source: 42 as never, target: '/b' },
      ],
    });
    expect(error.option).toBe('app.mounts[1].source');
    expect(error.message).toContain('42 must be a VolumeDefinition');
    expect(valid({ mounts: [{ type: 'volume', source: 'existing', target: '/b' }] })).not.toThrow();
  });

  it('createOverrides that is not an object', () => {
    expect(option({ createOverrides: 'text' as never }).option).toBe('app.createOverrides');
  });

  it('durations over 2^31 − 1 ms, naming the option and the limit', () => {
    const error = option({ startupTimeoutMs: 3e9 });
    expect(error.option).toBe('app.startupTimeoutMs');
    expect(error.message).toContain('3000000000 ms is too long');
    expect(error.message).toContain('2147483647 ms');
    expect(option({ stopTimeoutMs: 2 ** 31 }).option).toBe('app.stopTimeoutMs');
    expect(valid({ stopTimeoutMs: 0 })).not.toThrow();
    expect(option({ healthcheck: { test: 'true', timeoutMs: 1e12 } }).option).toBe('app.healthcheck.timeoutMs');
  });
});

describe('baseCreateRequest', () => {
  it('publishes ports on 127.0.0.1 with an engine-picked host port by default', () => {
    const request = baseCreateRequest(
      { image: 'x', ports: [80, { container: '53/udp', hostPort: 5353, hostIp: '0.0.0.0' }] },
      {},
    );
    expect(request.ExposedPorts).toEqual({ '80/tcp': {}, '53/udp': {} });
    expect(request.HostConfig?.PortBindings).toEqual({
      '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }],
      '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }],
    });
  });

  it('turns env into KEY=value and lets owner labels win over user labels', () => {
    const request = baseCreateRequest(
      { image: 'x', env: { A: '1', B: 'x=y' }, labels: { mine: 'yes', 'dev.seaworthy.pid': 'fake' } },
      { 'dev.seaworthy.pid': '42' },
    );
    expect(request.Env).toEqual(['A=1', 'B=x=y']);
    expect(request.Labels).toEqual({ mine: 'yes', 'dev.seaworthy.pid': '42' });
  });

  it('converts healthcheck durations to nanoseconds and a string test to CMD-SHELL', () => {
    const request = baseCreateRequest({ image: 'x', healthcheck: { test: 'pg_isready', intervalMs: 250 } }, {});
    expect(request.Healthcheck).toEqual({
      Test: ['CMD-SHELL', 'pg_isready'],
      Interval: 250_000_000,
      Timeout: 5_000_000_000,
      Retries: 3,
      StartPeriod: 0,
    });
  });

  it('sets swap equal to the memory limit so the limit is real', () => {
    const request = baseCreateRequest({ image: 'x', memoryBytes: 32 * 1024 * 1024 }, {});
    expect(request.HostConfig).toMatchObject({ Memory: 33_554_432, MemorySwap: 33_554_432 });
  });

  it('turns volumesFrom into id-or-name[:ro] and adds expose ports without binding them', () => {
    const request = baseCreateRequest(
      {
        image: 'x',
        ports: [80],
        expose: [9090, '53/udp'],
        volumesFrom: [{ container: { id: 'abc123' } }, { container: 'data', readOnly: true }],
      },
      {},
    );
    expect(request.HostConfig?.VolumesFrom).toEqual(['abc123', 'data:ro']);
    expect(request.ExposedPorts).toEqual({ '80/tcp': {}, '9090/tcp': {}, '53/udp': {} });
    expect(request.HostConfig?.PortBindings).toEqual({ '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
  });
});

describe('portKey and closest', () => {
  it('normalises ports to the engine form', () => {
    expect(portKey(80)).toBe('80/tcp');
    expect(portKey('53/udp')).toBe('53/udp');
    expect(portKey(' 8080 ')).toBe('8080/tcp');
  });

  it('suggests by shared prefix or small edit distance, and nothing for unrelated words', () => {
    expect(closest('enviroment', ['env', 'image'])).toBe('env');
    expect(closest('imgae', ['env', 'image'])).toBe('image');
    expect(closest('zzzzzzzz', ['env', 'image'])).toBeUndefined();
  });
});
