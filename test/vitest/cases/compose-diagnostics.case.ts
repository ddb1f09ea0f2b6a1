import { fileURLToPath } from 'node:url';
import { test as base, expect } from 'vitest';
import { composeStack, withContainers } from '../../../src/vitest/index.js';

const file = fileURLToPath(new URL('../../integration/compose/stacks/fixture/compose.yaml', import.meta.url));

const test = withContainers(base, { app: composeStack(file, { name: 'diag' }) });

test('fails while using a compose stack', async ({ app }) => {
  await app.service('web').exec(['sh', '-c', 'echo "a line from the web service" > /proc/1/fd/1']);
  expect(app.services).toEqual(['not', 'these']);
});
