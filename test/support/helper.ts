import { afterAll, beforeAll } from 'vitest';
import { DockerHelper } from '../../src/index.js';
import { LABELS } from '../../src/tools.js';

/** Fixture image tag for fixtures/images/<name>. */
export function fixtureImage(
  name:
    | 'logger'
    | 'httpd'
    | 'early-exit'
    | 'healthcheck'
    | 'example-db'
    | 'example-web'
    | 'example-proxy'
    | 'postgres'
    | 'redis'
    | 'rabbitmq'
    | 'kafka'
    | 'kcat'
    | 'noshell'
    | 'registry'
    | 'sshd',
): string {
  return `seaworthy-fixture/${name}:latest`;
}

/** A helper for one test file; pair with `afterAll(() => helper.teardown())`. */
export function createHelper(): Promise<DockerHelper> {
  return DockerHelper.create();
}

/** Containers, networks and volumes on the engine labelled with this helper's namespace. */
export function resourcesOf(helper: DockerHelper) {
  return helper.engine.listByLabel(`${LABELS.namespace}=${helper.namespace}`);
}

/**
 * One helper for the whole test file, created before its tests and torn down
 * after them. `leftContainers()` lists containers still in its namespace.
 */
export function useFileHelper() {
  let current: DockerHelper | undefined;
  beforeAll(async () => {
    current = await createHelper();
  });
  afterAll(async () => {
    await current?.teardown();
  });
  return {
    get helper(): DockerHelper {
      if (!current) throw new Error('useFileHelper(): the helper exists only inside tests and hooks');
      return current;
    },
    async leftContainers(): Promise<string[]> {
      return (await resourcesOf(this.helper)).containers;
    },
  };
}
