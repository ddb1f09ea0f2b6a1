import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REUSE_LABELS } from '../../../src/labels.js';
import { Engine, LABELS } from '../../../src/tools.js';

/**
 * Vitest's watch mode, driven as edits drive it (cases/watch-driver.mjs:
 * `createVitest({ watch: true })`, `start()`, then `rerunFiles()` twice).
 * Each re-run runs the file in a new worker process (Vitest 4, `forks`,
 * `isolate`), so without reuse its file-scoped containers would start again;
 * with `reuse` every re-run gets the same container, cleaned.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const name = `pg-watch-${randomBytes(3).toString('hex')}`;
let engine: Engine;
let dir: string;

beforeAll(async () => {
  engine = await Engine.connect();
  dir = await mkdtemp(join(tmpdir(), 'sw-reuse-watch-'));
});

afterAll(async () => {
  for (const r of await engine.listLabelled([`${LABELS.managed}=true`])) {
    if (r.kind === 'container' && r.labels[REUSE_LABELS.key] && r.labels[LABELS.definition] === name) {
      await engine.removeResource('container', r.id);
    }
  }
  await rm(dir, { recursive: true, force: true });
});

it('keeps a reused file-scoped container across watch re-runs, cleaned before each', async () => {
  const report = join(dir, 'watch.jsonl');
  const child = spawn(process.execPath, ['test/integration/reuse/cases/watch-driver.mjs'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      CI: '',
      SEAWORTHY_REUSE: '',
      SEAWORTHY_REUSE_DIR: dir,
      SW_REUSE_NAME: name,
      SW_REUSE_REPORT: report,
      SW_WATCH_RUNS: '3',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, output).toBe(0);
  const runs = output
    .split('\n')
    .filter((line) => line.startsWith('{"run"'))
    .map((line) => JSON.parse(line) as { run: number; passed: boolean });
  expect(runs).toEqual([
    { run: 1, passed: true },
    { run: 2, passed: true },
    { run: 3, passed: true },
  ]);
  const seen = (await readFile(report, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; leftOver: string[][]; pid: number });
  expect(seen).toHaveLength(3);
  // One container for all three runs, though each ran in a worker process of its own.
  expect(new Set(seen.map((s) => s.id)).size).toBe(1);
  expect(new Set(seen.map((s) => s.pid)).size).toBe(3);
  // Each run left a table; the next run's clean() removed it before its test.
  expect(seen.map((s) => s.leftOver)).toEqual([[['0']], [['0']], [['0']]]);
});
