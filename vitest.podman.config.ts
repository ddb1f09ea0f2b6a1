import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const serviceImages: Record<string, string> = JSON.parse(
  readFileSync(new URL('./fixtures/service-images.json', import.meta.url), 'utf8'),
);

export default defineConfig({
  test: {
    name: 'podman',
    include: ['test/integration/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
    maxWorkers: Number(process.env.SEAWORTHY_MAX_WORKERS ?? 3),
    env: { SEAWORTHY_PULL: 'never', ...serviceImages, DOCKER_HOST: process.env.SEAWORTHY_PODMAN_HOST ?? 'unix:///run/podman/podman.sock' },
    reporters: ['default', ['json', { outputFile: process.env.SEAWORTHY_REPORT ?? 'reports/podman.json' }]],
  },
});
