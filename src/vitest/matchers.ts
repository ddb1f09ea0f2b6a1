import { expect } from 'vitest';
import { type SeaworthyMatchers, seaworthyMatchers } from '../matchers/index.js';

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: must match Vitest's own declaration
  interface Matchers<T = any> extends SeaworthyMatchers<T> {}
}

/** Add seaworthy's matchers to Vitest's `expect` (done when `seaworthy/vitest` is imported). */
export function installMatchers(target: { extend(matchers: object): void } = expect): void {
  target.extend(seaworthyMatchers);
}
