/**
 * Reuse (docs/reuse.md): the second `vitest run` of a Postgres suite. Each
 * round runs two separate processes, as two runs of a developer's loop are:
 * one with `reuse` (it adopts the container the run before left, and cleans
 * it), one without (a fresh start). What is timed, in the process, is the
 * fixture's part: from asking for the database to a clean, ready one, with
 * the helper already connected (its connection, paid by every run with or
 * without reuse, is reported apart). Process and Vitest start-up are not timed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REUSE_LABELS } from '../../src/labels.js';
import { Engine, LABELS } from '../../src/tools.js';
import type { BenchContext, ScenarioResult } from '../lib/context.js';
import { ms, stats } from '../lib/stats.js';
import { markdownTable } from '../lib/table.js';

interface RunTimes {
  readonly mode: 'reuse' | 'fresh';
  readonly outcome: string;
  readonly helperMs: number;
  readonly readyMs: number;
  readonly cleanMs: number;
}

function run(mode: 'reuse' | 'fresh', name: string, dir: string): Promise<RunTimes> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'reuse-run.ts'), mode, name, dir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '', SEAWORTHY_REUSE: '' },
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !line.startsWith('{')) reject(new Error(`reuse-run ${mode} exited ${code}:\n${out}\n${err}`));
      else resolve(JSON.parse(line) as RunTimes);
    }),
  );
}

export async function reuseScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const name = `bench-reuse-${randomBytes(3).toString('hex')}`;
  const dir = await mkdtemp(join(tmpdir(), 'sw-bench-reuse-'));
  const reused: RunTimes[] = [];
  const fresh: RunTimes[] = [];
  try {
    ctx.log(`reuse: a first run creates the reusable Postgres, then ${ctx.rounds} rounds of (reuse, fresh) runs`);
    const first = await run('reuse', name, dir);
    if (first.outcome !== 'created')
      throw new Error(`the first run should create the container, it ${first.outcome} one`);
    for (let n = 0; n < ctx.rounds + ctx.warmup; n++) {
      const r = await run('reuse', name, dir);
      if (r.outcome !== 'adopted') throw new Error(`round ${n}: the reuse run ${r.outcome} its container`);
      const f = await run('fresh', `${name}-fresh`, dir);
      if (n >= ctx.warmup) {
        reused.push(r);
        fresh.push(f);
      }
    }
  } finally {
    const engine = await Engine.connect();
    for (const r of await engine.listLabelled([`${LABELS.managed}=true`])) {
      if (r.kind === 'container' && r.labels[REUSE_LABELS.key] && r.labels[LABELS.definition] === name) {
        await engine.removeResource('container', r.id);
      }
    }
    await rm(dir, { recursive: true, force: true });
  }
  const ready = stats(reused.map((r) => r.readyMs));
  const clean = stats(reused.map((r) => r.cleanMs));
  const adopt = stats(reused.map((r) => r.readyMs - r.cleanMs));
  const cold = stats(fresh.map((r) => r.readyMs));
  const helper = stats([...reused, ...fresh].map((r) => r.helperMs));
  const row = (label: string, s: ReturnType<typeof stats>) => [label, ms(s.median), ms(s.min), ms(s.max)];
  return {
    id: 'reuse',
    title: 'Reuse: the second `vitest run` of a Postgres suite',
    report:
      `${markdownTable(
        ['second run, Postgres: fixture start → clean, ready database', 'median', 'min', 'max'],
        [
          row('reuse: { idleMs } opt-in (adopt + clean)', ready),
          row('  of which: find and adopt the container', adopt),
          row('  of which: clean() (swap in the ready clone)', clean),
          row('default (no reuse): a fresh start', cold),
          row('helper connection, every run, not in the rows above', helper),
        ],
        'lrrr',
      )}\n\n${reused.length} rounds; each is two separate Node processes (one with reuse, one without). ` +
      'Timed in the process from the request for the database to a clean, ready one, the helper already ' +
      'connected; process and Vitest start-up are not included.',
    targets: [
      {
        measure: 'second run, reused Postgres (opt-in `reuse`): fixture start → clean, ready database, in-process',
        target: '≤ 50 ms',
        measured: `${ms(ready.median)} (fresh start: ${ms(cold.median)})`,
        met: ready.median <= 50,
      },
    ],
    data: { reused, fresh },
  };
}
