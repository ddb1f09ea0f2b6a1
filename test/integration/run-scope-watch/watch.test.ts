import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

/**
 * `runScope()` in a Vitest watch session: globalSetup runs once per session,
 * so its containers live across re-runs, and each re-run starts with them
 * reset by their definition's `clean()` (registered with Vitest's
 * `onTestsRerun`). Driven by test/integration/reuse/cases/watch-driver.mjs.
 */
const root = join(import.meta.dirname, '..', '..', '..');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sw-run-scope-watch-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('keeps a run-scoped container across watch re-runs, cleaned before each', async () => {
  const report = join(dir, 'runs.jsonl');
  const child = spawn(process.execPath, ['test/integration/reuse/cases/watch-driver.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      SW_WATCH_CONFIG: join(root, 'test/integration/run-scope-watch/cases/vitest.config.ts'),
      SW_WATCH_RUNS: '3',
      SW_REPORT: report,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, output).toBe(0);
  const runs = output
    .split('\n')
    .filter((line) => line.startsWith('{"run"'))
    .map((line) => JSON.parse(line) as { run: number; passed: boolean });
  expect(runs, output).toEqual([
    { run: 1, passed: true },
    { run: 2, passed: true },
    { run: 3, passed: true },
  ]);
  const seen = (await readFile(report, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { id: string; clean: boolean });
  expect(seen).toHaveLength(3);
  // One container for the whole session, found clean by every run though each run dirtied it.
  expect(new Set(seen.map((s) => s.id)).size).toBe(1);
  expect(seen.every((s) => s.clean)).toBe(true);
}, 300_000);
