# The runner with seaworthy installed: the test runner's side of a CI job that
# runs in a container (docs/topologies.md). Built by runner-image.sh, next to
# this file, on top of seaworthy-fixture/runner (sibling) or
# seaworthy-fixture/runner-dind (Docker-in-Docker), from a context it stages:
#   deps/        package.json and node_modules: seaworthy's dependencies and
#                Vitest, pinned to the versions this checkout uses, and the
#                `seaworthy` bin link. Changes only when those versions do, so
#                its layer is cached.
#   seaworthy/   the package, unpacked from `npm pack` of this checkout: the
#                only layer that changes from one commit to the next.
#   app/         the Vitest config, test/topology (the file under test) and
#                run-inside.sh (doctor, then the tests); examples/kafka-registry
#                without its tests (the compose files test/topology starts).
ARG BASE=seaworthy-fixture/runner:latest
FROM ${BASE}
WORKDIR /work
COPY deps/ /work/
COPY seaworthy/ /work/node_modules/seaworthy/
COPY app/ /work/
ENV PATH=/work/node_modules/.bin:$PATH
# No RUN step: building needs no container, so no network.
