import { InvalidOptionError } from '../errors/index.js';

/** A string (matched as a substring) or a regular expression. */
export type LogPattern = string | RegExp;

/** A stateless test for one pattern (global/sticky flags are dropped so `lastIndex` can't skip lines). */
export function compilePattern(pattern: LogPattern, option = 'pattern'): (text: string) => boolean {
  if (typeof pattern === 'string') {
    if (pattern === '')
      throw new InvalidOptionError(option, 'an empty string matches every line; give some text or a RegExp');
    return (text) => text.includes(pattern);
  }
  if (pattern instanceof RegExp) {
    const re = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return (text) => re.test(text);
  }
  throw new InvalidOptionError(option, `${String(pattern)} must be a string or a RegExp`);
}

export function describePattern(pattern: LogPattern): string {
  return typeof pattern === 'string' ? JSON.stringify(pattern) : String(pattern);
}
