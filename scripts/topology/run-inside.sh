#!/bin/sh
# What both topology runs do inside their runner container (copied into the
# runner image as /work/run-inside.sh by runner-image.sh): `seaworthy doctor`
# first, its output in the CI log, then the topology test file, writing the
# Vitest JSON report to /reports/<name>. Fails if either failed.
# Usage: run-inside.sh <report file name>
doctor=0
seaworthy doctor --image seaworthy-fixture/httpd:latest || doctor=$?
tests=0
vitest run --reporter=default --reporter=json --outputFile="/reports/$1" || tests=$?
[ "$doctor" -eq 0 ] && [ "$tests" -eq 0 ]
