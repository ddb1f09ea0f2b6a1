import split2 from 'split2';
import type { OutputChunk, OutputStream } from '../../engine/demux.js';
import type { LogLine } from './log-line.js';

/**
 * Turns demultiplexed output chunks into lines, one split2 per stream (a line
 * may span chunks, and the two streams interleave freely). Lines are numbered
 * in the order they complete.
 */
export class LineSplitter {
  private readonly splitters: Record<OutputStream, ReturnType<typeof split2>>;
  private readonly flushed: Promise<void>;
  private count = 0;

  constructor(onLine: (line: LogLine) => void) {
    const make = (stream: OutputStream) =>
      split2().on('data', (text: string) => onLine({ stream, text, index: this.count++ }));
    this.splitters = { stdout: make('stdout'), stderr: make('stderr') };
    this.flushed = Promise.all(
      Object.values(this.splitters).map(
        (s) => new Promise<void>((resolve) => s.once('end', resolve).once('close', resolve)),
      ),
    ).then(() => undefined);
  }

  write(chunk: OutputChunk): void {
    this.splitters[chunk.stream].write(chunk.data);
  }

  /** Flush partial last lines; resolves once every line has been delivered. */
  end(): Promise<void> {
    for (const splitter of Object.values(this.splitters)) splitter.end();
    return this.flushed;
  }
}
