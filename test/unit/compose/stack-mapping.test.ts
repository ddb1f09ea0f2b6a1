import { describe, expect, it } from 'vitest';
import { dependencyClosure, directDependencies } from '../../../src/compose/stack/service-graph.js';
import {
  restartPolicy,
  type ServiceOptionsContext,
  serviceContainerOptions,
} from '../../../src/compose/stack/service-options.js';
import { defaultStackName, resolveStackOptions } from '../../../src/compose/stack/stack-options.js';
import { ComposeServiceError, InvalidOptionError, waitFor } from '../../../src/index.js';
import { model, service } from '../../integration/compose/support/model.js';

const started = { id: 'abc123' };
const context = (overrides: Partial<ServiceOptionsContext> = {}): ServiceOptionsContext => ({
  project: 'ns-app',
  hostPorts: 'as-written',
  startupTimeoutMs: undefined,
  wait: undefined,
  network: (key) =>
    key === 'outside' ? 'existing-net' : { name: `app-${key}`, setup: async () => ({ id: key, name: key }) },
  networkEngineName: (key) => `ns_app-${key}`,
  volume: (key) => ({ name: `app-${key}`, setup: async () => ({ name: key }) }),
  anonymousVolume: (index) => ({ name: `anon-${index}`, setup: async () => ({ name: `anon-${index}` }) }),
  image: 'img:1',
  started: () => started,
  ...overrides,
});

describe('serviceContainerOptions', () => {
  it('publishes on 127.0.0.1 by default, as written or on any free port', () => {
    const api = service('api', {
      ports: [
        { target: 80, published: 8080, protocol: 'tcp' },
        { target: 53, protocol: 'udp', hostIp: '0.0.0.0' },
      ],
    });
    expect(serviceContainerOptions(api, 1, context()).ports).toEqual([
      { container: '80/tcp', hostIp: '127.0.0.1', hostPort: 8080 },
      { container: '53/udp', hostIp: '0.0.0.0' },
    ]);
    expect(serviceContainerOptions(api, 1, context({ hostPorts: 'any-free' })).ports?.[0]).toEqual({
      container: '80/tcp',
      hostIp: '127.0.0.1',
    });
  });

  it('puts the service on its first network as its mode, the others as attachments, with its names as aliases', () => {
    const api = service('api', {
      containerName: 'legacy',
      networks: { front: { aliases: ['www'] }, back: { aliases: [] }, outside: { aliases: ['x'] } },
    });
    const options = serviceContainerOptions(api, 2, context());
    expect((options.networkMode as { name: string }).name).toBe('app-front');
    expect(options.aliases).toEqual(['api', 'legacy', 'www']);
    expect(options.networks?.map((n) => ('network' in n ? [n.network, n.aliases] : n))).toEqual([
      [expect.objectContaining({ name: 'app-back' }), ['api', 'legacy']],
      ['existing-net', ['api', 'legacy', 'x']],
    ]);
    expect(options.labels).toMatchObject({
      'com.docker.compose.project': 'ns-app',
      'com.docker.compose.service': 'api',
      'com.docker.compose.container-number': '2',
    });
  });

  it('maps network_mode, a disabled healthcheck, restart, stop signal and volumes_from', () => {
    const options = serviceContainerOptions(
      service('sidecar', {
        networkMode: 'service:api',
        healthcheck: 'disabled',
        restart: 'on-failure:3',
        stopSignal: 'SIGINT',
        volumesFrom: [
          { source: { service: 'api' }, readOnly: true },
          { source: { container: 'runner' }, readOnly: false },
        ],
        mounts: [{ type: 'volume', target: '/cache', readOnly: false }],
      }),
      1,
      context(),
    );
    expect(options.networkMode).toEqual({ container: started });
    expect(options.aliases).toBeUndefined();
    expect(options.createOverrides).toEqual({
      Healthcheck: { Test: ['NONE'] },
      StopSignal: 'SIGINT',
      HostConfig: { RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 } },
    });
    expect(options.volumesFrom).toEqual([
      { container: started, readOnly: true },
      { container: 'runner', readOnly: false },
    ]);
    expect(options.mounts?.[0]).toMatchObject({ type: 'volume', source: { name: 'anon-0' }, target: '/cache' });
    expect(() => serviceContainerOptions(service('odd', { networkMode: 'somewhere' }), 1, context())).toThrow(
      InvalidOptionError,
    );
  });

  it('restart policies', () => {
    expect(restartPolicy('always', 'restart')).toEqual({ Name: 'always' });
    expect(restartPolicy('on-failure', 'restart')).toEqual({ Name: 'on-failure' });
    expect(() => restartPolicy('sometimes', 'services.api.restart')).toThrow(/services\.api\.restart/);
  });
});

describe('the service graph', () => {
  const cond = (condition: 'service_started' | 'service_healthy', required = true) => ({ condition, required });

  it('follows depends_on, volumes_from and network_mode service:x, skipping optional missing ones', () => {
    const m = model([
      service('db', {}),
      service('data', {}),
      service('api', {
        dependsOn: { db: cond('service_healthy'), gone: cond('service_started', false) },
        volumesFrom: [{ source: { service: 'data' }, readOnly: false }],
      }),
      service('proxy', { networkMode: 'service:api' }),
    ]);
    expect([...directDependencies(m, m.services.api as never)]).toEqual([
      ['db', 'service_healthy'],
      ['data', 'service_started'],
    ]);
    expect(dependencyClosure(m, ['proxy'])).toEqual(['db', 'data', 'api', 'proxy']);
  });

  it('rejects a cycle and a required dependency the files do not define', () => {
    const cycle = model([
      service('a', { dependsOn: { b: cond('service_started') } }),
      service('b', { dependsOn: { a: cond('service_started') } }),
    ]);
    expect(() => dependencyClosure(cycle, ['a'])).toThrow(/a -> b -> a/);
    const missing = model([service('a', { dependsOn: { ghost: cond('service_started') } })]);
    expect(() => dependencyClosure(missing, ['a'])).toThrow(ComposeServiceError);
  });
});

describe('stack options', () => {
  const m = model([service('api', {}), service('db', {})]);

  it('checks service names in services and waits before anything runs', () => {
    expect(() => resolveStackOptions(m, { waits: { apu: waitFor.port(80) } })).toThrow(ComposeServiceError);
    expect(() => resolveStackOptions(m, { services: ['nope'] })).toThrow(/'nope'/);
    expect(() => resolveStackOptions(m, { waits: { api: {} as never } })).toThrow(/waits\.api/);
    expect(() => resolveStackOptions(m, { hostPorts: 'random' as never })).toThrow(InvalidOptionError);
    expect(() => resolveStackOptions(m, { servics: [] } as never)).toThrow(/did you mean `services`/);
  });

  it('derives the name from the model', () => {
    expect(defaultStackName('My App!')).toBe('my-app-');
    expect(defaultStackName(undefined)).toBe('stack');
    expect(defaultStackName(undefined, '/builds/group/My Shop')).toBe('my-shop');
    expect(defaultStackName('', '/')).toBe('stack');
    expect(resolveStackOptions(m, {}).name).toBe('handmade');
  });
});
