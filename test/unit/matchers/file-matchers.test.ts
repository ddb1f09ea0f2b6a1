import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { parseMode } from '../../../src/matchers/file-matchers.js';

describe('parseMode', () => {
  it('takes a number as permission bits', () => {
    expect(parseMode(0o644)).toBe(0o644);
    expect(parseMode(0)).toBe(0);
    expect(parseMode(0o7777)).toBe(0o7777);
  });

  it('reads three or four octal digits', () => {
    expect(parseMode('644')).toBe(0o644);
    expect(parseMode('0644')).toBe(0o644);
    expect(parseMode('4755')).toBe(0o4755);
    expect(parseMode('000')).toBe(0);
  });

  it.each(['64', '07777 ', '0o644', '888', '12345', 'rw-r--r--', ''])('rejects the text %j', (text) => {
    expect(() => parseMode(text)).toThrow(InvalidOptionError);
    expect(() => parseMode(text)).toThrow(`${JSON.stringify(text)} must be permission bits like 0o644 or '0644'`);
  });

  it.each([-1, 0o10000, 1.5, Number.NaN])('rejects the number %s', (mode) => {
    expect(() => parseMode(mode)).toThrow(InvalidOptionError);
  });

  it('names the option in its error', () => {
    expect(() => parseMode('x')).toThrow('invalid option `mode`');
  });
});
