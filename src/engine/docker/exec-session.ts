import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { RawExecInspect, RawExecSession, RawExecStartOptions } from '../client.js';

/**
 * Create an exec and start it attached: the connection the engine hands
 * over (hijacked) carries the output, multiplexed unless `tty`, and takes
 * stdin when `stdin` is set (end it to close the program's stdin).
 */
export async function startExecSession(
  container: Dockerode.Container,
  cmd: readonly string[],
  options: RawExecStartOptions,
): Promise<RawExecSession> {
  const tty = options.tty ?? false;
  const stdin = options.stdin ?? false;
  const exec = await container.exec({
    Cmd: [...cmd],
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: stdin,
    Tty: tty,
    ...(options.user !== undefined ? { User: options.user } : {}),
    ...(options.env !== undefined ? { Env: [...options.env] } : {}),
    ...(options.workdir !== undefined ? { WorkingDir: options.workdir } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin, Tty: tty })) as unknown as Duplex;
  return { id: exec.id, stream };
}

/** An exec's state: whether it runs, its exit code once it ended, and its pid on the engine's host. */
export async function inspectExecSession(exec: Dockerode.Exec): Promise<RawExecInspect> {
  const info = (await exec.inspect()) as { Running: boolean; ExitCode: number | null; Pid: number };
  return { running: info.Running, exitCode: info.ExitCode, pid: info.Pid };
}
