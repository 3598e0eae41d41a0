#!/usr/bin/env bash
# Tender's one test command: installs the dependencies, builds everything and runs every test.
#
#   sudo bash scripts/test.sh        # or, as root: bash scripts/test.sh
#
# Steps: scripts/install-deps.sh (Debian packages), the browser tests' npm packages (when
# tests/package.json exists), a CMake + Ninja RelWithDebInfo build into build/, then ctest
# (the GoogleTest unit tests and the node HTTP/browser tests registered in CMakeLists.txt).
# Works from any directory and can be run again at any time. Exits non-zero on any failure.
#
# Environment (all optional):
#   BUILD_DIR       build directory, relative to the repository or absolute (default: build)
#   BUILD_TYPE      CMake build type (default: RelWithDebInfo)
#   JOBS            parallel build jobs and tests (default: 2)
#   CCACHE_DIR      compiler cache (default: ~/.cache/ccache)
#   CTEST_ARGS      extra ctest arguments, e.g. CTEST_ARGS="-R http\." to run a subset
#   SANITIZE        0 skips the sanitizer pass below (default: 1)
#   FUZZ_SECONDS    how long each fuzz target runs in the sanitizer pass (default: 10)
#
# After the ordinary build's tests, a sanitizer pass: clang builds build-sanitize with ASan + UBSan
# (cmake/sanitizers.cmake) and runs the unit tests, the HTTP suites that reach every route against
# that server, and each libFuzzer harness in fuzz/ for FUZZ_SECONDS (docs/ARCHITECTURE.md,
# "Sanitizers and fuzzing").
# Test output worth keeping (ctest log, screenshots, server logs) goes to test-artifacts/, whose
# path the tests receive as TENDER_TEST_ARTIFACTS.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

build_dir="${BUILD_DIR:-build}"
case "$build_dir" in /*) ;; *) build_dir="$root/$build_dir" ;; esac
build_type="${BUILD_TYPE:-RelWithDebInfo}"
jobs="${JOBS:-2}"
artifacts="$root/test-artifacts"

step="starting"
started=$SECONDS
log() { printf '\n==> [test.sh %4ss] %s\n' "$((SECONDS - started))" "$*"; }

finish() {
  local rc=$?
  [ -n "${TENDER_PG_TEST_DIR:-}" ] && bash "$root/scripts/pg-test-cluster.sh" stop "$TENDER_PG_TEST_DIR" || true
  # Under sudo, hand the outputs back to the calling user so they can rebuild or delete them.
  if [ -n "${SUDO_UID:-}" ] && [ "$(id -u)" -eq 0 ]; then
    for d in "$build_dir" "$root/build-sanitize" "$artifacts" "$root/tests/node_modules"; do
      [ -e "$d" ] && chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$d" 2>/dev/null || true
    done
  fi
  local took=$((SECONDS - started))
  if [ "$rc" -eq 0 ]; then
    echo "TENDER TESTS: PASSED (${took}s; ctest log in test-artifacts/ctest.log)"
  else
    echo "TENDER TESTS: FAILED during: $step (exit $rc, ${took}s; see output above and test-artifacts/)" >&2
  fi
  exit "$rc"
}
trap finish EXIT

# Nothing below reads a terminal; CI runs with no stdin.
exec </dev/null
export DEBIAN_FRONTEND=noninteractive
# Browsers are never downloaded: the tests drive Debian's /usr/bin/chromium through playwright-core.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 PUPPETEER_SKIP_DOWNLOAD=1
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}"
mkdir -p "$CCACHE_DIR" "$artifacts"
export TENDER_TEST_ARTIFACTS="$artifacts"

step="installing Debian packages (scripts/install-deps.sh)"
log "$step"
bash "$root/scripts/install-deps.sh"

if [ -f "$root/tests/package.json" ]; then
  step="installing the browser tests' npm packages"
  log "$step"
  if [ -f "$root/tests/package-lock.json" ] || [ -f "$root/tests/npm-shrinkwrap.json" ]; then
    npm ci --prefix "$root/tests" --no-audit --no-fund
  else
    npm install --prefix "$root/tests" --no-audit --no-fund
  fi
fi

step="configuring CMake ($build_type, Ninja) in ${build_dir#"$root"/}"
log "$step"
# A build directory configured with another generator cannot be reused; start it afresh.
if [ -f "$build_dir/CMakeCache.txt" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$build_dir/CMakeCache.txt"; then
  echo "test.sh: $build_dir was configured with another generator; recreating it"
  rm -rf "$build_dir"
fi
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type"

step="building (ninja -j$jobs)"
log "$step"
command -v ccache >/dev/null 2>&1 && ccache --zero-stats >/dev/null 2>&1 || true
ninja -C "$build_dir" -j"$jobs"
if command -v ccache >/dev/null 2>&1; then ccache --show-stats 2>/dev/null | grep -Ei 'hits|misses' | head -4 || true; fi

step="starting a throwaway PostgreSQL 15 cluster (scripts/pg-test-cluster.sh)"
log "$step"
eval "$(bash "$root/scripts/pg-test-cluster.sh" start --env)"  # exports TENDER_TEST_POSTGRES_URL, TENDER_PG_TEST_DIR

step="running the tests (ctest)"
log "$step"
# shellcheck disable=SC2086  # CTEST_ARGS is a list of words
set +e
ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j"$jobs" --timeout 900 \
  ${CTEST_ARGS:-}
ctest_rc=$?
set -e
cp -f "$build_dir/Testing/Temporary/LastTest.log" "$artifacts/ctest.log" 2>/dev/null || true
if [ "$ctest_rc" -ne 0 ]; then
  cp -f "$build_dir/Testing/Temporary/LastTestsFailed.log" "$artifacts/ctest-failed.log" 2>/dev/null || true
  exit "$ctest_rc"
fi

step="running the HTTP and browser tests against PostgreSQL (ctest)"
log "$step"
set +e
TENDER_TEST_DATABASE_URL="$TENDER_TEST_POSTGRES_URL" ctest --test-dir "$build_dir" --output-on-failure \
  --no-tests=error -j"$jobs" --timeout 900 -R '^(http|browser)\.' ${CTEST_ARGS:-}
pg_rc=$?
set -e
cp -f "$build_dir/Testing/Temporary/LastTest.log" "$artifacts/ctest-postgres.log" 2>/dev/null || true
[ "$pg_rc" -eq 0 ] || exit "$pg_rc"

if [ "${SANITIZE:-1}" != "0" ]; then
  sanitize_dir="$root/build-sanitize"
  step="configuring the sanitizer build (clang, ASan + UBSan, libFuzzer) in build-sanitize"
  log "$step"
  if [ -f "$sanitize_dir/CMakeCache.txt" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$sanitize_dir/CMakeCache.txt"; then
    rm -rf "$sanitize_dir"
  fi
  CC=clang CXX=clang++ cmake -S "$root" -B "$sanitize_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" \
    -DTENDER_FUZZ=ON -DTENDER_FUZZ_SECONDS="${FUZZ_SECONDS:-10}"

  step="building the sanitizer build (ninja -j$jobs)"
  log "$step"
  ninja -C "$sanitize_dir" -j"$jobs"

  step="running the unit tests, the HTTP suites and the fuzzers under ASan + UBSan (ctest)"
  log "$step"
  # A sanitizer report is a failure: UBSan aborts (-fno-sanitize-recover), ASan and LSan exit non-zero.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  set +e
  # shellcheck disable=SC2086
  ctest --test-dir "$sanitize_dir" --output-on-failure --no-tests=error -j"$jobs" --timeout 900 ${CTEST_ARGS:-}
  sanitize_rc=$?
  set -e
  cp -f "$sanitize_dir/Testing/Temporary/LastTest.log" "$artifacts/ctest-sanitize.log" 2>/dev/null || true
  [ "$sanitize_rc" -eq 0 ] || exit "$sanitize_rc"
  log "sanitizer pass done"
fi
