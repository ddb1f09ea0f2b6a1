import { describe, expect, it } from 'vitest';
import { parseDoctorArgs } from '../../../src/cli/doctor.js';
import { CliUsageError } from '../../../src/errors/index.js';

describe('seaworthy doctor arguments', () => {
  it('takes the check image from --image, and --help', () => {
    expect(parseDoctorArgs([])).toEqual({ image: undefined, help: false });
    expect(parseDoctorArgs(['--image', 'my/busybox:1'])).toEqual({ image: 'my/busybox:1', help: false });
    expect(parseDoctorArgs(['-h'])).toEqual({ image: undefined, help: true });
  });

  it('rejects unknown options, positionals and an empty image, with its usage', () => {
    for (const args of [['--imag', 'x'], ['busybox'], ['--image', ' ']]) {
      expect(() => parseDoctorArgs(args)).toThrow(CliUsageError);
    }
    expect(() => parseDoctorArgs(['--image', ''])).toThrow(
      /--image needs an image reference[\s\S]*Usage: seaworthy doctor/,
    );
  });
});
