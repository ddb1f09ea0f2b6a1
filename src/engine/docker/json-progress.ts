import type { Readable } from 'node:stream';
import split2 from 'split2';
import type { ProgressListener, RawProgressEvent } from '../progress-types.js';

/**
 * Read an engine progress stream (one JSON message per line) to its end,
 * handing each message to `onProgress`; resolves with all of them. Lines
 * that are not JSON are kept as build output text. The stream failing
 * rejects; errors the engine reports inside it do not (see `progressError`).
 */
export function readProgress(stream: Readable, onProgress?: ProgressListener): Promise<RawProgressEvent[]> {
  return new Promise<RawProgressEvent[]>((resolve, reject) => {
    const events: RawProgressEvent[] = [];
    const lines = stream.pipe(split2());
    lines.on('data', (line: string) => {
      if (line.trim() === '') return;
      const event = parseLine(line);
      events.push(event);
      try {
        onProgress?.(event);
      } catch {
        // A listener's mistake must not lose the stream.
      }
    });
    stream.on('error', reject);
    lines.on('error', reject);
    lines.on('end', () => resolve(events));
  });
}

function parseLine(line: string): RawProgressEvent {
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed !== null && typeof parsed === 'object') return parsed as RawProgressEvent;
  } catch {
    // not JSON: keep it as text
  }
  return { stream: `${line}\n` };
}
