#!/usr/bin/env bash
# Fail if any container, network or volume labelled by seaworthy still exists.
# Usage: scripts/check-leaks.sh [label]   (default: dev.seaworthy.managed)
# With SEAWORTHY_VOLUME_BASELINE=<file> (the output of `docker volume ls -q`
# taken before the run), also lists volumes that appeared during the run
# without our labels, such as an image's anonymous VOLUME left behind by a
# container removed without its volumes: a warning, or a failure with
# SEAWORTHY_STRICT_VOLUMES=1.
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
baseline="${SEAWORTHY_VOLUME_BASELINE:-}"
if [ -n "$baseline" ] && [ -f "$baseline" ]; then
  appeared=$(docker volume ls -q | sort | comm -13 <(sort "$baseline") - || true)
  if [ -n "$appeared" ]; then
    echo "[leaks] warning: volumes without our labels appeared during the run:" >&2
    for volume in $appeared; do
      docker volume inspect --format '  {{.Name}} created {{.CreatedAt}} labels {{json .Labels}}' "$volume" >&2 || true
    done
    if [ "${SEAWORTHY_STRICT_VOLUMES:-0}" = 1 ]; then exit 1; fi
  else
    echo "[leaks] no unlabelled volumes appeared during the run"
  fi
fi
echo "[leaks] none: 0 containers, 0 networks, 0 volumes labelled $label"
