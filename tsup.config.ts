import { defineConfig, type Options } from 'tsup';

const shared: Options = {
  // One bundle per public entry point: the core, the tools, each prebuilt service, each test framework.
  entry: {
    index: 'src/index.ts',
    tools: 'src/tools.ts',
    postgres: 'src/postgres.ts',
    redis: 'src/redis.ts',
    rabbitmq: 'src/rabbitmq.ts',
    kafka: 'src/kafka.ts',
    'schema-registry': 'src/schema-registry.ts',
    registry: 'src/registry.ts',
    compose: 'src/compose.ts',
    vitest: 'src/vitest/index.ts',
    jest: 'src/jest/index.ts',
  },
  // @internal members stay out of the published declarations.
  dts: { compilerOptions: { stripInternal: true } },
  sourcemap: true,
  target: 'node20',
  // Shared chunks, so 'seaworthy' and 'seaworthy/vitest' share one Container class (instanceof works).
  splitting: true,
  // ssh2 comes with dockerode (docker-modem depends on it): used as installed, never bundled.
  external: ['vitest', 'vitest/suite', 'expect', 'ssh2'],
};

export default defineConfig([
  { ...shared, format: 'esm', clean: true },
  // p-retry is published as ESM only; bundle it into the CommonJS build so
  // `require('seaworthy')` never depends on require(esm) interop.
  // Vitest is ESM only: its entry has no CommonJS build, only a stub whose require() explains that.
  {
    ...shared,
    entry: Object.fromEntries(
      Object.entries(shared.entry as Record<string, string>).filter(([name]) => name !== 'vitest'),
    ),
    format: 'cjs',
    noExternal: ['p-retry', 'is-network-error'],
  },
  { entry: { 'vitest-require': 'src/vitest/require-stub.ts' }, format: 'cjs', target: 'node20', splitting: false },
  // The `seaworthy` executable (package.json "bin"): one self-contained ESM file, no types.
  {
    entry: { cli: 'src/cli.ts' },
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    splitting: false,
    banner: { js: '#!/usr/bin/env node' },
    external: ['ssh2'],
  },
]);
