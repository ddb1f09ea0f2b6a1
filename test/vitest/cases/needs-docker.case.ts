import { test as base, expect } from 'vitest';
import { ContainerDefinition } from '../../../src/index.js';
import { container, requireDocker, withContainers } from '../../../src/vitest/index.js';

const test = withContainers(base, {
  box: container(new ContainerDefinition('box', { image: 'seaworthy-fixture/logger:latest' }), { scope: 'file' }),
});

test('uses a file-scoped container', async ({ box }) => {
  expect(box.id).toBeTruthy();
});

test('uses the helper', async ({ docker }) => {
  expect(docker.namespace).toBeTruthy();
});

test('marks itself as needing Docker', async ({ skip }) => {
  const engine = await requireDocker({ skip });
  expect(engine.version.apiVersion).toBeTruthy();
});

test('needs no Docker at all', () => {
  expect(1 + 1).toBe(2);
});
