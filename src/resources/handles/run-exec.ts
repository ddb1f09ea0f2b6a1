import type { EngineClient } from '../../engine/client.js';
import { ExecSession } from './exec-session.js';
import type { DetachedExec, ExecOptions, ExecResult } from './exec-types.js';

export { runtimeStartFailure } from './exec-session.js';

/**
 * Run a command in a container and decode its output as UTF-8: stdout,
 * stderr, and both in the order the engine sent them. Options are checked
 * before any engine call (see `ExecOptions`).
 */
export async function runExec(
  engine: EngineClient,
  id: string,
  displayName: string,
  cmd: readonly string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const session = await ExecSession.start({ engine, containerId: id, displayName }, cmd, options);
  return session.result;
}

/**
 * Start a command and return at once with a {@link DetachedExec}: its
 * output is collected in the background, and `wait()` gives the result.
 */
export async function startDetachedExec(
  engine: EngineClient,
  id: string,
  displayName: string,
  cmd: readonly string[],
  options: ExecOptions = {},
): Promise<DetachedExec> {
  const session = await ExecSession.start({ engine, containerId: id, displayName }, cmd, options, true);
  // Nobody may ever wait for it (a test that only needed it started): its failure is theirs to read, not unhandled.
  session.result.catch(() => undefined);
  return {
    id: session.id,
    command: session.command,
    wait: () => session.result,
    exitCode: async () => (await session.result).exitCode,
    running: async () => (await engine.inspectExec(session.id)).running,
    outputSoFar: () => session.outputSoFar(),
    kill: async () => (await session.kill()).killed,
  };
}
