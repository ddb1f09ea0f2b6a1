import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

/** What test/package/consumer/dual-errors.mjs reports for an error thrown by one build. */
function related(name: string, code: string) {
  return {
    name,
    code,
    sameClassEsm: true,
    sameClassCjs: true,
    baseEsm: true,
    baseCjs: true,
    exitedEsm: false,
    exitedCjs: false,
  };
}

describe('both builds in one process (dual-package hazard)', () => {
  it('errors thrown by one build are instanceof the other build’s classes, and only of the right ones', async () => {
    const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'consumer', 'dual-errors.mjs')], {
      cwd: root,
    });
    expect(JSON.parse(stdout)).toEqual({
      distinctBuilds: true,
      waitTimeout: related('WaitTimeoutError', 'SEAWORTHY_WAIT_TIMEOUT'),
      invalidOption: related('InvalidOptionError', 'SEAWORTHY_INVALID_OPTION'),
      engineUnavailable: related('EngineUnavailableError', 'SEAWORTHY_ENGINE_UNAVAILABLE'),
      containerRemoved: related('ContainerRemovedError', 'SEAWORTHY_CONTAINER_REMOVED'),
      esmInvalidOption: related('InvalidOptionError', 'SEAWORTHY_INVALID_OPTION'),
      plainError: { baseEsm: false, baseCjs: false },
    });
  });
});
