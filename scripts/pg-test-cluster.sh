#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests, from Debian's `postgresql` package.
#
#   url=$(bash scripts/pg-test-cluster.sh start)        # prints postgres://… on stdout
#   eval "$(bash scripts/pg-test-cluster.sh start --env)"  # exports TENDER_TEST_POSTGRES_URL, TENDER_PG_TEST_DIR
#   bash scripts/pg-test-cluster.sh stop [DIR]           # DIR defaults to $TENDER_PG_TEST_DIR
#   bash scripts/pg-test-cluster.sh status [DIR]
#
# start: initdb on a new temporary directory (or --dir DIR, which must not exist), a free port
# on 127.0.0.1 only, no Unix socket outside DIR, a random password (scram-sha-256), and a
# database `tender`. The superuser is `tender`, so tests may CREATE DATABASE / SCHEMA. The
# server runs as an unprivileged user: the caller, or, when run as root, the `postgres` user
# from the Debian package (created with useradd if it is missing). Settings are durable
# (fsync on); pass --fast for fsync=off when durability is not under test.
# stop: pg_ctl stop -m fast, then removes DIR. Idempotent: a missing DIR is not an error.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DEFAULT_USER="postgres"

die() { echo "pg-test-cluster: $*" >&2; exit 1; }

[ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb not found: install Debian's postgresql-15 (scripts/install-deps.sh)"

# Runs a command as the cluster's owner.
as_owner() {
  local owner="$1"; shift
  if [ "$(id -un)" = "$owner" ]; then "$@"; else runuser -u "$owner" -- "$@"; fi
}

pick_owner() {
  if [ "$(id -u)" -ne 0 ]; then id -un; return; fi
  if ! id "$DEFAULT_USER" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$DEFAULT_USER" >&2
  fi
  echo "$DEFAULT_USER"
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir="" emit_env=0 fast=0
  while [ $# -gt 0 ]; do
    case "$1" in
      --dir) dir="$2"; shift 2 ;;
      --env) emit_env=1; shift ;;
      --fast) fast=1; shift ;;
      *) die "unknown option $1" ;;
    esac
  done
  local owner; owner="$(pick_owner)"
  if [ -z "$dir" ]; then
    dir="$(mktemp -d "${TMPDIR:-/tmp}/tender-pg.XXXXXX")"
  else
    [ -e "$dir" ] && die "$dir exists; choose a new directory"
    mkdir -p "$dir"
  fi
  chmod 700 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir"

  local password; password="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  printf '%s\n' "$password" > "$dir/pwfile"
  chmod 600 "$dir/pwfile"
  [ "$(id -u)" -eq 0 ] && chown "$owner" "$dir/pwfile"

  as_owner "$owner" "$PG_BIN/initdb" -D "$dir/data" -U tender --pwfile="$dir/pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  rm -f "$dir/pwfile"

  local extra=""
  [ "$fast" -eq 1 ] && extra="fsync = off"
  # Tests start many servers, each with two small pools: room for a few hundred connections.
  cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 400
shared_buffers = 128MB
logging_collector = off
log_min_messages = warning
$extra
EOF

  local port="" attempt
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_in_use "$port" && continue
    if as_owner "$owner" "$PG_BIN/pg_ctl" -D "$dir/data" -o "-p $port" -l "$dir/server.log" -w -t 60 start >/dev/null; then
      break
    fi
    port=""
  done
  [ -n "$port" ] || { tail -20 "$dir/server.log" >&2 || true; die "could not start the server"; }
  echo "$port" > "$dir/port"

  local url="postgres://tender:${password}@127.0.0.1:${port}/tender"
  PGPASSWORD="$password" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U tender tender \
    || { stop "$dir"; die "createdb failed"; }
  printf '%s\n' "$url" > "$dir/url"
  chmod 600 "$dir/url"
  if [ "$emit_env" -eq 1 ]; then
    printf 'export TENDER_TEST_POSTGRES_URL=%q\nexport TENDER_PG_TEST_DIR=%q\n' "$url" "$dir"
  else
    echo "pg-test-cluster: PostgreSQL on 127.0.0.1:$port, data in $dir (stop: $0 stop $dir)" >&2
    printf '%s\n' "$url"
  fi
}

stop() {
  local dir="${1:-${TENDER_PG_TEST_DIR:-}}"
  [ -n "$dir" ] || die "stop: which directory? (argument or TENDER_PG_TEST_DIR)"
  [ -d "$dir" ] || return 0
  [ -f "$dir/data/PG_VERSION" ] || die "$dir does not look like a cluster made by this script; not removing it"
  local owner; owner="$(stat -c %U "$dir/data")"
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_owner "$owner" "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_owner "$owner" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

status() {
  local dir="${1:-${TENDER_PG_TEST_DIR:-}}"
  [ -n "$dir" ] && [ -d "$dir/data" ] || die "status: no cluster at '${dir}'"
  local owner; owner="$(stat -c %U "$dir/data")"
  as_owner "$owner" "$PG_BIN/pg_ctl" -D "$dir/data" status
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  status) status "$@" ;;
  url) cat "${1:-${TENDER_PG_TEST_DIR:?}}/url" ;;
  *) die "usage: $0 start [--dir DIR] [--env] [--fast] | stop [DIR] | status [DIR] | url [DIR]" ;;
esac
