import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  phaseLine,
  phaseStartLine,
  progressLine,
  summaryLines,
} from '../../../../src/compose/run/run-report.js';

describe('seaworthy run output', () => {
  it('formats durations short', () => {
    expect(formatDuration(0)).toBe('0.00s');
    expect(formatDuration(1234)).toBe('1.23s');
    expect(formatDuration(45_600)).toBe('45.6s');
    expect(formatDuration(125_000)).toBe('2m05s');
  });

  it('writes one aligned line per phase', () => {
    expect(phaseLine({ phase: 'load', status: 'ok', durationMs: 120, detail: 'compose.yml: 2 service(s)' })).toBe(
      'seaworthy: load       ok        0.12s  compose.yml: 2 service(s)',
    );
    expect(phaseLine({ phase: 'teardown', status: 'failed', durationMs: 61_000, detail: 'x' })).toBe(
      'seaworthy: teardown   failed    1m01s  x',
    );
    expect(phaseStartLine('test', 'service tests')).toBe('seaworthy: test       ...              service tests');
  });

  it('ends with a summary of the result, code, phases, services and artifacts', () => {
    expect(
      summaryLines({
        exitCode: 3,
        result: 'failed: tests exited with code 3',
        projectName: 'sw-gl1-abcdef',
        phases: [
          { phase: 'load', status: 'ok', durationMs: 100, detail: '' },
          { phase: 'test', status: 'failed', durationMs: 2000, detail: '' },
        ],
        totalMs: 2500,
        services: ['db', 'tests'],
        artifacts: '/w/artifacts/out',
      }),
    ).toEqual([
      'seaworthy: summary',
      '  result     failed: tests exited with code 3',
      '  exit code  3',
      '  project    sw-gl1-abcdef',
      '  phases     load 0.10s, test 2.00s (failed); total 2.50s',
      '  services   db, tests',
      '  artifacts  /w/artifacts/out',
    ]);
  });

  it('prints a line per service as it gets somewhere while the stack starts', () => {
    expect(progressLine({ service: 'db', reached: 'healthy', elapsedMs: 2104 })).toBe(
      'seaworthy:   db            healthy              2.10s',
    );
    expect(progressLine({ service: 'migrate', reached: 'completed', elapsedMs: 3020 })).toContain('completed (exit 0)');
    expect(progressLine({ service: 'api', reached: 'ready', elapsedMs: 15_300 })).toMatch(/api +started +15\.3s$/);
  });
});
