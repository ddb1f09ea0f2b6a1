import { spawn } from 'node:child_process';
import { RUN_EXIT, signalExitCode } from './exit-codes.js';

/** How long a host command has to exit after SIGTERM before it gets SIGKILL. */
const KILL_GRACE_MS = 10_000;

/** How the host command ended. */
export interface HostCommandResult {
  readonly exitCode: number;
  /** Set when it did not run at all: the spawn error's message. */
  readonly spawnError?: string;
  /** Set when it died by a signal. */
  readonly signal?: string;
}

/**
 * Run `command args…` on this machine with its standard streams inherited and
 * `env` added to this process's environment; resolve with its exit code (128
 * + the signal's number when it died by one; 127 not found, 126 not
 * executable). When `signal` aborts, send it SIGTERM (SIGKILL 10 s later)
 * and resolve once it has exited.
 */
export function runHostCommand(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  signal: AbortSignal,
): Promise<HostCommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { stdio: 'inherit', env: { ...env } });
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
      killTimer.unref();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (result: HostCommandResult) => {
      signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      resolve(result);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Spawning failed: no exit event follows.
      const exitCode = error.code === 'ENOENT' ? RUN_EXIT.notFound : RUN_EXIT.cannotExecute;
      done({ exitCode, spawnError: `${command}: ${error.message}` });
    });
    child.once('exit', (code, killedBy) => {
      if (killedBy) done({ exitCode: signalExitCode(killedBy), signal: killedBy });
      else done({ exitCode: code ?? 1 });
    });
  });
}
