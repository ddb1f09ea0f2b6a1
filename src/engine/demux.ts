import { Transform, type TransformCallback } from 'node:stream';

/** Which output a chunk of container output came from. */
export type OutputStream = 'stdout' | 'stderr';

/** One demultiplexed piece of container output. */
export interface OutputChunk {
  readonly stream: OutputStream;
  readonly data: Buffer;
}

const HEADER = 8;

/**
 * Decodes the Engine API's multiplexed stream format (used by attach, logs and
 * exec when no TTY is allocated): frames of an 8-byte header
 * `[stream, 0, 0, 0, size(uint32 BE)]` followed by `size` bytes.
 *
 * Frames may be split across chunks at any byte, including inside the header;
 * this parser keeps the partial frame until the rest arrives.
 */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  /** Feed bytes; returns every complete frame they finish. */
  push(chunk: Buffer): OutputChunk[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: OutputChunk[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER) {
      const type = this.pending[offset];
      const size = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - HEADER < size) break;
      const data = this.pending.subarray(offset + HEADER, offset + HEADER + size);
      // 0 = stdin (echoed when attached with a TTY-less stdin), 1 = stdout, 2 = stderr.
      if (type === 2) out.push({ stream: 'stderr', data });
      else out.push({ stream: 'stdout', data });
      offset += HEADER + size;
    }
    this.pending = offset === 0 ? this.pending : this.pending.subarray(offset);
    return out;
  }

  /** Bytes received that do not yet form a whole frame. */
  get bufferedBytes(): number {
    return this.pending.length;
  }
}

/** Demultiplex a whole buffer at once (e.g. a non-follow logs response). */
export function demuxBuffer(buffer: Buffer): OutputChunk[] {
  const decoder = new FrameDecoder();
  const chunks = decoder.push(buffer);
  if (decoder.bufferedBytes > 0) {
    // A truncated last frame: keep what arrived rather than dropping it.
    const rest = buffer.subarray(buffer.length - decoder.bufferedBytes + HEADER);
    if (rest.length > 0)
      chunks.push({ stream: buffer[buffer.length - decoder.bufferedBytes] === 2 ? 'stderr' : 'stdout', data: rest });
  }
  return chunks;
}

/** A Transform from raw multiplexed bytes to {@link OutputChunk} objects. */
export class DemuxStream extends Transform {
  private readonly decoder = new FrameDecoder();

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.decoder.push(chunk)) this.push(frame);
    callback();
  }
}

/** A Transform that labels raw TTY output (not multiplexed) as stdout chunks. */
export class RawOutputStream extends Transform {
  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.push({ stream: 'stdout', data: chunk } satisfies OutputChunk);
    callback();
  }
}
