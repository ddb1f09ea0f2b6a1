import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { currentPlace, isProcessAlive, placeLabels } from '../../../src/cleanup/owner.js';
import { BOOT_ID_LABEL, PID_NAMESPACE_LABEL } from '../../../src/labels.js';

describe('process liveness', () => {
  it('is true for this process and false for one that has exited', async () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid as number;
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('counts a process of another user as alive (EPERM)', () => {
    // pid 1 exists on every Linux and macOS machine; only root may signal it.
    expect(isProcessAlive(1)).toBe(true);
  });

  it('refuses pids that would address process groups', () => {
    for (const pid of [0, -1, 1.5, Number.NaN]) expect(() => isProcessAlive(pid), String(pid)).toThrow(RangeError);
  });
});

describe('where this process runs', () => {
  it.runIf(process.platform === 'linux')('names the PID namespace and the boot on Linux', () => {
    const place = currentPlace();
    expect(place.pidNamespace).toMatch(/^pid:\[\d+\]$/);
    expect(place.bootId).toMatch(/^[0-9a-f-]{36}$/);
    expect(placeLabels(place)).toEqual({ [PID_NAMESPACE_LABEL]: place.pidNamespace, [BOOT_ID_LABEL]: place.bootId });
  });

  it('adds no label where there are no PID namespaces or boot ids', () => {
    expect(placeLabels({ host: 'mac', pidNamespace: undefined, bootId: undefined })).toEqual({});
  });
});
