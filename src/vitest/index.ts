/**
 * seaworthy/vitest: fixtures at every scope, run-scoped resources for
 * globalSetup, Docker-required tests, and the matchers (installed on import).
 */
import { installMatchers } from './matchers.js';

installMatchers();

export * from '../fixtures/public-api.js';
export { installMatchers } from './matchers.js';
export { requireDocker } from './require-docker.js';
export { type ProvideTarget, runScope } from './run-scope.js';
export {
  type SeaworthyContext,
  type StartTogether,
  type WithContainersOptions,
  withContainers,
} from './with-containers.js';
