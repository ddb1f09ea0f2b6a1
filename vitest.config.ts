import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/** SEAWORTHY_<SERVICE>_IMAGE for each prebuilt service: our twins (shared with the Vitest 5 matrix). */
const serviceImages: Record<string, string> = JSON.parse(
  readFileSync(new URL('./fixtures/service-images.json', import.meta.url), 'utf8'),
);

/**
 * Projects:
 * - unit: pure logic, no engine;
 * - integration: against the real engine, with fixture images from fixtures/images;
 * - package: the built ESM and CJS outputs, loaded the way users load them;
 * - adapters: the Vitest fixtures and matchers, against the real engine;
 * - examples: the runnable examples in examples/.
 *
 * Our own tests never pull (SEAWORTHY_PULL=never): every image they use is
 * built from this repo, and no registry is reachable in CI. The prebuilt
 * services' default images point at the local twins the same way a user
 * would point them at a mirror (SEAWORTHY_<SERVICE>_IMAGE).
 */
const engineProject = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  globalSetup: ['test/support/global-setup.ts'],
  env: {
    SEAWORTHY_PULL: 'never',
    // The prebuilt services run against our local twins of the official images.
    ...serviceImages,
  },
};

export default defineConfig({
  test: {
    // SEAWORTHY_REPORT lets CI keep one JSON report per command.
    reporters: ['default', ['json', { outputFile: process.env.SEAWORTHY_REPORT ?? 'reports/vitest.json' }]],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], ...engineProject } },
      { test: { name: 'package', include: ['test/package/**/*.test.ts'], ...engineProject } },
      {
        test: {
          name: 'adapters',
          include: ['test/vitest/**/*.test.ts'],
          ...engineProject,
          // A run-scoped container for the whole run, handed to tests with provide/inject.
          globalSetup: [...engineProject.globalSetup, 'test/vitest/support/run-scope-setup.ts'],
        },
      },
      { test: { name: 'examples', include: ['examples/**/*.test.ts'], ...engineProject } },
    ],
  },
});
