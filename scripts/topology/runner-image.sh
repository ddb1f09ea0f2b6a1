#!/usr/bin/env bash
# Build a runner image with this checkout's package in it, for the topology
# runs (scripts/topology-sibling.sh, scripts/topology-dind.sh).
#
# Usage: scripts/topology/runner-image.sh <runner|runner-dind>
# Builds seaworthy-topology/<name>:latest FROM seaworthy-fixture/<name>:latest
# (fixtures/images/<name>, built by scripts/images.sh when missing or stale)
# with package.Dockerfile, and prints its tag.
#
# Only the package layer changes between commits: the dependencies are
# installed once into .topology/context/deps, pinned to the versions in this
# checkout's node_modules, and reinstalled only when those versions change.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
cd "$here"
name="${1:?usage: runner-image.sh <runner|runner-dind>}"
base="seaworthy-fixture/$name:latest"
tag="seaworthy-topology/$name:latest"
stage="$here/.topology"
context="$stage/context"
say() { printf '[runner-image] %s\n' "$*" >&2; }

bash scripts/images.sh "$name"

# The package, built when src/ is newer than dist/, packed as npm publishes it.
if [ ! -f dist/cli.js ] || [ -n "$(find src package.json tsup.config.ts -newer dist/cli.js -print -quit)" ]; then
  say "building the package"
  npm run --silent build >/dev/null
fi
mkdir -p "$context/app" "$context/deps"
rm -rf "$context/seaworthy" "$stage"/seaworthy-*.tgz
tarball=$(npm pack --silent --pack-destination "$stage" 2>/dev/null | tail -n 1)
mkdir -p "$context/seaworthy"
tar -xzf "$stage/$tarball" -C "$context/seaworthy" --strip-components=1
say "packed $tarball"

# The dependencies: seaworthy's own and Vitest, at the versions installed here; and the
# Kafka clients the kafka and schema registry tests use (kafkajs, @kafkajs/confluent-schema-registry).
wanted=$(node -e '
  const fs = require("node:fs");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8"));
  const version = (name) => JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version;
  const dependencies = {};
  for (const name of [...Object.keys(pkg.dependencies), "vitest", "kafkajs", "@kafkajs/confluent-schema-registry"].sort()) dependencies[name] = version(name);
  const manifest = { name: "seaworthy-topology-runner", private: true, type: "module", dependencies };
  process.stdout.write(JSON.stringify(manifest, null, 2) + "\n");
')
if [ -d "$context/deps/node_modules" ] && [ "$wanted" = "$(cat "$context/deps/package.json" 2>/dev/null)" ]; then
  say "dependencies up to date"
else
  say "installing the dependencies"
  rm -rf "$context/deps"
  mkdir -p "$context/deps"
  printf '%s' "$wanted" >"$context/deps/package.json"
  (cd "$context/deps" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >&2)
  # What npm would link for the package's "bin" (dist/cli.js is packed executable).
  ln -s ../seaworthy/dist/cli.js "$context/deps/node_modules/.bin/seaworthy"
fi

# The test file and its config.
rm -rf "$context/app"
mkdir -p "$context/app/test"
cp -r test/topology "$context/app/test/topology"
cp scripts/topology/vitest.config.mjs "$context/app/vitest.config.mjs"
cp fixtures/service-images.json "$context/app/service-images.json"
cp scripts/topology/run-inside.sh "$context/app/run-inside.sh"
# The compose files, scripts and consumer of examples/kafka-registry (not its tests), which test/topology copies.
mkdir -p "$context/app/examples"
cp -r examples/kafka-registry "$context/app/examples/kafka-registry"
rm -f "$context/app/examples/kafka-registry/"*.test.ts

previous=$(docker image inspect --format '{{.Id}}' "$tag" 2>/dev/null || true)
if ! log=$(DOCKER_BUILDKIT=0 docker build --build-arg "BASE=$base" -f scripts/topology/package.Dockerfile -t "$tag" \
  "$context" 2>&1); then
  printf '%s\n' "$log" >&2
  exit 1
fi
current=$(docker image inspect --format '{{.Id}}' "$tag")
# The image it replaces is now untagged: remove it (ignored when something still uses it).
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi
say "built $tag"
printf '%s\n' "$tag"
