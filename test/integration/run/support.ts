import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Engine, LABELS } from '../../../src/tools.js';

const root = join(import.meta.dirname, '..', '..', '..');
export const stacks = join(import.meta.dirname, 'stacks');

/** A `seaworthy run` child process of the built CLI, its output so far, and its end. */
export interface CliRun {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout or stderr contains `text`; rejects if the process ends first. */
  said(text: string): Promise<void>;
  /** Its exit code (a number, or the signal that killed it). */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** A project name no other test run uses: the test asserts on resources labelled with it. */
export function projectName(kind: string): string {
  return `swtest-run-${kind}-${randomBytes(3).toString('hex')}`;
}

/** Fails unless dist/cli.js is newer than the sources `seaworthy run` is made of. */
export async function assertBuilt(): Promise<void> {
  const cli = join(root, 'dist', 'cli.js');
  const built = await stat(cli).catch(() => undefined);
  if (!built) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const sources = ['cli', 'compose', 'cleanup'].map((dir) => join(root, 'src', dir));
  const newest = Math.max(...(await Promise.all(sources.map(newestMtime))));
  if (newest > built.mtimeMs) throw new Error('dist/cli.js is older than src/: run `npm run build` first');
}

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path)) newest = Math.max(newest, await newestMtime(join(path, entry)));
  return newest;
}

/** Start `node dist/cli.js run <args>` in `cwd`. */
export function startRun(args: readonly string[], cwd: string, env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'run', ...args], {
    cwd,
    env: { ...process.env, SEAWORTHY_PROGRESS: 'lines', ...env },
  });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  const check = () => {
    for (const waiter of [...waiters]) {
      if (out.includes(waiter.text) || err.includes(waiter.text)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    check();
  });
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('close', (code, signal) => resolve(code ?? (signal as NodeJS.Signals)));
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    said(text: string) {
      return new Promise<void>((resolve, reject) => {
        waiters.push({ text, resolve });
        check();
        void exited.then(() =>
          reject(new Error(`seaworthy run exited before saying ${JSON.stringify(text)}:\n${out}\n${err}`)),
        );
      });
    },
    exited,
  };
}

/** Run to the end: exit code, stdout and stderr. */
export async function run(
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | NodeJS.Signals; stdout: string; stderr: string }> {
  const cli = startRun(args, cwd, env);
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** Containers, networks and volumes the engine still has for a project (the helper's namespace label). */
export async function leftInProject(engine: Engine, project: string): Promise<string[]> {
  const { containers, networks, volumes } = await engine.listByLabel(`${LABELS.namespace}=${project}`);
  return [...containers, ...networks, ...volumes].map(String);
}
