import type { OutputChunk, OutputStream } from '../../engine/demux.js';

/** One line of container output. */
export interface LogLine {
  readonly stream: OutputStream;
  readonly text: string;
  /** Position among all lines the container wrote (both streams), from 0. */
  readonly index: number;
  /**
   * When the engine logged it (the start of the line), to the millisecond;
   * only on lines read with `timestamps: true` (`logs()`, `followLogLines()`).
   */
  readonly timestamp?: Date;
}

/** A piece of log output, with the engine's timestamp when asked for (`timestamps: true`). */
export interface LogChunk extends OutputChunk {
  readonly timestamp?: Date;
}

/** Captured output that waits and assertions read. */
export interface LogSource {
  /** Lines kept so far (the newest `maxCapturedLines`). */
  lines(): readonly LogLine[];
  /** Call `listener` for every new line; returns the unsubscribe function. */
  subscribe(listener: (line: LogLine) => void): () => void;
  /** The last `count` lines as text, for error messages. */
  lastLines(count?: number): string[];
}
