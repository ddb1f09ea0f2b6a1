import { describe, expect, it } from 'vitest';
import { resolveCleanupOptions } from '../../../src/cleanup/helper-cleanup.js';
import { InvalidOptionError } from '../../../src/errors/index.js';

describe('cleanup options', () => {
  it('are all on by default', () => {
    expect(resolveCleanupOptions()).toEqual({ watchdog: true, reap: true, signals: true, logFile: undefined });
  });

  it('read SEAWORTHY_WATCHDOG, SEAWORTHY_REAP and SEAWORTHY_CLEANUP_LOG; options win over the environment', () => {
    const env = { SEAWORTHY_WATCHDOG: 'false', SEAWORTHY_REAP: '0', SEAWORTHY_CLEANUP_LOG: ' /tmp/log ' };
    expect(resolveCleanupOptions({}, env)).toEqual({
      watchdog: false,
      reap: false,
      signals: true,
      logFile: '/tmp/log',
    });
    expect(resolveCleanupOptions({ watchdog: true, signals: false }, env)).toMatchObject({
      watchdog: true,
      signals: false,
    });
    expect(resolveCleanupOptions({}, { SEAWORTHY_REAP: 'TRUE' }).reap).toBe(true);
  });

  it('reject values they do not understand, naming the option', () => {
    expect(() => resolveCleanupOptions({}, { SEAWORTHY_REAP: 'nope' })).toThrow(/SEAWORTHY_REAP/);
    expect(() => resolveCleanupOptions({ watchdog: 'yes' as unknown as boolean })).toThrow(InvalidOptionError);
    expect(() => resolveCleanupOptions({ reaper: false } as never)).toThrow(/cleanup\.reaper/);
  });
});
