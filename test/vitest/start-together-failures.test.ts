import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Engine, LABELS } from '../../src/tools.js';

const run = promisify(execFile);

interface Assertion {
  readonly title: string;
  readonly status: string;
  readonly failureMessages: string[];
}

/** Run test/vitest/cases/start-together.case.ts in a child Vitest, in a session of its own. */
async function runCase(env: Record<string, string | undefined>) {
  const dir = await mkdtemp(join(tmpdir(), 'sw-together-'));
  const report = join(dir, 'report.json');
  const session = `tg${randomBytes(4).toString('hex')}`;
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, SEAWORTHY_SESSION_ID: session, ...env })) {
    if (v !== undefined) childEnv[k] = v;
  }
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/vitest/cases/vitest.config.ts'];
  const output = await run(
    process.execPath,
    [...args, 'start-together.case.ts', '--reporter=json', `--outputFile=${report}`],
    { env: childEnv, maxBuffer: 10_000_000 },
  ).catch((error: { code?: number; stdout?: string; stderr?: string }) => {
    // The case has failing tests on purpose: exit code 1.
    if (error.code !== 1) throw error;
    return { stdout: error.stdout ?? '', stderr: error.stderr ?? '' };
  });
  const json = JSON.parse(await readFile(report, 'utf8')) as {
    testResults: { assertionResults: Assertion[] }[];
  };
  await rm(dir, { recursive: true, force: true });
  const byTitle = new Map<string, Assertion>();
  for (const file of json.testResults) for (const a of file.assertionResults) byTitle.set(a.title, a);
  return { byTitle, output: `${output.stdout}\n${output.stderr}`, session };
}

describe('fixtures started together, when one of them fails', () => {
  it('the test fails with that fixture’s own error, once; the others are removed; nothing is unhandled', async () => {
    const { byTitle, output, session } = await runCase({ CI: undefined });
    for (const title of ['a failing fixture between two slow ones', 'a failing fixture named first']) {
      const result = byTitle.get(title);
      expect(result?.status, title).toBe('failed');
      expect(result?.failureMessages, title).toHaveLength(1);
      expect(result?.failureMessages[0], title).toContain('broken: its readiness check failed on purpose');
    }
    expect(byTitle.get('the same fixtures start again for the next test')?.status).toBe('passed');
    expect(output).not.toMatch(/Unhandled (Rejection|Error)/i);
    // The slow ones, started alongside, were torn down with their test.
    const engine = await Engine.connect();
    const left = await engine.listByLabel(`${LABELS.session}=${session}`);
    expect(left.containers).toEqual([]);
  });

  it('without an engine, a test naming several fixtures is skipped, not failed', async () => {
    const { byTitle } = await runCase({ CI: undefined, DOCKER_HOST: 'unix:///tmp/seaworthy-no-engine-here.sock' });
    expect([...byTitle.values()].map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});
