#!/usr/bin/env bash
# Everything the tests and examples need, on a fresh machine or a warm one:
# an engine, the fixture images, the npm dependencies and the built package.
# Each step skips itself when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/engine.sh
bash scripts/images.sh
if [ ! -x node_modules/.bin/vitest ]; then
  echo "[prepare] installing npm dependencies" >&2
  npm ci --no-audit --no-fund
fi
npm run --silent build >/dev/null
