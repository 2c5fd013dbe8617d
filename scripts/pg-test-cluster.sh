#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests: trust auth, 127.0.0.1 only, data in a temporary directory.
#
#   scripts/pg-test-cluster.sh start        prints TEST_DATABASE_URL=... and PG_TEST_DIR=...
#   scripts/pg-test-cluster.sh stop [dir]   stops it and removes its directory (dir: PG_TEST_DIR from start;
#                                           default: the cluster this repository started last)
#
# Usage from a shell:  eval "$(scripts/pg-test-cluster.sh start)"; ...; scripts/pg-test-cluster.sh stop "$PG_TEST_DIR"
# As root the server runs as the `postgres` user (PostgreSQL refuses to run as root).
# Env: PG_BIN (bin directory; default the newest /usr/lib/postgresql/*/bin), PG_TEST_PORT (first port to try, 55432),
#      PG_TEST_DURABLE=1: keep PostgreSQL's durable defaults (fsync, synchronous_commit, full_page_writes on) and
#      load pg_stat_statements, for benchmarks; tests leave it unset (durability off: faster, data is thrown away).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
state_file="$repo/.data/pg-test-cluster.dir"

die() {
  echo "pg-test-cluster: $*" >&2
  exit 1
}

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then
    [ -x "$PG_BIN/pg_ctl" ] || die "PG_BIN=$PG_BIN has no pg_ctl"
    echo "$PG_BIN"
    return
  fi
  local dir
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] ||
    die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (install the Debian package 'postgresql': scripts/ensure-system-deps.sh test)"
  echo "$dir"
}

# Runs a PostgreSQL program as the cluster's owner, from inside its directory (the caller's
# working directory may not be readable by that user).
as_owner() {
  local dir=$1
  shift
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir port
  bin=$(find_bin)
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to run the server as"
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/yichuang-pg.XXXXXX")
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
  chmod 700 "$dir"

  if ! as_owner "$dir" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    rm -rf "$dir"
    die "initdb failed"
  fi

  # The first free port from PG_TEST_PORT on; another run may take a port between the check and the
  # start, so a failed bind moves on to the next one.
  local settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if [ "${PG_TEST_DURABLE:-}" = 1 ]; then settings="-c shared_preload_libraries=pg_stat_statements"; fi
  port=${PG_TEST_PORT:-55432}
  local last=$((port + 50))
  while :; do
    [ "$port" -le "$last" ] || { rm -rf "$dir"; die "no free port in ${PG_TEST_PORT:-55432}-$last"; }
    if port_in_use "$port"; then
      port=$((port + 1))
      continue
    fi
    if as_owner "$dir" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s start \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir $settings" \
      >/dev/null 2>&1; then
      break
    fi
    if grep -qE 'could not bind|Address already in use|lock file .* already exists' "$dir/server.log" 2>/dev/null; then
      : >"$dir/server.log"
      port=$((port + 1))
      continue
    fi
    cat "$dir/server.log" >&2 || true
    rm -rf "$dir"
    die "the server did not start"
  done

  mkdir -p "$(dirname "$state_file")"
  echo "$dir" >"$state_file"
  echo "TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres"
  echo "PG_TEST_DIR=$dir"
}

stop() {
  local dir=${1:-${PG_TEST_DIR:-}}
  if [ -z "$dir" ] && [ -f "$state_file" ]; then dir=$(cat "$state_file"); fi
  [ -n "$dir" ] || die "no cluster to stop (give its directory, PG_TEST_DIR)"
  case "$dir" in
    */yichuang-pg.*) ;;
    *) die "refusing to remove $dir: not a directory this script created" ;;
  esac
  if [ -d "$dir/data" ]; then
    as_owner "$dir" "$(find_bin)/pg_ctl" -D "$dir/data" -m fast -w -s stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  if [ -f "$state_file" ] && [ "$(cat "$state_file")" = "$dir" ]; then rm -f "$state_file"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *)
    echo "usage: $0 start | stop [dir]" >&2
    exit 2
    ;;
esac
