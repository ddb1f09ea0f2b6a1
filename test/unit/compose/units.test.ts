// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is the compose syntax under test
import { describe, expect, it } from 'vitest';
import { splitShellWords } from '../../../src/compose/load/shell-words.js';
import { parseBoolean, parseDurationMs, parseInteger, parseSizeBytes } from '../../../src/compose/load/units.js';

describe('parseDurationMs', () => {
  it.each([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['2m0.5s', 120_500],
    ['1500us', 2],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBe(ms);
  });

  it.each(['10', 'ten seconds', '1d', '', '5 s', '-1s'])('does not read %j', (text) => {
    expect(parseDurationMs(text)).toBeUndefined();
  });

  it('reads only a bare 0 as a number', () => {
    expect(parseDurationMs(0)).toBe(0);
    expect(parseDurationMs(30)).toBeUndefined();
  });
});

describe('parseSizeBytes', () => {
  it.each([
    ['64m', 64 * 1024 ** 2],
    ['1g', 1024 ** 3],
    ['1GB', 1024 ** 3],
    ['512k', 512 * 1024],
    ['512kb', 512 * 1024],
    ['1.5g', 1.5 * 1024 ** 3],
    ['100', 100],
    ['100b', 100],
  ])('%s is %d bytes', (text, bytes) => {
    expect(parseSizeBytes(text)).toBe(bytes);
  });

  it('takes a number as bytes', () => {
    expect(parseSizeBytes(1048576)).toBe(1048576);
  });

  it.each(['64x', 'big', '-1m', ''])('does not read %j', (text) => {
    expect(parseSizeBytes(text)).toBeUndefined();
  });
});

describe('parseInteger and parseBoolean', () => {
  it('read interpolated text', () => {
    expect(parseInteger('3')).toBe(3);
    expect(parseInteger(' 3 ')).toBe(3);
    expect(parseInteger('3.5')).toBeUndefined();
    expect(parseInteger(2.5)).toBeUndefined();
    expect(parseBoolean('true')).toBe(true);
    expect(parseBoolean('False')).toBe(false);
    expect(parseBoolean('maybe')).toBeUndefined();
    expect(parseBoolean(1)).toBeUndefined();
  });
});

describe('splitShellWords', () => {
  it.each([
    ['node dist/server.js --port 8080', ['node', 'dist/server.js', '--port', '8080']],
    ['  spaced   out\twords\n', ['spaced', 'out', 'words']],
    [`sh -c 'echo "$HOME" && exit 1'`, ['sh', '-c', 'echo "$HOME" && exit 1']],
    ['echo "a b" "c\\"d" "e\\\\f" "g\\h"', ['echo', 'a b', 'c"d', 'e\\f', 'g\\h']],
    ['echo a\\ b c\\\\d', ['echo', 'a b', 'c\\d']],
    [`echo ''  ""`, ['echo', '', '']],
    ['pre"mid dle"post', ['premid dlepost']],
    ['echo $VAR ${X}', ['echo', '$VAR', '${X}']],
  ])('splits %j', (text, words) => {
    expect(splitShellWords(text)).toEqual({ words });
  });

  it.each([
    [`echo 'open`, 'a single quote is never closed'],
    ['echo "open', 'a double quote is never closed'],
    ['echo \\', 'it ends with a lone backslash'],
  ])('reports %j', (text, problem) => {
    expect(splitShellWords(text)).toEqual({ problem });
  });
});
