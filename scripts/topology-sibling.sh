#!/usr/bin/env bash
# The sibling topology (docs/topologies.md): the test runner in a container
# of the host's engine, its socket mounted in, as GitLab's shared-daemon
# runners, GitHub's container jobs and Bitbucket do it. Published ports are
# then on the engine's host, not in the runner's network namespace;
# seaworthy detects this and reaches containers over the networks it creates,
# which the runner's container joins.
#
# Runs `seaworthy doctor`, then test/topology (unchanged from the host run)
# against the packed package, in seaworthy-topology/runner (built by
# scripts/topology/runner-image.sh). The runner sits on a network of its own,
# as a CI job's container does. Writes the Vitest JSON report to
# $SEAWORTHY_REPORT (default reports/topology-sibling.json).
#
# Bind mounts (docs/topologies.md#bind-mounts-from-a-sibling-runner): besides
# the reports folder (a bind of a host folder at /reports), the runner gets a
# named volume at /builds, as GitLab's shared-daemon runners mount their
# builds folder. SEAWORTHY_TOPOLOGY_SHARED tells the test to bind folders it
# makes under both; seaworthy rewrites those paths to the host's.
#
# Leak safety: everything the run creates carries its session label; on any
# exit the runner container and its network are removed, then anything still
# labelled with the session (which also fails the run). The /builds volume
# carries it too, and is removed as soon as the runner has exited.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
report="${SEAWORTHY_REPORT:-reports/topology-sibling.json}"
run_id="$(date +%s)-$$"
session="topo-sibling-$run_id"
name="sw-topology-sibling-$run_id"
network="sw-topology-sibling-$run_id"
builds="sw-topology-sibling-builds-$run_id"
# The socket of the engine the docker commands below talk to, mounted into the runner.
socket=/var/run/docker.sock
case "${DOCKER_HOST:-}" in unix://*) socket=${DOCKER_HOST#unix://} ;; esac
say() { printf '[sibling] %s\n' "$*" >&2; }

# Remove whatever carries this run's session label: containers, then networks, then volumes.
remove_session() {
  local ids
  ids=$(docker ps -aq --filter "label=dev.seaworthy.session=$session")
  [ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1 || true
  ids=$(docker network ls -q --filter "label=dev.seaworthy.session=$session")
  [ -z "$ids" ] || docker network rm $ids >/dev/null 2>&1 || true
  ids=$(docker volume ls -q --filter "label=dev.seaworthy.session=$session")
  [ -z "$ids" ] || docker volume rm -f $ids >/dev/null 2>&1 || true
}
cleanup() {
  docker rm -f -v "$name" >/dev/null 2>&1 || true
  remove_session
  docker network rm "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

image=$(bash scripts/topology/runner-image.sh runner)
mkdir -p "$(dirname "$report")"
rm -f "$report"
report_dir=$(cd "$(dirname "$report")" && pwd)
docker network create --label dev.seaworthy.ci=topology-sibling "$network" >/dev/null
docker volume create --label dev.seaworthy.ci=topology-sibling --label "dev.seaworthy.session=$session" "$builds" >/dev/null

# The runner: the host's socket, the reports folder, the builds volume, nothing else of the host's.
# doctor first (its output goes to the CI log), then the test file.
status=0
docker run --rm --name "$name" --network "$network" \
  --label dev.seaworthy.ci=topology-sibling \
  -v "$socket:/var/run/docker.sock" \
  -v "$report_dir:/reports" \
  -v "$builds:/builds" \
  -e CI=true -e SEAWORTHY_PULL=never -e "SEAWORTHY_SESSION_ID=$session" \
  -e SEAWORTHY_TOPOLOGY_SHARED=/builds/shared,/reports -e SEAWORTHY_TOPOLOGY_EXPECT=sibling \
  "$image" sh /work/run-inside.sh "$(basename "$report")" &
# In the background, so that INT and TERM reach the traps at once rather than after the run.
wait $! || status=$?
# The builds volume is the run's own: gone before the leak check below.
docker volume rm "$builds" >/dev/null 2>&1 || true

left=$(docker ps -aq --filter "label=dev.seaworthy.session=$session")$(docker network ls -q --filter "label=dev.seaworthy.session=$session")$(docker volume ls -q --filter "label=dev.seaworthy.session=$session")
if [ -n "$left" ]; then
  say "the run left resources labelled dev.seaworthy.session=$session behind; removing them"
  status=1
fi
[ "$status" -eq 0 ] && say "passed" || say "failed (exit $status)"
exit "$status"
