import type { EngineClient } from '../../engine/client.js';
import { FrameDecoder } from '../../engine/demux.js';

/**
 * The engine has no call to stop an exec: its process outlives a closed
 * connection. So an exec that may need killing (a `timeoutMs`, a detached
 * one) gets a marker in its environment, which its children inherit, and
 * killing it is a second exec that finds every process whose environment
 * holds the marker (`/proc/<pid>/environ`) and sends it SIGKILL. That needs
 * `sh` and `grep` in the image and the right to read those processes'
 * environments, which the same user has: the killer runs as the exec's user.
 */
export const EXEC_MARKER_VARIABLE = 'SEAWORTHY_EXEC_MARKER';

const KILLER_SCRIPT =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: shell parameter expansion, not a template
  'for p in /proc/[0-9]*; do if grep -qs "$1" "$p/environ"; then kill -9 "${p#/proc/}" 2>/dev/null && echo "${p#/proc/}"; fi; done';

/** How a kill went: whether the engine then reports the exec ended, and why not if it does not. */
export interface KillOutcome {
  readonly killed: boolean;
  readonly problem?: string;
}

/** Read a short exec's whole output (multiplexed), as text. */
async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const decoder = new FrameDecoder();
  const parts: Buffer[] = [];
  for await (const chunk of stream) for (const frame of decoder.push(chunk as Buffer)) parts.push(frame.data);
  return Buffer.concat(parts).toString('utf8');
}

/** Whether the engine reports exec `execId` ended, asking a few times while it winds down. */
async function execEnded(engine: EngineClient, execId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const info = await engine.inspectExec(execId);
    if (!info.running) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

/**
 * Kill every process of exec `execId` (found by `marker`, see
 * {@link EXEC_MARKER_VARIABLE}) from a second exec run as `user`, then
 * check with the engine that the exec ended. Never throws: a failure is
 * the outcome's `problem`.
 */
export async function killMarkedExec(
  engine: EngineClient,
  containerId: string,
  execId: string,
  marker: string,
  user: string | undefined,
): Promise<KillOutcome> {
  try {
    if (!(await engine.inspectExec(execId)).running) return { killed: true };
    const killer = await engine.startExec(containerId, ['sh', '-c', KILLER_SCRIPT, 'sh', marker], {
      ...(user !== undefined ? { user } : {}),
    });
    const said = (await readAll(killer.stream)).trim();
    if (await execEnded(engine, execId)) return { killed: true };
    const exit = await engine.inspectExec(killer.id);
    return {
      killed: false,
      problem: said
        ? `killed pids ${said.split(/\s+/).join(', ')}, but the engine still reports the exec running`
        : `found no process to kill (the killer exited ${exit.exitCode}; it needs sh and grep in the image)`,
    };
  } catch (error) {
    return { killed: false, problem: `the kill failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
