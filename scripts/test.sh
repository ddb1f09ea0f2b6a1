#!/usr/bin/env bash
# The README's test command (npm test): the Vitest projects, then Jest. Jest
# runs even when Vitest failed, so one flaky file doesn't hide the other
# runner's result; the exit status is non-zero if either failed.
set -uo pipefail
cd "$(dirname "$0")/.."
vitest_status=0
npx vitest run --project unit --project integration --project package --project adapters --project load --project engines || vitest_status=$?
jest_status=0
npm run --silent test:jest || jest_status=$?
[ "$vitest_status" -eq 0 ] && [ "$jest_status" -eq 0 ]
