import type {} from 'expect';
import { type SeaworthyMatchers, seaworthyMatchers } from '../matchers/index.js';

declare module 'expect' {
  // For Jest 30 with `import { expect } from '@jest/globals'`.
  interface Matchers<R extends void | Promise<void>, T = unknown> extends SeaworthyMatchers<R> {}
}

/**
 * Add seaworthy's matchers to Jest's `expect` (done when `seaworthy/jest` is
 * loaded in a test file, where `expect` is a global).
 */
export function installMatchers(target?: { extend(matchers: object): void }): void {
  const expect = target ?? (globalThis as { expect?: { extend(matchers: object): void } }).expect;
  expect?.extend(seaworthyMatchers);
}
