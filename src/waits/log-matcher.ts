import { InvalidOptionError } from '../errors/index.js';
import { compilePattern, describePattern, type LogPattern } from './pattern.js';

export interface LogMatcherOptions {
  /**
   * `true`: patterns must match in this order, each on a later line than the
   * previous one. `false`: each must match some line, in any order (one line
   * may satisfy several). @default true
   */
  readonly ordered?: boolean;
  /** How many matching lines each pattern needs. @default 1 */
  readonly times?: number;
}

/**
 * Tracks which of a set of log patterns have matched as lines arrive.
 * Pure: feed it lines, ask whether it is satisfied and how far it got.
 */
export class LogMatcher {
  private readonly tests: ((text: string) => boolean)[];
  private readonly counts: number[];
  private readonly ordered: boolean;
  private readonly times: number;
  private next = 0;

  constructor(
    readonly patterns: readonly LogPattern[],
    options: LogMatcherOptions = {},
  ) {
    if (!Array.isArray(patterns) || patterns.length === 0) {
      throw new InvalidOptionError('patterns', 'give at least one string or RegExp');
    }
    this.tests = patterns.map((p, i) => compilePattern(p, `patterns[${i}]`));
    this.counts = patterns.map(() => 0);
    this.ordered = options.ordered ?? true;
    this.times = options.times ?? 1;
    if (!Number.isInteger(this.times) || this.times < 1) {
      throw new InvalidOptionError('times', `${this.times} must be a whole number, 1 or more`);
    }
  }

  /** Feed one line; returns true once every pattern has matched enough times. */
  feed(text: string): boolean {
    if (this.ordered) {
      const test = this.tests[this.next];
      if (test?.(text)) {
        this.counts[this.next] = (this.counts[this.next] ?? 0) + 1;
        if ((this.counts[this.next] ?? 0) >= this.times) this.next++;
      }
    } else {
      this.tests.forEach((test, i) => {
        if ((this.counts[i] ?? 0) < this.times && test(text)) this.counts[i] = (this.counts[i] ?? 0) + 1;
      });
    }
    return this.done;
  }

  get done(): boolean {
    return this.counts.every((c) => c >= this.times);
  }

  /** Patterns that have matched enough times. */
  matched(): LogPattern[] {
    return this.patterns.filter((_, i) => (this.counts[i] ?? 0) >= this.times);
  }

  /** Patterns still waiting. */
  unmatched(): LogPattern[] {
    return this.patterns.filter((_, i) => (this.counts[i] ?? 0) < this.times);
  }

  /** e.g. `matched 1 of 2; waiting for /ready/`, or `seen 1 of 2 times` for one pattern. */
  progress(): string {
    const waiting = this.unmatched();
    const first = waiting[0];
    if (first === undefined) return `matched all ${this.patterns.length}`;
    const seen = this.counts[this.patterns.indexOf(first)] ?? 0;
    if (this.patterns.length === 1)
      return this.times > 1 ? `seen ${seen} of ${this.times} times` : 'no line matched yet';
    const times = this.times > 1 ? ` (seen ${seen} of ${this.times} times)` : '';
    return `matched ${this.patterns.length - waiting.length} of ${this.patterns.length}; waiting for ${waiting.map(describePattern).join(', ')}${times}`;
  }
}
