import { test as base, expect } from 'vitest';
import { ContainerDefinition, waitFor } from '../../../src/index.js';
import { container, withContainers } from '../../../src/vitest/index.js';

const test = withContainers(base, {
  chatty: container(
    new ContainerDefinition('chatty', {
      image: 'seaworthy-fixture/logger:latest',
      env: { GREETING: 'hello from the chatty container' },
      wait: waitFor.logLine('ready'),
    }),
    { scope: 'file' },
  ),
});

test('fails while using a container', async ({ chatty, artifacts }) => {
  artifacts.collect(chatty, '/etc/hostname');
  expect(chatty.name).toBe('a different name');
});

test('passes while using a container', async ({ chatty }) => {
  expect(chatty.output.lines().length).toBeGreaterThan(0);
});

test('fails without using a container', () => {
  expect(1).toBe(2);
});
