import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  // One bundle per public entry point: the core, and one per test framework.
  entry: { index: 'src/index.ts', vitest: 'src/vitest/index.ts', jest: 'src/jest/index.ts' },
  dts: true,
  sourcemap: true,
  target: 'node20',
  // Shared chunks, so 'seaworthy' and 'seaworthy/vitest' share one Container class (instanceof works).
  splitting: true,
  external: ['vitest', 'vitest/suite', 'expect'],
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // p-retry is published as ESM only; bundle it into the CommonJS build so
  // `require('seaworthy')` never depends on require(esm) interop.
  { ...shared, format: 'cjs', noExternal: ['p-retry', 'is-network-error'] },
  // The `seaworthy` executable (package.json "bin"): one self-contained ESM file, no types.
  {
    entry: { cli: 'src/cli.ts' },
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
  },
]);
