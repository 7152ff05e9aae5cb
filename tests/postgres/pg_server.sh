#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the tests (the CTest fixture "postgres" runs `start` before and `stop`
# after every test that needs it): initdb into a fresh directory under /tmp, a random loopback port,
# password login (scram-sha-256) for a superuser `wangge` with a generated password. The server refuses to
# run as root, so as root it runs as the `postgres` user that Debian's postgresql-15 package creates.
# PG_SERVER_OPTS: more `-c name=value` settings (bench/backends_bench.sh gives it a larger cache).
#
# Usage: tests/postgres/pg_server.sh start STATE_DIR   writes STATE_DIR/url (postgresql://…) and STATE_DIR/datadir
#        tests/postgres/pg_server.sh stop STATE_DIR    stops the server and removes its directory
#        tests/postgres/pg_server.sh restart STATE_DIR restarts it (fast shutdown: sessions are cut), same port
set -euo pipefail
cmd=${1:?start|stop}
state=${2:?state directory}
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "pg_server.sh: PostgreSQL 15 is not installed (apt-get install postgresql-15)" >&2; exit 1; }

as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop() {
  if [[ -f $state/datadir ]]; then
    local dir
    dir=$(cat "$state/datadir")
    if [[ -d $dir ]]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
      rm -rf "$dir"
    fi
    rm -f "$state/datadir" "$state/url"
  fi
}

case $cmd in
  stop) stop ;;
  restart)
    dir=$(cat "$state/datadir")
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m fast -w -t 60 restart >/dev/null
    ;;
  start)
    mkdir -p "$state"
    stop  # a server left by an interrupted run
    dir=$(mktemp -d /tmp/wangge-pg.XXXXXX)
    echo "$dir" >"$state/datadir"
    chmod 0711 "$dir"
    password=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
    printf '%s\n' "$password" >"$dir/pw"
    [[ $(id -u) == 0 ]] && chown -R postgres: "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U wangge --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pw"
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 40000))
      if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c shared_buffers=128MB ${PG_SERVER_OPTS:-}" >/dev/null; then
        echo "postgresql://wangge:$password@127.0.0.1:$port/postgres" >"$state/url"
        chmod 0600 "$state/url"
        exit 0
      fi
      grep -q "could not bind\|already in use" "$dir/server.log" 2>/dev/null || break
    done
    cat "$dir/server.log" >&2 || true
    exit 1
    ;;
  *) echo "usage: $0 start|stop STATE_DIR" >&2; exit 2 ;;
esac
