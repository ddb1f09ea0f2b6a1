import { fileURLToPath } from 'node:url';
import { test as base, describe, expect } from 'vitest';
import { ComposeStack, loadCompose, waitFor } from '../../src/index.js';
import { Engine } from '../../src/tools.js';
import { composeStack, runScope, withContainers } from '../../src/vitest/index.js';

const file = fileURLToPath(new URL('../integration/compose/stacks/fixture/compose.yaml', import.meta.url));
const seen: string[] = [];

const test = withContainers(base, {
  app: composeStack(file, { waits: { web: waitFor.http({ port: 8080, path: '/health.json' }) } }),
});

describe('composeStack() with withContainers', () => {
  for (const round of [1, 2]) {
    test(`round ${round}: the file-scoped stack is shared, each service a Container the matchers take`, async ({
      app,
    }) => {
      expect(app).toBeInstanceOf(ComposeStack);
      seen.push(app.service('web').id);
      const answer = await fetch(`${app.service('web').baseUrl(8080)}/health.json`);
      expect(answer.status).toBe(200);
      const fromClient = await app.service('client').exec(['sh', '-c', 'echo reached > /tmp/probe && cat /tmp/probe']);
      expect(fromClient).toHaveStdout('reached');
      await expect(app.service('client')).toHaveFileContent('/tmp/probe', 'reached\n');
    });
  }

  test('one stack for the whole file', () => {
    expect(seen).toHaveLength(2);
    expect(new Set(seen).size).toBe(1);
  });
});

describe('runScope() with a compose stack definition', () => {
  base('starts the stack for a run, provides values from it, and removes it at the end', async () => {
    const provided: Record<string, unknown> = {};
    const definition = loadCompose(file).stack({ name: 'run-scoped' });
    let project = '';
    const stop = await runScope({ stack: definition }, ({ stack }) => {
      project = stack.project;
      // Any ProvidedContext key would do; this test reads it back itself.
      return { ['composeWebUrl' as never]: stack.service('web').baseUrl(8080) };
    })({
      provide: (key, value) => {
        provided[key] = value;
      },
    });
    const url = provided.composeWebUrl as string;
    expect((await fetch(`${url}/health.json`)).status).toBe(200);
    const engine = await Engine.connect();
    const label = `com.docker.compose.project=${project}`;
    expect((await engine.listByLabel(label)).containers).toHaveLength(2);
    await stop();
    expect(await engine.listByLabel(label)).toEqual({ containers: [], networks: [], volumes: [] });
  });
});
