import { test as base, describe, expect } from 'vitest';
import { ContainerDefinition, waitFor } from '../../../src/index.js';
import { container, withContainers } from '../../../src/vitest/index.js';

const test = withContainers(base, {
  box: container(
    new ContainerDefinition('box', { image: 'seaworthy-fixture/logger:latest', wait: waitFor.logLine('ready') }),
    { scope: 'test' },
  ),
});

describe.concurrent('two concurrent tests want the same test-scoped container', () => {
  test('first', async ({ box }) => {
    expect(box.id).toBeTruthy();
  });
  test('second', async ({ box }) => {
    expect(box.id).toBeTruthy();
  });
});
