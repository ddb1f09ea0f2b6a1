import pRetry from 'p-retry';
import { withLocalErrors } from '../engine/local-error.js';
import { assertDuration } from '../options/duration.js';

/** Backoff for waits that can only find out by asking again. */
export interface PollOptions {
  /** First delay between attempts. @default 25 */
  readonly minIntervalMs?: number;
  /** Longest delay between attempts. @default 250 */
  readonly maxIntervalMs?: number;
}

/** Check the backoff options when the strategy is made. */
export function assertPollOptions(name: string, options: PollOptions): void {
  if (options.minIntervalMs !== undefined) assertDuration(`${name} minIntervalMs`, options.minIntervalMs);
  if (options.maxIntervalMs !== undefined) assertDuration(`${name} maxIntervalMs`, options.maxIntervalMs);
}

/**
 * Call `attempt` until it resolves, backing off between failures, until
 * `signal` aborts. Used only where no stream or event can tell (a port
 * accepting, an HTTP answer, a command's exit code).
 */
export function poll<T>(attempt: () => Promise<T>, signal: AbortSignal, options: PollOptions = {}): Promise<T> {
  return pRetry(withLocalErrors(attempt), {
    retries: Number.POSITIVE_INFINITY,
    minTimeout: options.minIntervalMs ?? 25,
    maxTimeout: options.maxIntervalMs ?? 250,
    factor: 1.5,
    randomize: false,
    signal,
  });
}
