/**
 * What `require('seaworthy/vitest')` loads: Vitest is ESM only, so this entry
 * has no CommonJS build. Fail at once with what to do, instead of a
 * confusing error from deep inside Vitest.
 */
const message =
  "seaworthy/vitest can't be loaded with require(): Vitest and its fixtures are ESM only. " +
  "Use `import { withContainers } from 'seaworthy/vitest'` in an ES module (a .mts/.mjs test file, " +
  'or "type": "module" in package.json); Vitest runs TypeScript test files as ESM already. ' +
  "For Jest with CommonJS, use require('seaworthy/jest').";
throw Object.assign(new Error(message), { code: 'SEAWORTHY_ESM_ONLY' });
