#!/usr/bin/env bash
# A rootless Podman service for an unprivileged user, idempotently (docs/engines.md#rootless).
# Run as root, after scripts/podman.sh (which installs podman and the ulimits).
#
#   - creates the user $SEAWORTHY_PODMAN_USER (default swpodman) with subordinate
#     uid/gid ranges (/etc/subuid, /etc/subgid) and a runtime dir /run/user/<uid>;
#   - makes /dev/net/tun usable by users (0666, as on a stock Debian install):
#     rootless networking (slirp4netns) opens it, and this machine ships it 0600;
#   - starts `podman system service --time=0` as that user on
#     $XDG_RUNTIME_DIR/podman/podman.sock unless it already answers;
#   - copies the images the rootless run needs from Docker into the user's storage.
#
# Prints the socket's address last, for DOCKER_HOST.
# Usage: scripts/podman-rootless.sh [image ...]
set -euo pipefail

user="${SEAWORTHY_PODMAN_USER:-swpodman}"
wait_seconds="${SEAWORTHY_ENGINE_WAIT_SECONDS:-60}"

say() { printf '[podman-rootless] %s\n' "$*" >&2; }

if [ "$(id -u)" != 0 ]; then
  say "run this as root: it creates a user and starts the service as that user"
  exit 1
fi

if ! id "$user" >/dev/null 2>&1; then
  say "creating user $user"
  useradd --create-home --shell /bin/bash "$user"
fi
uid=$(id -u "$user")
for file in /etc/subuid /etc/subgid; do
  touch "$file"
  if ! grep -q "^$user:" "$file"; then
    say "adding a subordinate range for $user to $file"
    # Past every range already handed out.
    start=$(awk -F: 'BEGIN{m=100000} {e=$2+$3; if (e>m) m=e} END{print m}' "$file")
    echo "$user:$start:65536" >>"$file"
  fi
done
if [ -c /dev/net/tun ] && [ "$(stat -c %a /dev/net/tun)" != 666 ]; then
  say "chmod 666 /dev/net/tun (was $(stat -c %a /dev/net/tun)): slirp4netns needs it for rootless ports"
  chmod 666 /dev/net/tun
fi

runtime_dir="/run/user/$uid"
mkdir -p "$runtime_dir"
chown "$user:" "$runtime_dir"
chmod 700 "$runtime_dir"
socket="$runtime_dir/podman/podman.sock"
log_file="/home/$user/seaworthy-podman.log"

as_user() {
  # cd: the user cannot read root's working directory.
  (cd / && su "$user" -s /bin/bash -c "export XDG_RUNTIME_DIR=$runtime_dir; cd ~; $1")
}
answers() {
  curl --silent --fail --max-time 2 --unix-socket "$socket" http://localhost/_ping >/dev/null 2>&1
}

if answers; then
  say "service already answering on unix://$socket"
else
  # A service killed with its session leaves its socket behind; a live one is in the pid file.
  pid=$(cat "$runtime_dir/seaworthy-podman.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = podman ]; then
    say "podman service (pid $pid) is running but not answering yet; waiting for it"
  else
    rm -f "$socket" "$runtime_dir/seaworthy-podman.pid"
    say "starting podman system service as $user on unix://$socket (log: $log_file)"
    as_user "mkdir -p $runtime_dir/podman; cd /; setsid nohup podman system service --time=0 unix://$socket \
      >>$log_file 2>&1 </dev/null & echo \$! >$runtime_dir/seaworthy-podman.pid"
  fi
  deadline=$((SECONDS + wait_seconds))
  until answers; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "rootless podman did not answer on $socket within ${wait_seconds}s; last log lines:"
      tail -n 30 "$log_file" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
fi

if [ "$#" -gt 0 ]; then
  images=("$@")
else
  images=(seaworthy-fixture/logger:latest seaworthy-fixture/httpd:latest seaworthy-fixture/early-exit:latest)
fi
loaded=0
for image in "${images[@]}"; do
  id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  if [ -z "$id" ]; then
    say "Docker has no $image: run scripts/images.sh first"
    exit 1
  fi
  have=$(CONTAINER_HOST="unix://$socket" podman --remote image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
  [ "sha256:${have#sha256:}" = "$id" ] && continue
  say "loading $image (${id:7:12}) from Docker"
  docker save "$image" | CONTAINER_HOST="unix://$socket" podman --remote load -q >/dev/null
  loaded=$((loaded + 1))
done
say "images: ${#images[@]} wanted, $loaded loaded, $((${#images[@]} - loaded)) already there"
echo "unix://$socket"
