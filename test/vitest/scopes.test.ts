import { test as base, describe, expect } from 'vitest';
import { ContainerDefinition, type WaitStrategy, waitFor } from '../../src/index.js';
import { cleanContainer, container, withContainers } from '../../src/vitest/index.js';
import { fixtureImage } from '../support/helper.js';

/** An httpd container, ready once it answers. */
const httpd = (name: string, env: Record<string, string> = {}, wait?: WaitStrategy) =>
  new ContainerDefinition(name, {
    image: fixtureImage('httpd'),
    env,
    ports: [8080],
    wait: wait ?? waitFor.http({ port: 8080, path: '/health.json' }),
  });

const seen: Record<string, string[]> = { perTest: [], perFile: [], perWorker: [], clean: [] };

const test = withContainers(base, {
  perTest: container(httpd('per-test'), { scope: 'test' }),
  perFile: container(httpd('per-file'), { scope: 'file' }),
  perWorker: container(httpd('per-worker'), { scope: 'worker' }),
  scratch: cleanContainer(httpd('scratch'), {
    scope: 'file',
    clean: async (c) => {
      await c.exec(['sh', '-c', 'rm -f /tmp/state']);
    },
  }),
});

describe('fixture scopes', () => {
  for (const round of [1, 2]) {
    test(`round ${round}: each scope hands out the container it owns`, async ({ perTest, perFile, perWorker }) => {
      seen.perTest?.push(perTest.id);
      seen.perFile?.push(perFile.id);
      seen.perWorker?.push(perWorker.id);
      expect((await perTest.state()).running).toBe(true);
    });
  }

  test('a test-scoped container is new for every test; file and worker ones are shared', () => {
    expect(seen.perTest).toHaveLength(2);
    expect(new Set(seen.perTest).size).toBe(2);
    expect(new Set(seen.perFile).size).toBe(1);
    expect(new Set(seen.perWorker).size).toBe(1);
  });

  test('the test-scoped container of an earlier test has been removed', async ({ docker }) => {
    const first = seen.perTest?.[0] as string;
    // Removed in the background: awaited here (the adapter awaits it at the end of the file anyway).
    await docker.removalsSettled();
    const left = await docker.engine.listByLabel(`dev.seaworthy.namespace=${docker.namespace}`);
    expect(left.containers).not.toContain(first);
  });

  for (const round of [1, 2]) {
    test(`clean fixture, round ${round}: state from the previous test is gone, the container is the same`, async ({
      scratch,
    }) => {
      seen.clean?.push(scratch.id);
      const before = await scratch.exec(['sh', '-c', 'cat /tmp/state 2>/dev/null || echo none']);
      expect(before.stdout.trim()).toBe('none');
      await scratch.exec(['sh', '-c', 'echo dirty > /tmp/state']);
    });
  }

  test('the clean fixture kept one container', () => {
    expect(seen.clean).toHaveLength(2);
    expect(new Set(seen.clean).size).toBe(1);
  });
});
