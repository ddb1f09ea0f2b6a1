import type { OutputStream } from '../engine/demux.js';
import { InvalidOptionError } from '../errors/index.js';
import { assertDuration } from '../options/duration.js';
import type { Container } from '../resources/handles/container.js';
import type { LogPattern } from '../waits/pattern.js';
import { expectContainer } from './expect-container.js';
import { LogExpectation } from './log-expectation.js';
import { block, type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

/**
 * Options of `toHaveLoggedLine` (and, through {@link LogSequenceOptions},
 * `toHaveLoggedSequence`). Not to be confused with the readiness waits'
 * `LogMatcherOptions` (`ordered`, `times`), which `LogMatcher` takes.
 */
export interface LogExpectationOptions {
  /**
   * Keep watching new lines for this long before deciding. Without it, only
   * lines already written count. With `.not`, the line must stay absent for
   * the whole time.
   */
  readonly timeoutMs?: number;
  /** Only look at one stream. @default both */
  readonly stream?: OutputStream;
}

export interface LogSequenceOptions extends LogExpectationOptions {
  /** Patterns must match in this order, on successive lines. @default true */
  readonly ordered?: boolean;
}

const LAST_LINES = 20;

/** `expect(container).toHaveLoggedLine(pattern, options?)` */
export function toHaveLoggedLine(
  this: MatcherState,
  received: unknown,
  pattern: LogPattern,
  options: LogExpectationOptions = {},
): Promise<MatcherResult> {
  return checkLogs(expectContainer(received, 'toHaveLoggedLine'), [pattern], { ...options, ordered: true });
}

/** `expect(container).toHaveLoggedLines([p1, p2], { ordered })` */
export function toHaveLoggedLines(
  this: MatcherState,
  received: unknown,
  patterns: readonly LogPattern[],
  options: LogSequenceOptions = {},
): Promise<MatcherResult> {
  if (!Array.isArray(patterns) || patterns.length === 0) {
    throw new InvalidOptionError('patterns', 'toHaveLoggedLines needs a non-empty array of strings or RegExps');
  }
  return checkLogs(expectContainer(received, 'toHaveLoggedLines'), patterns, options);
}

async function checkLogs(
  container: Container,
  patterns: readonly LogPattern[],
  options: LogSequenceOptions,
): Promise<MatcherResult> {
  const timeoutMs = options.timeoutMs ?? 0;
  assertDuration('timeoutMs', timeoutMs, { allowZero: true });
  const ordered = options.ordered ?? true;
  const expectation = new LogExpectation(patterns, ordered);
  const wanted = (stream: OutputStream) => !options.stream || options.stream === stream;
  const pass = await new Promise<boolean>((resolve) => {
    for (const line of container.output.lines()) {
      if (wanted(line.stream) && expectation.feed(line)) return resolve(true);
    }
    if (timeoutMs === 0) return resolve(false);
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(false);
    }, timeoutMs);
    const unsubscribe = container.output.subscribe((line) => {
      if (wanted(line.stream) && expectation.feed(line)) {
        clearTimeout(timer);
        unsubscribe();
        resolve(true);
      }
    });
  });
  const within = timeoutMs ? ` within ${timeoutMs} ms` : ' (in the lines logged so far; pass timeoutMs to wait)';
  const what =
    patterns.length === 1 ? 'a line matching' : `lines matching, ${ordered ? 'in this order' : 'in any order'}`;
  const stream = options.stream ? ` on ${options.stream}` : '';
  const tail = () =>
    `Last ${LAST_LINES} lines of '${container.definition.name}':\n${block(container.output.lastLines(LAST_LINES), 'it logged nothing')}`;
  return outcome(
    pass,
    () =>
      `expected container '${container.definition.name}' to have logged ${what}${stream}${within}:\n` +
      `${expectation
        .report()
        .map((l) => `  ${l}`)
        .join('\n')}\n${tail()}`,
    () =>
      `expected container '${container.definition.name}' not to have logged ${what}${stream}${within}, but it did:\n` +
      `${expectation
        .report()
        .map((l) => `  ${l}`)
        .join('\n')}\n${tail()}`,
  );
}
