// Run by test/integration/reuse/watch.test.ts (and, with SW_WATCH_CONFIG set,
// test/integration/run-scope-watch/watch.test.ts) as a child process: a Vitest
// watch session driven the way a developer's edits drive it. The first run,
// then `rerunFiles()` (what Vitest does when a file changes), then close.
// Prints one JSON line per run: whether its tests passed.
import { createVitest } from 'vitest/node';

const vitest = await createVitest('test', {
  config: process.env.SW_WATCH_CONFIG ?? new URL('./vitest.config.ts', import.meta.url).pathname,
  watch: true,
  reporters: ['dot'],
});
const runs = Number(process.env.SW_WATCH_RUNS ?? 2);
await vitest.start();
const passed = () => vitest.state.getCountOfFailedTests() === 0 && !vitest.state.getUnhandledErrors().length;
process.stdout.write(`${JSON.stringify({ run: 1, passed: passed() })}\n`);
for (let run = 2; run <= runs; run++) {
  await vitest.rerunFiles();
  process.stdout.write(`${JSON.stringify({ run, passed: passed() })}\n`);
}
await vitest.close();
process.exit(0);
