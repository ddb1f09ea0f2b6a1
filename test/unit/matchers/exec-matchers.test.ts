import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../src/errors/index.js';
import { toHaveExitCode, toHaveStderr, toHaveStdout } from '../../../src/matchers/exec-matchers.js';
import type { ExecResult } from '../../../src/resources/handles/readiness.js';

const state = { isNot: false, equals: (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b) };

const result = (over: Partial<ExecResult> = {}): ExecResult => ({
  exitCode: 0,
  stdout: 'hello world\n',
  stderr: '',
  output: 'hello world\n',
  ...over,
});

describe('toHaveExitCode', () => {
  it('passes for the exit code the command had', () => {
    const r = toHaveExitCode.call(state, result(), 0);
    expect(r.pass).toBe(true);
    expect(r.message()).toBe(
      'expected the command not to exit with 0, but it did\nexit code: 0\nstdout: "hello world\\n"\nstderr: (empty)',
    );
  });

  it('fails for another exit code, showing both streams', () => {
    const r = toHaveExitCode.call(state, result({ exitCode: 2, stdout: '', stderr: 'ls: /nope: No such file\n' }), 0);
    expect(r.pass).toBe(false);
    expect(r.message()).toBe(
      'expected the command to exit with 0, it exited with 2\n' +
        'exit code: 2\nstdout: (empty)\nstderr: "ls: /nope: No such file\\n"',
    );
    expect(r).toMatchObject({ actual: 2, expected: 0 });
  });

  it('shortens long output in the message', () => {
    const r = toHaveExitCode.call(state, result({ exitCode: 1, stdout: 'y'.repeat(2000) }), 0);
    expect(r.message()).toContain(`stdout: "${'y'.repeat(500)}…"`);
    expect(r.message()).not.toContain('y'.repeat(501));
  });

  it.each([
    [undefined, 'undefined'],
    ['0', 'string "0"'],
    [{ exitCode: 0, stdout: '' }, 'Object'],
    [{ exitCode: '0', stdout: '', stderr: '' }, 'Object'],
  ])('rejects %j, which is not an exec result', (received, described) => {
    expect(() => toHaveExitCode.call(state, received, 0)).toThrow(InvalidOptionError);
    expect(() => toHaveExitCode.call(state, received, 0)).toThrow(
      `toHaveExitCode needs an exec result (from container.exec), got ${described}`,
    );
  });
});

describe('toHaveStdout and toHaveStderr', () => {
  it('match a string as a substring', () => {
    expect(toHaveStdout.call(state, result(), 'world').pass).toBe(true);
    expect(toHaveStdout.call(state, result(), 'World').pass).toBe(false);
  });

  it('match a RegExp', () => {
    expect(toHaveStdout.call(state, result(), /^hello \w+$/m).pass).toBe(true);
    expect(toHaveStdout.call(state, result(), /^world/).pass).toBe(false);
  });

  it('look at their own stream only', () => {
    const r = result({ stdout: 'out', stderr: 'warning: disk low' });
    expect(toHaveStderr.call(state, r, 'warning').pass).toBe(true);
    expect(toHaveStdout.call(state, r, 'warning').pass).toBe(false);
    expect(toHaveStderr.call(state, r, 'out').pass).toBe(false);
  });

  it('say which stream and pattern were expected, and what was received', () => {
    const failed = toHaveStderr.call(state, result({ stderr: 'all good' }), /error/i);
    expect(failed.message()).toBe(
      `expected the command's stderr to match /error/i\nexit code: 0\nstdout: "hello world\\n"\nstderr: "all good"`,
    );
    const passed = toHaveStdout.call(state, result(), 'hello');
    expect(passed.message()).toContain(`expected the command's stdout not to match "hello"`);
    expect(passed).toMatchObject({ actual: 'hello world\n', expected: 'hello' });
  });

  it('reject an empty string pattern', () => {
    expect(() => toHaveStdout.call(state, result(), '')).toThrow(InvalidOptionError);
  });

  it('reject something that is not an exec result', () => {
    expect(() => toHaveStdout.call(state, 'hello', 'hello')).toThrow('toHaveStdout needs an exec result');
    expect(() => toHaveStderr.call(state, null, 'x')).toThrow('toHaveStderr needs an exec result');
  });
});

describe('exec matchers in Vitest expect', () => {
  expect.extend({ toHaveExitCode, toHaveStdout, toHaveStderr });

  it('pass and fail through expect', () => {
    const failed = result({ exitCode: 1, stdout: '', stderr: 'boom' });
    expect(failed).toHaveExitCode(1);
    expect(failed).not.toHaveExitCode(0);
    expect(failed).toHaveStderr('boom');
    expect(() => expect(failed).toHaveExitCode(0)).toThrow(/exit with 0, it exited with 1/);
    expect(() => expect(failed).toHaveStdout(/./)).toThrow(/stdout to match/);
    expect(() => expect(failed).not.toHaveStderr('boom')).toThrow(/stderr not to match "boom"/);
  });
});
