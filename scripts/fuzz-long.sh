#!/usr/bin/env bash
# The long fuzzing run: every harness in fuzz/, one at a time, at the lowest priority, for a
# number of executions each (default 10 million), from the seed corpus plus whatever earlier runs
# found (build-sanitize/fuzz/corpus/<harness>/). Needs the sanitizer build:
#
#   bash scripts/test.sh                       # or: cmake -B build-sanitize -DTENDER_FUZZ=ON ... && ninja
#   bash scripts/fuzz-long.sh [runs] [harness...]
#
# Prints, per harness, the executions done and the seconds taken; a crash stops the run with the
# input in test-artifacts/fuzz/ (turn it into a unit test and add it to fuzz/corpus/<harness>/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SANITIZE_BUILD_DIR:-$root/build-sanitize}"
runs="${1:-10000000}"
shift || true
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for f in "$root"/fuzz/*.cpp; do harnesses+=("$(basename "$f" .cpp)"); done
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export TENDER_TEST_ARTIFACTS="${TENDER_TEST_ARTIFACTS:-$root/test-artifacts}"
for name in "${harnesses[@]}"; do
  binary="$build/fuzz/fuzz_$name"
  [ -x "$binary" ] || { echo "fuzz-long: $binary is not built" >&2; exit 1; }
  dict=()
  [ -f "$root/fuzz/$name.dict" ] && dict=(-dict="$root/fuzz/$name.dict")
  log="$TENDER_TEST_ARTIFACTS/fuzz-long-$name.log"
  mkdir -p "$TENDER_TEST_ARTIFACTS"
  start=$SECONDS
  # -jobs/-workers stay at 1: one fuzzer process at a time.
  nice -n 19 "$root/fuzz/run_fuzzer.sh" "$binary" "$build/fuzz/corpus/$name" "$root/fuzz/corpus/$name" \
    -runs="$runs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" > "$log" 2>&1 || {
    echo "fuzz-long: $name FAILED after $((SECONDS - start))s, see $log" >&2; tail -40 "$log" >&2; exit 1; }
  done_runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$name: $done_runs executions in $((SECONDS - start))s"
done
