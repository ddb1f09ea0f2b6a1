import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../../../src/cli/run.js';
import { CliUsageError } from '../../../src/errors/index.js';

const none = () => false;
const compose = (path: string) => path === '/w/docker-compose.yml';

describe('seaworthy run arguments', () => {
  it('takes every option, and the host command after --', () => {
    expect(
      parseRunArgs(
        [
          '-f',
          'base.yml',
          '--file',
          'ci.yml',
          '-p',
          'ci-7',
          '--build',
          '--logs',
          'always',
          '--log-lines',
          '20',
          '--timeout',
          '15m',
          '--startup-timeout',
          '90',
          '--profile',
          'e2e',
          '--env-file',
          'ci.env',
          '--host-ports',
          'any-free',
          '--',
          'npm',
          'test',
          '--',
          '-x',
        ],
        '/w',
        none,
      ),
    ).toEqual({
      help: false,
      options: {
        files: ['/w/base.yml', '/w/ci.yml'],
        projectName: 'ci-7',
        build: true,
        command: ['npm', 'test', '--', '-x'],
        artifactsDir: 'artifacts',
        logs: 'always',
        logLines: 20,
        timeoutMs: 900_000,
        startupTimeoutMs: 90_000,
        profiles: ['e2e'],
        envFiles: ['/w/ci.env'],
        hostPorts: 'any-free',
      },
    });
  });

  it('defaults to docker-compose.yml here, logs on failure, 100 lines, no timeout', () => {
    expect(parseRunArgs(['--service', 'tests', '--artifacts', '/out'], '/w', compose)).toEqual({
      help: false,
      options: {
        files: ['/w/docker-compose.yml'],
        build: false,
        service: 'tests',
        artifacts: '/out',
        artifactsDir: 'artifacts',
        logs: 'on-failure',
        logLines: 100,
        profiles: [],
        envFiles: [],
        hostPorts: 'as-written',
      },
    });
    expect(parseRunArgs(['--help'], '/w', none)).toEqual({ help: true });
  });

  it.each([
    [['--logs', 'sometimes'], /--logs "sometimes" must be on-failure, always or never/],
    [['--timeout', '0'], /--timeout "0" must be a positive duration/],
    [['--timeout', '10d'], /--timeout "10d" must be a positive duration/],
    [['--log-lines', '-1'], /--log-lines/],
    [['-p', 'Bad Name'], /--project-name "Bad Name" is not a valid project name/],
    [['-s', 'tests', '--', 'npm', 'test'], /--service or a command after --, not both/],
    [['--'], /give a command after --/],
    [['--artifacts', '/out', '--', 'npm', 'test'], /--artifacts copies from the test service/],
    [['--host-ports', 'some'], /--host-ports "some" must be as-written or any-free/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j', (args, message) => {
    expect(() => parseRunArgs(args, '/w', compose)).toThrow(CliUsageError);
    expect(() => parseRunArgs(args, '/w', compose)).toThrow(message);
  });

  it('says where it looked when there is no compose file', () => {
    expect(() => parseRunArgs([], '/w', none)).toThrow(/no compose file given \(-f\) and none found in \/w/);
  });
});
