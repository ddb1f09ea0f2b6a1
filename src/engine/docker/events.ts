import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import split2 from 'split2';
import type { RawEvent } from '../raw-types.js';

/** Ask the engine for its event stream: matching `filters`, replayed from `sinceSeconds` (fractional). */
export async function openEventStream(
  docker: Dockerode,
  filters: Record<string, string[]>,
  sinceSeconds: number,
): Promise<Readable> {
  return (await docker.getEvents({
    filters: JSON.stringify(filters),
    since: sinceSeconds.toFixed(3),
  } as unknown as Dockerode.GetEventsOptions)) as unknown as Readable;
}

/** The events of an open stream, one JSON line each, until `signal` aborts; the stream is closed after. */
export async function* readEvents(stream: Readable, signal: AbortSignal): AsyncGenerator<RawEvent> {
  const lines = stream.pipe(split2((line: string) => (line.trim() ? (JSON.parse(line) as RawEvent) : undefined)));
  const onAbort = () => {
    stream.destroy();
    lines.end();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const event of lines) {
      if (signal.aborted) return;
      yield event as RawEvent;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}
