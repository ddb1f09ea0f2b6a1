import type { Readable } from 'node:stream';
import split2 from 'split2';
import { DemuxStream, type OutputChunk, type OutputStream, RawOutputStream } from '../engine/demux.js';
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
  private count = 0;

  constructor(
    private readonly source: Readable,
    tty: boolean,
    private readonly maxLines = 10_000,
  ) {
    const splitters = {
      stdout: this.splitter('stdout'),
      stderr: this.splitter('stderr'),
    };
    const chunks = tty ? new RawOutputStream() : new DemuxStream();
    source.pipe(chunks);
    chunks.on('data', (chunk: OutputChunk) => splitters[chunk.stream].write(chunk.data));
    const flushed = Object.values(splitters).map(
      (s) => new Promise<void>((resolve) => s.once('end', resolve).once('close', resolve)),
    );
    const finished = new Promise<void>((resolve) => {
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        for (const s of Object.values(splitters)) s.end();
        resolve();
      };
      chunks.once('end', finish);
      source.once('close', finish);
      source.once('error', finish);
    });
    this.ended = finished.then(() => Promise.all(flushed)).then(() => undefined);
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

  private splitter(stream: OutputStream) {
    const splitter = split2();
    splitter.on('data', (text: string) => this.add({ stream, text, index: this.count++ }));
    return splitter;
  }

  private add(line: LogLine): void {
    this.kept.push(line);
    if (this.kept.length > this.maxLines) this.kept.splice(0, this.kept.length - this.maxLines);
    for (const listener of this.listeners) listener(line);
  }
}
