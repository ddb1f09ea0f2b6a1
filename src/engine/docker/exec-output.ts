import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import pRetry from 'p-retry';
import type { RawExecOptions, RawExecResult } from '../client.js';
import { FrameDecoder } from '../demux.js';
import { withLocalErrors } from '../local-error.js';

/**
 * Run a command in a running container and collect its output. The exit
 * code is read only after the output stream has ended, and re-read while
 * the engine still reports the exec as running (a known race).
 */
export async function runExec(
  container: Dockerode.Container,
  cmd: readonly string[],
  options: RawExecOptions,
): Promise<RawExecResult> {
  const exec = await container.exec({
    Cmd: [...cmd],
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: false,
    Tty: false,
    ...(options.user !== undefined ? { User: options.user } : {}),
    ...(options.env !== undefined ? { Env: [...options.env] } : {}),
    ...(options.workdir !== undefined ? { WorkingDir: options.workdir } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
  const { stdout, stderr } = await collectExecOutput(stream, options.signal);
  const exitCode = await pRetry(
    withLocalErrors(async () => {
      const info = (await exec.inspect()) as { Running: boolean; ExitCode: number | null };
      if (info.Running || info.ExitCode === null) throw new Error('exec still reported as running');
      return info.ExitCode;
    }),
    { retries: 20, minTimeout: 5, maxTimeout: 50, factor: 1.5 },
  );
  return { exitCode, stdout, stderr };
}

/**
 * Read a non-TTY exec's multiplexed output to its end, split into stdout and
 * stderr. Rejects with `signal`'s reason (destroying the stream) if it aborts first.
 */
export function collectExecOutput(
  stream: Readable,
  signal: AbortSignal | undefined,
): Promise<{ stdout: Buffer; stderr: Buffer }> {
  const decoder = new FrameDecoder();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      stream.destroy();
      reject(signal?.reason ?? new Error('exec aborted'));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      signal?.removeEventListener('abort', onAbort);
      resolve({ stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    };
    stream.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) (frame.stream === 'stderr' ? stderr : stdout).push(frame.data);
    });
    stream.once('end', done);
    stream.once('close', done);
    stream.once('error', (error) => {
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}
