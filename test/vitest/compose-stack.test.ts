import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test as base, describe, expect } from 'vitest';
import { ComposeStack, loadCompose, waitFor } from '../../src/index.js';
import { Engine } from '../../src/tools.js';
import { composeStack, runScope, withContainers } from '../../src/vitest/index.js';

const file = fileURLToPath(new URL('../integration/compose/stacks/fixture/compose.yaml', import.meta.url));
const seen: string[] = [];

const test = withContainers(base, {
  app: composeStack(file, { waits: { web: waitFor.http({ port: 8080, path: '/health.json' }) } }),
  perTest: composeStack(file, { scope: 'test', services: ['web'], name: 'per-test' }),
});
const perTest: { name: string; id: string }[] = [];

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

  for (const round of [1, 2]) {
    test(`round ${round}: a test-scoped stack is new for each test, with a name of its own`, async ({
      perTest: stack,
    }) => {
      perTest.push({ name: stack.name, id: stack.service('web').id });
      expect(stack.services).toEqual(['web']);
    });
  }

  test('test-scoped stacks differ, and the earlier one is gone', async ({ docker }) => {
    expect(perTest).toHaveLength(2);
    expect(new Set(perTest.map((p) => p.name)).size).toBe(2);
    await docker.removalsSettled();
    const left = await docker.engine.listByLabel(`dev.seaworthy.namespace=${docker.namespace}`);
    expect(left.containers).not.toContain(perTest[0]?.id);
  });

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

describe('failure reports', () => {
  base("list the last log lines of each of the stack's containers", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sw-compose-case-'));
    const report = join(dir, 'report.json');
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && k !== 'SEAWORTHY_ARTIFACTS_DIR') env[k] = v;
    const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/vitest/cases/vitest.config.ts'];
    await promisify(execFile)(
      process.execPath,
      [...args, 'compose-diagnostics.case.ts', '--reporter=json', `--outputFile=${report}`],
      { env, maxBuffer: 10_000_000 },
    ).catch((error: { code?: number }) => {
      // The case fails on purpose: its child run exits 1.
      if (error.code !== 1) throw error;
    });
    const json = JSON.parse(await readFile(report, 'utf8')) as {
      testResults: { assertionResults: { status: string; failureMessages: string[] }[] }[];
    };
    await rm(dir, { recursive: true, force: true });
    const [result] = json.testResults.flatMap((f) => f.assertionResults);
    expect(result?.status).toBe('failed');
    const message = result?.failureMessages.join('\n') ?? '';
    expect(message).toContain("log line(s) of 'app.web'");
    expect(message).toContain('a line from the web service');
    expect(message).toContain("'app.client'");
  });
});
