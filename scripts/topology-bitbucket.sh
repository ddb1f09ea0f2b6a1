#!/usr/bin/env bash
# The Bitbucket Pipelines topology (docs/ci-bitbucket.md): test/topology in a
# container whose engine shares its network namespace, as Bitbucket's docker
# service shares the step's, with BITBUCKET_DOCKER_HOST_INTERNAL set to an
# address containers reach that namespace at. It is the Docker-in-Docker run in
# its bitbucket mode (scripts/topology-dind.sh says how); the report defaults
# to reports/topology-bitbucket.json.
set -euo pipefail
SEAWORTHY_DIND_MODE=bitbucket exec bash "$(dirname "$0")/topology-dind.sh" "$@"
