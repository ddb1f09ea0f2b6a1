import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const consumer = join(import.meta.dirname, 'consumer');

describe('the published package', () => {
  it('has been built (npm test builds it first)', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      expect(existsSync(join(root, 'dist', file)), `dist/${file}`).toBe(true);
    }
  });

  it('works from ESM: starts a container, runs a command and cleans up', async () => {
    const { stdout } = await run(process.execPath, [join(consumer, 'smoke.mjs')], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ format: 'esm', stdout: 'from esm\n', errorBase: 'function' });
  });

  it('works from CommonJS: starts a container, runs a command and cleans up', async () => {
    const { stdout } = await run(process.execPath, [join(consumer, 'smoke.cjs')], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ format: 'cjs', stdout: 'from cjs\n', errorBase: 'function' });
  });

  it('ships type declarations for both import and require', async () => {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = await run(process.execPath, [tsc, '-p', join(consumer, 'tsconfig.json')], { cwd: root }).catch(
      (error: { stdout: string }) => error,
    );
    expect(result.stdout).toBe('');
  });
});
