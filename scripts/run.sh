#!/usr/bin/env bash
# Sets up and runs Tender on this machine: installs the Debian packages it needs, builds it,
# creates a data directory with a demo company, brand, test API key and portal owner (printed), and serves on
# 127.0.0.1:8080 until Ctrl-C.
#
#   sudo bash scripts/run.sh        # or, as root: bash scripts/run.sh
#
# Environment (optional): TENDER_DATA (default: ./data), TENDER_LISTEN (default: 127.0.0.1:8080),
# TENDER_PUBLIC_URL (default: http://$TENDER_LISTEN), BUILD_DIR (default: build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_dir="${BUILD_DIR:-build}"
data_dir="${TENDER_DATA:-$root/data}"
listen="${TENDER_LISTEN:-127.0.0.1:8080}"
export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}"

bash "$root/scripts/install-deps.sh" --runtime
cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C "$build_dir" -j"${JOBS:-2}" tender

tender="$build_dir/tender"
if [ ! -f "$data_dir/tender.json" ]; then
  echo "==> Creating the demo installation in $data_dir"
  "$tender" init --data "$data_dir"
  echo "==> The merchant portal's first owner (sign in at http://$listen/portal/login):"
  "$tender" users create --data "$data_dir" --email owner@demo.test --role owner
else
  echo "==> $data_dir is already initialized; a fresh test API key for its demo company:"
  "$tender" keys create --data "$data_dir"
  echo "    brand_id: $(sed -n 's/.*"brand_id":"\([^"]*\)".*/\1/p' "$data_dir/tender.json")"
fi
echo "==> Serving on http://$listen (Ctrl-C stops)"
exec "$tender" serve --data "$data_dir" --listen "$listen" ${TENDER_PUBLIC_URL:+--public-url "$TENDER_PUBLIC_URL"}
