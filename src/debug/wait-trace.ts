/**
 * `seaworthy:wait` lines for one wait: its start, its progress, its outcome.
 * Progress is reported by the strategy on each poll attempt or log line; a
 * line is printed when it changes (at most one a second) and, while it stays
 * the same, every five seconds, each with the number of reports since the
 * last line, so a fast poll does not flood the output.
 */
import { debugLogger, type Logger } from './logger.js';
import { redactText } from './redact.js';

/** Shortest gap between two progress lines of one wait. */
export const PROGRESS_LOG_INTERVAL_MS = 1_000;
/** Gap between two lines while the progress stays the same. */
export const UNCHANGED_LOG_INTERVAL_MS = 5_000;

export interface WaitTrace {
  /** The wait's progress text changed. */
  progress(detail: string): void;
  /** The wait is over: ready (no error) or failed. */
  end(error?: unknown): void;
}

const SILENT: WaitTrace = { progress: () => undefined, end: () => undefined };

/** Trace one wait on `containerName`; a no-op while `seaworthy:wait` is off. */
export function traceWait(
  containerName: string,
  description: string,
  timeoutMs: number,
  log: Logger = debugLogger('wait'),
): WaitTrace {
  if (!log.enabled) return SILENT;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let lastShown = '';
  let lastLogged = Number.NEGATIVE_INFINITY;
  let reports = 0;
  log('%s: waiting for %s (limit %d ms)', containerName, redactText(description), timeoutMs);
  return {
    progress(detail) {
      reports++;
      const now = performance.now();
      const changed = detail !== lastShown;
      if (now - lastLogged < (changed ? PROGRESS_LOG_INTERVAL_MS : UNCHANGED_LOG_INTERVAL_MS)) return;
      log('%s: %s after %d ms (%s)', containerName, redactText(detail), elapsed(), countNote(reports));
      lastLogged = now;
      lastShown = detail;
      reports = 0;
    },
    end(error) {
      if (error === undefined) log('%s: ready (%s) after %d ms', containerName, redactText(description), elapsed());
      else {
        const name = (error as Error)?.name ?? 'Error';
        const message = redactText(String((error as Error)?.message ?? error).split('\n')[0] ?? '');
        log('%s: wait failed after %d ms: %s: %s', containerName, elapsed(), name, message);
      }
    },
  };
}

function countNote(reports: number): string {
  return `${reports} report${reports === 1 ? '' : 's'} since the last line`;
}
