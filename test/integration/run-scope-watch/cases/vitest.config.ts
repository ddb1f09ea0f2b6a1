import { defineConfig } from 'vitest/config';

/**
 * A watch session of this folder is driven by ../watch.test.ts (through
 * test/integration/reuse/cases/watch-driver.mjs): a run-scoped Redis from
 * `runScope()` in globalSetup, and a test that dirties it. Not part of the
 * main run.
 */
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['*.case.ts'],
    globalSetup: ['./global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { SEAWORTHY_PULL: 'never' },
  },
});
