#!/usr/bin/env bash
# The Docker-in-Docker topology (docs/topologies.md): the test runner in a
# container that runs its own dockerd, as a CI job with a privileged runner
# does. seaworthy talks to the nested engine over its socket and reaches
# published ports on the container's own loopback.
#
# Starts seaworthy-topology/runner-dind (built by
# scripts/topology/runner-image.sh) with what a nested engine needs on this
# machine (plain --privileged fails here: the sandbox lacks CAP_SYS_RESOURCE),
# loads the images test/topology uses into the nested engine with
# `docker save | docker load`, runs `seaworthy doctor`, then the test file,
# unchanged from the host run. Writes the Vitest JSON report to
# $SEAWORTHY_REPORT (default reports/topology-dind.json).
#
# SEAWORTHY_DIND_MODE=bitbucket (scripts/topology-bitbucket.sh) runs the same
# file the way Bitbucket Pipelines' docker service is laid out: an engine that
# shares the step's network namespace, reached at DOCKER_HOST=tcp://localhost:2375,
# with BITBUCKET_DOCKER_HOST_INTERNAL set to the nested engine's bridge gateway
# (an address inside the runner container, so all traffic stays in it).
# Its report defaults to reports/topology-bitbucket.json.
#
# Leak safety: the DinD container, its /var/lib/docker volume and its network
# are labelled dev.seaworthy.ci=topology-<mode> and removed on any exit.
# Nothing else is created on the host's engine.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
mode="${SEAWORTHY_DIND_MODE:-dind}"
case "$mode" in
  dind | bitbucket) ;;
  *) printf 'SEAWORTHY_DIND_MODE must be dind or bitbucket, got %s\n' "$mode" >&2; exit 2 ;;
esac
report="${SEAWORTHY_REPORT:-reports/topology-$mode.json}"
run_id="$(date +%s)-$$"
name="sw-topology-$mode-$run_id"
volume="sw-topology-$mode-$run_id"
network="sw-topology-$mode-$run_id"
label="dev.seaworthy.ci=topology-$mode"
# Only what test/topology and the doctor check use: test/topology/images.txt, one
# image per line, or SEAWORTHY_*_IMAGE naming a service twin in fixtures/service-images.json.
mapfile -t images < <(node -e '
  const fs = require("node:fs");
  const twins = JSON.parse(fs.readFileSync("fixtures/service-images.json", "utf8"));
  for (const line of fs.readFileSync("test/topology/images.txt", "utf8").split("\n")) {
    const name = line.replace(/#.*/, "").trim();
    if (name) console.log(twins[name] ?? name);
  }')
say() { printf '[%s] %s\n' "$mode" "$*" >&2; }

cleanup() {
  # A graceful stop first: the entrypoint stops the nested dockerd, which stops its containers.
  docker stop -t 20 "$name" >/dev/null 2>&1 || true
  docker rm -f -v "$name" >/dev/null 2>&1 || true
  docker volume rm -f "$volume" >/dev/null 2>&1 || true
  docker network rm "$network" >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

image=$(bash scripts/topology/runner-image.sh runner-dind)
mkdir -p "$(dirname "$report")"
rm -f "$report"
report_dir=$(cd "$(dirname "$report")" && pwd)
docker network create --label "$label" "$network" >/dev/null
docker volume create --label "$label" "$volume" >/dev/null

say "starting $name"
# Bitbucket's docker service listens on tcp://localhost:2375 in the step's network namespace.
dockerd_args=()
[ "$mode" = bitbucket ] && dockerd_args=(-e "DOCKERD_ARGS=--host=tcp://127.0.0.1:2375")
docker run -d --name "$name" --network "$network" --label "$label" "${dockerd_args[@]}" \
  --cap-add ALL --cap-drop SYS_RESOURCE \
  --security-opt seccomp=unconfined --security-opt apparmor=unconfined --security-opt systempaths=unconfined \
  -v /sys/fs/cgroup:/sys/fs/cgroup:rw \
  -v "$volume:/var/lib/docker" \
  -v "$report_dir:/reports" \
  "$image" sleep infinity >/dev/null

# The entrypoint starts dockerd; wait until it answers. The entrypoint gives up after
# 60 s and the container stops, which ends this exec too; the loop's own bound is a backstop.
if ! docker exec "$name" sh -c 'i=0; until docker version >/dev/null 2>&1; do
       i=$((i + 1)); [ "$i" -le 400 ] || exit 1; sleep 0.2; done' 2>/dev/null; then
  say "the nested engine did not start; the container's log:"
  docker logs "$name" >&2 || true
  exit 1
fi

say "loading ${images[*]} into the nested engine"
docker save "${images[@]}" | docker exec -i "$name" docker load >/dev/null

# The topology the test file expects to be decided (its 'host internal address' block checks it).
run_env=(-e CI=true -e SEAWORTHY_PULL=never -e SEAWORTHY_TOPOLOGY_EXPECT=docker-in-docker)
if [ "$mode" = bitbucket ]; then
  # The bridge's gateway (docker0's address): IPAM names it, or, when dockerd picked the subnet itself, it
  # is the subnet's first address; either way it must be a local address of this namespace (/proc/net/fib_trie).
  ipam=$(docker exec "$name" docker network inspect bridge --format '{{range .IPAM.Config}}{{.Gateway}} {{.Subnet}}{{end}}')
  gateway=$(docker exec "$name" node -e '
    const [given, subnet = ""] = process.argv[1].split(" ");
    const first = subnet.replace(/^(\d+\.\d+\.\d+\.)\d+\/\d+$/, (_, head) => `${head}1`);
    const candidate = given || first;
    const local = require("node:fs").readFileSync("/proc/net/fib_trie", "utf8");
    console.log(new RegExp(`-- ${candidate.replaceAll(".", "\\.")}\\n\\s+/32 host LOCAL`).test(local) ? candidate : "")' "$ipam")
  [ -n "$gateway" ] || { say "no gateway on the nested engine's bridge network"; exit 1; }
  say "BITBUCKET_DOCKER_HOST_INTERNAL=$gateway (the nested bridge's gateway), DOCKER_HOST=tcp://localhost:2375"
  run_env=(-e CI=true -e SEAWORTHY_PULL=never -e SEAWORTHY_TOPOLOGY_EXPECT=bitbucket
    -e "BITBUCKET_DOCKER_HOST_INTERNAL=$gateway" -e DOCKER_HOST=tcp://localhost:2375)
fi

status=0
docker exec "${run_env[@]}" "$name" sh /work/run-inside.sh "$(basename "$report")" &
# In the background, so that INT and TERM reach the traps at once rather than after the run.
wait $! || status=$?

# What the run left in the nested engine is lost with it; still, it counts as a leak.
left=$(docker exec "$name" sh -c 'docker ps -aq --filter label=dev.seaworthy.managed;
  docker network ls -q --filter label=dev.seaworthy.managed; docker volume ls -q --filter label=dev.seaworthy.managed')
if [ -n "$left" ]; then
  say "the run left resources labelled dev.seaworthy.managed in the nested engine"
  status=1
fi
[ "$status" -eq 0 ] && say "passed" || say "failed (exit $status)"
exit "$status"
