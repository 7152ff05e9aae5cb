#!/usr/bin/env bash
# The event loop over HTTP on the full demo county (targets from the issue):
#   intake      durable event intake: POST /api/v1/orders from ORDERS_CONNECTIONS (64) loopback connections
#               (wrk), each a resident's report located by coordinates to a grid — ≥ 10,000 orders/s, p99 < 50 ms;
#   indicators  GET /api/v1/indicators for the county and each township over 12 months — p99 < 10 ms;
#   open_list   GET /api/v1/orders?scope=<township>&sort=deadline&limit=50 — p99 < 10 ms.
# In-process figures and the ≥ 100x comparison with a GROUP BY over the raw orders: indicators_bench.
#
#   WANGGE_BENCH_DIR=/tmp/wangge-full bench/orders_bench.sh
#
# WANGGE_BENCH_DIR: a data dir made by `bench/demo_bench.sh DIR` (demo output kept in DIR/demo-output.txt).
# The intake run adds orders to that database; run it on a copy if you need the demo untouched
# (ORDERS_COPY=1 copies the directory first).
# Environment: WANGGE_BIN, WANGGE_BENCH_DIR, ORDERS_PORT (18091), ORDERS_DURATION (20), ORDERS_CONNECTIONS (64),
# ORDERS_COPY, BENCH_RESULTS.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT=${ORDERS_PORT:-18091}
DURATION=${ORDERS_DURATION:-20}
CONNS=${ORDERS_CONNECTIONS:-64}
BASE=http://127.0.0.1:$PORT
for tool in wrk curl python3 $(on_postgres && echo psql || echo sqlite3); do
  command -v $tool >/dev/null || { echo "orders_bench: needs $tool" >&2; exit 2; }
done
need_bin orders_bench

WORK=$(mktemp -d "${TMPDIR:-/tmp}/wangge-orders-bench.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DIR=${WANGGE_BENCH_DIR:-}
if [[ -z $DIR ]]; then
  echo "orders_bench: WANGGE_BENCH_DIR unset: building a full demo county first (about a minute)"
  DIR=$WORK/demo
  BENCH_RESULTS='' "$ROOT/bench/demo_bench.sh" "$DIR" >/dev/null
elif [[ -n ${ORDERS_COPY:-} ]]; then
  cp -r "$DIR" "$WORK/demo"
  DIR=$WORK/demo
fi
on_postgres || [[ -f $DIR/wangge.db ]] || { echo "orders_bench: $DIR/wangge.db does not exist" >&2; exit 2; }
for u in county resident; do
  [[ -n $(demo_password "$DIR" $u) ]] || { echo "orders_bench: no password for $u in $DIR/demo-output.txt" >&2; exit 2; }
done

start_server "$DIR" "$PORT" "$WORK/server.log"
COUNTY_TOKEN=$(login "$BASE" county "$(demo_password "$DIR" county)")
RESIDENT_TOKEN=$(login "$BASE" resident "$(demo_password "$DIR" resident)")
ORDERS_BEFORE=$(db_sql "$DIR" "SELECT count(*) FROM orders")

# Report positions: the centre of 500 grids spread over the county (from their rectangles).
db_sql "$DIR" \
  "SELECT boundary FROM places WHERE level = 6 AND NOT retired AND boundary != '' ORDER BY random() LIMIT 500" |
  python3 -c '
import json, sys
for line in sys.stdin:
    c = json.loads(line)["coordinates"][0]
    xs = [p[0] for p in c]; ys = [p[1] for p in c]
    print("  {%.6f, %.6f}," % ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2))' >"$WORK/points.lua"
CATS=(0101 0102 0103 0401 0402 0701 0801 0901 1101 1201)
{
  echo "local points = {"
  cat "$WORK/points.lua"
  echo "}"
  echo "local cats = {$(printf '"%s",' "${CATS[@]}")}"
  cat <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $RESIDENT_TOKEN"
wrk.headers["Content-Type"] = "application/json"
local n = 0
function request()
  n = n + 1
  local p = points[(n % #points) + 1]
  local body = string.format('{"category":"%s","description":"性能测试上报 %d：路面有垃圾堆积","lon":%.6f,"lat":%.6f}',
    cats[(n % #cats) + 1], n, p[1], p[2])
  return wrk.format("POST", "/api/v1/orders", nil, body)
end
LUA
  echo "$WRK_DONE_LUA"
} >"$WORK/intake.lua"

# Read scripts: rotate over the county and townships.
mapfile -t TOWNS < <(db_sql "$DIR" \
  "SELECT code FROM places WHERE level = 4 AND NOT retired AND code LIKE '530326%' ORDER BY code")
read_lua() {  # name path-template-with-%s
  {
    echo "local subjects = {\"530326\",$(printf '"%s",' "${TOWNS[@]}")}"
    cat <<LUA
wrk.headers["Authorization"] = "Bearer $COUNTY_TOKEN"
local n = 0
function request()
  n = n + 1
  return wrk.format("GET", string.format("$2", subjects[(n % #subjects) + 1]))
end
LUA
    echo "$WRK_DONE_LUA"
  } >"$WORK/$1.lua"
}
read_lua indicators "/api/v1/indicators?place=%s"
read_lua open_list "/api/v1/orders?scope=%s&sort=deadline&limit=50"

for kind in indicators open_list; do
  code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H "Authorization: Bearer $COUNTY_TOKEN" \
    "$BASE/api/v1/$([[ $kind == indicators ]] && echo "indicators?place=${TOWNS[0]}" || echo "orders?scope=${TOWNS[0]}&sort=deadline&limit=50")")
  [[ $code == 200 ]] || { echo "orders_bench: probe $kind: HTTP $code" >&2; cat "$WORK/probe.json" >&2; exit 1; }
  wrk -t2 -c4 -d3s -s "$WORK/$kind.lua" "$BASE" >/dev/null
  wrk -t2 -c4 -d"${DURATION}s" --latency -s "$WORK/$kind.lua" "$BASE" >"$WORK/wrk-$kind.txt"
  wrk_stats "$WORK/wrk-$kind.txt"
  echo "orders_bench: $kind (4 connections): p50=$P50 ms p99=$P99 ms max=$MAXMS ms $RPS req/s non-2xx=$NON2XX socket-errors=$SOCKERR"
  emit "orders_$kind" p50_ms "$P50" ms ""
  emit "orders_$kind" p99_ms "$P99" ms "< 10"
  emit "orders_$kind" errors "$((NON2XX + SOCKERR))" requests "= 0"
done

wrk -t2 -c"$CONNS" -d3s -s "$WORK/intake.lua" "$BASE" >/dev/null
wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/intake.lua" "$BASE" >"$WORK/wrk-intake.txt"
wrk_stats "$WORK/wrk-intake.txt"
ORDERS_AFTER=$(db_sql "$DIR" "SELECT count(*) FROM orders")
echo "orders_bench: intake ($CONNS connections): p50=$P50 ms p90=$P90 ms p99=$P99 ms max=$MAXMS ms $RPS orders/s non-2xx=$NON2XX socket-errors=$SOCKERR"
echo "orders_bench: orders in the database: $ORDERS_BEFORE before, $ORDERS_AFTER after (warm-up included)"
emit orders_intake p50_ms "$P50" ms ""
emit orders_intake p99_ms "$P99" ms "< 50"
emit orders_intake orders_per_s "$RPS" orders/s ">= 10000"
emit orders_intake errors "$((NON2XX + SOCKERR))" requests "= 0"
grep -E '^# (HELP|TYPE) wangge_writer|^wangge_writer' <(curl -s "$BASE/metrics") | head -20 || true
