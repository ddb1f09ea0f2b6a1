import { test as base, expect } from 'vitest';
import {
  type Container,
  ContainerDefinition,
  NetworkDefinition,
  VolumeDefinition,
  type WaitStrategy,
  waitFor,
} from '../../src/index.js';
import { container, network, volume, withContainers } from '../../src/vitest/index.js';
import { fixtureImage } from '../support/helper.js';

const events: string[] = [];

/** Ready a second after start (START_DELAY=1), recording when its setup began and when it was ready. */
function slowDependency(name: string) {
  const ready: WaitStrategy = {
    description: `${name} answers`,
    async wait(context) {
      await waitFor.http({ port: 8080, path: '/health.json' }).wait(context);
      events.push(`${name} ready`);
    },
  };
  return () => {
    events.push(`${name} created`);
    return new ContainerDefinition(name, {
      image: fixtureImage('httpd'),
      env: { START_DELAY: '1' },
      ports: [8080],
      wait: ready,
    });
  };
}

const backend = new NetworkDefinition('backend');
const data = new VolumeDefinition('data');

const test = withContainers(base, {
  backend: network(backend, { scope: 'file' }),
  data: volume(data, { scope: 'file' }),
  left: container(slowDependency('left'), { scope: 'file' }),
  right: container(slowDependency('right'), { scope: 'file' }),
  app: container(
    (deps) => {
      events.push('app created');
      const left = deps.left as Container;
      const right = deps.right as Container;
      return new ContainerDefinition('app', {
        image: fixtureImage('logger'),
        env: { GREETING: `${left.definition.name}+${right.definition.name}` },
        networks: [backend],
        mounts: [{ type: 'volume', source: data, target: '/data' }],
        wait: waitFor.logLine('ready'),
      });
    },
    { needs: ['left', 'right', 'backend', 'data'] },
  ),
});

test('dependencies start before the container that needs them, independent ones in parallel', async ({ app }) => {
  expect(app.output.lines().some((l: { text: string }) => l.text.includes('left+right'))).toBe(true);
  const index = (event: string) => events.indexOf(event);
  // Both dependencies were being set up before either was ready: they started in parallel.
  expect(index('left created')).toBeLessThan(index('right ready'));
  expect(index('right created')).toBeLessThan(index('left ready'));
  // The dependent was built only once both were ready.
  expect(index('app created')).toBeGreaterThan(index('left ready'));
  expect(index('app created')).toBeGreaterThan(index('right ready'));
});

test('network and volume fixtures exist and the container uses them', async ({ app, backend, data }) => {
  const info = await app.inspect();
  expect(Object.keys(info.networks)).toContain(backend.name);
  expect(info.mounts.map((m: { name?: string }) => m.name)).toContain(data.name);
});

test('a fixture can use the worker helper directly', async ({ docker, app }) => {
  expect(app.name.startsWith(docker.namespace)).toBe(true);
});
