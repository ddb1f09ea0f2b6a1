import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ContainerDefinition,
  type ContainerOptions,
  DockerHelper,
  InvalidOptionError,
  NetworkDefinition,
  waitFor,
} from '../../../src/index.js';
import { deepMerge } from '../../../src/tools.js';
import { fixtureImage, resourcesOf } from '../../support/helper.js';

/**
 * Options that can't work: each is an InvalidOptionError naming the option
 * path, thrown before any engine call, and the helper's namespace stays empty
 * (no container, and no helper network either).
 */
let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});

afterAll(async () => {
  await helper.teardown();
});

const logger = fixtureImage('logger');

async function rejected(options: Omit<ContainerOptions, 'image'>): Promise<InvalidOptionError> {
  let error: unknown;
  try {
    await new ContainerDefinition('bad', { image: logger, ...options }).setup(helper);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InvalidOptionError);
  expect((error as InvalidOptionError).code).toBe('SEAWORTHY_INVALID_OPTION');
  expect(await resourcesOf(helper)).toEqual({ containers: [], networks: [], volumes: [] });
  return error as InvalidOptionError;
}

describe('network modes that cannot work', () => {
  const net = new NetworkDefinition('bad-net');
  const modes = {
    none: { networkMode: 'none' },
    host: { networkMode: 'host' },
    'none via createOverrides': { createOverrides: { HostConfig: { NetworkMode: 'none' } } },
    'host via createOverrides': { createOverrides: { HostConfig: { NetworkMode: 'host' } } },
  } as const;

  for (const [label, mode] of Object.entries(modes)) {
    it(`${label} with networks, aliases or ports`, async () => {
      expect((await rejected({ ...mode, networks: [net] })).option).toBe('bad.networks');
      expect((await rejected({ ...mode, aliases: ['x'] })).option).toBe('bad.aliases');
      const ports = await rejected({ ...mode, ports: [8080] });
      expect(ports.option).toBe('bad.ports');
      expect(ports.message).toMatch(/can't be used with (networkMode|network mode) '(none|host)'/);
    });
  }

  it('a started container that is not one, and a mode that does not exist', async () => {
    const notStarted = new ContainerDefinition('owner', { image: logger });
    expect((await rejected({ networkMode: { container: notStarted as never } })).option).toBe(
      'bad.networkMode.container',
    );
    expect((await rejected({ networkMode: 'overlay' as never })).option).toBe('bad.networkMode');
    expect((await rejected({ createOverrides: { HostConfig: { NetworkMode: 42 } } })).option).toBe(
      'bad.createOverrides.HostConfig.NetworkMode',
    );
  });
});

describe('inputs that used to reach the engine or throw a bare TypeError', () => {
  it('ports given as an object', async () => {
    const error = await rejected({ ports: { 8080: 8080 } as never });
    expect(error.option).toBe('bad.ports');
  });

  it('a NaN port, reported as given', async () => {
    const error = await rejected({ ports: [Number.NaN as never] });
    expect(error.option).toBe('bad.ports[0]');
    expect(error.message).toContain('NaN is not a container port');
    expect(error.message).not.toContain('null');
  });

  it('a healthcheck interval under 1 ms', async () => {
    const error = await rejected({ healthcheck: { test: 'true', intervalMs: 0.5 } });
    expect(error.option).toBe('bad.healthcheck.intervalMs');
  });

  it('env names that contain "=" or are empty', async () => {
    expect((await rejected({ env: { 'A=B': '1' } })).option).toBe('bad.env["A=B"]');
    expect((await rejected({ env: { '': '1' } })).option).toBe('bad.env[""]');
  });

  it('networks: [42]', async () => {
    const error = await rejected({ networks: [42 as never] });
    expect(error.option).toBe('bad.networks[0]');
    expect(error.message).not.toContain('undefined');
  });

  it('a mount source that is not a string or a definition', async () => {
    const error = await rejected({
      mounts: [
        { type: 'tmpfs', target: '/scratch' },
        { type: 'volume', source: { not: 'a volume' } as never, target: '/data' },
      ],
    });
    expect(error.option).toBe('bad.mounts[1].source');
  });

  it('deepMerge with a string patch', () => {
    expect(() => deepMerge({}, 'text' as never)).toThrow(InvalidOptionError);
  });
});

describe('durations over 2^31 − 1 ms (Node would cut the timer to 1 ms)', () => {
  it('startupTimeoutMs: 3e9', async () => {
    const error = await rejected({ wait: waitFor.logLine(/tick/), startupTimeoutMs: 3e9 });
    expect(error.option).toBe('bad.startupTimeoutMs');
    expect(error.message).toContain('2147483647 ms');
  });

  it("a wait's own timeoutMs: 2.5e9", () => {
    expect(() => waitFor.logLine(/x/, { timeoutMs: 2.5e9 })).toThrow(InvalidOptionError);
    expect(() => waitFor.logLine(/x/, { timeoutMs: 2.5e9 })).toThrow('`waitFor.logLines timeoutMs`');
  });

  it("container.waitFor's timeoutMs, checked before waiting", async () => {
    const c = await new ContainerDefinition('limits', { image: logger }).setup(helper);
    try {
      const error = await c.waitFor(waitFor.logLine(/tick/), { timeoutMs: 3e9 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOptionError);
      expect((error as InvalidOptionError).option).toBe('timeoutMs');
      const stop = await c.stop({ timeoutMs: Number.NaN }).catch((e: unknown) => e);
      expect(stop).toBeInstanceOf(InvalidOptionError);
      expect((await c.state()).running).toBe(true);
    } finally {
      await c.teardown();
    }
  });
});
