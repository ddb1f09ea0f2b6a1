import type { Engine } from '../engine/engine.js';
import { daemonMessage, statusCodeOf } from '../engine/error-mapping.js';
import { ContainerNotRunningError, InvalidOptionError } from '../errors.js';
import type { ExecOptions, ExecResult } from './readiness.js';

/** Run a command in a container and decode its output as UTF-8. */
export async function runExec(
  engine: Engine,
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
    return {
      exitCode: result.exitCode,
      stdout: result.stdout.toString('utf8'),
      stderr: result.stderr.toString('utf8'),
    };
  } catch (error) {
    if (statusCodeOf(error) === 409 && /not running|paused|restarting/i.test(daemonMessage(error))) {
      throw new ContainerNotRunningError(displayName, `exec ${JSON.stringify(cmd)}`, 'not running');
    }
    throw engine.wrap(`exec ${JSON.stringify(cmd)} in '${displayName}'`, error);
  }
}
