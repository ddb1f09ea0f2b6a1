/**
 * seaworthy/jest: the same fixture specs as seaworthy/vitest, as Jest hooks,
 * and the matchers (installed on load when Jest's `expect` is global).
 */
import { installMatchers } from './matchers.js';

installMatchers();

export * from '../fixtures/public-api.js';
export { installMatchers } from './matchers.js';
export { type JestContainers, type JestHooks, type UseContainersOptions, useContainers } from './use-containers.js';
