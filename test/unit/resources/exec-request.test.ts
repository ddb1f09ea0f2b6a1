import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { assertExecRequest, ttyInput } from '../../../src/resources/handles/exec-session.js';
import type { ExecOptions } from '../../../src/resources/handles/exec-types.js';

describe('assertExecRequest', () => {
  it('accepts a command with every option', () => {
    expect(() =>
      assertExecRequest(['sh', '-c', 'cat'], {
        user: 'nobody',
        env: { A: '1' },
        workdir: '/tmp',
        stdin: Buffer.from('x'),
        tty: true,
        timeoutMs: 1_000,
      }),
    ).not.toThrow();
  });

  it.each<[string, readonly string[], ExecOptions]>([
    ['exec command', [], {}],
    ['exec command', ['ls', 1 as never], {}],
    ['exec timeoutMs', ['true'], { timeoutMs: 0 }],
    ['exec timeoutMs', ['true'], { timeoutMs: Number.NaN }],
    ['exec timeoutMs', ['true'], { timeoutMs: 2 ** 31 }],
    ['exec stdin', ['true'], { stdin: [1, 2] as never }],
    ['exec tty', ['true'], { tty: 1 as never }],
    ['exec env.X', ['true'], { env: { X: undefined as never } }],
  ])('refuses a bad %s', (option, cmd, options) => {
    let error: unknown;
    try {
      assertExecRequest(cmd, options);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect((error as InvalidOptionError).option).toBe(option);
  });
});

describe('ttyInput', () => {
  it('ends input with ^D, twice after an unfinished line', () => {
    expect([...ttyInput('ab\n')]).toEqual([0x61, 0x62, 0x0a, 4]);
    expect([...ttyInput('ab')]).toEqual([0x61, 0x62, 4, 4]);
    expect([...ttyInput('')]).toEqual([4]);
    expect([...ttyInput(Buffer.from([0xff, 0x0a]))]).toEqual([0xff, 0x0a, 4]);
  });
});
