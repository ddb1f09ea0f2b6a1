import type { Readable } from 'node:stream';
import { DemuxStream, type OutputChunk, RawOutputStream } from '../../engine/demux.js';
import { LineSplitter } from './line-splitter.js';
import type { LogLine, LogSource } from './log-line.js';

/** How many lines error messages show by default. */
export const DEFAULT_TAIL_LINES = 20;

/**
 * Captures a container's output from an attach stream opened before start,
 * so even the first lines of a fast starter are seen. Splits each stream into
 * lines with split2, keeps the newest `maxLines`, and notifies subscribers.
 * `ended` resolves once the stream ends (the container stopped) and the last
 * partial lines are flushed.
 */
export class LogCapture implements LogSource {
  readonly ended: Promise<void>;
  private readonly kept: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();

  constructor(
    private readonly source: Readable,
    tty: boolean,
    private readonly maxLines = 10_000,
  ) {
    const splitter = new LineSplitter((line) => this.add(line));
    const chunks = tty ? new RawOutputStream() : new DemuxStream();
    source.pipe(chunks);
    chunks.on('data', (chunk: OutputChunk) => splitter.write(chunk));
    // A socket that is destroyed rather than ended does not end the pipe: end
    // it here, so what the demuxer still holds is delivered before the flush.
    const endChunks = () => {
      if (!chunks.writableEnded) chunks.end();
    };
    source.once('close', endChunks);
    source.once('error', endChunks);
    this.ended = new Promise<void>((resolve) => chunks.once('end', resolve)).then(() => splitter.end());
  }

  lines(): readonly LogLine[] {
    return this.kept;
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastLines(count = DEFAULT_TAIL_LINES): string[] {
    return this.kept.slice(-count).map((line) => line.text);
  }

  /** Stop reading (the container is going away). */
  close(): void {
    this.source.destroy();
  }

  private add(line: LogLine): void {
    this.kept.push(line);
    if (this.kept.length > this.maxLines) this.kept.splice(0, this.kept.length - this.maxLines);
    for (const listener of this.listeners) listener(line);
  }
}
