import { describe, expect, it } from 'vitest';
import {
  goDuration,
  goJsonReport,
  type StructureCheckResult,
  summarize,
  textReport,
} from '../../../src/structure/report.js';

const passed: StructureCheckResult = {
  name: 'Command Test: say hello',
  kind: 'command',
  source: 'configs/app.yaml',
  pass: true,
  errors: [],
  stdout: 'hello\n',
  stderr: '',
  durationMs: 1500,
};
const failed: StructureCheckResult = {
  name: 'File Existence Test: config',
  kind: 'fileExistence',
  source: 'configs/app.yaml',
  pass: false,
  errors: ['Error examining file in container: File /etc/app.conf not found in image'],
  stdout: '',
  stderr: '',
  durationMs: 0,
};

describe('the report', () => {
  it("serialises as the Go tool's JSON: its keys, in its order, empty fields left out, durations in ns", () => {
    const json = goJsonReport(summarize('app:1', [passed, failed]));
    expect(JSON.stringify(json)).toBe(
      JSON.stringify({
        Pass: 1,
        Fail: 1,
        Total: 2,
        Duration: 1_500_000_000,
        Results: [
          { Name: 'Command Test: say hello', Pass: true, Stdout: 'hello\n', Duration: 1_500_000_000 },
          {
            Name: 'File Existence Test: config',
            Pass: false,
            Errors: ['Error examining file in container: File /etc/app.conf not found in image'],
            Duration: 0,
          },
        ],
      }),
    );
  });

  it('counts a run with no checks as failed, and leaves Results out of its JSON', () => {
    const empty = summarize('app:1', []);
    expect(empty.passed).toBe(false);
    expect(goJsonReport(empty)).toEqual({ Pass: 0, Fail: 0, Total: 0, Duration: 0 });
    expect(textReport(empty)).toMatch(/No tests run! Check config file format\.$/);
  });

  it('prints a banner for a config file with no checks too, as the Go tool does', () => {
    const text = textReport(summarize('app:1', [passed], ['configs/empty.yaml', 'configs/app.yaml']));
    expect(text).toMatch(
      /^\n=+\n====== Test file: empty\.yaml ======\n=+\n\n=+\n====== Test file: app\.yaml ======\n=+\n=== RUN: Command Test: say hello\n/,
    );
  });

  it('prints durations as Go does', () => {
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(0.0005)).toBe('500ns');
    expect(goDuration(0.25)).toBe('250µs');
    expect(goDuration(12.5)).toBe('12.5ms');
    expect(goDuration(1500)).toBe('1.5s');
    expect(goDuration(63_000)).toBe('1m3s');
    expect(goDuration(3_600_000)).toBe('1h0m0s');
  });

  it('prints text like the Go tool: a banner per file, RUN/PASS/FAIL per check, the summary', () => {
    const text = textReport(summarize('app:1', [passed, failed]));
    expect(text.split('\n')).toEqual(
      [
        '',
        '=================================',
        '====== Test file: app.yaml ======',
        '=================================',
        '=== RUN: Command Test: say hello',
        '--- PASS',
        'duration: 1.5s',
        'stdout: hello\n',
        '=== RUN: File Existence Test: config',
        '--- FAIL',
        'duration: 0s',
        'Error: Error examining file in container: File /etc/app.conf not found in image',
        '',
        '=================================',
        '============ RESULTS ============',
        '=================================',
        'Passes:      1',
        'Failures:    1',
        'Duration:    1.5s',
        'Total tests: 2',
        '',
        'FAIL',
      ].flatMap((line) => line.split('\n')),
    );
  });
});
