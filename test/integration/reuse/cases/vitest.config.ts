import { defineConfig } from 'vitest/config';

/**
 * The test file reuse.test.ts runs in child Vitest runs (one `vitest run`
 * after another, and a watch session), to see a reused container outlive a
 * run. Not part of the main run.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.case.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { SEAWORTHY_PULL: 'never' },
  },
});
