#!/usr/bin/env bash
# Runs one fuzz target for a bounded time: run_fuzzer.sh <binary> <work corpus> <seed corpus> <libFuzzer flags...>
# New inputs go to the work corpus (the build directory); the seeds in the source tree are only read.
# A crash's input is kept in $TENDER_TEST_ARTIFACTS/fuzz/ (else next to the work corpus).
set -euo pipefail
binary=$1 work=$2 seeds=$3
shift 3
artifacts="${TENDER_TEST_ARTIFACTS:-$(dirname "$work")/artifacts}/fuzz"
mkdir -p "$work" "$artifacts"
exec "$binary" -artifact_prefix="$artifacts/$(basename "$binary")-" "$@" "$work" "$seeds"
