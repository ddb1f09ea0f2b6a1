import { StringDecoder } from 'node:string_decoder';
import type { OutputStream } from '../../engine/demux.js';
import type { LogChunk, LogLine } from './log-line.js';

/**
 * Splits log chunks into lines per stream (a line may span chunks, and the
 * two streams interleave freely), numbering lines in the order they
 * complete. A line keeps the timestamp of the chunk it started in. UTF-8
 * characters cut between chunks are joined. Pure.
 */
export class ChunkLines {
  private readonly partial: Record<OutputStream, { text: string; timestamp: Date | undefined }> = {
    stdout: { text: '', timestamp: undefined },
    stderr: { text: '', timestamp: undefined },
  };
  private readonly decoders: Record<OutputStream, StringDecoder> = {
    stdout: new StringDecoder('utf8'),
    stderr: new StringDecoder('utf8'),
  };
  private count = 0;

  /** Feed a chunk; returns the lines it completes. */
  push(chunk: LogChunk): LogLine[] {
    const partial = this.partial[chunk.stream];
    if (partial.text === '') partial.timestamp = chunk.timestamp;
    const parts = (partial.text + this.decoders[chunk.stream].write(chunk.data)).split(/\r?\n/);
    partial.text = parts.pop() ?? '';
    const lines = parts.map((text, i) => this.line(chunk.stream, text, i === 0 ? partial.timestamp : chunk.timestamp));
    if (parts.length) partial.timestamp = partial.text === '' ? undefined : chunk.timestamp;
    return lines;
  }

  /** The last lines of each stream that had no line break (stdout's first). */
  end(): LogLine[] {
    const lines: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = this.partial[stream].text + this.decoders[stream].end();
      if (text) lines.push(this.line(stream, text, this.partial[stream].timestamp));
      this.partial[stream] = { text: '', timestamp: undefined };
    }
    return lines;
  }

  private line(stream: OutputStream, text: string, timestamp: Date | undefined): LogLine {
    return timestamp ? { stream, text, index: this.count++, timestamp } : { stream, text, index: this.count++ };
  }
}

/** All lines of a finished list of chunks. */
export function linesOf(chunks: readonly LogChunk[]): LogLine[] {
  const splitter = new ChunkLines();
  return [...chunks.flatMap((chunk) => splitter.push(chunk)), ...splitter.end()];
}
