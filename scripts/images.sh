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

build_fixture() {
  local dir=$1 name tag hash have
  name=$(basename "$dir")
  tag="seaworthy-fixture/$name:latest"
  # Content hash of the build context decides whether a rebuild is needed.
  hash=$( (cd "$dir" && find . -type f -print0 | sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)
  have=$(docker image inspect --format '{{ index .Config.Labels "dev.seaworthy.fixture.hash" }}' "$tag" 2>/dev/null || true)
  if [ "$have" = "$hash" ]; then
    say "$tag up to date ($hash)"
    return
  fi
  say "building $tag ($hash)"
  DOCKER_BUILDKIT=0 docker build --quiet --label "dev.seaworthy.fixture.hash=$hash" -t "$tag" "$dir" >/dev/null
}

build_base

if [ $# -gt 0 ]; then
  for name in "$@"; do build_fixture "$here/fixtures/images/$name"; done
else
  for dir in "$here"/fixtures/images/*/; do
    [ -f "$dir/Dockerfile" ] && build_fixture "${dir%/}"
  done
fi
