import { describe, expect, it } from 'vitest';
import { composeFiles } from '../../../../src/compose/run/compose-files.js';
import { abortExitCode, signalExitCode } from '../../../../src/compose/run/exit-codes.js';
import { testTarget } from '../../../../src/compose/run/test-target.js';
import { RunTargetError } from '../../../../src/errors/index.js';

describe('what seaworthy run runs as the test', () => {
  const services = ['api', 'db', 'tests'];

  it('is the host command when one is given, else --service, else tests or test', () => {
    expect(testTarget({ command: ['npm', 'test'] }, services)).toEqual({
      kind: 'command',
      command: 'npm',
      args: ['test'],
    });
    expect(testTarget({ service: 'api' }, services)).toEqual({ kind: 'service', service: 'api' });
    expect(testTarget({}, services)).toEqual({ kind: 'service', service: 'tests' });
    expect(testTarget({}, ['test', 'db'])).toEqual({ kind: 'service', service: 'test' });
  });

  it('is a RunTargetError for an unknown --service, or when nothing fits', () => {
    expect(() => testTarget({ service: 'tset' }, services)).toThrow(RunTargetError);
    expect(() => testTarget({ service: 'tset' }, services)).toThrow(/'tset' is not a service .*api, db, tests/);
    expect(() => testTarget({}, ['api'])).toThrow(/pass --service <name> or -- <command>/);
  });
});

describe('the compose files seaworthy run reads', () => {
  const has =
    (...names: string[]) =>
    (path: string) =>
      names.some((n) => path === `/w/${n}`);

  it('are the -f files, resolved against the working folder', () => {
    expect(composeFiles(['a.yml', '/abs/b.yml'], '/w', has())).toEqual(['/w/a.yml', '/abs/b.yml']);
  });

  it('default to the first of compose.yaml … docker-compose.yml, with its override', () => {
    expect(composeFiles([], '/w', has('docker-compose.yml', 'compose.yml'))).toEqual(['/w/compose.yml']);
    expect(composeFiles([], '/w', has('docker-compose.yml', 'docker-compose.override.yml'))).toEqual([
      '/w/docker-compose.yml',
      '/w/docker-compose.override.yml',
    ]);
    expect(composeFiles([], '/w', has())).toBeUndefined();
  });
});

describe('exit codes', () => {
  it('are 124 on timeout, 130 on SIGINT, 143 on SIGTERM, 128 + n for a signal', () => {
    expect(abortExitCode('timeout')).toBe(124);
    expect(abortExitCode('SIGINT')).toBe(130);
    expect(abortExitCode('SIGTERM')).toBe(143);
    expect(signalExitCode('SIGKILL')).toBe(137);
  });
});
