#!/usr/bin/env bash
# Fail if any container, network or volume labelled by seaworthy still exists.
# Usage: scripts/check-leaks.sh [label]   (default: dev.seaworthy.managed)
set -euo pipefail
label="${1:-dev.seaworthy.managed}"
containers=$(docker ps -aq --filter "label=$label")
networks=$(docker network ls -q --filter "label=$label")
volumes=$(docker volume ls -q --filter "label=$label")
if [ -n "$containers$networks$volumes" ]; then
  echo "[leaks] resources labelled $label remain:" >&2
  [ -n "$containers" ] && docker ps -a --filter "label=$label" >&2
  [ -n "$networks" ] && docker network ls --filter "label=$label" >&2
  [ -n "$volumes" ] && docker volume ls --filter "label=$label" >&2
  exit 1
fi
echo "[leaks] none: 0 containers, 0 networks, 0 volumes labelled $label"
