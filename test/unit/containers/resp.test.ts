import { describe, expect, it } from 'vitest';
import { encodeCommand, parseReplies } from '../../../src/containers/redis/resp.js';

describe('RESP encoding and parsing', () => {
  it('encodes a command as an array of bulk strings, counting bytes not characters', () => {
    expect(encodeCommand(['AUTH', 'pässword']).toString()).toBe('*2\r\n$4\r\nAUTH\r\n$9\r\npässword\r\n');
    expect(encodeCommand(['FLUSHALL']).toString()).toBe('*1\r\n$8\r\nFLUSHALL\r\n');
  });

  it('parses status, error, integer, bulk and null bulk replies', () => {
    const data = Buffer.from('+OK\r\n-WRONGPASS invalid\r\n:42\r\n$5\r\nhe\r\nl\r\n$-1\r\n');
    expect(parseReplies(data)).toEqual({
      replies: [
        { type: 'status', value: 'OK' },
        { type: 'error', value: 'WRONGPASS invalid' },
        { type: 'integer', value: 42 },
        { type: 'bulk', value: 'he\r\nl' },
        { type: 'bulk', value: null },
      ],
      used: data.length,
    });
  });

  it('leaves a reply cut short for more data, wherever the cut falls', () => {
    const whole = Buffer.from('+OK\r\n$5\r\nhello\r\n');
    for (let cut = 0; cut < whole.length; cut++) {
      const first = parseReplies(whole.subarray(0, cut));
      const rest = parseReplies(Buffer.concat([whole.subarray(first.used, cut), whole.subarray(cut)]));
      expect([...first.replies, ...rest.replies]).toEqual([
        { type: 'status', value: 'OK' },
        { type: 'bulk', value: 'hello' },
      ]);
    }
  });

  it('refuses reply types it does not handle', () => {
    expect(() => parseReplies(Buffer.from('*1\r\n+OK\r\n'))).toThrow(/unexpected RESP reply type "\*"/);
  });
});
