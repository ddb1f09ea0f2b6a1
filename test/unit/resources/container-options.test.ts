import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors.js';
import {
  baseCreateRequest,
  type ContainerOptions,
  validateContainerOptions,
} from '../../../src/resources/container-options.js';
import { portKey } from '../../../src/resources/ports.js';
import { closest } from '../../../src/resources/validation.js';

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
