import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../../../src/cleanup/owner.js';
import { startWatchdog, watchdogEnv } from '../../../src/cleanup/watchdog.js';
import { LABELS } from '../../../src/labels.js';

/**
 * The watchdog as a process, without an engine: what it removes, and when, is
 * tested against the real engine in test/integration/cleanup/.
 */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Linux shows the watchdog's title once it is set, after its signal handlers. */
function title(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

describe.runIf(process.platform === 'linux')('the watchdog process', () => {
  it('ignores SIGTERM, SIGINT and SIGHUP while its parent lives, and exits when released', async () => {
    const problems: Error[] = [];
    const watchdog = startWatchdog(
      {
        // Never asked: a released watchdog makes no request.
        endpoint: { kind: 'unix', socketPath: '/nonexistent/docker.sock', source: 'default' },
        certDir: '/nonexistent',
        labels: [`${LABELS.namespace}=ns-unit`],
        name: 'ns-unit',
      },
      (problem) => problems.push(problem),
    );
    const pid = watchdog.pid as number;
    expect(pid).toBeGreaterThan(0);
    await until(() => title(pid).startsWith('seaworthy-watchdog ns-unit'), 'the watchdog to start');
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.kill(pid, signal);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isProcessAlive(pid)).toBe(true);
    watchdog.release();
    await until(() => !isProcessAlive(pid), 'the watchdog to exit');
    expect(problems).toEqual([]);
  });
});

describe('the watchdog environment', () => {
  it('drops loaders, inspectors and coverage from NODE_OPTIONS', () => {
    expect(watchdogEnv({ PATH: '/bin', NODE_OPTIONS: '--import tsx --inspect', NODE_V8_COVERAGE: '/tmp/c' })).toEqual({
      PATH: '/bin',
    });
  });
});
