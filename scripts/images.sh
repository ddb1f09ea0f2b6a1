#!/usr/bin/env bash
# Build every image the tests and examples use, from files in this repo.
#
# No registry is reachable, so:
#   1. the base image `debian:bookworm-slim` is made with
#      `debootstrap --variant=minbase bookworm` and `docker import`, only when missing;
#   2. each fixture image is built from fixtures/images/<name>/Dockerfile as
#      `seaworthy-fixture/<name>:latest`, skipped when an image with the same
#      content hash label is already present.
#
# Two comment lines in a fixture's Dockerfile are read by this script:
#   `# needs: <name> ...`  the fixture uses those fixture images (e.g.
#       `COPY --from=seaworthy-fixture/<name>:latest ...`), so they are built
#       first, also when only this fixture is asked for, and their content
#       hashes count in this fixture's hash: a rebuilt dependency rebuilds it.
#   `# uses: host-ca`      the build downloads over HTTPS (e.g. Maven Central)
#       and must trust what the host trusts: it runs on a temporary copy of
#       the context with the host's extra CA certificates
#       (/usr/local/share/ca-certificates/*.crt, where a TLS-inspecting
#       proxy's CA is installed) in a host-ca/ folder. They are not part of
#       the content hash, so the hash is the same on every machine.
#
# Usage: scripts/images.sh [name ...]   (no names = every fixture image)
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
base_tag=debian:bookworm-slim
mirror="${SEAWORTHY_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

say() { printf '[images] %s\n' "$*" >&2; }

build_base() {
  if docker image inspect "$base_tag" >/dev/null 2>&1; then
    say "$base_tag present"
    return
  fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    say "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  rootfs=$(mktemp -d /tmp/seaworthy-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' RETURN
  say "debootstrap --variant=minbase bookworm into $rootfs"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/tmp/seaworthy-debootstrap.log 2>&1 || {
    tail -n 30 /tmp/seaworthy-debootstrap.log >&2
    exit 1
  }
  # Same trimming as the official slim image: no apt caches or lists.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  # Tell apt inside image builds not to keep what it downloads.
  printf 'APT::Keep-Downloaded-Packages "false";\n' >"$rootfs/etc/apt/apt.conf.d/docker-clean"
  say "importing as $base_tag"
  tar -C "$rootfs" -c . | docker import \
    --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    - "$base_tag" >/dev/null
}

# Names listed on `# needs:` lines of a fixture's Dockerfile.
fixture_needs() {
  sed -n 's/^#[[:space:]]*needs:[[:space:]]*//p' "$1/Dockerfile" | tr -s ' \t' '\n' | sed '/^$/d'
}

# Content hash of a fixture: its build context plus the hashes of what it
# needs (for a fixture that needs nothing, the same hash as before `needs:`
# existed).
fixture_hash() {
  local dir=$1 need own
  [ -f "$dir/Dockerfile" ] || { say "no fixture image at $dir"; exit 1; }
  own=$( (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum) )
  for need in $(fixture_needs "$dir"); do
    own+=$'\n'"needs $need $(fixture_hash "$here/fixtures/images/$need")"
  done
  printf '%s\n' "$own" | sha256sum | cut -c1-16
}

declare -A visited=()
build_fixture() {
  local dir=$1 name tag hash have need context
  name=$(basename "$dir")
  [ -z "${visited[$name]:-}" ] || return 0
  visited[$name]=1
  for need in $(fixture_needs "$dir"); do
    build_fixture "$here/fixtures/images/$need"
  done
  tag="seaworthy-fixture/$name:latest"
  hash=$(fixture_hash "$dir")
  have=$(docker image inspect --format '{{ index .Config.Labels "dev.seaworthy.fixture.hash" }}' "$tag" 2>/dev/null || true)
  if [ "$have" = "$hash" ]; then
    say "$tag up to date ($hash)"
    return
  fi
  say "building $tag ($hash)"
  context=$dir
  if grep -Eq '^#[[:space:]]*uses:.*\bhost-ca\b' "$dir/Dockerfile"; then
    context=$(mktemp -d /tmp/seaworthy-context.XXXXXX)
    cp -a "$dir/." "$context/"
    mkdir "$context/host-ca"
    cp /usr/local/share/ca-certificates/*.crt "$context/host-ca/" 2>/dev/null || true
  fi
  local rc=0
  DOCKER_BUILDKIT=0 docker build --quiet --label "dev.seaworthy.fixture.hash=$hash" -t "$tag" "$context" >/dev/null || rc=$?
  [ "$context" = "$dir" ] || rm -rf "$context"
  return "$rc"
}

build_base

if [ $# -gt 0 ]; then
  for name in "$@"; do build_fixture "$here/fixtures/images/$name"; done
else
  for dir in "$here"/fixtures/images/*/; do
    [ -f "$dir/Dockerfile" ] && build_fixture "${dir%/}"
  done
fi
