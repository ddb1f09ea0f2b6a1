// Run by worker-crash.test.ts in a child Vitest. A file-scoped container
// (with its helper's network), then, as SW_CASE_ACTION says: the worker
// kills itself with SIGKILL, calls process.exit(), or waits for the test to
// interrupt the run (SIGINT or SIGTERM to its process group), or sleeps for
// ten minutes with a timer holding the worker alive (its runner is killed from
// outside). Before that, it appends {"namespace","pid"} to SW_CASE_REPORT.
import { appendFileSync } from 'node:fs';
import { test as base, expect } from 'vitest';
import { ContainerDefinition, waitFor } from '../../../../src/index.js';
import { container, withContainers } from '../../../../src/vitest/index.js';

const test = withContainers(base, {
  box: container(
    new ContainerDefinition('box', { image: 'seaworthy-fixture/logger:latest', wait: waitFor.logLine('ready') }),
    { scope: 'file' },
  ),
});

test('a test whose worker goes away', async ({ box, docker }) => {
  expect(box.id).toBeTruthy();
  const report = process.env.SW_CASE_REPORT;
  if (!report) throw new Error('SW_CASE_REPORT is not set');
  appendFileSync(report, `${JSON.stringify({ namespace: docker.namespace, pid: process.pid, at: Date.now() })}\n`);
  switch (process.env.SW_CASE_ACTION) {
    case 'sigkill':
      process.kill(process.pid, 'SIGKILL');
      break;
    case 'exit':
      process.exit(7);
      break;
    case 'sleep':
      // A long test body: the timer keeps the worker alive after its runner is gone.
      await new Promise((resolve) => setTimeout(resolve, 600_000));
      break;
    default:
      // Interrupted from outside.
      await new Promise(() => {});
  }
});
