import { describe, expect, it } from 'vitest';
import { linesOf } from '../../../src/resources/logs/chunk-lines.js';
import {
  LogTimestampParser,
  parseLogTimestamp,
  splitTimestampPrefix,
} from '../../../src/resources/logs/log-timestamps.js';

const TS1 = '2026-12-03T11:49:45.723749016Z';
const TS2 = '2026-12-03T11:49:46.000000001Z';

describe('parseLogTimestamp', () => {
  it('reads the engine RFC 3339 nanosecond form to the millisecond', () => {
    expect(parseLogTimestamp(TS1)?.toISOString()).toBe('2026-12-03T11:49:45.723Z');
  });

  it('reads fewer fraction digits, none, and a zone offset', () => {
    expect(parseLogTimestamp('2026-12-03T11:49:45.7Z')?.toISOString()).toBe('2026-12-03T11:49:45.700Z');
    expect(parseLogTimestamp('2026-12-03T11:49:45Z')?.toISOString()).toBe('2026-12-03T11:49:45.000Z');
    expect(parseLogTimestamp('2026-12-03T12:49:45.5+01:00')?.toISOString()).toBe('2026-12-03T11:49:45.500Z');
  });

  it('refuses what is not a timestamp', () => {
    for (const text of [
      '',
      'first',
      '2026-12-03',
      '2026-13-45T99:99:99Z',
      `${TS1} `,
      '2026-12-03T11:49:45.1234567890Z',
    ])
      expect(parseLogTimestamp(text)).toBeUndefined();
  });
});

describe('splitTimestampPrefix', () => {
  it('splits the prefix off at the first space and keeps the text whole', () => {
    const split = splitTimestampPrefix(Buffer.from(`${TS1} hello world\n`));
    expect(split?.timestamp.toISOString()).toBe('2026-12-03T11:49:45.723Z');
    expect(split?.rest.toString()).toBe('hello world\n');
  });

  it('leaves data without a prefix alone', () => {
    expect(splitTimestampPrefix(Buffer.from('hello world\n'))).toBeUndefined();
    expect(splitTimestampPrefix(Buffer.from(' leading space'))).toBeUndefined();
  });
});

describe('LogTimestampParser', () => {
  it("in 'frame' mode strips each frame's prefix onto it", () => {
    const parser = new LogTimestampParser('frame');
    const out = [
      ...parser.push({ stream: 'stdout', data: Buffer.from(`${TS1} out\n`) }),
      ...parser.push({ stream: 'stderr', data: Buffer.from(`${TS2} err\n`) }),
      ...parser.push({ stream: 'stdout', data: Buffer.from('no prefix\n') }),
    ];
    expect(out.map((c) => [c.stream, c.data.toString(), c.timestamp?.toISOString()])).toEqual([
      ['stdout', 'out\n', '2026-12-03T11:49:45.723Z'],
      ['stderr', 'err\n', '2026-12-03T11:49:46.000Z'],
      ['stdout', 'no prefix\n', undefined],
    ]);
  });

  it("in 'line' mode finds a prefix at every line start, even when chunks cut a prefix or a line", () => {
    const parser = new LogTimestampParser('line');
    const raw = `${TS1} a\r\n${TS2} bb\r\n${TS1} tail`;
    const pieces = [raw.slice(0, 5), raw.slice(5, 33), raw.slice(33, 40), raw.slice(40, 61), raw.slice(61)];
    const chunks = pieces.flatMap((p) => parser.push({ stream: 'stdout', data: Buffer.from(p) }));
    chunks.push(...parser.end());
    expect(chunks.map((c) => c.data.toString()).join('')).toBe('a\r\nbb\r\ntail');
    expect(linesOf(chunks).map((l) => [l.text, l.timestamp?.toISOString()])).toEqual([
      ['a', '2026-12-03T11:49:45.723Z'],
      ['bb', '2026-12-03T11:49:46.000Z'],
      ['tail', '2026-12-03T11:49:45.723Z'],
    ]);
  });

  it("in 'line' mode passes on a prefix that never finished as text", () => {
    const parser = new LogTimestampParser('line');
    expect(parser.push({ stream: 'stdout', data: Buffer.from('2026-12') })).toEqual([]);
    expect(parser.end().map((c) => c.data.toString())).toEqual(['2026-12']);
  });
});

describe('linesOf', () => {
  it('keeps the timestamp of the chunk a line started in, per stream', () => {
    const t1 = new Date('2026-01-01T00:00:01Z');
    const t2 = new Date('2026-01-01T00:00:02Z');
    const t3 = new Date('2026-01-01T00:00:03Z');
    const lines = linesOf([
      { stream: 'stdout', data: Buffer.from('hel'), timestamp: t1 },
      { stream: 'stderr', data: Buffer.from('warn\n'), timestamp: t2 },
      { stream: 'stdout', data: Buffer.from('lo\nnext\nrest'), timestamp: t3 },
    ]);
    expect(lines.map((l) => [l.stream, l.text, l.index, l.timestamp])).toEqual([
      ['stderr', 'warn', 0, t2],
      ['stdout', 'hello', 1, t1],
      ['stdout', 'next', 2, t3],
      ['stdout', 'rest', 3, t3],
    ]);
  });

  it('joins a UTF-8 character cut between chunks, and has no timestamp when none was given', () => {
    const euro = Buffer.from('€\n');
    const lines = linesOf([
      { stream: 'stdout', data: euro.subarray(0, 1) },
      { stream: 'stdout', data: euro.subarray(1) },
    ]);
    expect(lines).toEqual([{ stream: 'stdout', text: '€', index: 0 }]);
  });
});
