// Vitest config of the runner images (scripts/topology/runner-image.sh): the
// topology test file against the packed package, with the same settings the
// integration project uses on the host (vitest.config.ts).
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const serviceImages = JSON.parse(readFileSync(new URL('./service-images.json', import.meta.url), 'utf8'));

export default defineConfig({
  test: {
    include: ['test/topology/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { SEAWORTHY_PULL: 'never', ...serviceImages },
  },
});
