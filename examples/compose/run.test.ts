// `seaworthy run` replacing the CI script around the same compose files:
// build nothing, start db → seed → web, run the `tests` service, keep its
// exit code, copy its report out, tear everything down.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const folder = dirname(fileURLToPath(import.meta.url));
const cli = join(dirname(createRequire(import.meta.url).resolve('seaworthy')), 'cli.js');
const artifacts = mkdtempSync(join(tmpdir(), 'compose-example-'));
afterAll(() => rmSync(artifacts, { recursive: true, force: true }));

/** Run the installed package's `seaworthy` command in this folder; resolves with its exit code and output. */
function seaworthy(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: folder, env: { ...process.env, SEED_VISITS: '7' }, timeout: 300_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

test('seaworthy run: the tests service passes, its report is copied out', { timeout: 300_000 }, async () => {
  const { code, output } = await seaworthy([
    'run',
    '-f',
    'docker-compose.yml',
    '-f',
    'docker-compose.ci.yml',
    '--service',
    'tests',
    '--artifacts',
    '/reports',
    '--artifacts-dir',
    artifacts,
    '--timeout',
    '4m',
  ]);
  expect(output).toContain('ok   health');
  expect(code, output).toBe(0);
  const report = JSON.parse(readFileSync(join(artifacts, 'reports', 'smoke.json'), 'utf8'));
  expect(report.base).toBe('http://shop.internal:8000');
  expect(report.checks.every((check: { ok: boolean }) => check.ok)).toBe(true);
});
