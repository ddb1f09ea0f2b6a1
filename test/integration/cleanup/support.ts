import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Engine, LABELS } from '../../../src/tools.js';
import type { RunScript } from './fixtures/run-helper.js';

const root = join(import.meta.dirname, '..', '..', '..');

export interface RunEvent {
  readonly event: string;
  readonly namespace?: string;
  readonly pid?: number;
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A child process running fixtures/run-helper.ts, and what it said. */
export class ChildRun {
  readonly events: RunEvent[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: (() => void)[] = [];

  constructor(readonly child: ChildProcessWithoutNullStreams) {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line.startsWith('{')) this.events.push(JSON.parse(line) as RunEvent);
        newline = buffered.indexOf('\n');
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        for (const wake of this.waiters.splice(0)) wake();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The helper's namespace, once it has said so. */
  get namespace(): string {
    const ns = this.events.find((e) => e.event === 'helper')?.namespace;
    if (!ns) throw new Error(`the child has not created its helper yet; stderr:\n${this.stderr}`);
    return ns;
  }

  /** The labels its helper puts on everything, once it has said so. */
  get labels(): Readonly<Record<string, string>> {
    const labels = this.events.find((e) => e.event === 'helper')?.labels;
    if (!labels) throw new Error(`the child has not created its helper yet; stderr:\n${this.stderr}`);
    return labels;
  }

  /** Resolves once the child has said `event`; rejects if it exits first. */
  async said(event: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.events.some((e) => e.event === event)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the child exited before saying '${event}'; stderr:\n${this.stderr}`);
      }
      if (Date.now() > deadline) throw new Error(`the child did not say '${event}' in time; stderr:\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }
}

/** Start fixtures/run-helper.ts under tsx, in the test's environment (so its session id) plus `env`. */
export function startRun(script: RunScript, env: Record<string, string> = {}): ChildRun {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'fixtures', 'run-helper.ts'), JSON.stringify(script)],
    // Every container on the helper's network even when alone, so each run has a network to clean up too.
    { cwd: root, env: { ...process.env, SEAWORTHY_HELPER_NETWORK: 'always', ...env }, stdio: ['pipe', 'pipe', 'pipe'] },
  );
  return new ChildRun(child);
}

/**
 * Poll `condition` every 50 ms and resolve with the ms elapsed since `since`
 * once it holds. With `deadlineMs`, throw once that much has passed since
 * `since` (only for the "within 10 seconds"); without, poll until the
 * test's own timeout.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  options: { readonly deadlineMs?: number; readonly since?: number } = {},
): Promise<number> {
  const since = options.since ?? Date.now();
  while (!(await condition())) {
    if (options.deadlineMs !== undefined && Date.now() - since > options.deadlineMs) {
      throw new Error(`not within ${options.deadlineMs} ms: ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - since;
}

export interface Counted {
  readonly containers: string[];
  readonly networks: string[];
  readonly volumes: string[];
}

export function total(resources: Counted): number {
  return resources.containers.length + resources.networks.length + resources.volumes.length;
}

/** Everything on the engine with this namespace label, each kind sorted. */
export function resourcesIn(engine: Engine, namespace: string): Promise<Counted> {
  return labelled(engine, `${LABELS.namespace}=${namespace}`);
}

/** Everything on the engine with this label (`key` or `key=value`), each kind sorted (the engine's order varies). */
export async function labelled(engine: Engine, label: string): Promise<Counted> {
  const { containers, networks, volumes } = await engine.listByLabel(label);
  return { containers: containers.sort(), networks: networks.sort(), volumes: volumes.sort() };
}

/**
 * Pids of the watchdog processes of `namespace`, found by their title
 * (`seaworthy-watchdog <namespace>`) in /proc. Linux only, like our CI.
 */
export function watchdogPids(namespace: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0]?.trim();
      if (title === `seaworthy-watchdog ${namespace}`) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** A child run whose watchdog writes what it does to a log (SEAWORTHY_CLEANUP_LOG). */
export interface LoggedRun extends ChildRun {
  /** The watchdog's log so far, one entry per line: `event [kind] [clean]`, e.g. `removed container`. */
  log(): Promise<string[]>;
}

/**
 * Child runs for one test file: each logs what its watchdog does, so a test
 * can tell the watchdog's work from a reaper's. The reaper is off in the
 * children (SEAWORTHY_REAP=false), but helpers of other test files and other
 * runs on this machine reap dead runs' leftovers too. After the file, any
 * child still running is killed.
 */
export function useChildRuns(): (script: RunScript, env?: Record<string, string>) => LoggedRun {
  const started: ChildRun[] = [];
  let logs: string | undefined;
  beforeAll(async () => {
    logs = await mkdtemp(join(tmpdir(), 'sw-cleanup-log-'));
  });
  afterAll(async () => {
    for (const run of started) run.child.kill('SIGKILL');
    await Promise.all(started.map((run) => run.exited));
    if (logs) await rm(logs, { recursive: true, force: true });
  });
  return (script, env = {}) => {
    if (!logs) throw new Error('useChildRuns(): start runs inside tests and hooks');
    const logFile = join(logs, `${randomBytes(4).toString('hex')}.log`);
    const run = startRun(script, { SEAWORTHY_REAP: 'false', SEAWORTHY_CLEANUP_LOG: logFile, ...env });
    started.push(run);
    return Object.assign(run, { log: () => readWatchdogLog(logFile) });
  };
}

async function readWatchdogLog(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const entry = JSON.parse(line) as { event: string; kind?: string; clean?: boolean };
      return [entry.event, entry.kind, entry.clean].filter((part) => part !== undefined).join(' ');
    });
}

/**
 * Everything the run's helper made is gone within the 10 s of
 * `killedAt`, and its watchdog, having swept after the death, has exited.
 * Resolves with the ms from `killedAt` until nothing was left.
 */
export async function expectSweptWithin10s(engine: Engine, run: LoggedRun, killedAt: number): Promise<number> {
  const namespace = run.namespace;
  const elapsed = await until(async () => total(await resourcesIn(engine, namespace)) === 0, `${namespace} emptied`, {
    deadlineMs: 10_000,
    since: killedAt,
  });
  await until(() => watchdogPids(namespace).length === 0, `the watchdog of ${namespace} to exit`);
  const log = await run.log();
  expect(log[0]).toBe('parent-gone');
  expect(log.at(-1)).toBe('finished true');
  return elapsed;
}

/**
 * Run the built `seaworthy` executable (dist/cli.js, what `npx seaworthy`
 * runs) with `args`, in the test's environment plus `env`. Fails if it has not
 * been built, or was built before the newest change under src/: `npm test`
 * builds first; alone, run `npm run build`.
 */
export async function runBuiltCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = join(root, 'dist', 'cli.js');
  const built = await stat(cli).catch(() => undefined);
  if (!built) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does)');
  // The command's own sources; changes elsewhere in src/ (other work in progress) do not count.
  const sources = [join(root, 'src', 'cli.ts'), join(root, 'src', 'cli'), join(root, 'src', 'cleanup')];
  const newest = Math.max(...(await Promise.all(sources.map(newestMtime))));
  if (newest > built.mtimeMs) {
    throw new Error('dist/cli.js is older than src/cli or src/cleanup: run `npm run build` first');
  }
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: root, env: { ...process.env, ...env }, maxBuffer: 10_000_000 },
      (error, stdout, stderr) => {
        const code = error ? (error as { code?: unknown }).code : 0;
        if (typeof code !== 'number') return reject(error);
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}
