// Type-checked against dist/jest.d.cts: useContainers and the matchers on
// Jest 30's expect from @jest/globals.
import { expect, test } from '@jest/globals';
import { ContainerDefinition } from 'seaworthy';
import { container, useContainers } from 'seaworthy/jest';

const containers = useContainers({ web: container(new ContainerDefinition('web', { image: 'x' }), { scope: 'file' }) });

test('typed', async () => {
  const id: string = containers.web.id;
  await expect(containers.web).toHaveLoggedLine('ready');
  expect(await containers.web.exec(['true'])).toHaveExitCode(0);
  return id;
});
