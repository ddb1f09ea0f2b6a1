import { ContainerDefinition } from '../resources/definitions/container-definition.js';
import type { MountOptions } from '../resources/definitions/container-options.js';
import type { Container } from '../resources/handles/container.js';
import type { DockerHelper } from '../resources/helper/helper.js';

/** How one command container runs: the Go tool's docker driver, through a helper. */
export interface CommandRun {
  readonly image: string;
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly tty: boolean;
  readonly privileged: boolean;
  readonly capAdd: readonly string[];
  readonly mounts: readonly MountOptions[];
  readonly timeoutMs: number;
}

export interface CommandOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** `undefined` when it did not finish within `timeoutMs` (it was killed). */
  readonly exitCode: number | undefined;
}

/**
 * Run `command` in a fresh container of the image with its entrypoint
 * cleared (as the Go tool does), wait for it to exit, read its output, then
 * hand the exited container to `after` (setup commands commit it) and
 * remove it, also when something throws.
 */
export async function runCommandContainer<T = undefined>(
  helper: DockerHelper,
  run: CommandRun,
  after?: (container: Container, outcome: CommandOutcome) => Promise<T>,
): Promise<{ outcome: CommandOutcome; after: T | undefined }> {
  const name = `structure-cmd-${helper.nextSerial('structure-cmd')}`;
  const definition = new ContainerDefinition(name, {
    image: run.image,
    entrypoint: [''],
    command: [...run.command],
    env: run.env,
    ...(run.user ? { user: run.user } : {}),
    tty: run.tty,
    ...(run.privileged ? { privileged: true } : {}),
    ...(run.capAdd.length > 0 ? { capAdd: [...run.capAdd] } : {}),
    mounts: [...run.mounts],
    pull: 'never',
  });
  const container = await definition.create(helper);
  try {
    await container.start();
    const finished = await untilExit(container, run.timeoutMs);
    const logs = await container.logs();
    const outcome: CommandOutcome = {
      stdout: logs.stdout.toString('utf8'),
      stderr: logs.stderr.toString('utf8'),
      exitCode: finished ? await exitCodeOf(container) : undefined,
    };
    return { outcome, after: after ? await after(container, outcome) : undefined };
  } finally {
    await container.teardown();
  }
}

/** Follow the output until it ends (the process exited); false, after a kill, when `timeoutMs` passed first. */
async function untilExit(container: Container, timeoutMs: number): Promise<boolean> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const stream = await container.followLogs({ signal: timeout });
  for await (const _chunk of stream) {
    // Only the end matters; the output is read whole afterwards.
  }
  if (!timeout.aborted) return true;
  if ((await container.state()).running) {
    await container.kill('SIGKILL');
    return false;
  }
  return true;
}

/** The exit code, once the engine has recorded it (right after the output ends, as a rule). */
async function exitCodeOf(container: Container): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    const code = await container.exitCode();
    if (code !== undefined) return code;
    if (attempt >= 100) throw new Error(`the engine reports no exit code for '${container.name}'`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
