#!/usr/bin/env bash
# Benchmarks every request path of Tender against references measured in the same run (nginx
# answering a POST and a GET with static bytes of the same size, the disk's fsync rate, openssl's
# RSA-2048 sign rate, pgbench), and prints one table. See bench/README.md.
#
#   flock /tmp/tender-cpu.lock bash bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION=8s   each measured wrk run, and each half-rate run (whole seconds)
#   BENCH_WARMUP=2s     warm-up run before each row (0 skips it)
#   BENCH_THREADS=1  BENCH_CONNECTIONS=32   wrk -t / -c (the issue's table used 1 and 32)
#   BENCH_TIMEOUT=5s    wrk's per-request timeout
#   BENCH_POSTGRES=1    0 skips the PostgreSQL rows (pgbench and S2S on PostgreSQL)
#   BENCH_HALF=1        0 skips the half-rate pass (p99 at half of each row's peak rate)
#   BENCH_ROWS          comma-separated row names to run (default: all; see the table)
#   BENCH_DRAIN_TIMEOUT=60  seconds to wait for webhook deliveries after the webhook row
#   BENCH_REFUND_BODY='{}'  refund request body ({} = full amount; '{"amount": 1}' = one unit)
#   NGINX_WORKERS=auto  BENCH_FSYNC_COUNT=2000
#   BENCH_DATA_PARENT   where the temporary data dir goes (default build-release/; it must be on
#                       the disk you care about: a tmpfs makes fsync free)
#   BENCH_KEEP=1        keep the temporary directory      BENCH_SKIP_BUILD=1  reuse build-release/tender
#   TENDER_BIN          a tender binary to measure instead of build-release/tender (no build)
#   BENCH_TENDER_PORT, BENCH_NGINX_PORT  ports to try first (default: random free ports)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$root/bench"
build_dir="$root/build-release"
artifacts="$root/test-artifacts"
out="$artifacts/bench.txt"

secs_of() { local v="${1%s}"; [[ "$v" =~ ^[0-9]+$ ]] || { echo "bench: durations are whole seconds (e.g. 8s), not '$1'" >&2; exit 2; }; echo "$v"; }
duration="$(secs_of "${BENCH_DURATION:-8s}")"
warmup="$(secs_of "${BENCH_WARMUP:-2s}")"
threads="${BENCH_THREADS:-1}"
connections="${BENCH_CONNECTIONS:-32}"
wrk_timeout="${BENCH_TIMEOUT:-5s}"
nginx_workers="${NGINX_WORKERS:-auto}"
fsync_count="${BENCH_FSYNC_COUNT:-2000}"
with_pg="${BENCH_POSTGRES:-1}"
with_half="${BENCH_HALF:-1}"
rows_wanted="${BENCH_ROWS:-}"
drain_timeout="${BENCH_DRAIN_TIMEOUT:-60}"
export BENCH_REFUND_BODY="${BENCH_REFUND_BODY:-{\}}"

die() { echo "bench: $*" >&2; exit 1; }
for tool in cmake ninja wrk curl node openssl awk; do command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps.sh as root)"; done
nginx_bin="$(command -v nginx || true)"
[ -n "$nginx_bin" ] || { [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx; } || die "nginx not found (apt-get install nginx-light)"
if [ "$with_pg" = 1 ]; then
  for tool in pgbench psql; do command -v "$tool" >/dev/null || die "$tool not found (apt-get install postgresql; BENCH_POSTGRES=0 skips these rows)"; done
fi

tender_pid="" nginx_pid="" wrk_pid="" work="" pg_dir="" tender_log=""
cleanup() {
  local rc=$?
  set +e
  for pid in $wrk_pid $tender_pid $nginx_pid; do kill -TERM "$pid" 2>/dev/null; done
  for pid in $wrk_pid $tender_pid $nginx_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  [ -n "$pg_dir" ] && bash "$root/scripts/pg-test-cluster.sh" stop "$pg_dir" >/dev/null 2>&1
  if [ -n "$work" ]; then
    # Tender logs one line per request; keep each server's start, every warning/error and its end.
    : >"$artifacts/bench-tender.log"
    for log in "$work"/tender*.log; do
      [ -f "$log" ] || continue
      {
        echo "=== $(basename "$log")"
        head -n 5 "$log"
        echo "... ($(wc -l <"$log") lines in all; warnings and errors follow) ..."
        grep -E '\[(warning|error|critical)\]' "$log" | head -n 200
        echo "... (last lines) ..."
        tail -n 5 "$log"
      } >>"$artifacts/bench-tender.log"
    done
    [ -f "$work/nginx/error.log" ] && cp -f "$work/nginx/error.log" "$artifacts/bench-nginx-error.log"
    if [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench: kept $work"; else rm -rf "$work"; fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {  # a TCP port below the ephemeral range that no socket on this machine uses
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000))
    if command -v ss >/dev/null; then
      [ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ] && { echo "$p"; return; }
    else
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    fi
  done
  die "no free port found"
}

wait_http() {  # URL PID: waits until URL answers anything over HTTP; fails if PID exits first
  for _ in $(seq 200); do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" != 000 ] && return 0
    sleep 0.05
  done
  return 1
}

field() {  # FILE KEY: a top-level field of a JSON object
  node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = o[process.argv[2]];
           if (v === undefined) process.exit(1); console.log(v)' "$1" "$2"
}

bench_value() {  # FILE KEY: a value from the BENCH line the wrk scripts print (empty when absent)
  sed -n 's/^BENCH .*[[:space:]]'"$2"'=\([^[:space:]]*\).*$/\1/p; s/^BENCH '"$2"'=\([^[:space:]]*\).*$/\1/p' "$1" 2>/dev/null | head -1
}
calc() { awk "BEGIN { $1 }"; }  # calc 'printf "%.1f", 1/3'

want_row() { [ -z "$rows_wanted" ] || [[ ",$rows_wanted," == *",$1,"* ]]; }

mkdir -p "$artifacts"
rm -f "$out" "$artifacts/bench-tender.log" "$artifacts/bench-nginx-error.log"

# --- build --------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-}" != 1 ] && [ -z "${TENDER_BIN:-}" ]; then
  echo "==> building Release into build-release/"
  export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}"
  [ -f "$build_dir/build.ninja" ] || cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$build_dir" -j"${JOBS:-2}" tender
fi
tender="${TENDER_BIN:-$build_dir/tender}"
[ -x "$tender" ] || die "$tender not built"

parent="${BENCH_DATA_PARENT:-$build_dir}"
mkdir -p "$parent"
work="$(mktemp -d "$parent/bench.XXXXXX")"
chmod 755 "$work"  # nginx workers must read the static files
ids="$work/ids"
mkdir -p "$ids"
started_at="$(date +%s)"
code_state="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted changes in src/')"

# --- fsync rate -----------------------------------------------------------------------------
# Measured before and after the load runs (a shared disk varies a lot); the summary uses the mean.
measure_fsync() {  # prints synchronous 4 KiB writes per second on the data dir's filesystem
  local out secs
  out="$(LC_ALL=C dd if=/dev/zero of="$work/fsync.test" bs=4k count="$fsync_count" oflag=dsync 2>&1)"
  rm -f "$work/fsync.test"
  secs="$(echo "$out" | sed -n 's/.* copied, \([0-9.e+-]*\) s,.*/\1/p')"
  [ -n "$secs" ] || die "could not parse dd output: $out"
  calc "printf \"%.0f\", ($secs > 0 ? $fsync_count / $secs : 0)"
}
fs_source="$(findmnt -no SOURCE -T "$work" 2>/dev/null || true)"
fs_type="$(findmnt -no FSTYPE -T "$work" 2>/dev/null || true)"
echo "==> fsync rate of ${fs_source:-?} $fs_type ($fsync_count x 4 KiB O_DSYNC writes)"
fsync_before="$(measure_fsync)"
echo "    $fsync_before fsync/s"

# The disk's completed flush requests (field 16 of /sys/block/DEV/stat, Linux >= 5.5): every
# process's flushes count, so it is an upper bound on Tender's.
disk_stat=""
dev="${fs_source##*/}"
if [ -n "$dev" ] && [ -e "/sys/class/block/$dev/stat" ]; then
  [ -e "/sys/class/block/$dev/partition" ] && dev="$(basename "$(readlink -f "/sys/class/block/$dev/..")")"
  [ "$(wc -w <"/sys/class/block/$dev/stat")" -ge 16 ] && disk_stat="/sys/class/block/$dev/stat"
fi
disk_flushes() { if [ -n "$disk_stat" ]; then awk '{ print $16 }' "$disk_stat"; else echo 0; fi; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime + stime
rss_kb() { awk -v k="${2:-VmRSS}:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
mb() { calc "printf \"%.0f\", $1 / 1024"; }

# --- openssl: the RSA-2048 sign rate of one core -------------------------------------------
# The seed fixes webhook signatures as RSA PKCS#1 v1.5 over SHA-256: one signature per delivery.
echo "==> openssl speed -seconds 3 rsa2048 (one process: the rate of one core)"
openssl speed -seconds 3 rsa2048 >"$work/openssl.txt" 2>/dev/null || die "openssl speed failed"
sign_rate="$(awk '/^rsa *2048 bits/ { print $(NF-1); exit }' "$work/openssl.txt")"
[ -n "$sign_rate" ] || die "could not parse openssl speed output: $(cat "$work/openssl.txt")"
echo "    $sign_rate sign/s"

# --- Tender (SQLite) ------------------------------------------------------------------------
start_tender() {  # NAME ARGS...: init + serve; sets tender_pid, tender_port, api_key, brand_id
  local name="$1"; shift
  tender_log="$work/tender-$name.log"
  "$tender" init --data "$work/data-$name" "$@" --json >"$work/init-$name.json"
  api_key="$(field "$work/init-$name.json" api_key)" || die "no api_key in tender init output"
  brand_id="$(field "$work/init-$name.json" brand_id)" || die "no brand_id in tender init output"
  # Another program may take the chosen port between the check and the bind: retry a few times.
  for attempt in 1 2 3 4 5; do
    tender_port="$(free_port)"
    [ "$attempt" = 1 ] && [ -n "${BENCH_TENDER_PORT:-}" ] && tender_port="$BENCH_TENDER_PORT"
    "$tender" serve --data "$work/data-$name" "$@" --listen "127.0.0.1:$tender_port" >>"$tender_log" 2>&1 &
    tender_pid=$!
    wait_http "http://127.0.0.1:$tender_port/healthz" "$tender_pid" && break
    kill "$tender_pid" 2>/dev/null || true; wait "$tender_pid" 2>/dev/null || true; tender_pid=""
    [ "$attempt" = 5 ] && die "tender did not start; its log:$(echo; cat "$tender_log")"
  done
  export BENCH_DIR="$bench_dir" TENDER_API_KEY="$api_key" TENDER_BRAND_ID="$brand_id" BENCH_WRK_THREADS="$threads"
  TENDER_ORDERS_BASIC="$(printf '%s:' "$api_key" | base64 -w0)"
  export TENDER_ORDERS_BASIC
}
stop_tender() {
  [ -n "$tender_pid" ] || return 0
  kill -TERM "$tender_pid" 2>/dev/null || true
  wait "$tender_pid" 2>/dev/null || true
  tender_pid=""
}

# The seed 001 request body (../shared/seeds/001_*.txt, the curl example), as
# tests/http/lib/s2s_seed.mjs has it: merchant_id = the demo brand, a future expiry year. WEBHOOK
# is return_url.webhook_url, or empty for none (the seed's own placeholder is left out: it is not
# a URL, so Tender would not call it anyway).
s2s_body() {  # BRAND WEBHOOK
  local yy; yy="$(printf '%02d' $(( ($(date -u +%Y) + 3) % 100 )))"
  local hook=""; [ -n "$2" ] && hook='"webhook_url": "'"$2"'", '
  cat <<EOF
{"amount": "1000", "currency": "JPY",
 "card": {"cvc": "100", "expiry_month": "12", "expiry_year": "$yy", "name": "John Doe", "number": "5200000000001005"},
 "merchant_txn_ref": "qwe", "customer_ip": "127.0.0.1", "merchant_id": "$1",
 "return_url": {${hook}"success_url": "http://www.successurl.com/", "decline_url": "http://www.declineurl.com/"},
 "billing_address": {"country": "JP", "email": "billing@testemail.com", "phone_number": "8112345678", "address1": "1-2-3 Shinjuku", "city": "Shinjuku-ku", "state": "Tokyo", "postal_code": "1600022"},
 "shipping_address": {"country": "JP", "email": "shipping@testemail.com", "phone_number": "8112345678", "address1": "1-2-3 Shinjuku", "city": "Shinjuku-ku", "state": "Tokyo", "postal_code": "1600022"},
 "browser_info": {"acceptHeader": "text/html", "screenColorDepth": "48", "javaEnabled": false, "language": "en", "screenHeight": "1200", "screenWidth": "1600", "challengeWindow": "4", "userAgent": "Mozilla/4.0 (MSIE 6.0; Windows NT 5.0)"},
 "time_zone": "Asia/Kuala_Lumpur"}
EOF
}

echo "==> starting Tender (SQLite)"
start_tender sqlite
sqlite_pid="$tender_pid"
data_dir="$work/data-sqlite"
rss_idle_kb="$(rss_kb "$tender_pid")"

# Samples: one S2S 201 (nginx's POST reference body) and one Collect purchase (its GET body).
s2s_body "$brand_id" "" >"$work/s2s-body.json"
code="$(curl -s -o "$work/s2s-sample.json" -w '%{http_code}' -X POST "http://127.0.0.1:$tender_port/api/v1/server-to-server-interface/payment" \
  -H "Authorization: Basic $api_key" -H "x-api-key: $api_key" -H 'Content-Type: application/json' --data-binary "@$work/s2s-body.json")"
case "$code" in 2??) ;; *) die "sample S2S purchase got HTTP $code: $(head -c 500 "$work/s2s-sample.json")" ;; esac
sample_id="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).transaction_details.id)' "$work/s2s-sample.json")"
code="$(curl -s -o "$work/purchase-sample.json" -w '%{http_code}' "http://127.0.0.1:$tender_port/api/v1/purchases/$sample_id/" -H "Authorization: Bearer $api_key")"
case "$code" in 2??) ;; *) die "sample Collect GET got HTTP $code: $(head -c 500 "$work/purchase-sample.json")" ;; esac
s2s_bytes="$(wc -c <"$work/s2s-sample.json")"
get_bytes="$(wc -c <"$work/purchase-sample.json")"
echo "    S2S 201: $s2s_bytes bytes; Collect purchase: $get_bytes bytes (nginx's static bodies)"

# --- nginx: the references and the webhook sink --------------------------------------------
echo "==> starting nginx"
mkdir -p "$work/nginx/html" "$work/nginx/tmp"
cp "$work/s2s-sample.json" "$work/nginx/html/s2s.json"
cp "$work/purchase-sample.json" "$work/nginx/html/purchase.json"
chmod -R a+rX "$work/nginx"
user_line=""
[ "$(id -u)" -eq 0 ] && user_line="user root root;"
for attempt in 1 2 3 4 5; do
  nginx_port="$(free_port)"
  [ "$attempt" = 1 ] && [ -n "${BENCH_NGINX_PORT:-}" ] && nginx_port="$BENCH_NGINX_PORT"
  cat >"$work/nginx/nginx.conf" <<EOF
$user_line
daemon off;
master_process on;
worker_processes $nginx_workers;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  log_format delivery '\$msec';
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    default_type application/json;
    # GET reference: a static copy of a Collect purchase.
    location = /purchase.json { }
    # POST reference: the static module answers POST with 405; error_page turns that into an
    # internal redirect that serves the file (as a GET) with status 200.
    location = /s2s.json { error_page 405 =200 \$uri; }
    # The webhook sink: 200 at once, one log line (a timestamp) per delivery.
    location = /hook { access_log $work/nginx/deliveries.log delivery; return 200 "ok"; }
  }
}
EOF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >>"$work/nginx/stdout.log" 2>&1 &
  nginx_pid=$!
  wait_http "http://127.0.0.1:$nginx_port/purchase.json" "$nginx_pid" && break
  kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
  [ "$attempt" = 5 ] && die "nginx did not start; its error log:$(echo; cat "$work/nginx/error.log")"
done
hook_url="http://127.0.0.1:$nginx_port/hook"
s2s_body "$brand_id" "$hook_url" >"$work/s2s-hook-body.json"
code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$nginx_port/s2s.json" --data-binary "@$work/s2s-body.json")"
[ "$code" = 200 ] || die "nginx answered the reference POST with HTTP $code"
deliveries() { if [ -f "$work/nginx/deliveries.log" ]; then wc -l <"$work/nginx/deliveries.log"; else echo 0; fi; }

# --- rows -----------------------------------------------------------------------------------
# Each row: a warm-up run, the measured run (rate, p50/p99, Tender's CPU and RSS, disk growth),
# then the half-rate run (BENCH_RATE = half the measured rate, paced by bench/common.lua).
# Rows that use up ids (Direct Post, capture, refund) take them from a file; when the file is
# short, the measured and half-rate runs are shortened to fit (the table's "s" column).
row_names=() failures=() notes=()
declare -A R
wrk_bg() {  # OUTFILE wrk ARGS...: in the background, waited for, so INT/TERM stop the script at once
  local outfile="$1"; shift
  wrk "$@" >"$outfile" 2>&1 &
  wrk_pid=$!
  wait "$wrk_pid" || { wrk_pid=""; cat "$outfile" >&2; die "wrk failed: wrk $*"; }
  wrk_pid=""
}
db_bytes() {  # the store's files: SQLite's database and WAL (PostgreSQL rows: the database's size)
  if [ -n "${pg_url:-}" ]; then psql -X -qtA "$pg_url" -c "select pg_database_size(current_database())"; return; fi
  local n=0 f
  for f in "$data_dir/tender.db" "$data_dir/tender.db-wal"; do [ -f "$f" ] && n=$((n + $(stat -c %s "$f"))); done
  echo "$n"
}
check_run() {  # NAME FILE: records failures (non-2xx, socket errors, no BENCH line)
  local bad sock k
  if ! grep -q '^BENCH ' "$2"; then failures+=("$1: wrk printed no BENCH line ($(tail -1 "$2"))"); return; fi
  bad="$(bench_value "$2" bad)"
  [ "$bad" = 0 ] || failures+=("$1: $bad non-2xx responses (first: HTTP $(bench_value "$2" first_bad))")
  sock=0
  for k in err_connect err_read err_write err_timeout; do sock=$((sock + $(bench_value "$2" "$k"))); done
  [ "$sock" = 0 ] || failures+=("$1: $sock socket errors (connect/read/write/timeout)")
}
collect_ids() {  # NAME DEST: appends the ids the last run captured to DEST
  cat "$ids/out.$1".* >>"$2" 2>/dev/null || true
  rm -f "$ids/out.$1".*
}
use_rest() {  # FILE: the ids a run did not take become the file
  [ -f "$1.rest" ] && mv -f "$1.rest" "$1"
  return 0
}

run_wrk() {  # OUTFILE SECONDS SCRIPT URL [RATE]: one wrk run with the row's environment
  BENCH_RATE="${5:-}" wrk_bg "$1" -t"$threads" -c"$connections" -d"${2}s" --timeout "$wrk_timeout" --latency -s "$3" "$4"
}

# run_row NAME "LABEL" SCRIPT KIND [IDS_IN [IDS_OUT_DEST [cycle]]]
#   KIND: post or get (which nginx reference the ratio uses), or prep (made ids only, no table
#   ratio). IDS_IN: the ids the row takes (cycle: reuses them round-robin). IDS_OUT_DEST: where
#   the ids captured from the responses go (appended).
run_row() {
  local name="$1" label="$2" script="$3" kind="$4" in="${5:-}" dest="${6:-}" cycle="${7:-}"
  want_row "$name" || return 0
  local url="http://127.0.0.1:$tender_port" d="$duration" f="$work/run-$name" w_rps=0
  unset BENCH_IDS_IN BENCH_IDS_CYCLE BENCH_IDS_OUT
  if [ -n "$in" ]; then
    [ -s "$in" ] || { failures+=("$name: no ids to use (an earlier row made none)"); return 0; }
    export BENCH_IDS_IN="$in"
    [ "$cycle" = cycle ] && export BENCH_IDS_CYCLE=1
  fi
  [ -n "$dest" ] && export BENCH_IDS_OUT="$ids/out.$name"
  row_names+=("$name"); R[$name.label]="$label"; R[$name.kind]="$kind"
  echo "==> $name: $label"
  local disk0 hooks0; disk0="$(db_bytes)"; hooks0="$(deliveries)"
  local ok_all=0
  if [ "$warmup" != 0 ]; then
    run_wrk "$f.warm" "$warmup" "$script" "$url"
    check_run "$name (warm-up)" "$f.warm"
    [ -n "$in" ] && [ "$cycle" != cycle ] && use_rest "$in"
    w_rps="$(bench_value "$f.warm" rps)"; ok_all=$((ok_all + $(bench_value "$f.warm" ok)))
  fi
  # A row that uses ids up: measured + half-rate runs need about 1.5 x rate x d of them.
  if [ -n "$in" ] && [ "$cycle" != cycle ] && [ "$w_rps" != 0 ]; then
    local have; have="$(wc -l <"$in")"
    d="$(calc "d = int($have / ($w_rps * ($with_half == 1 ? 1.5 : 1) * 1.15)); if (d > $duration) d = $duration; if (d < 1) d = 1; print d")"
  fi
  R[$name.secs]="$d"
  local t0 t1 ticks0 ticks1 flushes0 flushes1 h0 h1
  flushes0="$(disk_flushes)" ticks0="$(cpu_ticks "$tender_pid")" h0="$(deliveries)" t0="$(date +%s.%N)"
  run_wrk "$f.wrk" "$d" "$script" "$url"
  flushes1="$(disk_flushes)" ticks1="$(cpu_ticks "$tender_pid")" h1="$(deliveries)" t1="$(date +%s.%N)"
  check_run "$name" "$f.wrk"
  [ -n "$in" ] && [ "$cycle" != cycle ] && use_rest "$in"
  local secs; secs="$(calc "printf \"%.3f\", $t1 - $t0")"
  R[$name.rps]="$(bench_value "$f.wrk" rps)"
  R[$name.p50]="$(bench_value "$f.wrk" p50_us)"
  R[$name.p99]="$(bench_value "$f.wrk" p99_us)"
  R[$name.exhausted]="$(bench_value "$f.wrk" exhausted)"
  R[$name.cpu]="$(calc "printf \"%.2f\", ($ticks1 - $ticks0) / $(getconf CLK_TCK) / $secs")"
  R[$name.flushes]="$(calc "printf \"%.0f\", ($flushes1 - $flushes0) / $secs")"
  R[$name.hooks_rate]="$(calc "printf \"%.0f\", ($h1 - $h0) / $secs")"
  ok_all=$((ok_all + $(bench_value "$f.wrk" ok)))
  R[$name.ok]="$(bench_value "$f.wrk" ok)"
  [ -n "${after_measured:-}" ] && "$after_measured" "$name" "$hooks0" "$ok_all"
  if [ "$with_half" = 1 ] && [ -n "${R[$name.rps]}" ]; then
    local half; half="$(calc "printf \"%.0f\", ${R[$name.rps]} / 2")"
    if [ "$half" -ge 1 ] && { [ -z "$in" ] || [ "$cycle" = cycle ] || [ -s "$in" ]; }; then
      run_wrk "$f.half" "$d" "$script" "$url" "$half"
      check_run "$name (half rate)" "$f.half"
      [ -n "$in" ] && [ "$cycle" != cycle ] && use_rest "$in"
      R[$name.half_rps]="$(bench_value "$f.half" rps)"
      R[$name.half_p99]="$(bench_value "$f.half" p99_us)"
      ok_all=$((ok_all + $(bench_value "$f.half" ok)))
      [ "$(bench_value "$f.half" exhausted)" = 1 ] && R[$name.exhausted]=1
    fi
  fi
  R[$name.ok_all]="$ok_all"
  R[$name.rss]="$(rss_kb "$tender_pid")"
  local disk1; disk1="$(db_bytes)"
  R[$name.disk]="$(calc "printf \"%.0f\", ($ok_all > 0 ? ($disk1 - $disk0) / $ok_all : 0)")"
  [ -n "$dest" ] && collect_ids "$name" "$dest"
  unset BENCH_IDS_IN BENCH_IDS_CYCLE BENCH_IDS_OUT
  printf '    %s req/s, p50 %s us, p99 %s us; half rate: %s req/s, p99 %s us\n' \
    "${R[$name.rps]}" "${R[$name.p50]}" "${R[$name.p99]}" "${R[$name.half_rps]:-}" "${R[$name.half_p99]:-}"
}

# One prep step: ids only (holds to capture); not a row of the table.
prep() {  # NAME SECONDS SCRIPT IDS_IN IDS_OUT_DEST [cycle]
  local name="$1" secs="$2" script="$3" in="$4" dest="$5" cycle="${6:-}"
  unset BENCH_IDS_IN BENCH_IDS_CYCLE BENCH_IDS_OUT
  [ -n "$in" ] && { [ -s "$in" ] || { failures+=("$name: no ids to use"); return 0; }; export BENCH_IDS_IN="$in"; }
  [ "$cycle" = cycle ] && export BENCH_IDS_CYCLE=1
  export BENCH_IDS_OUT="$ids/out.$name"
  echo "==> prep $name (${secs}s)"
  run_wrk "$work/prep-$name" "$secs" "$script" "http://127.0.0.1:$tender_port"
  check_run "prep $name" "$work/prep-$name"
  [ -n "$in" ] && [ "$cycle" != cycle ] && use_rest "$in"
  collect_ids "$name" "$dest"
  echo "    $(bench_value "$work/prep-$name" rps) req/s"
  unset BENCH_IDS_IN BENCH_IDS_CYCLE BENCH_IDS_OUT
}

# --- the references (nginx) -----------------------------------------------------------------
tender_port_saved="$tender_port"; tender_pid_saved="$tender_pid"
tender_port="$nginx_port" tender_pid="$nginx_pid"
export BENCH_BODY_FILE="$work/s2s-body.json"
run_row nginx_post "nginx: POST answered with a static S2S 201 copy (${s2s_bytes} B)" "$bench_dir/static_post.lua" ref
run_row nginx_get "nginx: GET of a static Collect purchase copy (${get_bytes} B)" "$bench_dir/static.lua" ref
tender_port="$tender_port_saved" tender_pid="$tender_pid_saved"

# --- Tender on SQLite -----------------------------------------------------------------------
created="$ids/created" paid="$ids/paid" holds_created="$ids/holds-created" holds="$ids/holds"
touch "$created" "$paid" "$holds_created" "$holds"
echo "$sample_id" >>"$paid"
run_row healthz "GET /healthz" "$bench_dir/healthz.lua" get
export BENCH_BODY_FILE="$work/s2s-body.json"
run_row s2s "S2S v1 purchase, seed 001 body, no webhook_url" "$bench_dir/s2s.lua" post "" "$paid"
run_row orders "Orders POST /v1/orders/purchase" "$bench_dir/orders.lua" post "" "$paid"
run_row collect_create "Collect POST /api/v1/purchases/" "$bench_dir/purchase.lua" post "" "$created"
run_row collect_get "Collect GET /api/v1/purchases/{id}/" "$bench_dir/get_purchase.lua" get "$paid" "" cycle
run_row direct_post "Direct Post payment (303 to success_redirect)" "$bench_dir/direct_post.lua" post "$created"
if want_row capture; then
  # Holds: purchases created with skip_capture, paid through Direct Post; then a GET of each
  # keeps those whose status is hold (a Direct Post still in flight when wrk stopped may be
  # either).
  prep_secs=$((warmup + duration + (with_half == 1 ? duration : 0)))
  BENCH_SKIP_CAPTURE=1 prep holds_create "$prep_secs" "$bench_dir/purchase.lua" "" "$holds_created"
  cp "$holds_created" "$ids/holds-to-pay"
  prep holds_pay "$prep_secs" "$bench_dir/direct_post.lua" "$ids/holds-to-pay" /dev/null
  # The ids the Direct Post run took (those it did not take are left in holds-to-pay).
  sort "$ids/holds-to-pay" >"$ids/holds-unpaid"
  sort "$holds_created" | comm -23 - "$ids/holds-unpaid" >"$ids/holds-paid"
  check_secs=$(( $(wc -l <"$ids/holds-paid") / 3000 + 1 )); [ "$check_secs" -gt 10 ] && check_secs=10
  BENCH_KEEP_STATUS=hold prep holds_check "$check_secs" "$bench_dir/get_purchase.lua" "$ids/holds-paid" "$ids/holds-raw"
  sort -u "$ids/holds-raw" | shuf >"$holds" 2>/dev/null || sort -u "$ids/holds-raw" >"$holds"
  echo "    $(wc -l <"$holds") holds to capture"
fi
run_row capture "Collect POST /purchases/{id}/capture/ (holds)" "$bench_dir/capture.lua" post "$holds" "$paid"
run_row refund "Collect POST /purchases/{id}/refund/ $BENCH_REFUND_BODY" "$bench_dir/refund.lua" post "$paid"

# With webhook_url: each paid purchase is delivered (signed) to nginx's /hook. Last of the
# SQLite rows, so that its deliveries do not load the other rows. Right after the measured run,
# the load stops until the deliveries have caught up: how fast the backlog drains, with nothing
# else running, is the dispatcher's rate (signing included).
hook_expected="" hook_got="" hook_drain_s="" hook_drain_rate="" hook_backlog=""
drain_hooks() {  # NAME DELIVERIES_AT_ROW_START 201s_SO_FAR
  local end got last=-1 still=0
  end="$(date +%s.%N)"
  hook_expected="$3"
  hook_backlog=$((hook_expected - ($(deliveries) - $2)))
  echo "    waiting for the webhook deliveries: $hook_backlog of $hook_expected outstanding"
  for _ in $(seq $((drain_timeout * 10))); do
    got=$(($(deliveries) - $2))
    [ "$got" -ge "$hook_expected" ] && break
    if [ "$got" = "$last" ]; then still=$((still + 1)); [ "$still" -ge 100 ] && break; else still=0; last="$got"; fi
    sleep 0.1
  done
  sleep 0.5  # the requests wrk left in flight (their 201s were not counted) are delivered too
  hook_got=$(($(deliveries) - $2))
  # nginx's $msec is wall-clock seconds.milliseconds, like date +%s.%N.
  local last_at; last_at="$(tail -n 1 "$work/nginx/deliveries.log" 2>/dev/null || echo "$end")"
  hook_drain_s="$(calc "d = $last_at - $end; printf \"%.1f\", (d > 0 ? d : 0)")"
  if [ "$hook_backlog" -gt 0 ]; then
    hook_drain_rate="$(calc "d = $last_at - $end; printf \"%.0f\", (d > 0.05 ? ($hook_got - ($hook_expected - $hook_backlog)) / d : 0)")"
  fi
  echo "    $hook_got delivered, the last ${hook_drain_s}s after the load stopped${hook_drain_rate:+ (backlog drained at $hook_drain_rate/s)}"
}
export BENCH_BODY_FILE="$work/s2s-hook-body.json"
after_measured=drain_hooks run_row s2s_hook "S2S v1 purchase with webhook_url" "$bench_dir/s2s.lua" post
hooks_total_expected="${R[s2s_hook.ok_all]:-}"

# Disk used per purchase: the store's files over the purchases in it.
purchases_sqlite=0
for n in s2s orders collect_create s2s_hook; do purchases_sqlite=$((purchases_sqlite + ${R[$n.ok_all]:-0})); done
purchases_sqlite=$((purchases_sqlite + $(wc -l <"$holds_created") + 1))
db_file_bytes="$(stat -c %s "$data_dir/tender.db" 2>/dev/null || echo 0)"
wal_file_bytes="$(stat -c %s "$data_dir/tender.db-wal" 2>/dev/null || echo 0)"
dir_bytes="$(du -sb "$data_dir" | awk '{ print $1 }')"
purchases_db="$(sqlite3 "file:$data_dir/tender.db?mode=ro" "select count(*) from records where kind = 'purchase'" 2>/dev/null || true)"
[ -n "$purchases_db" ] && purchases_sqlite="$purchases_db"
rss_peak_kb="$(rss_kb "$tender_pid" VmHWM)"
sleep 3
rss_after_kb="$(rss_kb "$tender_pid")"
stop_tender
log_errors_sqlite="$(grep -cE '\[(warning|error|critical)\]' "$tender_log" || true)"
# What the bytes are (SQLite's dbstat, after the close checkpointed the WAL): the outbox holds each
# event for the retention window (webhooks/outbox_retention.hpp) and is then purged, so what stays
# per purchase is everything else.
read -r outbox_bytes btree_bytes < <(sqlite3 -separator ' ' "file:$data_dir/tender.db?mode=ro" \
  "select coalesce(sum(case when name in ('outbox', 'sqlite_autoindex_outbox_1') then pgsize end), 0), sum(pgsize) from dbstat" \
  2>/dev/null || echo "0 0")

# --- PostgreSQL -----------------------------------------------------------------------------
pg_tps="" pg_note=""
if [ "$with_pg" = 1 ] && { want_row pg_s2s || want_row pgbench; }; then
  echo "==> starting a throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh)"
  eval "$(bash "$root/scripts/pg-test-cluster.sh" start --env)"
  pg_dir="$TENDER_PG_TEST_DIR"
  pg_base="$TENDER_TEST_POSTGRES_URL"
  db_url() { node -e 'const u = new URL(process.argv[1]); u.pathname = "/" + process.argv[2]; console.log(u.toString())' "$pg_base" "$1"; }
  psql -X -q "$pg_base" -c "CREATE DATABASE pgbench_insert" -c "CREATE DATABASE tender_bench"
  pgbench_url="$(db_url pgbench_insert)"
  psql -X -q "$pgbench_url" -c "CREATE TABLE bench_insert (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, body TEXT NOT NULL)"
  # One single-row INSERT per transaction, a text row the size of the S2S seed request body.
  echo "INSERT INTO bench_insert (body) VALUES (repeat('x', $(wc -c <"$work/s2s-body.json")));" >"$work/insert.sql"
  echo "==> pgbench: single-row INSERT, $connections clients, ${duration}s"
  [ "$warmup" != 0 ] && pgbench -n -c "$connections" -j "$threads" -T "$warmup" -f "$work/insert.sql" "$pgbench_url" >/dev/null 2>&1
  pgbench -n -c "$connections" -j "$threads" -T "$duration" -r -f "$work/insert.sql" "$pgbench_url" >"$work/pgbench.txt" 2>&1 \
    || die "pgbench failed: $(tail -5 "$work/pgbench.txt")"
  pg_tps="$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench.txt" | head -1)"
  pg_lat="$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$work/pgbench.txt" | head -1)"
  echo "    $pg_tps tps (latency average $pg_lat ms)"
  if want_row pg_s2s; then
    pg_url="$(db_url tender_bench)"
    echo "==> starting Tender (PostgreSQL)"
    start_tender pg --database "$pg_url"
    lsn0="$(psql -X -qtA "$pg_url" -c "select pg_current_wal_lsn()")"
    export BENCH_BODY_FILE="$work/pg-s2s-body.json"
    s2s_body "$brand_id" "" >"$BENCH_BODY_FILE"
    run_row pg_s2s "S2S v1 purchase on PostgreSQL (tender serve --database)" "$bench_dir/s2s.lua" post
    lsn1="$(psql -X -qtA "$pg_url" -c "select pg_current_wal_lsn()")"
    pg_wal_bytes="$(psql -X -qtA "$pg_url" -c "select pg_wal_lsn_diff('$lsn1', '$lsn0')")"
    pg_db_bytes="$(psql -X -qtA "$pg_url" -c "select pg_database_size(current_database())")"
    pg_rss_peak_kb="$(rss_kb "$tender_pid" VmHWM)"
    stop_tender
    pg_url=""
    log_errors_pg="$(grep -cE '\[(warning|error|critical)\]' "$tender_log" || true)"
  fi
  bash "$root/scripts/pg-test-cluster.sh" stop "$pg_dir" >/dev/null 2>&1 || true
  pg_dir=""
fi

echo "==> fsync rate again"
fsync_after="$(measure_fsync)"
echo "    $fsync_after fsync/s"
fsync_rate="$(( (fsync_before + fsync_after) / 2 ))"

# --- the table ------------------------------------------------------------------------------
ms() { if [ -n "$1" ]; then calc "printf \"%.1f\", $1 / 1000"; else echo "-"; fi; }
ratio() { if [ -n "$1" ] && [ -n "$2" ] && [ "$2" != 0 ]; then calc "printf \"%.3f\", $1 / $2"; else echo "-"; fi; }
post_ref="${R[nginx_post.rps]:-}" get_ref="${R[nginx_get.rps]:-}"
{
  echo "Tender benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r); wrk -t$threads -c$connections," \
       "${duration}s per run (warm-up ${warmup}s); source $code_state; binary $tender"
  printf '%-14s %9s %7s %7s %9s %8s %5s %7s %8s %7s %s\n' row req/s p50ms p99ms "p99@½ms" "@½req/s" cpu "rssMB" "diskB/ok" "×nginx" "what"
  for n in "${row_names[@]}"; do
    ref=""
    case "${R[$n.kind]}" in post) ref="$post_ref" ;; get) ref="$get_ref" ;; esac
    mark=""; [ "${R[$n.exhausted]:-0}" = 1 ] && mark=" [ids ran out: rate over the active time]"
    [ "${R[$n.secs]}" != "$duration" ] && mark="$mark [${R[$n.secs]}s runs: ids for no more]"
    cpu="${R[$n.cpu]}"; rss="$(mb "${R[$n.rss]:-0}")"; disk="${R[$n.disk]}"
    if [ "${R[$n.kind]}" = ref ]; then cpu="-"; rss="-"; disk="-"; fi
    printf '%-14s %9.0f %7s %7s %9s %8s %5s %7s %8s %7s %s\n' "$n" "${R[$n.rps]:-0}" "$(ms "${R[$n.p50]}")" "$(ms "${R[$n.p99]}")" \
      "$(ms "${R[$n.half_p99]:-}")" "${R[$n.half_rps]:-"-"}" "$cpu" "$rss" "$disk" "$(ratio "${R[$n.rps]}" "$ref")" "${R[$n.label]}$mark"
  done
  echo
  echo "references, same run:"
  printf '  %-34s %s\n' \
    "fsync/s (4 KiB O_DSYNC dd):" "$fsync_rate (before $fsync_before, after $fsync_after) on ${fs_source:-?} $fs_type" \
    "openssl speed rsa2048, sign/s:" "$sign_rate (one core)"
  [ -n "$pg_tps" ] && printf '  %-34s %s\n' "pgbench single-row INSERT, tps:" "$(calc "printf \"%.0f\", $pg_tps") ($connections clients, latency average $pg_lat ms, synchronous_commit on)"
  echo "ratios:"
  [ -n "${R[s2s.rps]:-}" ] && printf '  %-34s %s\n' "S2S / nginx POST:" "$(ratio "${R[s2s.rps]}" "$post_ref") (target >= 0.12, goal 0.20)" \
    "S2S / fsync rate:" "$(ratio "${R[s2s.rps]}" "$fsync_rate") (above 1: group commit)"
  [ -n "${R[s2s_hook.rps]:-}" ] && printf '  %-34s %s\n' \
    "S2S with webhook_url / without:" "$(ratio "${R[s2s_hook.rps]}" "${R[s2s.rps]:-}")" \
    "deliveries/s in the measured run:" "${R[s2s_hook.hooks_rate]} = $(ratio "${R[s2s_hook.hooks_rate]}" "$sign_rate") x the sign rate, $(ratio "${R[s2s_hook.hooks_rate]}" "${R[s2s_hook.rps]}") x the 201 rate" \
    "deliveries (warm-up + measured):" "$hook_got for $hook_expected counted 201s$([ "$hook_got" -lt "$hook_expected" ] && echo " ($((hook_expected - hook_got)) MISSING after ${drain_timeout}s)"); the last ${hook_drain_s}s after the load stopped" \
    "backlog drain rate (dispatcher):" "$([ -n "$hook_drain_rate" ] && echo "$hook_backlog queued at the end, drained at $hook_drain_rate/s = $(ratio "$hook_drain_rate" "$sign_rate") x the sign rate (target >= 0.8)" || echo "no backlog: deliveries kept up")"
  [ -n "${R[pg_s2s.rps]:-}" ] && printf '  %-34s %s\n' "S2S on PostgreSQL / pgbench:" "$(ratio "${R[pg_s2s.rps]}" "$pg_tps") (target >= 0.5)"
  echo "disk:"
  printf '  %-34s %s\n' "SQLite, per purchase:" "$(calc "printf \"%.0f\", ($db_file_bytes + $wal_file_bytes) / $purchases_sqlite") B (tender.db $(mb $((db_file_bytes / 1024))) MB + WAL $(mb $((wal_file_bytes / 1024))) MB over $purchases_sqlite purchases; whole data dir $(calc "printf \"%.0f\", $dir_bytes / $purchases_sqlite") B)"
  [ "${btree_bytes:-0}" -gt 0 ] && printf '  %-34s %s\n' \
    "SQLite, kept per purchase:" "$(calc "printf \"%.0f\", ($btree_bytes - $outbox_bytes) / $purchases_sqlite") B (records, ledger, deliveries and their indexes; target <= 2500)" \
    "SQLite, outbox per purchase:" "$(calc "printf \"%.0f\", $outbox_bytes / $purchases_sqlite") B (events, each kept for the 1 h retention window, then purged)"
  [ -n "${pg_db_bytes:-}" ] && printf '  %-34s %s\n' "PostgreSQL, per purchase:" "database $(calc "printf \"%.0f\", $pg_db_bytes / ${R[pg_s2s.ok_all]}") B, WAL written $(calc "printf \"%.0f\", $pg_wal_bytes / ${R[pg_s2s.ok_all]}") B (${R[pg_s2s.ok_all]} purchases)"
  echo "memory (Tender on SQLite):"
  printf '  %-34s %s\n' "RSS idle / peak / 3 s after:" "$(mb "$rss_idle_kb") / $(mb "$rss_peak_kb") / $(mb "$rss_after_kb") MB$([ -n "${pg_rss_peak_kb:-}" ] && echo "; on PostgreSQL peak $(mb "$pg_rss_peak_kb") MB")"
  echo "Tender's log: ${log_errors_sqlite:-0} warning/error lines (SQLite)$([ -n "${log_errors_pg:-}" ] && echo ", $log_errors_pg (PostgreSQL)")"
  echo "wall time: $(( $(date +%s) - started_at )) s"
  echo "columns: req/s and p50/p99 of the measured run; p99@½ and @½req/s: a run paced at half that rate;"
  echo "  cpu: Tender's CPU time / wall time (cores); rssMB: Tender's RSS after the row; diskB/ok: growth of the"
  echo "  store's files over the row / its successful requests; ×nginx: rate / nginx's (POST or GET) rate."
  if [ "${#failures[@]}" -gt 0 ]; then echo "FAILURES:"; printf '  %s\n' "${failures[@]}"; fi
} | tee "$out"
echo "(written to ${out#"$root"/}; Tender's log: test-artifacts/bench-tender.log)"

[ "${#failures[@]}" = 0 ] || { echo "bench: FAILED: ${#failures[@]} problem(s) listed above" >&2; exit 1; }
