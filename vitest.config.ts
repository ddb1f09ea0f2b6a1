import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** SEAWORTHY_<SERVICE>_IMAGE for each prebuilt service: our twins (shared with the Vitest 5 matrix). */
const serviceImages: Record<string, string> = JSON.parse(
  readFileSync(new URL('./fixtures/service-images.json', import.meta.url), 'utf8'),
);

/**
 * Projects:
 * - unit: pure logic, no engine;
 * - integration: against the real engine, with fixture images from fixtures/images;
 *   also test/topology, the one file run unchanged on the host, in a sibling
 *   container and in Docker-in-Docker (docs/topologies.md);
 * - package: the built ESM and CJS outputs, loaded the way users load them;
 * - adapters: the Vitest fixtures and matchers, against the real engine;
 * - examples: the runnable examples in examples/;
 * - load: four workers at once, about 50 containers (issue 6's load check);
 * - engines: several engines for one suite (issue 19): two Docker-in-Docker
 *   engines serving TLS beside the local one, and child Vitest runs of
 *   test/engines/suite spread over the three.
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
    // Engine tests mostly wait on containers, not the CPU: three files at once
    // on our 2-core CI machine roughly halves the run. SEAWORTHY_MAX_WORKERS overrides.
    maxWorkers: Number(process.env.SEAWORTHY_MAX_WORKERS ?? 3),
    // SEAWORTHY_REPORT lets CI keep one JSON report per command.
    reporters: ['default', ['json', { outputFile: process.env.SEAWORTHY_REPORT ?? 'reports/vitest.json' }]],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        // test/topology is the file the topology scripts also run in runner containers
        // (scripts/topology-*.sh); it imports 'seaworthy' by name, which here is the source.
        resolve: {
          alias: [
            { find: /^seaworthy$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
            {
              find: /^seaworthy\/vitest$/,
              replacement: fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)),
            },
            {
              find: /^seaworthy\/(tools|postgres|redis|rabbitmq|kafka|schema-registry|registry|compose)$/,
              replacement: `${fileURLToPath(new URL('./src/', import.meta.url))}$1.ts`,
            },
          ],
        },
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/topology/**/*.test.ts'],
          ...engineProject,
        },
      },
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
      {
        test: {
          name: 'load',
          include: ['test/load/**/*.test.ts'],
          ...engineProject,
          // Four files, each its own worker at the same time: about 50 containers at once.
          maxWorkers: 4,
          // A project with its own maxWorkers runs as a group of its own: after the others.
          sequence: { groupOrder: 1 },
          // The workers wait for each other (test/load/barrier.ts) before and after their checks.
          hookTimeout: 180_000,
          globalSetup: [...engineProject.globalSetup, 'test/load/load-setup.ts'],
        },
      },
      {
        test: {
          name: 'engines',
          // Not test/engines/suite: the child runs' files, run with their own config.
          include: ['test/engines/*.test.ts'],
          ...engineProject,
          // Nested engines start and child runs of 12 files run on a shared 2-core machine: generous bounds.
          testTimeout: 900_000,
          hookTimeout: 900_000,
          // Its child runs have 3 workers of their own: it runs last, alone (about a minute), after the load group.
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
