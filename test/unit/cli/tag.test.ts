import { describe, expect, it } from 'vitest';
import { parseTagArgs } from '../../../src/cli/tag.js';
import { CliUsageError } from '../../../src/errors/index.js';

describe('seaworthy tag arguments', () => {
  it("maps docker-ci-deploy's long and short options onto tagAndPush options", () => {
    expect(
      parseTagArgs([
        '-t',
        'a',
        '--tag',
        'b',
        '-V',
        '1.2.3',
        '-L',
        '-S',
        '-P',
        '2',
        '-Z',
        '-r',
        'reg:5000',
        'img',
        'img2',
      ]),
    ).toEqual({
      images: ['img', 'img2'],
      options: {
        tags: ['a', 'b'],
        version: '1.2.3',
        versionLatest: true,
        versionSemver: true,
        semverPrecision: 2,
        semverZero: true,
        registry: 'reg:5000',
      },
      help: false,
    });
    expect(parseTagArgs(['--dry-run', '-v', '-q', 'img']).options).toEqual({
      dryRun: true,
      verbose: true,
      mode: 'quiet',
    });
  });

  it('asks for help, and refuses what it does not understand', () => {
    expect(parseTagArgs(['--help']).help).toBe(true);
    expect(() => parseTagArgs([])).toThrow(CliUsageError);
    expect(() => parseTagArgs(['--bogus', 'img'])).toThrow(/Unknown option/);
    expect(() => parseTagArgs(['-P', '0', '-V', '1', '-S', 'img'])).toThrow(/whole number/);
    expect(() => parseTagArgs(['-P', '1.5', 'img'])).toThrow(/whole number/);
  });
});
