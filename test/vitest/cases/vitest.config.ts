import { defineConfig } from 'vitest/config';

/**
 * Test files that the adapter tests run in a child Vitest, to see what a
 * user would see: failure output, artifacts, skips. Not part of the main run.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.case.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { SEAWORTHY_PULL: 'never' },
  },
});
