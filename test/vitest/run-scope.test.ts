import { expect, inject, test } from 'vitest';
import { Engine } from '../../src/tools.js';

test('a run-scoped container started in globalSetup is reachable through inject()', async () => {
  const response = await fetch(`${inject('runHttpdUrl')}/health.json`);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ status: 'ok' });
});

test('it is one container for the whole run, running while tests run', async () => {
  const engine = await Engine.connect();
  const info = await engine.inspectContainer(inject('runHttpdId'));
  expect(info.State.Running).toBe(true);
});
