#!/usr/bin/env bash
# The PostgreSQL rows of the benchmark alone: pgbench's single-row INSERT tps and Tender's S2S
# purchase through `tender serve --database postgres://…`, on one throwaway cluster
# (scripts/pg-test-cluster.sh). bench/run.sh runs them too, with every other row; this is
#   BENCH_ROWS=pg_s2s bash bench/run.sh
# and takes the same environment (BENCH_DURATION, BENCH_SKIP_BUILD, TENDER_BIN, ...).
set -euo pipefail
BENCH_ROWS=pg_s2s BENCH_POSTGRES=1 exec bash "$(dirname "${BASH_SOURCE[0]}")/run.sh" "$@"
