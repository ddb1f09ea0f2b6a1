import type { OutputStream } from '../engine/demux.js';
import type { WaitContext, WaitStrategy } from '../resources/handles/readiness.js';
import { LogMatcher, type LogMatcherOptions } from './log-matcher.js';
import { ownTimeout } from './own-timeout.js';
import { describePattern, type LogPattern } from './pattern.js';

export interface LogWaitOptions extends LogMatcherOptions {
  /** Only look at one stream. @default both */
  readonly stream?: OutputStream;
  /** This wait's own time limit. @default the definition's startupTimeoutMs */
  readonly timeoutMs?: number;
}

/**
 * Ready once the log patterns have matched. Reads the live capture the
 * container has had since before it started: lines already written count, and
 * new lines are pushed as they arrive, so nothing polls.
 */
export function logLines(patterns: readonly LogPattern[], options: LogWaitOptions = {}): WaitStrategy {
  // Validate now, at definition time, not when the container starts.
  new LogMatcher(patterns, options);
  const ordered = options.ordered ?? true;
  const times = options.times ?? 1;
  const list = patterns.map(describePattern).join(', ');
  const description =
    patterns.length === 1
      ? `log line ${list}${times > 1 ? ` ${times} times` : ''}`
      : `log lines ${list} (${ordered ? 'in order' : 'any order'})`;
  return {
    description,
    ...ownTimeout('waitFor.logLines', options.timeoutMs),
    wait(context: WaitContext): Promise<void> {
      const matcher = new LogMatcher(patterns, options);
      const wanted = (stream: OutputStream) => !options.stream || options.stream === stream;
      return new Promise<void>((resolve) => {
        // Lines already captured count. Scanning and subscribing happen in one
        // synchronous step, so no line can slip between them.
        for (const line of context.logs.lines()) {
          if (wanted(line.stream) && matcher.feed(line.text)) return resolve();
        }
        context.progress(matcher.progress());
        const unsubscribe = context.logs.subscribe((line) => {
          if (!wanted(line.stream)) return;
          if (matcher.feed(line.text)) {
            unsubscribe();
            resolve();
          } else context.progress(matcher.progress());
        });
        context.signal.addEventListener('abort', unsubscribe, { once: true });
      });
    },
  };
}

/** Ready once a line matches `pattern` (`times` times). */
export function logLine(pattern: LogPattern, options: LogWaitOptions = {}): WaitStrategy {
  return logLines([pattern], options);
}
