import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import type { ContainerOptions } from '../../../src/resources/definitions/container-options.js';
import { validateContainerOptions } from '../../../src/resources/definitions/container-options-validation.js';
import { NetworkDefinition } from '../../../src/resources/definitions/network.js';
import { engineNetworkMode, networkPlan } from '../../../src/resources/definitions/network-mode.js';

const net = new NetworkDefinition('backend');
const started = { id: 'abc123' };

function invalid(options: Partial<ContainerOptions>): InvalidOptionError {
  try {
    validateContainerOptions('app', { image: 'redis:7', ...options } as ContainerOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected an InvalidOptionError');
}

describe('networkPlan', () => {
  it('reads the typed option', () => {
    expect(networkPlan({})).toEqual({ kind: 'helper' });
    for (const mode of ['bridge', 'none', 'host'] as const)
      expect(networkPlan({ networkMode: mode })).toEqual({ kind: mode });
    expect(networkPlan({ networkMode: { container: started } })).toEqual({ kind: 'container', container: 'abc123' });
    expect(networkPlan({ networkMode: net })).toEqual({ kind: 'network', source: net });
  });

  it('reads the same modes from createOverrides.HostConfig.NetworkMode', () => {
    const raw = (NetworkMode: unknown) => networkPlan({ createOverrides: { HostConfig: { NetworkMode } } });
    expect(raw('none')).toEqual({ kind: 'none' });
    expect(raw('host')).toEqual({ kind: 'host' });
    expect(raw('bridge')).toEqual({ kind: 'bridge' });
    expect(raw('default')).toEqual({ kind: 'bridge' });
    expect(raw('container:web')).toEqual({ kind: 'container', container: 'web' });
    expect(raw('my-net')).toEqual({ kind: 'named', network: 'my-net' });
    expect(raw(undefined)).toEqual({ kind: 'helper' });
    expect(() => raw(42)).toThrow(InvalidOptionError);
    expect(() => raw('container:')).toThrow(InvalidOptionError);
  });

  it('gives the engine the mode, with the resolved network name for a definition', () => {
    expect(engineNetworkMode({ kind: 'helper' })).toBeUndefined();
    expect(engineNetworkMode({ kind: 'none' })).toBe('none');
    expect(engineNetworkMode({ kind: 'container', container: 'abc' })).toBe('container:abc');
    expect(engineNetworkMode({ kind: 'network', source: net }, 'ns_backend')).toBe('ns_backend');
    expect(engineNetworkMode({ kind: 'named', network: 'my-net' })).toBe('my-net');
  });
});

describe('networkMode validation', () => {
  it('accepts each mode on its own', () => {
    for (const networkMode of ['bridge', 'none', 'host', { container: started }, net] as const) {
      expect(() => validateContainerOptions('app', { image: 'x', networkMode })).not.toThrow();
    }
    expect(() =>
      validateContainerOptions('app', { image: 'x', networkMode: net, aliases: ['db'], networks: [net] }),
    ).not.toThrow();
  });

  it('rejects unknown modes and a definition in place of a started container', () => {
    expect(invalid({ networkMode: 'overlay' as never }).option).toBe('app.networkMode');
    const error = invalid({ networkMode: { container: { name: 'web', options: {} } } as never });
    expect(error.option).toBe('app.networkMode.container');
    expect(error.message).toContain('started container');
  });

  it('rejects none, host and container with networks, aliases or ports', () => {
    for (const networkMode of ['none', 'host', { container: started }] as const) {
      expect(invalid({ networkMode, networks: [net] }).option).toBe('app.networks');
      expect(invalid({ networkMode, aliases: ['a'] }).option).toBe('app.aliases');
      expect(invalid({ networkMode, ports: [80] }).option).toBe('app.ports');
      expect(invalid({ networkMode, helperNetwork: 'always' }).option).toBe('app.helperNetwork');
    }
    expect(invalid({ networkMode: 'host', ports: [80] }).message).toContain("can't be used with networkMode 'host'");
  });

  it('applies the same rules to a mode given through createOverrides', () => {
    const createOverrides = { HostConfig: { NetworkMode: 'none' } };
    expect(invalid({ createOverrides, ports: [80] }).option).toBe('app.ports');
    expect(invalid({ createOverrides: { HostConfig: { NetworkMode: 'host' } }, aliases: ['x'] }).option).toBe(
      'app.aliases',
    );
  });

  it('rejects aliases on the default bridge, and a mode given twice', () => {
    expect(invalid({ networkMode: 'bridge', aliases: ['a'] }).option).toBe('app.aliases');
    expect(invalid({ networkMode: 'none', createOverrides: { HostConfig: { NetworkMode: 'none' } } }).option).toBe(
      'app.networkMode',
    );
  });
});
