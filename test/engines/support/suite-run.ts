import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../../src/tools.js';
import { LABELS } from '../../../src/tools.js';

/**
 * One child `vitest run` of the fixture suite (test/engines/suite) with
 * SEAWORTHY_ENGINES set, its own lease folder, session id, records folder
 * and JSON report. It runs in a process group of its own, so that `stop()`
 * can end whatever of it is still running after a test (only our processes).
 */
const root = join(import.meta.dirname, '..', '..', '..');

/** One line of a suite file's records (test/engines/suite/suite-file.ts). */
export interface SuiteRecord {
  readonly file: string;
  readonly engine: string;
  readonly pid?: number;
  readonly container?: string;
  readonly failed?: { readonly code?: string; readonly engine?: string; readonly message: string };
}

/** A test file's outcome in the JSON report. */
export interface FileOutcome {
  readonly file: string;
  readonly passed: boolean;
  /** Every failure message of the file: its tests' and the file's own (hooks, teardown). */
  readonly messages: string;
}

export interface SuiteRun {
  readonly child: ChildProcess;
  readonly session: string;
  readonly records: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  /** Whether the child has exited. */
  readonly finished: boolean;
  /** Every record the suite's tests wrote so far. */
  readRecords(): Promise<SuiteRecord[]>;
  /** Files whose test holds, waiting for `release()`, with the engine each runs on. */
  holding(): Promise<SuiteRecord[]>;
  release(): Promise<void>;
  /** The JSON report's files (after `exited`). */
  outcomes(): Promise<FileOutcome[]>;
  /** Release any held test, end what is left of the run's processes, remove its folders. */
  stop(): Promise<void>;
}

export async function startSuiteRun(engines: string, env: Record<string, string> = {}): Promise<SuiteRun> {
  const dir = await mkdtemp(join(tmpdir(), 'sw-engines-run-'));
  const records = join(dir, 'records');
  const leases = join(dir, 'leases');
  await mkdir(records);
  await mkdir(leases);
  const report = join(dir, 'report.json');
  const session = `engines-${randomBytes(4).toString('hex')}`;
  const child = spawn(
    process.execPath,
    ['node_modules/vitest/vitest.mjs', 'run', '--config', 'test/engines/suite/vitest.config.ts'],
    {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        SEAWORTHY_ENGINES: engines,
        SEAWORTHY_ENGINE_LEASES: leases,
        SEAWORTHY_SESSION_ID: session,
        SW_ENGINES_RECORDS: records,
        SW_ENGINES_REPORT: report,
        ...env,
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, output })),
  );
  const readRecords = async (): Promise<SuiteRecord[]> => {
    const lines: SuiteRecord[] = [];
    for (const name of await readdir(records)) {
      if (!name.endsWith('.jsonl')) continue;
      const text = await readFile(join(records, name), 'utf8');
      for (const line of text.split('\n')) if (line) lines.push(JSON.parse(line) as SuiteRecord);
    }
    return lines;
  };
  let finished = false;
  void exited.then(() => {
    finished = true;
  });
  return {
    child,
    session,
    get finished() {
      return finished;
    },
    records,
    exited,
    readRecords,
    async holding() {
      const names = (await readdir(records)).filter((n) => n.startsWith('holding-'));
      const all = await readRecords();
      return names.flatMap((n) => all.filter((r) => r.file === n.slice('holding-'.length) && !r.failed));
    },
    release: () => writeFile(join(records, 'release'), ''),
    async outcomes() {
      const parsed = JSON.parse(await readFile(report, 'utf8')) as {
        testResults: {
          name: string;
          status: string;
          message?: string;
          assertionResults: { status: string; failureMessages: string[] }[];
        }[];
      };
      return parsed.testResults.map((r) => ({
        file: (/file-(\d+)\.case\.ts$/.exec(r.name)?.[1] ?? r.name) as string,
        passed:
          r.status === 'passed' &&
          r.assertionResults.length > 0 &&
          r.assertionResults.every((a) => a.status === 'passed'),
        messages: [r.message ?? '', ...r.assertionResults.flatMap((a) => a.failureMessages)].join('\n'),
      }));
    },
    async stop() {
      await writeFile(join(records, 'release'), '').catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
      }
      // Whatever of the run is still alive (workers of a killed main process): only this run's process group.
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // none left
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** How many containers, networks and volumes carry `label` on `engine`. */
export async function countLabelled(engine: Engine, label: string): Promise<number> {
  const left = await engine.listByLabel(label);
  return left.containers.length + left.networks.length + left.volumes.length;
}

/** The label every resource of one suite run has. */
export function sessionLabel(session: string): string {
  return `${LABELS.session}=${session}`;
}

/** Poll `check` every 500 ms until it holds; fails after `boundMs` (a generous bound, not a measurement). */
export async function eventually(what: string, check: () => Promise<boolean>, boundMs = 180_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`not within ${boundMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
