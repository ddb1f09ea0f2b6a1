import { defineConfig } from 'vitest/config';

/**
 * The fixture suite test/engines/engines.test.ts runs in child Vitest runs
 * with SEAWORTHY_ENGINES naming three engines: 12 files, 3 worker processes.
 * Not part of the main run. SW_ENGINES_REPORT is where the JSON report goes.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.case.ts'],
    pool: 'forks',
    maxWorkers: 3,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['default', ['json', { outputFile: process.env.SW_ENGINES_REPORT ?? 'engines-report.json' }]],
    env: { SEAWORTHY_PULL: 'never' },
  },
});
