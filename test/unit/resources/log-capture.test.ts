import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { splitChunks } from '../../../src/resources/handles/container.js';
import { LogCapture } from '../../../src/resources/logs/log-capture.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe('LogCapture', () => {
  it('splits each stream into lines, even when a line spans frames', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, false);
    source.write(frame(1, 'hel'));
    source.write(frame(2, 'warn\n'));
    source.write(frame(1, 'lo\nworld\n'));
    source.end();
    await capture.ended;
    expect(capture.lines().map((l) => `${l.stream}:${l.text}`)).toEqual([
      'stderr:warn',
      'stdout:hello',
      'stdout:world',
    ]);
    expect(capture.lines().map((l) => l.index)).toEqual([0, 1, 2]);
  });

  it('flushes a last line that has no newline when the stream ends', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, false);
    source.end(frame(1, 'no newline'));
    await capture.ended;
    expect(capture.lastLines()).toEqual(['no newline']);
  });

  it('ends, with its last partial line, when the socket is destroyed instead of ended', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, false);
    source.write(frame(1, 'line\npartial'));
    source.destroy();
    await capture.ended;
    expect(capture.lastLines()).toEqual(['line', 'partial']);
  });

  it('keeps only the newest lines, counting all of them', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, false, 3);
    source.end(frame(1, 'a\nb\nc\nd\ne\n'));
    await capture.ended;
    expect(capture.lines().map((l) => l.text)).toEqual(['c', 'd', 'e']);
    expect(capture.lines().at(-1)?.index).toBe(4);
    expect(capture.lastLines(2)).toEqual(['d', 'e']);
  });

  it('notifies subscribers of new lines until they unsubscribe', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, false);
    const seen: string[] = [];
    const unsubscribe = capture.subscribe((line) => seen.push(line.text));
    source.write(frame(1, 'one\n'));
    await new Promise((resolve) => setImmediate(resolve));
    unsubscribe();
    source.end(frame(1, 'two\n'));
    await capture.ended;
    expect(seen).toEqual(['one']);
    expect(capture.lastLines()).toEqual(['one', 'two']);
  });

  it('reads raw output when the container has a TTY', async () => {
    const source = new PassThrough();
    const capture = new LogCapture(source, true);
    source.end('plain\r\ntext\n');
    await capture.ended;
    expect(capture.lines().map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:plain', 'stdout:text']);
  });
});

describe('splitChunks', () => {
  it('splits per stream across chunks, handles CRLF and keeps a trailing partial line', () => {
    const lines = splitChunks([
      { stream: 'stdout', data: Buffer.from('a\r\nb') },
      { stream: 'stderr', data: Buffer.from('x\n') },
      { stream: 'stdout', data: Buffer.from('c\nd') },
    ]);
    expect(lines.map((l) => `${l.stream}:${l.text}`)).toEqual(['stdout:a', 'stderr:x', 'stdout:bc', 'stdout:d']);
  });
});
