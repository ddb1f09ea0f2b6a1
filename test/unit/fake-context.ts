import type { WaitContext } from '../../src/resources/handles/readiness.js';
import type { LogLine, LogSource } from '../../src/resources/logs/log-line.js';

/** A LogSource fed by hand, for waits and runWait. */
export class FakeLogs implements LogSource {
  private readonly kept: LogLine[] = [];
  private readonly listeners = new Set<(line: LogLine) => void>();

  push(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const line = { stream, text, index: this.kept.length };
    this.kept.push(line);
    for (const listener of this.listeners) listener(line);
  }

  lines(): readonly LogLine[] {
    return this.kept;
  }

  subscribe(listener: (line: LogLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastLines(count = 20): string[] {
    return this.kept.slice(-count).map((l) => l.text);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}

/** A WaitContext with only logs and progress; everything else throws if used. */
export function fakeContext(
  logs: LogSource,
  signal = new AbortController().signal,
  progress: string[] = [],
): WaitContext {
  const unused = () => {
    throw new Error('not available in this fake');
  };
  return {
    containerName: 'fake',
    signal,
    logs,
    host: '127.0.0.1',
    hostPort: unused,
    pid: unused,
    exec: unused,
    inspect: unused,
    events: unused,
    progress: (detail) => progress.push(detail),
  };
}
