import type { OutputChunk } from '../../engine/demux.js';
import type { LogChunk } from './log-line.js';

/*
 * The engine's log timestamps. Asked for them (`timestamps=1`), the engine
 * puts one before every log message, in RFC 3339 with nanoseconds and a
 * space: `2026-12-03T11:49:45.723749016Z first line`. Each message is one
 * frame of the multiplexed stream; a TTY container's raw stream has one per
 * line instead. Pure.
 */

/** Longest prefix looked at: a timestamp with nanoseconds and a `+hh:mm` zone is 35 characters. */
const MAX_PREFIX = 40;

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * `2026-12-03T11:49:45.723749016Z` as a `Date` (to the millisecond: a `Date`
 * holds no finer), or `undefined` if `text` is not such a timestamp.
 */
export function parseLogTimestamp(text: string): Date | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, base, fraction = '', zone] = match;
  const date = new Date(`${base}.${fraction.padEnd(3, '0').slice(0, 3)}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Splits `<timestamp> <text>` into the time and the text after the space;
 * `undefined` when `data` does not start with a timestamp.
 */
export function splitTimestampPrefix(data: Buffer): { timestamp: Date; rest: Buffer } | undefined {
  const space = data.subarray(0, MAX_PREFIX).indexOf(0x20);
  if (space <= 0) return undefined;
  const timestamp = parseLogTimestamp(data.subarray(0, space).toString('latin1'));
  return timestamp ? { timestamp, rest: data.subarray(space + 1) } : undefined;
}

/**
 * Strips the engine's timestamps from log chunks and puts each on its chunk
 * as `timestamp`. `'frame'` mode is for demultiplexed output, where every
 * chunk is one message with its own prefix; `'line'` mode for a TTY
 * container's raw stream, where a prefix starts every line and chunks are
 * cut anywhere (a prefix cut in two is kept until the rest arrives).
 * Data without a prefix where one was due passes through unchanged, without
 * a timestamp.
 */
export class LogTimestampParser {
  private atLineStart = true;
  private pendingPrefix: Buffer = Buffer.alloc(0);
  private current: Date | undefined;

  constructor(private readonly mode: 'frame' | 'line') {}

  push(chunk: OutputChunk): LogChunk[] {
    if (this.mode === 'frame') {
      const split = splitTimestampPrefix(chunk.data);
      return [split ? { stream: chunk.stream, data: split.rest, timestamp: split.timestamp } : chunk];
    }
    const out: LogChunk[] = [];
    let data = this.pendingPrefix.length ? Buffer.concat([this.pendingPrefix, chunk.data]) : chunk.data;
    this.pendingPrefix = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.atLineStart) {
        const space = data.subarray(0, MAX_PREFIX).indexOf(0x20);
        if (space < 0 && data.length < MAX_PREFIX && data.indexOf(0x0a) < 0) {
          this.pendingPrefix = data; // the rest of the prefix is still on its way
          break;
        }
        const split = splitTimestampPrefix(data);
        this.current = split?.timestamp;
        if (split) data = split.rest;
        this.atLineStart = false;
      }
      const newline = data.indexOf(0x0a);
      const piece = newline < 0 ? data : data.subarray(0, newline + 1);
      data = data.subarray(piece.length);
      if (newline >= 0) this.atLineStart = true;
      if (piece.length)
        out.push(
          this.current
            ? { stream: chunk.stream, data: piece, timestamp: this.current }
            : { stream: chunk.stream, data: piece },
        );
    }
    return out;
  }

  /** What is left at the end: a prefix that never finished, passed on as text. */
  end(stream: OutputChunk['stream'] = 'stdout'): LogChunk[] {
    const rest = this.pendingPrefix;
    this.pendingPrefix = Buffer.alloc(0);
    return rest.length ? [{ stream, data: rest }] : [];
  }
}
