import { test as base, expect } from 'vitest';
import { ContainerDefinition, type WaitStrategy, waitFor } from '../../../src/index.js';
import { container, withContainers } from '../../../src/vitest/index.js';

/** Ready once it logged `ready`, then a second more: still starting while `broken` fails. */
const slow = (name: string) =>
  new ContainerDefinition(name, {
    image: 'seaworthy-fixture/logger:latest',
    wait: {
      description: `${name} logged ready, and a second passed`,
      async wait(context) {
        await waitFor.logLine('ready').wait(context);
        await new Promise((resolve) => setTimeout(resolve, 1000));
      },
    },
  });

/** Its readiness wait fails at once, with a message of its own. */
const failing: WaitStrategy = {
  description: 'a wait that fails on purpose',
  async wait() {
    throw new Error('broken: its readiness check failed on purpose');
  },
};

const test = withContainers(base, {
  left: container(slow('left')),
  right: container(slow('right')),
  broken: container(new ContainerDefinition('broken', { image: 'seaworthy-fixture/logger:latest', wait: failing })),
});

test('a failing fixture between two slow ones', async ({ left, broken, right }) => {
  expect([left.id, broken.id, right.id]).toHaveLength(3);
});

test('a failing fixture named first', async ({ broken, left, right }) => {
  expect([left.id, broken.id, right.id]).toHaveLength(3);
});

test('the same fixtures start again for the next test', async ({ left, right }) => {
  expect(left.id).not.toBe(right.id);
});
