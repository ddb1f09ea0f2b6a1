#!/usr/bin/env bash
# The matrix run: the examples (README quick start, the web app, every doc
# example) on Vitest 5 under Node 22, against the package as users install it.
#
# Vitest 5 needs Node 22, and the repo's own toolchain is Vitest 4 on Node 20,
# so this builds a throwaway consumer project in .matrix/vitest5:
#   - the package, packed with `npm pack` and installed from the tarball;
#   - vitest@5, the clients the examples use (pg comes with seaworthy),
#     testcontainers-node for examples/from-testcontainers (the versions in
#     our devDependencies), and the example test files;
# then runs it with Node 22 from `npx -p node@22`.
#
# Writes the JSON report to $SEAWORTHY_REPORT (default reports/vitest5.json).
# Arguments are Vitest filters: `scripts/matrix-vitest5.sh examples/from-testcontainers`
# runs only that folder's files (no arguments: every example).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
report="${SEAWORTHY_REPORT:-reports/vitest5.json}"
filters="$*"
dir="$here/.matrix/vitest5"
say() { printf '[matrix] %s\n' "$*" >&2; }

npm run --silent build >/dev/null
node scripts/doc-examples.mjs >/dev/null
rm -rf "$dir/examples" "$dir"/seaworthy-*.tgz
mkdir -p "$dir"
tarball=$(npm pack --silent --pack-destination "$dir" 2>/dev/null | tail -n 1)
say "packed $tarball"
cp -r examples "$dir/examples"
# examples/pipeline builds the example app's image from its folder here.
rm -rf "$dir/fixtures" && mkdir -p "$dir/fixtures/images" && cp -r fixtures/images/example-web "$dir/fixtures/images/"
# examples/from-testcontainers runs the same test with testcontainers-node too.
dev_version() { node -p "require('./package.json').devDependencies['$1']"; }
tc_version=$(dev_version testcontainers)
tc_redis_version=$(dev_version @testcontainers/redis)
cat >"$dir/package.json" <<JSON
{
  "name": "seaworthy-matrix-vitest5",
  "private": true,
  "type": "module",
  "dependencies": {
    "seaworthy": "file:./$tarball",
    "vitest": "^5.1.1",
    "redis": "^6.3.1",
    "amqplib": "^2.3.1",
    "kafkajs": "^2.2.4",
    "@kafkajs/confluent-schema-registry": "^4.1.0",
    "testcontainers": "$tc_version",
    "@testcontainers/redis": "$tc_redis_version"
  }
}
JSON
cat >"$dir/vitest.config.js" <<JS
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const serviceImages = JSON.parse(readFileSync('$here/fixtures/service-images.json', 'utf8'));

export default defineConfig({
  test: {
    include: ['examples/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      SEAWORTHY_PULL: 'never',
      ...serviceImages,
    },
  },
});
JS
cd "$dir"
# Node 22 for everything below: npm's and vitest's `node` come first on PATH.
npx --yes -p node@22 -c "node --version >&2 && npm install --no-audit --no-fund --no-package-lock --loglevel=error >&2 \
  && node_modules/.bin/vitest --version >&2 \
  && node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile='$here/$report' $filters"
