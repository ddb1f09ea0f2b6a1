import { describe, expect, it } from 'vitest';
import { formatBytes, progressReporter, resolveProgressMode } from '../../../src/resources/images/progress.js';

function capture(isTTY = false) {
  const writes: string[] = [];
  return { output: { isTTY, write: (text: string) => writes.push(text) }, writes };
}

describe('progress mode', () => {
  it('picks tty on a terminal outside CI and lines otherwise', () => {
    expect(resolveProgressMode({ output: { isTTY: true, write() {} }, env: {} })).toBe('tty');
    expect(resolveProgressMode({ output: { isTTY: true, write() {} }, env: { CI: 'true' } })).toBe('lines');
    expect(resolveProgressMode({ output: { isTTY: false, write() {} }, env: {} })).toBe('lines');
  });
  it('lets SEAWORTHY_PROGRESS and the option decide', () => {
    expect(resolveProgressMode({ env: { SEAWORTHY_PROGRESS: 'quiet' } })).toBe('quiet');
    expect(resolveProgressMode({ mode: 'tty', env: { SEAWORTHY_PROGRESS: 'quiet' } })).toBe('tty');
    expect(resolveProgressMode({ env: { SEAWORTHY_PROGRESS: 'bogus', CI: '1' } })).toBe('lines');
  });
});

describe('progress reporter', () => {
  it('writes one line per build step in lines mode', () => {
    const { output, writes } = capture();
    const progress = progressReporter('build web', { mode: 'lines', output });
    progress.event({ stream: 'Step 1/2 : FROM debian:bookworm-slim\n' });
    progress.event({ stream: ' ---> 1234\n' });
    progress.event({ stream: 'Step 2/2 : RUN true\n' });
    progress.done();
    expect(writes).toEqual([
      '[seaworthy] build web: Step 1/2 : FROM debian:bookworm-slim\n',
      '[seaworthy] build web: Step 2/2 : RUN true\n',
      '[seaworthy] build web: done\n',
    ]);
  });

  it('writes one line per finished layer and image status in lines mode', () => {
    const { output, writes } = capture();
    const progress = progressReporter('pull app:1', { mode: 'lines', output });
    progress.event({ status: 'Pulling from library/app', id: '1' });
    progress.event({ status: 'Downloading', id: 'aaaaaaaaaaaa', progressDetail: { current: 10, total: 100 } });
    progress.event({ status: 'Pull complete', id: 'aaaaaaaaaaaa' });
    progress.event({ status: 'Digest: sha256:abc' });
    expect(writes).toEqual([
      '[seaworthy] pull app:1: 1: Pulling from library/app\n',
      '[seaworthy] pull app:1: aaaaaaaaaaaa Pull complete\n',
      '[seaworthy] pull app:1: Digest: sha256:abc\n',
    ]);
  });

  it('rewrites one line with layers and bytes on a tty', () => {
    const { output, writes } = capture(true);
    const progress = progressReporter('pull app:1', { mode: 'tty', output });
    progress.event({
      status: 'Downloading',
      id: 'aaaaaaaaaaaa',
      progressDetail: { current: 500_000, total: 2_000_000 },
    });
    progress.event({ status: 'Downloading', id: 'bbbbbbbbbbbb', progressDetail: { current: 0, total: 1_000_000 } });
    expect(writes.at(-1)).toBe('\r\x1b[K[seaworthy] pull app:1: 0/2 layers, 500 kB / 3.0 MB');
    progress.event({ status: 'Pull complete', id: 'aaaaaaaaaaaa' });
    expect(writes.at(-1)).toBe('\r\x1b[K[seaworthy] pull app:1: 1/2 layers, 2.0 MB / 3.0 MB');
    progress.done();
    expect(writes.at(-1)).toBe('\r\x1b[K[seaworthy] pull app:1: done\n');
  });

  it('says nothing when quiet, and shows errors otherwise', () => {
    const quiet = capture();
    const silent = progressReporter('push x', { mode: 'quiet', output: quiet.output });
    silent.event({ error: 'denied' });
    silent.done(true);
    expect(quiet.writes).toEqual([]);
    const loud = capture();
    const shown = progressReporter('push x', { mode: 'lines', output: loud.output });
    shown.event({ error: 'denied', errorDetail: { message: 'denied: requested access to the resource is denied' } });
    shown.done(true);
    expect(loud.writes).toEqual([
      '[seaworthy] push x: error: denied: requested access to the resource is denied\n',
      '[seaworthy] push x: failed\n',
    ]);
  });

  it('formats byte counts', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(320_400)).toBe('320 kB');
    expect(formatBytes(1_500_000)).toBe('1.5 MB');
  });
});
