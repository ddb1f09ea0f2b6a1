#!/usr/bin/env bash
# Bring up Podman's Docker-compatible API on this machine, idempotently (docs/engines.md).
#
#   - installs Debian's podman and catatonit (the init for `init: true`) when missing (needs root);
#   - sets default_ulimits under [containers] in /etc/containers/containers.conf:
#     without it every container start fails with
#     `error setting rlimit type 7: operation not permitted` on these machines;
#   - starts `podman system service --time=0` on $SEAWORTHY_PODMAN_SOCKET in the
#     background unless the socket already answers /_ping (a stale socket or pid
#     left by a killed session is cleared first), and waits until it answers;
#   - copies the images the Podman run needs from Docker (`docker save | podman load`),
#     skipping the ones Podman already has with the same id. Podman names them
#     `localhost/<name>` (and `docker.io/library/<name>` for official images).
#
# Usage: scripts/podman.sh [image ...]   (no images = the ones vitest.podman.config.ts needs)
# Safe to run any number of times.
set -euo pipefail

socket="${SEAWORTHY_PODMAN_SOCKET:-/run/podman/podman.sock}"
log_file="${SEAWORTHY_PODMAN_LOG:-/var/log/seaworthy-podman.log}"
pid_file="${SEAWORTHY_PODMAN_PID:-/run/seaworthy-podman.pid}"
conf=/etc/containers/containers.conf
wait_seconds="${SEAWORTHY_ENGINE_WAIT_SECONDS:-60}"
ulimits='default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]'

say() { printf '[podman] %s\n' "$*" >&2; }

answers() {
  curl --silent --fail --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
}

# catatonit is the init binary behind `init: true` (HostConfig.Init); Debian's podman only recommends it.
if ! command -v podman >/dev/null 2>&1 || [ ! -x /usr/libexec/podman/catatonit ]; then
  if [ "$(id -u)" != 0 ]; then
    say "podman or catatonit is missing and this script is not root: apt-get install -y podman catatonit, then rerun"
    exit 1
  fi
  say "installing Debian's podman and catatonit"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq podman catatonit >/dev/null
fi
say "$(podman --version) present"

# The ulimits: a [containers] table with our default_ulimits line.
mkdir -p "$(dirname "$conf")"
touch "$conf"
if grep -qE '^[[:space:]]*default_ulimits[[:space:]]*=.*nofile=20000:20000' "$conf"; then
  say "$conf already sets default_ulimits"
else
  # Drop an uncommented default_ulimits line of another value, then add ours under [containers].
  sed -i -E '/^[[:space:]]*default_ulimits[[:space:]]*=/d' "$conf"
  if grep -qE '^[[:space:]]*\[containers\]' "$conf"; then
    sed -i -E "0,/^[[:space:]]*\[containers\]/s//[containers]\n$ulimits/" "$conf"
  else
    printf '\n[containers]\n%s\n' "$ulimits" >>"$conf"
  fi
  say "set $ulimits under [containers] in $conf"
  # A service already running read the old file: restart ours below.
  if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    say "restarting the podman service (pid $(cat "$pid_file")) so it reads the new limits"
    kill "$(cat "$pid_file")" || true
    for _ in $(seq 50); do kill -0 "$(cat "$pid_file")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pid_file" "$socket"
  fi
fi

if answers; then
  say "service already answering on unix://$socket"
else
  old_pid=$(cat "$pid_file" 2>/dev/null || true)
  if [ -n "$old_pid" ] && [ "$(cat "/proc/$old_pid/comm" 2>/dev/null)" = podman ] \
    && ! grep -qE '^State:[[:space:]]+[ZX]' "/proc/$old_pid/status" 2>/dev/null; then
    say "podman service (pid $old_pid) is running but not answering yet; waiting for it"
  else
    if [ -n "$old_pid" ] || [ -S "$socket" ]; then
      say "removing a stale service pid file / socket (pid ${old_pid:-?} is gone)"
    fi
    rm -f "$pid_file" "$socket"
    mkdir -p "$(dirname "$socket")" "$(dirname "$log_file")"
    say "starting podman system service on unix://$socket (log: $log_file)"
    # Started from /: conmon inherits the service's working directory and fails every container
    # ("Failed to get working directory") once that directory is deleted.
    (cd / && exec setsid nohup podman system service --time=0 "unix://$socket" >>"$log_file" 2>&1 </dev/null) &
    echo $! >"$pid_file"
  fi
  deadline=$((SECONDS + wait_seconds))
  until answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "podman did not answer on $socket within ${wait_seconds}s; last log lines:"
      tail -n 30 "$log_file" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
fi

# The images: copied from Docker, by id.
if [ "$#" -gt 0 ]; then
  images=("$@")
else
  images=(
    debian:bookworm-slim
    seaworthy-fixture/logger:latest
    seaworthy-fixture/httpd:latest
    seaworthy-fixture/noshell:latest
    seaworthy-fixture/early-exit:latest
    seaworthy-fixture/healthcheck:latest
    seaworthy-fixture/https:latest
    seaworthy-fixture/example-db:latest
    seaworthy-fixture/example-web:latest
    seaworthy-fixture/postgres:latest
    seaworthy-fixture/redis:latest
  )
fi
loaded=0
for image in "${images[@]}"; do
  id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [ -z "$id" ]; then
    say "Docker has no $image: run scripts/images.sh first"
    exit 1
  fi
  # Podman keeps Docker's image id (the config digest) on load.
  have=$(CONTAINER_HOST="unix://$socket" podman --remote image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [ "sha256:${have#sha256:}" = "$id" ]; then
    continue
  fi
  say "loading $image (${id:7:12}) from Docker"
  docker save "$image" | CONTAINER_HOST="unix://$socket" podman --remote load -q >/dev/null
  loaded=$((loaded + 1))
done
say "images: ${#images[@]} wanted, $loaded loaded, $((${#images[@]} - loaded)) already there"

curl --silent --unix-socket "$socket" http://localhost/version |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);const p=(v.Components||[]).find(c=>c.Name==="Podman Engine");console.log(`${p?p.Name:"engine"} ${v.Version} (API ${v.ApiVersion}, min ${v.MinAPIVersion}) at unix://'"$socket"'`)})'
