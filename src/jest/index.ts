/**
 * seaworthy/jest: the same fixture specs as seaworthy/vitest, as Jest hooks,
 * and the matchers (installed on load when Jest's `expect` is global).
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
export { type JestContainers, type JestHooks, type UseContainersOptions, useContainers } from './use-containers.js';
