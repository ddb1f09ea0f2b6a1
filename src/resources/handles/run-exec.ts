import type { EngineClient } from '../../engine/client.js';
import { daemonMessage, statusCodeOf } from '../../engine/error-mapping.js';
import { ContainerNotRunningError, ExecNotStartedError, InvalidOptionError } from '../../errors/index.js';
import type { ExecOptions, ExecResult } from './readiness.js';

/** Run a command in a container and decode its output as UTF-8. */
export async function runExec(
  engine: EngineClient,
  id: string,
  displayName: string,
  cmd: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  if (!Array.isArray(cmd) || cmd.length === 0 || cmd.some((part) => typeof part !== 'string')) {
    throw new InvalidOptionError('exec command', 'must be a non-empty array of strings, e.g. ["ls", "-l", "/"]');
  }
  try {
    const result = await engine.exec(id, cmd, {
      ...(options.user !== undefined ? { user: options.user } : {}),
      ...(options.workdir !== undefined ? { workdir: options.workdir } : {}),
      ...(options.env ? { env: Object.entries(options.env).map(([k, v]) => `${k}=${v}`) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const stdout = result.stdout.toString('utf8');
    const stderr = result.stderr.toString('utf8');
    const notStarted = runtimeStartFailure(result.exitCode, `${stdout}${stderr}`);
    if (notStarted !== undefined) throw new ExecNotStartedError(displayName, cmd, notStarted);
    return { exitCode: result.exitCode, stdout, stderr };
  } catch (error) {
    const message = daemonMessage(error);
    if (statusCodeOf(error) === 409 && /not running|paused|restarting/i.test(message)) {
      const status = /\bis (paused|restarting)\b/i.exec(message)?.[1]?.toLowerCase();
      throw new ContainerNotRunningError(displayName, `exec ${JSON.stringify(cmd)}`, status);
    }
    throw error;
  }
}

/**
 * The runtime's reason when an exec's program could not be started at all
 * (runc answers with exit code 126 or 127 and an "OCI runtime exec failed"
 * message in the output), else `undefined`. A program that ran and exited
 * with 126 or 127 itself (a shell's "not found") is not this. Pure.
 */
export function runtimeStartFailure(exitCode: number, output: string): string | undefined {
  if (exitCode !== 126 && exitCode !== 127) return undefined;
  const match =
    /OCI runtime exec failed: exec failed: (?:unable to start container process: )?exec: "[^"]*": (.*?)(?:: unknown)?\s*$/m.exec(
      output,
    );
  return match?.[1];
}
