/**
 * seaworthy/vitest: fixtures at every scope, run-scoped resources for
 * globalSetup, Docker-required tests, and the matchers (installed on import).
 */
import { installMatchers } from './matchers.js';

installMatchers();

export { type ArtifactRequest, TestArtifacts } from '../fixtures/diagnostics.js';
export {
  type CleanFixtureOptions,
  cleanContainer,
  container,
  type FixtureDeps,
  type FixtureOptions,
  type FixtureScope,
  type FixtureSpec,
  type FixtureSpecs,
  type FixtureValues,
  network,
  volume,
} from '../fixtures/fixture-spec.js';
export { type SeaworthyMatchers, seaworthyMatchers } from '../matchers/index.js';
export { installMatchers } from './matchers.js';
export { requireDocker } from './require-docker.js';
export { type ProvideTarget, runScope } from './run-scope.js';
export { type SeaworthyContext, type WithContainersOptions, withContainers } from './with-containers.js';
