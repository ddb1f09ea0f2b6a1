import { test as base, describe, expect, vi } from 'vitest';
import { ContainerDefinition, type DockerHelper, waitFor } from '../../src/index.js';
import { LABELS } from '../../src/tools.js';
import { container, withContainers } from '../../src/vitest/index.js';
import { fixtureImage } from '../support/helper.js';

const box = new ContainerDefinition('pooled-box', {
  image: fixtureImage('logger'),
  wait: waitFor.logLine('ready'),
});

const test = withContainers(base, { box: container(box, { pool: 2 }) });

/** Containers of the worker's helper on the engine. */
async function containersOf(docker: DockerHelper): Promise<string[]> {
  return (await docker.engine.listByLabel(`${LABELS.namespace}=${docker.namespace}`)).containers;
}

const seen: string[] = [];
/** Spares that existed at the end of the previous test. */
let sparesBefore: string[] = [];

describe('container(definition, { pool: 2 })', () => {
  for (const round of [1, 2, 3, 4]) {
    test(`round ${round}: a brand-new container, taken from the spares started during the previous test`, async ({
      box,
      docker,
    }) => {
      seen.push(box.id);
      expect(box.definition.name).toMatch(/^pooled-box-p\d+$/);
      expect((await box.state()).running).toBe(true);
      // Nothing from the previous test's container.
      expect(await box.exec(['sh', '-c', 'cat /tmp/state 2>/dev/null || echo clean'])).toHaveStdout('clean');
      expect(await box.exec(['sh', '-c', 'echo dirty > /tmp/state'])).toHaveExitCode(0);
      if (round > 1) expect(sparesBefore).toContain(box.id);
      // The pool keeps two spares besides this test's container (earlier ones may still be going away).
      await vi.waitFor(
        async () => {
          const spares = (await containersOf(docker)).filter((id) => !seen.includes(id));
          expect(spares).toHaveLength(2);
          sparesBefore = spares;
        },
        { timeout: 30_000, interval: 50 },
      );
    });
  }

  test('every test had its own container, and each was removed after its test', async ({ docker }) => {
    expect(new Set(seen).size).toBe(4);
    await vi.waitFor(
      async () => {
        const left = await containersOf(docker);
        for (const id of seen) expect(left).not.toContain(id);
      },
      { timeout: 30_000, interval: 50 },
    );
  });
});

describe.concurrent('concurrent tests each take a pooled container of their own', () => {
  const concurrent: string[] = [];
  for (const name of ['first', 'second', 'third']) {
    test(name, async ({ box }) => {
      concurrent.push(box.id);
      expect((await box.state()).running).toBe(true);
      expect(concurrent.filter((id) => id === box.id)).toHaveLength(1);
    });
  }
});
