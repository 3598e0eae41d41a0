#!/usr/bin/env bash
# Benchmarks Tender's purchase creation against nginx serving a static body of the same size,
# and measures the disk's fsync rate to show what group commit buys. See bench/README.md.
#
#   bash bench/run.sh
#
# Environment (all optional):
#   BENCH_DURATION=10s  BENCH_THREADS=2  BENCH_CONNECTIONS=64  BENCH_WARMUP=2s (0 to skip)
#   BENCH_TIMEOUT=5s    wrk's per-request timeout
#   NGINX_WORKERS=auto  nginx worker_processes
#   BENCH_FSYNC_COUNT=2000  synchronous 4 KiB writes for the fsync-rate measurement
#   BENCH_DATA_PARENT   where the temporary data dir goes (default: build-release/; it must be
#                       on the disk you care about: a tmpfs makes fsync free)
#   BENCH_KEEP=1        keep the temporary data dir and nginx prefix
#   BENCH_SKIP_BUILD=1  use the existing build-release/tender
#   BENCH_TENDER_PORT, BENCH_NGINX_PORT  ports to try first (default: random free ports)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="$root/bench"
build_dir="$root/build-release"
artifacts="$root/test-artifacts"
out="$artifacts/bench.txt"

duration="${BENCH_DURATION:-10s}"
threads="${BENCH_THREADS:-2}"
connections="${BENCH_CONNECTIONS:-64}"
warmup="${BENCH_WARMUP:-2s}"
wrk_timeout="${BENCH_TIMEOUT:-5s}"
nginx_workers="${NGINX_WORKERS:-auto}"
fsync_count="${BENCH_FSYNC_COUNT:-2000}"

die() { echo "bench: $*" >&2; exit 1; }
for tool in cmake ninja wrk curl node; do command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps.sh as root)"; done
nginx_bin="$(command -v nginx || true)"
[ -n "$nginx_bin" ] || { [ -x /usr/sbin/nginx ] && nginx_bin=/usr/sbin/nginx; } || die "nginx not found (apt-get install nginx-light)"

tender_pid="" nginx_pid="" wrk_pid="" work=""
cleanup() {
  local rc=$?
  set +e
  for pid in $wrk_pid $tender_pid $nginx_pid; do kill -TERM "$pid" 2>/dev/null; done
  for pid in $wrk_pid $tender_pid $nginx_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  if [ -n "$work" ]; then
    # Tender logs one line per request; keep its start, every warning/error and its end.
    [ -f "$work/tender.log" ] && {
      head -n 5 "$work/tender.log"
      echo "... ($(wc -l <"$work/tender.log") lines in all; warnings and errors follow) ..."
      grep -E '\[(warning|error|critical)\]' "$work/tender.log" | head -n 200
      echo "... (last lines) ..."
      tail -n 5 "$work/tender.log"
    } >"$artifacts/bench-tender.log"
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

field() {  # FILE KEY: a top-level string field of a JSON object
  node -e 'const o = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = o[process.argv[2]];
           if (v === undefined) process.exit(1); console.log(v)' "$1" "$2"
}

bench_value() {  # FILE KEY: a value from the BENCH line the wrk scripts print
  sed -n 's/^BENCH .*[[:space:]]'"$2"'=\([^[:space:]]*\).*$/\1/p; s/^BENCH '"$2"'=\([^[:space:]]*\).*$/\1/p' "$1" | head -1
}

mkdir -p "$artifacts"
rm -f "$out" "$artifacts/bench-tender.log" "$artifacts/bench-nginx-error.log"

# --- build --------------------------------------------------------------------------------
if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  echo "==> building Release into build-release/"
  export CCACHE_DIR="${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}"
  cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$build_dir" -j"${JOBS:-2}" tender
fi
tender="$build_dir/tender"
[ -x "$tender" ] || die "$tender not built"

parent="${BENCH_DATA_PARENT:-$build_dir}"
mkdir -p "$parent"
work="$(mktemp -d "$parent/bench.XXXXXX")"
chmod 755 "$work"  # nginx workers must read the static file

# --- fsync rate -----------------------------------------------------------------------------
# Measured before and after the load runs (a shared disk varies a lot); the summary uses the mean.
measure_fsync() {  # prints synchronous 4 KiB writes per second on the data dir's filesystem
  local out secs
  out="$(LC_ALL=C dd if=/dev/zero of="$work/fsync.test" bs=4k count="$fsync_count" oflag=dsync 2>&1)"
  rm -f "$work/fsync.test"
  secs="$(echo "$out" | sed -n 's/.* copied, \([0-9.e+-]*\) s,.*/\1/p')"
  [ -n "$secs" ] || die "could not parse dd output: $out"
  awk -v n="$fsync_count" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'
}
fs_source="$(findmnt -no SOURCE -T "$work" 2>/dev/null || true)"
echo "==> measuring the fsync rate of ${fs_source:-?} $(findmnt -no FSTYPE -T "$work" 2>/dev/null || true) ($fsync_count x 4 KiB O_DSYNC writes)"
fsync_before="$(measure_fsync)"
echo "    $fsync_before fsync/s"

# The disk's completed flush requests (field 16 of /sys/block/DEV/stat, Linux >= 5.5), to count
# the flushes during Tender's run. Other processes' flushes count too, so it is an upper bound.
disk_stat=""
dev="${fs_source##*/}"
if [ -n "$dev" ] && [ -e "/sys/class/block/$dev/stat" ]; then
  [ -e "/sys/class/block/$dev/partition" ] && dev="$(basename "$(readlink -f "/sys/class/block/$dev/..")")"
  [ "$(wc -w <"/sys/class/block/$dev/stat")" -ge 16 ] && disk_stat="/sys/class/block/$dev/stat"
fi
disk_flushes() { [ -n "$disk_stat" ] && awk '{ print $16 }' "$disk_stat" || echo 0; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime + stime

# --- Tender -------------------------------------------------------------------------------
echo "==> starting Tender"
"$tender" init --data "$work/data" --json >"$work/init.json"
api_key="$(field "$work/init.json" api_key)" || die "no api_key in tender init output"
brand_id="$(field "$work/init.json" brand_id)" || die "no brand_id in tender init output"
# Another program may take the chosen port between the check and the bind: retry a few times.
for attempt in 1 2 3 4 5; do
  tender_port="$(free_port)"
  [ "$attempt" = 1 ] && [ -n "${BENCH_TENDER_PORT:-}" ] && tender_port="$BENCH_TENDER_PORT"
  "$tender" serve --data "$work/data" --listen "127.0.0.1:$tender_port" >>"$work/tender.log" 2>&1 &
  tender_pid=$!
  wait_http "http://127.0.0.1:$tender_port/" "$tender_pid" && break
  kill "$tender_pid" 2>/dev/null || true; wait "$tender_pid" 2>/dev/null || true; tender_pid=""
  [ "$attempt" = 5 ] && die "tender did not start; its log:$(echo; cat "$work/tender.log")"
done

body='{"brand_id": "'"$brand_id"'", "client": {"email": "bench@example.com"}, "purchase": {"products": [{"name": "Item", "price": 1000}]}}'
code="$(curl -s -o "$work/purchase.json" -w '%{http_code}' -X POST "http://127.0.0.1:$tender_port/api/v1/purchases/" \
  -H "Authorization: Bearer $api_key" -H 'Content-Type: application/json' --data "$body")"
case "$code" in 2??) ;; *) die "sample purchase got HTTP $code: $(head -c 500 "$work/purchase.json")" ;; esac
body_bytes="$(wc -c <"$work/purchase.json")"
echo "    sample purchase: HTTP $code, $body_bytes bytes (used as nginx's static body)"

# --- nginx --------------------------------------------------------------------------------
echo "==> starting nginx"
mkdir -p "$work/nginx/html" "$work/nginx/tmp"
cp "$work/purchase.json" "$work/nginx/html/purchase.json"
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
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/html;
    location = /purchase.json { default_type application/json; }
  }
}
EOF
  "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >>"$work/nginx/stdout.log" 2>&1 &
  nginx_pid=$!
  wait_http "http://127.0.0.1:$nginx_port/purchase.json" "$nginx_pid" && break
  kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""
  [ "$attempt" = 5 ] && die "nginx did not start; its error log:$(echo; cat "$work/nginx/error.log")"
done

# --- load ---------------------------------------------------------------------------------
wrk_bg() {  # wrk ARGS... in the background, waited for, so INT/TERM stop the script at once
  wrk "$@" &
  wrk_pid=$!
  wait "$wrk_pid" || die "wrk failed: wrk $*"
  wrk_pid=""
}
run_wrk() {  # NAME URL SCRIPT: warm-up run, then the measured run into $work/NAME.wrk
  export BENCH_DIR="$bench_dir" TENDER_API_KEY="$api_key" TENDER_BRAND_ID="$brand_id"
  if [ "$warmup" != 0 ]; then
    wrk_bg -t"$threads" -c"$connections" -d"$warmup" --timeout "$wrk_timeout" -s "$3" "$2" >/dev/null
  fi
  echo "==> wrk $1: ${duration}, $threads threads, $connections connections"
  # Tender's CPU time and the disk's flushes are sampled around the measured run.
  [ "$1" = tender ] && { flushes0="$(disk_flushes)" ticks0="$(cpu_ticks "$tender_pid")" t0="$(date +%s.%N)"; }
  wrk_bg -t"$threads" -c"$connections" -d"$duration" --timeout "$wrk_timeout" --latency -s "$3" "$2" >"$work/$1.wrk"
  [ "$1" = tender ] && { flushes1="$(disk_flushes)" ticks1="$(cpu_ticks "$tender_pid")" t1="$(date +%s.%N)"; }
  cat "$work/$1.wrk"
}
run_wrk tender "http://127.0.0.1:$tender_port" "$bench_dir/purchase.lua"
run_wrk nginx "http://127.0.0.1:$nginx_port" "$bench_dir/static.lua"
echo "==> measuring the fsync rate again"
fsync_after="$(measure_fsync)"
echo "    $fsync_after fsync/s"

# --- summary ------------------------------------------------------------------------------
t_rps="$(bench_value "$work/tender.wrk" rps)"
n_rps="$(bench_value "$work/nginx.wrk" rps)"
[ -n "$t_rps" ] && [ -n "$n_rps" ] || die "wrk printed no BENCH line"
t_non2xx="$(bench_value "$work/tender.wrk" non2xx)"
t_first="$(bench_value "$work/tender.wrk" first_non2xx)"
n_non2xx="$(bench_value "$work/nginx.wrk" non2xx)"
t_sock=0
for k in err_connect err_read err_write err_timeout; do t_sock=$((t_sock + $(bench_value "$work/tender.wrk" "$k"))); done
fsync_rate="$(( (fsync_before + fsync_after) / 2 ))"
tender_requests="$(bench_value "$work/tender.wrk" requests)"
run_secs="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
tender_cores="$(awk -v d="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" -v s="$run_secs" 'BEGIN { printf "%.2f", d / hz / s }')"
if [ -n "$disk_stat" ]; then
  flushes=$((flushes1 - flushes0))
  flush_line="$flushes in ${run_secs}s ($(awk -v f="$flushes" -v s="$run_secs" 'BEGIN { printf "%.0f", f / s }')/s; $(awk -v f="$flushes" -v r="$tender_requests" 'BEGIN { printf (f > 0 ? "%.1f" : "n/a"), (f > 0 ? r / f : 0) }') requests per flush)"
else
  flush_line="n/a (no block-device flush counter for ${fs_source:-this filesystem})"
fi
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
log_errors="$(grep -cE '\[(warning|error|critical)\]' "$work/tender.log" || true)"
purchases="$(sqlite3 "file:$work/data/tender.db?mode=ro" "select count(*) from records where kind = 'purchase'" 2>/dev/null || echo '?')"

{
  echo "Tender benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t$threads -c$connections -d$duration"
  echo "  tender: POST /api/v1/purchases/ (creates a purchase; ${body_bytes}-byte JSON response)"
  echo "  nginx:  GET of a static copy of that response (nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), $nginx_workers workers)"
  printf '  %-28s %s\n' \
    "Tender req/s:" "$t_rps" \
    "nginx req/s:" "$n_rps" \
    "Tender / nginx:" "$(awk -v a="$t_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')" \
    "fsync/s (4 KiB O_DSYNC dd):" "$fsync_rate (before $fsync_before, after $fsync_after)" \
    "Tender req/s / fsync/s:" "$(awk -v a="$t_rps" -v b="$fsync_rate" 'BEGIN { printf (b > 0 ? "%.2f" : "n/a"), (b > 0 ? a / b : 0) }')" \
    "Tender latency p50/p99:" "$(ms "$(bench_value "$work/tender.wrk" p50_us)") / $(ms "$(bench_value "$work/tender.wrk" p99_us)") (max $(ms "$(bench_value "$work/tender.wrk" max_us)"))" \
    "nginx latency p50/p99:" "$(ms "$(bench_value "$work/nginx.wrk" p50_us)") / $(ms "$(bench_value "$work/nginx.wrk" p99_us)") (max $(ms "$(bench_value "$work/nginx.wrk" max_us)"))" \
    "Tender CPU use:" "$tender_cores cores" \
    "disk flushes (Tender run):" "$flush_line" \
    "Tender non-2xx:" "$t_non2xx$([ "$t_non2xx" != 0 ] && echo " (first: HTTP $t_first)")" \
    "Tender socket errors:" "$t_sock" \
    "nginx non-2xx:" "$n_non2xx" \
    "Tender log warn+error lines:" "$log_errors" \
    "purchases in the store:" "$purchases"
} | tee "$out"
echo "(written to ${out#"$root"/}; Tender's log: test-artifacts/bench-tender.log)"

fail=0
[ "$t_non2xx" = 0 ] || { echo "bench: FAILED: Tender answered $t_non2xx non-2xx responses (first: HTTP $t_first)" >&2; fail=1; }
[ "$t_sock" = 0 ] || { echo "bench: FAILED: $t_sock socket errors against Tender" >&2; fail=1; }
[ "$n_non2xx" = 0 ] || { echo "bench: FAILED: nginx answered $n_non2xx non-2xx responses (benchmark setup broken)" >&2; fail=1; }
exit "$fail"
