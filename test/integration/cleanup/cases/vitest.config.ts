import { defineConfig } from 'vitest/config';

/**
 * Test files the cleanup tests run in a child Vitest, to see what happens to
 * a worker's containers when the worker dies or the run is interrupted. Not
 * part of the main run.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.case.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    env: { SEAWORTHY_PULL: 'never' },
  },
});
