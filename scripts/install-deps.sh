#!/usr/bin/env bash
# Installs every Debian package Tender needs to build, run and test. Run as root on Debian 12.
# `--runtime` installs only what building and running needs; the default adds the test tools.
set -euo pipefail

build_packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev libboost-context1.81-dev
  libssl-dev libsqlite3-dev libcurl4-openssl-dev libspdlog-dev libcli11-dev
  libkainjow-mustache-dev libpq-dev libsodium-dev libjemalloc-dev libzstd-dev libgtest-dev libgmock-dev
  sqlite3 openssl ca-certificates
)
test_packages=(chromium wrk nginx-light postgresql curl
  clang libclang-rt-dev)  # the sanitizer and libFuzzer build; libclang-rt-dev has libclang_rt.fuzzer

packages=("${build_packages[@]}")
# The build installs the portal's browser libraries with npm (and the tests run on Node.js). The
# machine image may bring its own Node.js with npm; only take Debian's when there is none.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
if [ "${1:-}" != "--runtime" ]; then
  packages+=("${test_packages[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "install-deps: run as root to install: ${missing[*]}" >&2; exit 1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
