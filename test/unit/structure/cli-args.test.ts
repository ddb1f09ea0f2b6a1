import { describe, expect, it } from 'vitest';
import { parseStructureTestArgs } from '../../../src/cli/structure-test.js';
import { CliUsageError } from '../../../src/errors/index.js';

describe('seaworthy structure-test arguments', () => {
  it('takes an image, repeated configs, the output format, --pull and the command time limit', () => {
    expect(
      parseStructureTestArgs(['--image', 'app:1', '-c', 'a.yaml', '--config', 'b.yaml', '-o', 'json', '--pull']),
    ).toEqual({
      image: 'app:1',
      configs: ['a.yaml', 'b.yaml'],
      output: 'json',
      pull: true,
      commandTimeoutMs: undefined,
      help: false,
    });
    expect(parseStructureTestArgs(['-i', 'x', '-c', 'a.yaml', '--command-timeout-ms', '5000']).commandTimeoutMs).toBe(
      5000,
    );
  });

  it('rejects missing or bad arguments with its usage', () => {
    const cases: [string[], RegExp][] = [
      [['--config', 'a.yaml'], /--image is required/],
      [['--image', 'x'], /at least one --config is required/],
      [['-i', 'x', '-c', 'a.yaml', '--output', 'junit'], /--output "junit" must be text or json/],
      [['-i', 'x', '-c', 'a.yaml', '--command-timeout-ms', '1s'], /not a whole number of milliseconds/],
      [['-i', 'x', '-c', 'a.yaml', 'extra'], /Unexpected argument/],
    ];
    for (const [args, message] of cases) {
      expect(() => parseStructureTestArgs(args)).toThrow(CliUsageError);
      expect(() => parseStructureTestArgs(args)).toThrow(message);
    }
    expect(() => parseStructureTestArgs(['--image', 'x'])).toThrow(/Usage: seaworthy structure-test/);
  });
});
