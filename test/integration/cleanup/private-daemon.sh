#!/usr/bin/env bash
# A private, throwaway Docker daemon for the daemon-restart tests, so the
# shared daemon is never restarted. Everything it has lives under DIR:
#
#   DIR/docker.sock   its API socket          DIR/data   its --data-root
#   DIR/docker.pid    its --pidfile           DIR/exec   its --exec-root (and its containerd's)
#   DIR/dockerd.log   its log                 DIR/netns  the name of its network namespace
#
# It runs in a network namespace of its own (`ip netns add`, entered with
# nsenter so the mounts stay the host's), with --bridge=none and no iptables:
# whatever bridges or routes it makes never touch the host's network or the
# shared daemon's.
#
# Usage: private-daemon.sh start DIR   start it (or start it again), wait until it answers
#        private-daemon.sh up DIR      start it unless it runs; either way, wait until it answers
#        private-daemon.sh kill DIR    SIGKILL it, as a crash would, and wait until it is gone
#        private-daemon.sh stop DIR    stop it and everything it started; unmount and remove DIR
#        private-daemon.sh guard DIR   wait for stdin to end, then stop: the test process holds
#                                      the other end, so its death (even SIGKILL) stops the daemon
set -euo pipefail

command=${1:?usage: private-daemon.sh start|up|kill|stop|guard DIR}
dir=${2:?usage: private-daemon.sh start|up|kill|stop|guard DIR}
case "$dir" in
/tmp/sw-private-dockerd-*) ;;
*)
  echo "private-daemon.sh: refusing DIR '$dir' (must be /tmp/sw-private-dockerd-*)" >&2
  exit 2
  ;;
esac

say() { printf '[private-dockerd] %s\n' "$*" >&2; }

# The dockerd of DIR, if it runs (its pidfile, and the process really is that dockerd).
daemon_pid() {
  local pid
  pid=$(cat "$dir/docker.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] || return 1
  grep -qaF -- "$dir/docker.pid" "/proc/$pid/cmdline" 2>/dev/null || return 1
  echo "$pid"
}

# Every process whose command line names DIR: the dockerd, its containerd, their shims.
processes_of_dir() {
  local entry pid
  for entry in /proc/[0-9]*; do
    pid=${entry#/proc/}
    [ "$pid" = "$$" ] && continue
    if { tr '\0' ' ' <"$entry/cmdline"; } 2>/dev/null | grep -qF -- "$dir/"; then
      # Not this script's own invocations (they name DIR too).
      { tr '\0' ' ' <"$entry/cmdline"; } 2>/dev/null | grep -qF -- 'private-daemon.sh' || echo "$pid"
    fi
  done
}

wait_gone() {
  local pid=$1 tries=${2:-150}
  while [ -e "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
    tries=$((tries - 1))
    [ "$tries" -gt 0 ] || return 1
    sleep 0.2
  done
}

answers() {
  curl --silent --fail --max-time 10 --unix-socket "$dir/docker.sock" http://private/_ping >/dev/null 2>&1
}

# Generous: on a shared CI machine under load, a restarted dockerd (containerd, then its old
# containers' state) can take minutes to answer.
START_DEADLINE_S=300

wait_answers() {
  local pid=$1 deadline=$((SECONDS + START_DEADLINE_S))
  until answers; do
    if [ "$SECONDS" -ge "$deadline" ] || ! kill -0 "$pid" 2>/dev/null; then
      say "dockerd did not answer on $dir/docker.sock within ${START_DEADLINE_S} s; last log lines:"
      tail -n 20 "$dir/dockerd.log" >&2 || true
      exit 1
    fi
    sleep 0.1
  done
}

start() {
  mkdir -p "$dir/data" "$dir/exec"
  if daemon_pid >/dev/null; then
    say "already running (pid $(daemon_pid))"
    exit 1
  fi
  local netns
  if [ -s "$dir/netns" ]; then
    netns=$(cat "$dir/netns")
  else
    netns="sw-pd-$(basename "$dir" | sed 's/^sw-private-dockerd-//')"
    ip netns add "$netns"
    echo "$netns" >"$dir/netns"
    ip netns exec "$netns" ip link set lo up
  fi
  rm -f "$dir/docker.pid"
  setsid nsenter --net="/var/run/netns/$netns" \
    dockerd \
    --host "unix://$dir/docker.sock" \
    --data-root "$dir/data" \
    --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" \
    --bridge=none --iptables=false --ip6tables=false \
    >>"$dir/dockerd.log" 2>&1 </dev/null &
  wait_answers $!
}

up() {
  local pid
  if pid=$(daemon_pid); then wait_answers "$pid"; else start; fi
}

kill_daemon() {
  local pid
  pid=$(daemon_pid) || {
    say 'not running'
    exit 1
  }
  kill -KILL "$pid"
  wait_gone "$pid"
  # Its containerd goes with it (parent-death signal). Wait for that, and drop its pidfile: a restarted
  # dockerd that finds the pid still taken (a zombie no one has reaped yet) waits for a socket that
  # never comes back, instead of starting a new containerd.
  local containerd
  containerd=$(cat "$dir/exec/containerd/containerd.pid" 2>/dev/null) || containerd=
  if [ -n "$containerd" ] && grep -qaF -- "$dir/" "/proc/$containerd/cmdline" 2>/dev/null; then
    wait_gone "$containerd" 50 || kill -KILL "$containerd" 2>/dev/null || true
  fi
  rm -f "$dir/exec/containerd/containerd.pid"
}

stop() {
  local pid
  if pid=$(daemon_pid); then
    # SIGTERM: it stops its containers (no live-restore) and unmounts what it mounted.
    kill -TERM "$pid" 2>/dev/null || true
    wait_gone "$pid" 150 || kill -KILL "$pid" 2>/dev/null || true
  fi
  # Whatever is left that it started: containerd, shims (found by DIR in their command line).
  for pid in $(processes_of_dir); do kill -KILL "$pid" 2>/dev/null || true; done
  # Mounts under DIR (overlay layers, the data root bound on itself, shm), deepest first.
  awk -v dir="$dir/" 'index($5, dir) == 1 || $5 == substr(dir, 1, length(dir) - 1) { print $5 }' /proc/self/mountinfo |
    sort -r | while read -r mountpoint; do umount -l "$mountpoint" 2>/dev/null || true; done
  if [ -s "$dir/netns" ]; then ip netns delete "$(cat "$dir/netns")" 2>/dev/null || true; fi
  rm -rf "$dir"
}

case "$command" in
start) start ;;
up) up ;;
kill) kill_daemon ;;
stop) stop ;;
guard)
  trap '' INT TERM HUP
  cat >/dev/null || true
  stop
  ;;
*)
  echo "private-daemon.sh: unknown command '$command'" >&2
  exit 2
  ;;
esac
