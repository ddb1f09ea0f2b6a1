import type { LogLine } from '../resources/logs/log-line.js';
import { compilePattern, describePattern, type LogPattern } from '../waits/pattern.js';

/**
 * Which log patterns have matched which lines. Pure: feed it lines, then ask
 * whether it is satisfied and for a report of every pattern.
 */
export class LogExpectation {
  private readonly tests: ((text: string) => boolean)[];
  private readonly hits: (LogLine | undefined)[];
  private next = 0;

  constructor(
    readonly patterns: readonly LogPattern[],
    private readonly ordered: boolean,
  ) {
    this.tests = patterns.map((p, i) => compilePattern(p, patterns.length === 1 ? 'pattern' : `patterns[${i}]`));
    this.hits = patterns.map(() => undefined);
  }

  /** Returns true once every pattern has matched. */
  feed(line: LogLine): boolean {
    if (this.ordered) {
      if (this.next < this.tests.length && this.tests[this.next]?.(line.text)) this.hits[this.next++] = line;
    } else {
      this.tests.forEach((test, i) => {
        if (!this.hits[i] && test(line.text)) this.hits[i] = line;
      });
    }
    return this.done;
  }

  get done(): boolean {
    return this.hits.every(Boolean);
  }

  /** One line per pattern: `✓ /ready/  (line 4: server ready)` or `✗ /ready/`. */
  report(): string[] {
    return this.patterns.map((pattern, i) => {
      const hit = this.hits[i];
      const mark = hit ? '✓' : '✗';
      return `${mark} ${describePattern(pattern)}${hit ? `  (line ${hit.index + 1}: ${hit.text})` : ''}`;
    });
  }
}
