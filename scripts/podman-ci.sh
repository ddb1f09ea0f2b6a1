#!/usr/bin/env bash
# CI's Podman step (docs/engines.md): the declared subset of the integration
# suite (vitest.podman.config.ts) against Podman's Docker-compatible socket,
# rootful, then a small subset rootless, each followed by a leak check on that
# engine. Reports: reports/podman.json, reports/podman-rootless.json.
# Runs both halves even when the first fails; non-zero if any part failed.
set -uo pipefail
cd "$(dirname "$0")/.."
rootful=unix:///run/podman/podman.sock
status=0

bash scripts/podman.sh || exit 1
SEAWORTHY_PODMAN_HOST=$rootful SEAWORTHY_REPORT=reports/podman.json \
  npx vitest run -c vitest.podman.config.ts || status=1
DOCKER_HOST=$rootful bash scripts/check-leaks.sh || status=1

if rootless=$(bash scripts/podman-rootless.sh | tail -n 1); then
  SEAWORTHY_PODMAN_HOST=$rootless SEAWORTHY_PODMAN_MODE=rootless SEAWORTHY_REPORT=reports/podman-rootless.json \
    npx vitest run -c vitest.podman.config.ts || status=1
  DOCKER_HOST=$rootless bash scripts/check-leaks.sh || status=1
else
  echo "[podman] the rootless service did not come up" >&2
  status=1
fi
exit "$status"
