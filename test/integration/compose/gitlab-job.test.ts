import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerHelper, loadCompose, waitFor } from '../../../src/index.js';
import { resourcesOf } from '../../support/helper.js';

const file = fileURLToPath(new URL('./stacks/gitlab/docker-compose.yml', import.meta.url));
const artifacts = mkdtempSync(join(tmpdir(), 'seaworthy-compose-artifacts-'));
const none = { containers: [], networks: [], volumes: [] };
let helper: DockerHelper;

beforeAll(async () => {
  helper = await DockerHelper.create();
});
afterAll(async () => {
  await helper.teardown();
  expect(await resourcesOf(helper)).toEqual(none);
  rmSync(artifacts, { recursive: true, force: true });
});

describe('a GitLab shared-daemon job from its compose file', () => {
  it('starts db, migration, cache, API and worker in order, then runs the tests service for its exit code and artifact', {
    timeout: 240_000,
  }, async () => {
    const project = loadCompose(file, { env: { ARTIFACTS_DIR: artifacts }, envFile: false });
    expect(project.serviceNames).toEqual(['db', 'migrate', 'cache', 'api', 'worker', 'tests']);
    const stack = await project
      .stack({
        services: ['api', 'worker'],
        waits: { api: waitFor.http({ port: 8000, path: '/health' }), tests: waitFor.successfulExit() },
        startupTimeoutMs: 120_000,
      })
      .setup(helper);
    try {
      expect(stack.services).toEqual(['db', 'migrate', 'cache', 'api', 'worker']);
      expect((await stack.service('db').inspect()).state.health).toBe('healthy');
      expect(await stack.service('migrate').exitCode()).toBe(0);
      const tables = await stack
        .service('db')
        .exec(['psql', '-U', 'postgres', '-tAc', "SELECT count(*) FROM pg_tables WHERE tablename = 'orders'"]);
      expect(tables.stdout.trim()).toBe('1');

      const tests = await stack.createService('tests');
      expect(tests.status).toBe('created');
      await tests.start();
      expect(await tests.exitCode()).toBe(0);
      expect(readFileSync(join(artifacts, 'job', 'report.txt'), 'utf8')).toBe('tests passed\n');
      expect(readFileSync(join(artifacts, 'job', 'health.txt'), 'utf8')).toContain('up');
      expect(stack.services).toContain('tests');
    } finally {
      await stack.teardown();
    }
    expect(helper.trackedResources()).toEqual(none);
    expect(await resourcesOf(helper)).toEqual(none);
  });
});
