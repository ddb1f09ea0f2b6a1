// The end of .ci/run: one line per runner's JSON report, the name and first
// message line of every failed test (so a CI log cut to its tail still says
// what failed), then "N passed, N failed" summed over all reports. A missing
// report counts as a failure: that runner executed nothing; so does a test
// file that failed with no failed test in it (it did not load, or a hook threw).
import fs from 'node:fs';

const reports = [
  'reports/vitest.json',
  'reports/jest.json',
  'reports/examples.json',
  'reports/vitest5.json',
  'reports/topology-sibling.json',
  'reports/topology-dind.json',
  'reports/topology-bitbucket.json',
  'reports/podman.json',
  'reports/podman-rootless.json',
];

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
for (const file of reports) {
  if (!fs.existsSync(file)) {
    console.log(`${file} is missing: that run did not execute`);
    totals.failed += 1;
    continue;
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`${file}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += skipped;
  for (const suite of report.testResults ?? []) {
    const where = suite.name.replace(`${process.cwd()}/`, '');
    for (const test of suite.assertionResults ?? []) {
      if (test.status !== 'failed') continue;
      failures.push(`${where} > ${test.fullName ?? test.title}: ${firstLine(test.failureMessages)}`);
    }
    if (suite.status === 'failed' && !(suite.assertionResults ?? []).some((t) => t.status === 'failed')) {
      // A file that failed before or outside its tests (it did not load, a hook threw): one failure.
      failures.push(`${where}: ${firstLine([suite.message])}`);
      totals.failed += 1;
    }
  }
}
if (failures.length > 0) {
  console.log('failed:');
  for (const line of failures) console.log(`  ${line}`);
}
if (totals.skipped) console.log(`${totals.skipped} skipped (not counted as passed)`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exitCode = totals.failed > 0 ? 1 : 0;

function firstLine(messages) {
  const text = (messages ?? []).find((m) => typeof m === 'string' && m.trim() !== '') ?? '(no message)';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colours
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => l.trim() !== '') ?? plain;
  return line.trim().slice(0, 300);
}
