// Type-checked against dist/vitest.d.ts: fixtures infer their values, and
// the matchers autocomplete on Vitest's expect.
import { type Container, ContainerDefinition, httpClient } from 'seaworthy';
import { cleanContainer, container, withContainers } from 'seaworthy/vitest';
import { test as base, expect, expectTypeOf } from 'vitest';

const db = new ContainerDefinition('db', { image: 'x' });
const test = withContainers(base, {
  db: cleanContainer(db, { clean: async (c: Container) => void c }),
  web: container(() => new ContainerDefinition('web', { image: 'y', ports: [80] }), { needs: ['db'] }),
});

test('typed', async ({ db, web, docker, artifacts }) => {
  // Not `any`: the fixture values keep their handle types.
  expectTypeOf(db).toEqualTypeOf<Container>();
  expectTypeOf(web).toEqualTypeOf<Container>();
  const id: string = db.id;
  artifacts.collect(web, '/etc/hostname');
  const namespace: string = docker.namespace;
  await expect(web).toHaveLoggedLine(/ready/, { timeoutMs: 1_000 });
  await expect(web).toHaveProcessTree({ pid: 1, children: [{ args: 'worker' }] });
  expect(await httpClient(web, 80).get('/')).toHaveStatus(200);
  expect(await web.exec(['true'])).toHaveExitCode(0);
  return [id, namespace];
});
