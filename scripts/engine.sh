#!/usr/bin/env bash
# Bring up a Docker engine on this machine, idempotently.
#
#   - installs Debian's docker.io when dockerd is missing (needs root);
#   - starts dockerd in the background, logging to $SEAWORTHY_DOCKERD_LOG;
#   - clears a stale /var/run/docker.pid left by a killed session;
#   - waits for the socket to answer, then prints the engine version.
#
# Safe to run any number of times: an engine that already answers is left alone.
set -euo pipefail

log_file="${SEAWORTHY_DOCKERD_LOG:-/var/log/seaworthy-dockerd.log}"
pid_file=/var/run/docker.pid
socket=/var/run/docker.sock
wait_seconds="${SEAWORTHY_ENGINE_WAIT_SECONDS:-60}"

say() { printf '[engine] %s\n' "$*" >&2; }

# A live dockerd, not a zombie left by a kill -9 nor an unrelated process that reused the pid.
is_live_dockerd() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  # Third field of /proc/<pid>/stat is the state; Z = zombie, X = dead.
  case "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" in Z|X|"") return 1 ;; esac
}

engine_answers() {
  # Ask the socket directly so a client/daemon version skew can't fool us.
  curl --silent --fail --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
}

if engine_answers; then
  say "engine already answering on $socket"
else
  if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      say "dockerd is missing and this script is not root: install docker.io (apt-get install -y docker.io) and rerun"
      exit 1
    fi
    say "dockerd missing: installing Debian's docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io >/dev/null
  fi

  if [ -f "$pid_file" ]; then
    old_pid=$(cat "$pid_file" 2>/dev/null || true)
    if is_live_dockerd "$old_pid"; then
      say "dockerd (pid $old_pid) is running but not answering yet; waiting for it"
    else
      say "removing stale $pid_file (pid ${old_pid:-?} is gone)"
      rm -f "$pid_file"
      # A killed containerd leaves its own pid/socket behind too.
      rm -f /var/run/docker/containerd/containerd.pid
    fi
  fi

  if [ ! -f "$pid_file" ]; then
    say "starting dockerd (log: $log_file)"
    mkdir -p "$(dirname "$log_file")"
    setsid nohup dockerd --storage-driver=overlay2 >>"$log_file" 2>&1 < /dev/null &
  fi

  deadline=$((SECONDS + wait_seconds))
  until engine_answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "dockerd did not answer on $socket within ${wait_seconds}s; last log lines:"
      tail -n 30 "$log_file" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
fi

curl --silent --unix-socket "$socket" http://localhost/version |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(`Docker Engine ${v.Version} (API ${v.ApiVersion}, min ${v.MinAPIVersion}) on ${v.Os}/${v.Arch} at ${process.env.DOCKER_HOST||"unix:///var/run/docker.sock"}`)})'
