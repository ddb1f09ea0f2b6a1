import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import type { RawLogsOptions } from '../client.js';
import { demuxBuffer, type OutputChunk } from '../demux.js';

/** Everything the container has logged so far (within `options`), demultiplexed unless it has a TTY. */
export async function readContainerLogs(
  docker: Dockerode,
  id: string,
  tty: boolean,
  options: RawLogsOptions,
): Promise<OutputChunk[]> {
  const buffer = (await docker.getContainer(id).logs(logQuery(options, false))) as unknown as Buffer;
  // dockerode hands back the multiplexed frames even for a non-follow call.
  return tty ? [{ stream: 'stdout', data: buffer }] : demuxBuffer(buffer);
}

/** A following log stream (raw bytes, multiplexed unless the container has a TTY). */
export async function followContainerLogs(docker: Dockerode, id: string, options: RawLogsOptions): Promise<Readable> {
  return (await docker.getContainer(id).logs(logQuery(options, true))) as unknown as Readable;
}

/** The container's processes as the engine's `top` lists them (`ps` with `psArgs` on the engine's host). */
export async function topContainer(
  docker: Dockerode,
  id: string,
  psArgs: string,
): Promise<{ titles: string[]; rows: string[][] }> {
  const raw = (await docker.getContainer(id).top({ ps_args: psArgs })) as {
    Titles?: string[];
    Processes?: string[][] | null;
  };
  return { titles: raw.Titles ?? [], rows: raw.Processes ?? [] };
}

function logQuery<F extends boolean>(options: RawLogsOptions, follow: F) {
  return {
    follow,
    stdout: options.stdout ?? true,
    stderr: options.stderr ?? true,
    timestamps: options.timestamps ?? false,
    since: options.since ?? 0,
    ...(options.until !== undefined ? { until: options.until } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
}
