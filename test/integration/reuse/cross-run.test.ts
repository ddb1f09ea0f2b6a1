import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REUSE_LABELS } from '../../../src/labels.js';
import { Engine, LABELS } from '../../../src/tools.js';

/**
 * Reuse across separate `vitest run` processes, as a developer's loop has
 * them: cases/postgres.case.ts holds a reused, file-scoped clean Postgres and
 * leaves a table behind. The second run must get the same container (no new
 * start) and a clean database. With reuse off, nothing outlives a run. Every
 * container this file made is removed at its end.
 */
const root = join(import.meta.dirname, '..', '..', '..');
const suffix = randomBytes(3).toString('hex');
let engine: Engine;
let dir: string;

interface Seen {
  readonly id: string;
  readonly name: string;
  readonly leftOver: string[][];
  readonly fixtureMs: number;
}

beforeAll(async () => {
  engine = await Engine.connect();
  dir = await mkdtemp(join(tmpdir(), 'sw-reuse-runs-'));
});

afterAll(async () => {
  const left = await engine.listLabelled([`${LABELS.managed}=true`]);
  for (const r of left) {
    if (r.kind === 'container' && r.labels[REUSE_LABELS.key] && r.labels[LABELS.definition]?.endsWith(suffix)) {
      await engine.removeResource('container', r.id);
    }
  }
  await rm(dir, { recursive: true, force: true });
});

/** One `vitest run` of the case file; resolves with its exit code and output. */
function vitestRun(name: string, report: string, extraEnv: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/integration/reuse/cases/vitest.config.ts'],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // Reuse is off in CI by default; these runs stand for a developer's machine.
        CI: '',
        SEAWORTHY_REUSE: '',
        SEAWORTHY_REUSE_DIR: dir,
        SW_REUSE_NAME: name,
        SW_REUSE_REPORT: report,
        ...extraEnv,
      },
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, output })),
  );
}

async function seen(report: string): Promise<Seen[]> {
  const text = await readFile(report, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Seen);
}

describe('reuse across vitest runs', () => {
  it('hands the second run the first run container, cleaned', async () => {
    const name = `pg-runs-${suffix}`;
    const report = join(dir, 'runs.jsonl');
    const first = await vitestRun(name, report);
    expect(first.code, first.output).toBe(0);
    const betweenRuns = Date.now();
    const second = await vitestRun(name, report);
    expect(second.code, second.output).toBe(0);
    const [one, two] = await seen(report);
    expect(one?.name).toMatch(/^sw-reuse-[0-9a-f]{16}_pg-runs-/);
    expect(two?.id).toBe(one?.id);
    // The first run left a table; the second run's clean() removed it before its test.
    expect(two?.leftOver).toEqual([['0']]);
    const info = await engine.inspectContainer(one?.id as string);
    expect(info.State.Running).toBe(true);
    // Started once: by the first run, before the second began.
    expect(Date.parse(info.State.StartedAt)).toBeLessThan(betweenRuns);
  });

  it('keeps nothing after a run with SEAWORTHY_REUSE=off or in CI', async () => {
    for (const extra of [{ SEAWORTHY_REUSE: 'off' }, { CI: 'true' }] as Record<string, string>[]) {
      const name = `pg-off-${Object.keys(extra)[0]?.toLowerCase().replace(/_/g, '-')}-${suffix}`;
      const report = join(dir, `${name}.jsonl`);
      const run = await vitestRun(name, report, extra);
      expect(run.code, run.output).toBe(0);
      const [only] = await seen(report);
      expect(only?.name).not.toMatch(/^sw-reuse-/);
      await expect(engine.inspectContainer(only?.id as string)).rejects.toThrow();
    }
  });
});
