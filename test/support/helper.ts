import { DockerHelper, LABELS } from '../../src/index.js';

/** Fixture image tag for fixtures/images/<name>. */
export function fixtureImage(name: 'logger' | 'httpd' | 'early-exit' | 'healthcheck'): string {
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
