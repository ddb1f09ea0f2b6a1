import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  entry: ['src/index.ts'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // p-retry is published as ESM only; bundle it into the CommonJS build so
  // `require('seaworthy')` never depends on require(esm) interop.
  { ...shared, format: 'cjs', noExternal: ['p-retry', 'is-network-error'] },
]);
