/** What a structure-test run reports, and the Go tool's JSON and text forms of it. Pure. */

export type StructureCheckKind = 'command' | 'fileExistence' | 'fileContent' | 'metadata' | 'license';

/** One check's outcome. */
export interface StructureCheckResult {
  /** As the Go tool names it: `Command Test: <name>`, `File Existence Test: <name>`, `Metadata Test`, `License Test`. */
  readonly name: string;
  readonly kind: StructureCheckKind;
  /** The config it came from (file path, or `<config>`). */
  readonly source: string;
  readonly pass: boolean;
  /** Why it failed, one line per broken expectation (empty when it passed). */
  readonly errors: readonly string[];
  /** A command test's output; '' otherwise. */
  readonly stdout: string;
  readonly stderr: string;
  /** How long a command test's command ran; 0 for the other checks, as in the Go tool. */
  readonly durationMs: number;
}

export interface StructureTestReport {
  readonly image: string;
  /** The configs run, in order (file paths, or `<config>`), also those that had no checks. */
  readonly sources: readonly string[];
  readonly results: readonly StructureCheckResult[];
  readonly pass: number;
  readonly fail: number;
  readonly total: number;
  /** Sum of the checks' durations (the Go tool's `Duration`). */
  readonly durationMs: number;
  /** True when at least one check ran and none failed (no check at all fails, as in the Go tool). */
  readonly passed: boolean;
}

/** The result of a check that ran no command (file, metadata, licence), or that threw: passed when `errors` is empty. */
export function checkResult(
  name: string,
  kind: StructureCheckKind,
  source: string,
  errors: readonly string[],
): StructureCheckResult {
  return { name, kind, source, pass: errors.length === 0, errors, stdout: '', stderr: '', durationMs: 0 };
}

export function summarize(
  image: string,
  results: readonly StructureCheckResult[],
  sources: readonly string[] = [...new Set(results.map((r) => r.source))],
): StructureTestReport {
  const pass = results.filter((r) => r.pass).length;
  const durationMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  return {
    image,
    sources,
    results,
    pass,
    fail: results.length - pass,
    total: results.length,
    durationMs,
    passed: results.length > 0 && pass === results.length,
  };
}

/** One result in the Go tool's JSON (`--output json`); empty fields are left out, durations in nanoseconds. */
export interface GoJsonResult {
  Name: string;
  Pass: boolean;
  Stdout?: string;
  Stderr?: string;
  Errors?: string[];
  Duration: number;
}

export interface GoJsonReport {
  Pass: number;
  Fail: number;
  Total: number;
  Duration: number;
  Results?: GoJsonResult[];
}

const nanos = (ms: number) => Math.round(ms * 1e6);

/** The report as the Go tool's `--output json` writes it (its `SummaryObject`), key for key. */
export function goJsonReport(report: StructureTestReport): GoJsonReport {
  const results = report.results.map((r) => {
    // Key order as Go writes them: Name, Pass, Stdout, Stderr, Errors, Duration.
    const out: Partial<GoJsonResult> = { Name: r.name, Pass: r.pass };
    if (r.stdout) out.Stdout = r.stdout;
    if (r.stderr) out.Stderr = r.stderr;
    if (r.errors.length > 0) out.Errors = [...r.errors];
    out.Duration = nanos(r.durationMs);
    return out as GoJsonResult;
  });
  const json: GoJsonReport = {
    Pass: report.pass,
    Fail: report.fail,
    Total: report.total,
    Duration: nanos(report.durationMs),
  };
  if (results.length > 0) json.Results = results;
  return json;
}

/** A duration the way Go's `time.Duration.String()` prints it: `0s`, `850µs`, `12.5ms`, `1.2s`, `1m3s`. */
export function goDuration(ms: number): string {
  const ns = nanos(ms);
  if (ns === 0) return '0s';
  const trim = (value: number) =>
    String(Number(value.toFixed(9)))
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  if (ns < 1e3) return `${ns}ns`;
  if (ns < 1e6) return `${trim(ns / 1e3)}µs`;
  if (ns < 1e9) return `${trim(ns / 1e6)}ms`;
  const totalSeconds = ns / 1e9;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  return `${hours ? `${hours}h` : ''}${hours || minutes ? `${minutes}m` : ''}${trim(seconds)}s`;
}

/** One result as the Go tool prints it in text mode. */
export function textResult(result: StructureCheckResult): string[] {
  const lines = [
    `=== RUN: ${result.name}`,
    result.pass ? '--- PASS' : '--- FAIL',
    `duration: ${goDuration(result.durationMs)}`,
  ];
  if (result.stdout) lines.push(`stdout: ${result.stdout}`);
  if (result.stderr) lines.push(`stderr: ${result.stderr}`);
  for (const error of result.errors) lines.push(`Error: ${error}`);
  return lines;
}

/** The text report: a banner per config file, each result, then the summary, as the Go tool lays it out. */
export function textReport(report: StructureTestReport): string {
  const lines: string[] = [];
  let banner = 27;
  for (const source of new Set(report.sources)) {
    const title = `====== Test file: ${source.split('/').pop()} ======`;
    banner = title.length;
    lines.push('', '='.repeat(banner), title, '='.repeat(banner));
    for (const result of report.results) if (result.source === source) lines.push(...textResult(result));
  }
  if (report.total === 0) return [...lines, 'No tests run! Check config file format.'].join('\n');
  if (banner % 2 === 0) banner += 1;
  const side = '='.repeat((banner - 9) / 2);
  lines.push(
    '',
    '='.repeat(banner),
    `${side} RESULTS ${side}`,
    '='.repeat(banner),
    `Passes:      ${report.pass}`,
    `Failures:    ${report.fail}`,
    `Duration:    ${goDuration(report.durationMs)}`,
    `Total tests: ${report.total}`,
    '',
    report.fail === 0 ? 'PASS' : 'FAIL',
  );
  return lines.join('\n');
}
