import { describe, expect, it } from 'vitest';
import type { LogLine, LogSource } from '../../../src/resources/logs/log-line.js';
import { RunOutput } from '../../../src/resources/logs/run-output.js';

/** A capture stand-in: lines pushed by the test. */
function fakeCapture(initial: string[] = []) {
  const kept: LogLine[] = initial.map((text, index) => ({ stream: 'stdout', text, index }));
  const listeners = new Set<(line: LogLine) => void>();
  const source: LogSource & { push(text: string): void } = {
    lines: () => kept,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    lastLines: (count = 20) => kept.slice(-count).map((l) => l.text),
    push(text) {
      const line: LogLine = { stream: 'stdout', text, index: kept.length };
      kept.push(line);
      for (const listener of listeners) listener(line);
    },
  };
  return source;
}

describe('RunOutput', () => {
  it('is empty before the first start', () => {
    const output = new RunOutput();
    expect(output.lines()).toEqual([]);
    expect(output.lastLines()).toEqual([]);
  });

  it('holds the latest start only, and keeps subscribers across starts, replaying a new start’s first lines', () => {
    const output = new RunOutput();
    const first = fakeCapture();
    output.follow(first);
    const seen: string[] = [];
    output.subscribe((line) => seen.push(line.text));
    first.push('run 1');

    const second = fakeCapture(['run 2, before follow']);
    output.follow(second);
    second.push('run 2, after follow');
    first.push('late line of run 1');

    expect(output.lines().map((l) => l.text)).toEqual(['run 2, before follow', 'run 2, after follow']);
    expect(output.lastLines(1)).toEqual(['run 2, after follow']);
    expect(seen).toEqual(['run 1', 'run 2, before follow', 'run 2, after follow']);
  });

  it('stops calling a subscriber once it unsubscribes', () => {
    const output = new RunOutput();
    const capture = fakeCapture();
    output.follow(capture);
    const seen: string[] = [];
    const unsubscribe = output.subscribe((line) => seen.push(line.text));
    capture.push('a');
    unsubscribe();
    capture.push('b');
    expect(seen).toEqual(['a']);
  });
});
