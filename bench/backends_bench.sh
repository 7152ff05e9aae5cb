#!/usr/bin/env bash
# The storage backends side by side (MISSION 30): the same benchmarks on SQLite (the data directory's file) and
# on PostgreSQL 15 (a server this script starts in a temporary directory with tests/postgres/pg_server.sh,
# durable commits), then one table with both columns and PostgreSQL's cost or gain per figure:
#   demo_bench.sh    `wangge demo --scale full` (~1,000,000 people, 12 months of orders)
#   orders_bench.sh  durable intake over HTTP (64 connections), indicators and the township open list (p99)
#   import_bench.sh  first import of 1,000,000 people and the re-import
#
#   bench/backends_bench.sh            (about 15 minutes on 2 cores)
#
# Environment: WANGGE_BIN, ORDERS_DURATION (20), IMPORT_ROWS (1000000), DEMO_SCALE (full),
# PG_SERVER_OPTS (more postgres -c settings, default shared_buffers=1GB), BENCH_OUT (default
# bench/results/backends.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_bin backends_bench
command -v psql >/dev/null || { echo "backends_bench: needs psql (postgresql-client-15)" >&2; exit 2; }
OUT=${BENCH_OUT:-$ROOT/bench/results/backends.md}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/wangge-backends-bench.XXXXXX")
STATE=$WORK/pg
cleanup() {
  "$ROOT/tests/postgres/pg_server.sh" stop "$STATE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
export PG_SERVER_OPTS=${PG_SERVER_OPTS:--c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=15min}
"$ROOT/tests/postgres/pg_server.sh" start "$STATE"
SERVER=$(cat "$STATE/url")
make_db() {  # a fresh database on the bench server; prints its URL
  psql "$SERVER" -XAtq -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
  echo "${SERVER%/*}/$1"
}

for backend in sqlite postgresql; do
  results=$WORK/$backend.jsonl
  : >"$results"
  unset WANGGE_DB
  [[ $backend == postgresql ]] && export WANGGE_DB=$(make_db bench_demo)
  echo "== $backend: demo"
  BENCH_RESULTS=$results "$ROOT/bench/demo_bench.sh" "$WORK/demo-$backend"
  echo "== $backend: orders"
  WANGGE_BENCH_DIR=$WORK/demo-$backend BENCH_RESULTS=$results "$ROOT/bench/orders_bench.sh"
  if [[ $backend == postgresql ]]; then
    echo "== postgresql, 4 writer connections: orders"
    : >"$WORK/postgresql4.jsonl"
    WANGGE_DB_WRITERS=4 WANGGE_BENCH_DIR=$WORK/demo-$backend BENCH_RESULTS=$WORK/postgresql4.jsonl \
      "$ROOT/bench/orders_bench.sh"
  fi
  rm -rf "$WORK/demo-$backend"
  [[ $backend == postgresql ]] && export WANGGE_DB=$(make_db bench_import)
  echo "== $backend: import"
  BENCH_RESULTS=$results "$ROOT/bench/import_bench.sh"
done

python3 - "$WORK/sqlite.jsonl" "$WORK/postgresql.jsonl" "$WORK/postgresql4.jsonl" "$OUT" "$(git -C "$ROOT" rev-parse --short HEAD)" <<'PY'
import json, sys, datetime, os
def load(f):
    out = {}
    for line in open(f):
        j = json.loads(line)
        out[(j["bench"], j["metric"])] = j
    return out
a, b, c = load(sys.argv[1]), load(sys.argv[2]), load(sys.argv[3])
out_file, commit = sys.argv[4], sys.argv[5]
lower_better = ("ms", "s", "MiB", "requests", "rows")
lines = ["# SQLite and PostgreSQL side by side", "",
         "Run %s UTC, commit %s, %d CPUs, load average at the end %s (`bench/backends_bench.sh`)." % (
             datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), commit, os.cpu_count(),
             " ".join("%.2f" % x for x in os.getloadavg())), "",
         "PostgreSQL: one writer connection (the default), and for the orders benchmark also four "
         "(`WANGGE_DB_WRITERS=4`).", "",
         "| benchmark | metric | SQLite | PostgreSQL | PostgreSQL, 4 writers | unit | PostgreSQL vs SQLite | target |",
         "|---|---|---:|---:|---:|---|---|---|"]
for key in a:
    if key not in b:
        continue
    x, y = a[key]["value"], b[key]["value"]
    unit = a[key]["unit"]
    if x and y and unit not in ("people", "rows", "requests"):
        r = y / x
        better = (r < 1) if unit in lower_better else (r > 1)
        rel = "%.2fx (%s)" % (r, "better" if better else ("same" if abs(r - 1) < 0.05 else "worse"))
    else:
        rel = ""
    z = "{:,}".format(c[key]["value"]) if key in c else ""
    lines.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (key[0], key[1], "{:,}".format(x), "{:,}".format(y), z,
                                                             unit, rel, a[key]["target"]))
open(out_file, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
