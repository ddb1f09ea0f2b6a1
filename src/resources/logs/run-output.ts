import type { LogLine, LogSource } from './log-line.js';

/**
 * A container's live output across its starts: the lines of its latest
 * start (each start gets a capture of its own, attached before it, so a
 * wait after a restart never matches a line of the run before), while
 * subscribers stay subscribed from one start to the next.
 */
export class RunOutput implements LogSource {
  private current: LogSource | undefined;
  private unsubscribeCurrent: (() => void) | undefined;
  private readonly listeners = new Set<(line: LogLine) => void>();

  /**
   * Follow `capture` from now on: the capture of a start just made.
   * Subscribers get the lines it holds already (a fast starter's first
   * lines), then every new one.
   */
  follow(capture: LogSource): void {
    this.unsubscribeCurrent?.();
    this.current = capture;
    const emit = (line: LogLine) => {
      for (const listener of this.listeners) listener(line);
    };
    for (const line of capture.lines()) emit(line);
    this.unsubscribeCurrent = capture.subscribe(emit);
  }

  lines(): readonly LogLine[] {
    return this.current?.lines() ?? [];
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastLines(count?: number): string[] {
    return this.current?.lastLines(count) ?? [];
  }
}
