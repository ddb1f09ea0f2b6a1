import { InvalidOptionError } from '../errors/index.js';
import type { ExecResult } from '../resources/handles/readiness.js';
import { compilePattern, describePattern, type LogPattern } from '../waits/pattern.js';
import { describeValue, type MatcherResult, type MatcherState, outcome } from './matcher-result.js';

/** `expect(await container.exec([...])).toHaveExitCode(0)` */
export function toHaveExitCode(this: MatcherState, received: unknown, code: number): MatcherResult {
  const result = expectExec(received, 'toHaveExitCode');
  return outcome(
    result.exitCode === code,
    () => `expected the command to exit with ${code}, it exited with ${result.exitCode}\n${output(result)}`,
    () => `expected the command not to exit with ${code}, but it did\n${output(result)}`,
    { actual: result.exitCode, expected: code },
  );
}

/** `expect(result).toHaveStdout(/hello/)`: a substring or a RegExp. */
export function toHaveStdout(this: MatcherState, received: unknown, pattern: LogPattern): MatcherResult {
  return streamMatches(expectExec(received, 'toHaveStdout'), 'stdout', pattern);
}

/** `expect(result).toHaveStderr('warning')`: a substring or a RegExp. */
export function toHaveStderr(this: MatcherState, received: unknown, pattern: LogPattern): MatcherResult {
  return streamMatches(expectExec(received, 'toHaveStderr'), 'stderr', pattern);
}

function streamMatches(result: ExecResult, stream: 'stdout' | 'stderr', pattern: LogPattern): MatcherResult {
  const text = result[stream];
  return outcome(
    compilePattern(pattern)(text),
    () => `expected the command's ${stream} to match ${describePattern(pattern)}\n${output(result)}`,
    () => `expected the command's ${stream} not to match ${describePattern(pattern)}\n${output(result)}`,
    { actual: text, expected: pattern },
  );
}

function expectExec(received: unknown, matcher: string): ExecResult {
  const r = received as Partial<ExecResult> | null;
  if (r && typeof r.exitCode === 'number' && typeof r.stdout === 'string' && typeof r.stderr === 'string') {
    return received as ExecResult;
  }
  throw new InvalidOptionError(
    'received',
    `${matcher} needs an exec result (from container.exec), got ${describeValue(received)}`,
  );
}

function output(result: ExecResult): string {
  const show = (text: string) =>
    text ? JSON.stringify(text.length > 500 ? `${text.slice(0, 500)}…` : text) : '(empty)';
  return `exit code: ${result.exitCode}\nstdout: ${show(result.stdout)}\nstderr: ${show(result.stderr)}`;
}
