import type { RawLogsOptions } from '../../engine/client.js';
import { InvalidOptionError } from '../../errors/index.js';
import { describeValue } from '../../options/duration.js';

/** Which of a container's outputs to read. */
export type LogStreams = 'stdout' | 'stderr' | 'both';

/** A point in time for `since`/`until`: a `Date`, or Unix time in seconds (fractions allowed). */
export type LogTime = Date | number;

export interface LogsOptions {
  /** Only what was logged at or after this time (a `Date`, or Unix time in seconds). */
  readonly since?: LogTime;
  /** Only what was logged before this time (a `Date`, or Unix time in seconds). */
  readonly until?: LogTime;
  /** Only the last N lines. */
  readonly tail?: number;
  /** Which outputs to read. @default 'both' */
  readonly streams?: LogStreams;
  /**
   * Ask the engine for its timestamps: each line (and each chunk) gets its
   * `timestamp`, and the text comes without the engine's prefix. @default false
   */
  readonly timestamps?: boolean;
}

/** A Unix time in seconds, as the engine takes it: `<seconds>.<fraction>`, exact to the millisecond for a Date. */
function engineTime(option: string, value: unknown): { seconds: number; text: string } {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms) || ms < 0) {
      throw new InvalidOptionError(option, `${describeValue(value)} is not a valid date at or after 1970-01-01`);
    }
    return { seconds: ms / 1000, text: `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}` };
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidOptionError(
      option,
      `${describeValue(value)} is neither a Date nor a Unix time in seconds (a finite number, 0 or more), e.g. new Date(Date.now() - 5_000)`,
    );
  }
  return { seconds: value, text: Number.isInteger(value) ? String(value) : value.toFixed(9) };
}

/**
 * Checks `logs()`/`followLogs()` options and turns them into the engine's
 * query; throws {@link InvalidOptionError} naming the option before any
 * engine call. Pure.
 */
export function logQuery(options: LogsOptions): RawLogsOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('logs options', `${describeValue(options)} is not an object`);
  }
  const streams = options.streams ?? 'both';
  if (streams !== 'stdout' && streams !== 'stderr' && streams !== 'both') {
    throw new InvalidOptionError('streams', `${describeValue(streams)} is not one of 'stdout', 'stderr' or 'both'`);
  }
  if (options.tail !== undefined && (!Number.isSafeInteger(options.tail) || options.tail < 0)) {
    throw new InvalidOptionError('tail', `${describeValue(options.tail)} is not a whole number of lines, 0 or more`);
  }
  if (options.timestamps !== undefined && typeof options.timestamps !== 'boolean') {
    throw new InvalidOptionError('timestamps', `${describeValue(options.timestamps)} is not true or false`);
  }
  const since = options.since === undefined ? undefined : engineTime('since', options.since);
  const until = options.until === undefined ? undefined : engineTime('until', options.until);
  if (since && until && since.seconds > until.seconds) {
    throw new InvalidOptionError(
      'since',
      `since (${since.text}) is after until (${until.text}), so no log line could match; give a since at or before until`,
    );
  }
  return {
    ...(since ? { since: since.text } : {}),
    ...(until ? { until: until.text } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
    ...(options.timestamps ? { timestamps: true } : {}),
    ...(streams !== 'both' ? { stdout: streams === 'stdout', stderr: streams === 'stderr' } : {}),
  };
}
