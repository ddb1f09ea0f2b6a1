import { PassThrough, type Readable, Transform, type TransformCallback } from 'node:stream';
import { FrameDecoder, type OutputChunk } from '../../engine/demux.js';
import { ChunkLines, linesOf } from '../logs/chunk-lines.js';
import type { LogChunk, LogLine } from '../logs/log-line.js';
import { LogTimestampParser } from '../logs/log-timestamps.js';
import type { LogsOptions } from './log-query.js';

/** Everything a container's logs held at one moment, demultiplexed. */
export interface ContainerLogs {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** Both streams, in the order the engine recorded them. */
  readonly combined: Buffer;
  /** Lines of both streams, in order; with `timestamps: true` each has its `timestamp`. */
  readonly lines: readonly LogLine[];
  /** The pieces the engine sent, in order; with `timestamps: true` each has its `timestamp`. */
  readonly chunks: readonly LogChunk[];
}

export interface FollowLogsOptions extends LogsOptions {
  /** Ends the stream when aborted. */
  readonly signal?: AbortSignal;
}

/**
 * A following log stream (see `Container.followLogs()`): iterate it with
 * `for await` to get typed {@link LogChunk}s (`{ stream, data, timestamp? }`),
 * and `close()` it (or break out of the loop) to stop following. It is also
 * a Node `Readable` in object mode, so `pipe()` and `on('data')` keep working.
 */
export interface OutputChunkStream extends Readable {
  [Symbol.asyncIterator](): NodeJS.AsyncIterator<LogChunk>;
  /** Stop following: a `for await` loop over it ends, and the engine connection is released. */
  close(): void;
}

/** With timestamps asked for, strips them onto the chunks (per frame, or per line for a TTY's raw stream). */
function timestampsOf(tty: boolean, timestamps: boolean | undefined): LogTimestampParser | undefined {
  return timestamps ? new LogTimestampParser(tty ? 'line' : 'frame') : undefined;
}

/** A non-follow read's chunks as {@link ContainerLogs}, timestamps stripped when asked for. */
export function toContainerLogs(raw: readonly OutputChunk[], tty: boolean, timestamps?: boolean): ContainerLogs {
  const parser = timestampsOf(tty, timestamps);
  const chunks: LogChunk[] = parser ? [...raw.flatMap((c) => parser.push(c)), ...parser.end()] : [...raw];
  const pick = (stream?: 'stdout' | 'stderr') =>
    Buffer.concat(chunks.filter((c) => !stream || c.stream === stream).map((c) => c.data));
  return { stdout: pick('stdout'), stderr: pick('stderr'), combined: pick(), lines: linesOf(chunks), chunks };
}

/** Raw log bytes (multiplexed, or a TTY's raw stream) to {@link LogChunk} objects. */
class LogChunkStream extends Transform {
  private readonly frames: FrameDecoder | undefined;
  private readonly parser: LogTimestampParser | undefined;

  constructor(tty: boolean, timestamps: boolean | undefined) {
    super({ readableObjectMode: true });
    this.frames = tty ? undefined : new FrameDecoder();
    this.parser = timestampsOf(tty, timestamps);
  }

  override _transform(data: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const chunks: OutputChunk[] = this.frames ? this.frames.push(data) : [{ stream: 'stdout', data }];
    for (const chunk of chunks) for (const out of this.parser ? this.parser.push(chunk) : [chunk]) this.push(out);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    for (const out of this.parser?.end() ?? []) this.push(out);
    callback();
  }
}

export interface FollowStreamOptions {
  readonly tty: boolean;
  readonly timestamps?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The error a lost connection ends the stream with, typed like any other call's. */
  readonly mapError: (error: unknown) => unknown;
}

/** Wraps the engine's following log connection as an {@link OutputChunkStream}. */
export function followStream(raw: Readable, options: FollowStreamOptions): OutputChunkStream {
  const out = Object.assign(new LogChunkStream(options.tty, options.timestamps), {
    close(): void {
      raw.destroy();
      out.end();
    },
  });
  raw.on('error', (error) => {
    const wrapped = options.mapError(error);
    out.destroy(wrapped instanceof Error ? wrapped : error);
  });
  raw.on('end', () => out.end());
  // Destroyed (a `for await` loop broke out, say): release the engine connection too.
  out.once('close', () => raw.destroy());
  raw.pipe(out);
  const { signal } = options;
  if (signal) {
    if (signal.aborted) out.close();
    else signal.addEventListener('abort', () => out.close(), { once: true });
  }
  return out;
}

/** The lines of a following stream, per stream, each with the timestamp of the chunk it started in. */
export async function* linesFollowed(chunks: OutputChunkStream): AsyncGenerator<LogLine> {
  const lines = new PassThrough({ objectMode: true });
  const splitter = new ChunkLines();
  chunks.on('data', (chunk: LogChunk) => {
    for (const line of splitter.push(chunk)) lines.write(line);
  });
  chunks.once('end', () => {
    for (const line of splitter.end()) lines.write(line);
    lines.end();
  });
  // The loop rethrows what ended the stream (a lost engine, say) instead of waiting forever.
  chunks.once('error', (error) => lines.destroy(error));
  try {
    yield* lines as AsyncIterable<LogLine>;
  } finally {
    chunks.destroy();
    lines.destroy();
  }
}
