import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DemuxStream, demuxBuffer, FrameDecoder, type OutputChunk } from '../../../src/engine/demux.js';

function frame(stream: 0 | 1 | 2, text: string): Buffer {
  const body = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

const asText = (chunks: OutputChunk[]) => chunks.map((c) => `${c.stream}:${c.data.toString()}`);

describe('FrameDecoder', () => {
  it('decodes several frames from one chunk, keeping stdout and stderr apart', () => {
    const decoder = new FrameDecoder();
    const chunks = decoder.push(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n'), frame(1, 'more')]));
    expect(asText(chunks)).toEqual(['stdout:out\n', 'stderr:err\n', 'stdout:more']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('keeps a frame split at any byte, including inside its header, until the rest arrives', () => {
    const bytes = Buffer.concat([frame(1, 'hello world\n'), frame(2, 'oops\n')]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const decoder = new FrameDecoder();
      const first = decoder.push(bytes.subarray(0, cut));
      const second = decoder.push(bytes.subarray(cut));
      expect(asText([...first, ...second]), `cut at ${cut}`).toEqual(['stdout:hello world\n', 'stderr:oops\n']);
    }
  });

  it('feeds one byte at a time', () => {
    const bytes = Buffer.concat([frame(1, 'a'), frame(2, 'bc')]);
    const decoder = new FrameDecoder();
    const out: OutputChunk[] = [];
    for (const byte of bytes) out.push(...decoder.push(Buffer.from([byte])));
    expect(asText(out)).toEqual(['stdout:a', 'stderr:bc']);
  });

  it('passes zero-length frames and treats stdin frames as stdout', () => {
    const decoder = new FrameDecoder();
    expect(asText(decoder.push(Buffer.concat([frame(1, ''), frame(0, 'echo')])))).toEqual(['stdout:', 'stdout:echo']);
  });

  it('handles a frame larger than 64 KiB', () => {
    const big = 'x'.repeat(200_000);
    const decoder = new FrameDecoder();
    const bytes = frame(1, big);
    const out = [...decoder.push(bytes.subarray(0, 70_000)), ...decoder.push(bytes.subarray(70_000))];
    expect(out).toHaveLength(1);
    expect(out[0]?.data.length).toBe(200_000);
  });
});

describe('demuxBuffer', () => {
  it('demultiplexes a whole logs response', () => {
    expect(asText(demuxBuffer(Buffer.concat([frame(1, 'a\n'), frame(2, 'b\n')])))).toEqual([
      'stdout:a\n',
      'stderr:b\n',
    ]);
  });

  it('keeps what arrived of a truncated last frame', () => {
    const bytes = Buffer.concat([frame(1, 'whole\n'), frame(2, 'cut short')]);
    expect(asText(demuxBuffer(bytes.subarray(0, bytes.length - 5)))).toEqual(['stdout:whole\n', 'stderr:cut ']);
  });
});

describe('DemuxStream', () => {
  it('turns a raw byte stream into chunk objects', async () => {
    const source = new PassThrough();
    const demux = source.pipe(new DemuxStream());
    const bytes = Buffer.concat([frame(1, 'one\n'), frame(2, 'two\n')]);
    source.write(bytes.subarray(0, 5));
    source.end(bytes.subarray(5));
    const out: OutputChunk[] = [];
    for await (const chunk of demux) out.push(chunk as OutputChunk);
    expect(asText(out)).toEqual(['stdout:one\n', 'stderr:two\n']);
  });
});
