import { describe, expect, it } from 'vitest';
import { runtimeStartFailure } from '../../../src/resources/handles/run-exec.js';

describe('runtimeStartFailure', () => {
  it("reads runc's reason when the program could not start", () => {
    expect(
      runtimeStartFailure(
        126,
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in $PATH: unknown\r\n',
      ),
    ).toBe('executable file not found in $PATH');
    expect(
      runtimeStartFailure(
        126,
        'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/x": stat /bin/x: no such file or directory: unknown',
      ),
    ).toBe('stat /bin/x: no such file or directory');
    expect(
      runtimeStartFailure(127, 'OCI runtime exec failed: exec failed: exec: "/etc": permission denied: unknown'),
    ).toBe('permission denied');
  });

  it('leaves programs that ran and failed alone', () => {
    expect(runtimeStartFailure(127, 'sh: 1: nosuch: not found\n')).toBeUndefined();
    expect(runtimeStartFailure(1, 'OCI runtime exec failed: exec failed: exec: "x": nope: unknown')).toBeUndefined();
    expect(runtimeStartFailure(0, '')).toBeUndefined();
  });
});
