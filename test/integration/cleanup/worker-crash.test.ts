import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src/cleanup/owner.js';
import { Engine } from '../../../src/tools.js';
import { resourcesIn, total, until, watchdogPids } from './support.js';

/**
 * Through Vitest itself: a child `vitest run` of cases/worker-dies.case.ts,
 * whose one test holds a file-scoped container (and its helper's network)
 * in a worker process of the `forks` pool. Then the worker dies, or the run
 * is interrupted, in the ways CI does it.
 */
const root = join(import.meta.dirname, '..', '..', '..');
let engine: Engine;
let dir: string;
const workers: number[] = [];
beforeAll(async () => {
  engine = await Engine.connect();
  dir = await mkdtemp(join(tmpdir(), 'sw-worker-crash-'));
});
afterAll(async () => {
  // An orphaned worker that is somehow still there: it was started by this file.
  for (const pid of workers) if (isProcessAlive(pid) && running(pid)) process.kill(pid, 'SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

interface CaseRun {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  /** Resolves once the test in the worker holds its container: its namespace, its pid, and when. */
  reported(): Promise<{ namespace: string; pid: number; at: number }>;
  /** What the worker's watchdog did: `parent-gone`, `removed container`, … */
  log(): Promise<string[]>;
}

let runs = 0;
function runCase(action: 'sigkill' | 'exit' | 'wait' | 'sleep'): CaseRun {
  runs += 1;
  const report = join(dir, `report-${runs}.jsonl`);
  const logFile = join(dir, `watchdog-${runs}.log`);
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/integration/cleanup/cases/vitest.config.ts'],
    {
      cwd: root,
      // Its own process group, as a terminal or a CI job gives it, so a signal can go to the whole run.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SW_CASE_ACTION: action,
        SW_CASE_REPORT: report,
        SEAWORTHY_CLEANUP_LOG: logFile,
        SEAWORTHY_REAP: 'false',
        // The helper's network even for one container: its removal is part of what is checked.
        SEAWORTHY_HELPER_NETWORK: 'always',
      },
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => output,
    async reported() {
      let text = '';
      await until(async () => {
        text = await readFile(report, 'utf8').catch(() => '');
        if (!text && (child.exitCode !== null || child.signalCode !== null)) {
          throw new Error(`the child run ended before its test started:\n${output}`);
        }
        return text.includes('\n');
      }, 'the case to report');
      const entry = JSON.parse(text.split('\n')[0] as string) as { namespace: string; pid: number; at: number };
      workers.push(entry.pid);
      return entry;
    },
    async log() {
      const text = await readFile(logFile, 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const entry = JSON.parse(line) as { event: string; kind?: string };
          return [entry.event, entry.kind].filter(Boolean).join(' ');
        });
    },
  };
}

async function expectEmptiedWithin10s(namespace: string, since: number): Promise<number> {
  return until(async () => total(await resourcesIn(engine, namespace)) === 0, `${namespace} emptied`, {
    deadlineMs: 10_000,
    since,
  });
}

describe('a Vitest worker that dies', () => {
  it('killed with SIGKILL in the middle of a test: its watchdog removes everything within 10 s', async () => {
    const run = runCase('sigkill');
    const { namespace, at } = await run.reported();
    const { code } = await run.exited;
    expect(code).not.toBe(0);
    expect(run.output()).toContain('Worker exited unexpectedly');
    await expectEmptiedWithin10s(namespace, at);
    await until(() => watchdogPids(namespace).length === 0, 'the watchdog to exit');
    const log = await run.log();
    expect(log[0]).toBe('parent-gone');
    expect(log).toContain('removed container');
  });

  it('calling process.exit() in a test: Vitest fails the test, and the fixtures tear down as usual', async () => {
    const run = runCase('exit');
    const { namespace } = await run.reported();
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('process.exit unexpectedly called');
    expect(total(await resourcesIn(engine, namespace))).toBe(0);
    await until(() => watchdogPids(namespace).length === 0, 'the watchdog to exit');
    expect(await run.log()).toEqual([]);
  });
});

describe.each([
  ['SIGINT to the whole run (Ctrl-C in a terminal)', 'group', 'SIGINT'],
  ['SIGTERM to the whole run (a cancelled CI job)', 'group', 'SIGTERM'],
  ['SIGTERM to the runner alone (kill <pid>)', 'runner', 'SIGTERM'],
  ['SIGKILL of the runner alone', 'runner', 'SIGKILL'],
] as const)('%s', (_title, target, signal) => {
  it('the worker tears down: everything is removed within 10 s, without the watchdog', async () => {
    const run = runCase('wait');
    const { namespace } = await run.reported();
    expect(total(await resourcesIn(engine, namespace))).toBe(2);
    const pid = run.child.pid as number;
    const sentAt = Date.now();
    process.kill(target === 'group' ? -pid : pid, signal);
    expect((await run.exited).signal ?? (await run.exited).code).not.toBe(0);
    // The runner may exit before its workers have finished tearing down: the removal can land just after.
    await expectEmptiedWithin10s(namespace, sentAt);
    await until(() => watchdogPids(namespace).length === 0, 'the watchdog to exit');
    // Teardown released the watchdog: it swept nothing.
    expect(await run.log()).toEqual([]);
  });
});

/** Whether `pid` is a live process (not gone, not a zombie waiting for its new parent to reap it). Linux only. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

describe('a worker orphaned while its test body sleeps', () => {
  it('SIGKILL of the runner: the worker tears down, then exits instead of running the test on', async ({
    annotate,
  }) => {
    const run = runCase('sleep');
    const { namespace, pid: worker } = await run.reported();
    expect(total(await resourcesIn(engine, namespace))).toBe(2);
    expect(running(worker)).toBe(true);
    const killedAt = Date.now();
    process.kill(run.child.pid as number, 'SIGKILL');
    expect((await run.exited).signal).toBe('SIGKILL');
    const emptied = await until(async () => total(await resourcesIn(engine, namespace)) === 0, `${namespace} emptied`, {
      since: killedAt,
    });
    // The design target is an exit within 2 s of the removal; the bound here is generous for busy machines.
    const gone = await until(() => !running(worker), `the orphaned worker ${worker} to exit`, {
      deadlineMs: 30_000,
      since: killedAt,
    });
    await annotate(`resources gone ${emptied} ms and worker gone ${gone} ms after the runner's SIGKILL`);
    await until(() => watchdogPids(namespace).length === 0, 'the watchdog to exit');
    // Teardown finished before the exit and released the watchdog: it swept nothing.
    expect(await run.log()).toEqual([]);
    expect(total(await resourcesIn(engine, namespace))).toBe(0);
  });
});
