#!/usr/bin/env bash
# A province on one PostgreSQL 15 server (MISSION 30): PROVINCE_COUNTIES real counties of 云南 (default the
# twelve with the most townships, 252 in all: ~10 M people, ~3 M orders) built one after the other by
# `wangge demo --county C --scale full` into one database, then over HTTP as the system administrator:
#   county_dashboard     the 综治中心 dashboard's four indicator queries (group_by child, month, category and
#                        department, 12 months, what web/src/views/dashboard loads) for each county in turn —
#                        target p99 < 10 ms;
#   province_indicators  the same four for the province (53) — target p99 < 50 ms;
#   county_open_list     GET /api/v1/orders?scope=<county>&sort=deadline&limit=50, each county in turn.
# Also per county the demo's wall time, and the database's size, people and orders at the end.
#
#   bench/province_bench.sh            (about an hour on 2 cores, ~25 GB under ${TMPDIR:-/tmp})
#
# PROVINCE_KEEP=DIR keeps the data directory and the server's state in DIR; run again with the same DIR, the
# counties already built are skipped and the server is started on the kept data (the demo takes the hour).
# Environment: WANGGE_BIN, PROVINCE_COUNTIES, PROVINCE_KEEP, PROVINCE_DURATION (20 s per read benchmark),
# PROVINCE_JOBS (demos at a time, 2), PROVINCE_SCALE (full; small tries the script in a minute),
# PROVINCE_PORT (18093), PG_SERVER_OPTS (default shared_buffers=2GB), BENCH_RESULTS.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_bin province_bench
for tool in psql wrk curl python3; do
  command -v $tool >/dev/null || { echo "province_bench: needs $tool" >&2; exit 2; }
done
COUNTIES=(${PROVINCE_COUNTIES:-530326 530627 530381 530502 530602 530828 530581 530128 532601 532627 530129 530622})
DURATION=${PROVINCE_DURATION:-20}
JOBS=${PROVINCE_JOBS:-2}
SCALE=${PROVINCE_SCALE:-full}
PORT=${PROVINCE_PORT:-18093}
BASE=http://127.0.0.1:$PORT
KEEP=${PROVINCE_KEEP:-}
WORK=${KEEP:-$(mktemp -d "${TMPDIR:-/tmp}/wangge-province-bench.XXXXXX")}
mkdir -p "$WORK"
chmod 700 "$WORK"
DIR=$WORK/data
STATE=$WORK/pg
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -z $KEEP ]]; then
    "$ROOT/tests/postgres/pg_server.sh" stop "$STATE" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

export PG_SERVER_OPTS=${PG_SERVER_OPTS:--c shared_buffers=2GB -c max_wal_size=8GB -c checkpoint_timeout=15min}
if [[ -f $STATE/datadir && -d $(cat "$STATE/datadir") ]]; then
  dd=$(cat "$STATE/datadir")
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$dd/data" -l "$dd/server.log" -w start >/dev/null 2>&1 || true
  else /usr/lib/postgresql/15/bin/pg_ctl -D "$dd/data" -l "$dd/server.log" -w start >/dev/null 2>&1 || true; fi
else
  "$ROOT/tests/postgres/pg_server.sh" start "$STATE"
  psql "$(cat "$STATE/url")" -XAtq -c "CREATE DATABASE province" >/dev/null
fi
SERVER=$(cat "$STATE/url")
export WANGGE_DB=${SERVER%/*}/province
mkdir -p "$DIR"
chmod 700 "$DIR"

# The counties, PROVINCE_JOBS (2) at a time: each demo is its own process with its own county's counters and
# audit chain; only the province and prefecture counter rows are shared (locked briefly at each commit).
build_county() {
  local c=$1 out=$WORK/demo-$1.txt start end
  if [[ -s $out ]] && grep -q 'demo county built' "$out"; then return 0; fi
  start=$(date +%s.%N)
  "$BIN" demo --data-dir "$DIR" --scale "$SCALE" --county "$c" >"$out" 2>"$WORK/demo-$c.log" ||
    { echo "province_bench: demo of $c failed:" >&2; tail -5 "$WORK/demo-$c.log" >&2; return 1; }
  end=$(date +%s.%N)
  chmod 600 "$out"
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }' >"$WORK/demo-$c.secs"
  echo "province_bench: $c: $(grep -m1 'demo county built' "$out")"
}
# The first county alone (it creates the shared rows and the admin account), then the others in lanes.
wall0=$(date +%s.%N)
build_county "${COUNTIES[0]}"
pids=()
for ((lane = 0; lane < JOBS; ++lane)); do
  (
    for ((i = 1 + lane; i < ${#COUNTIES[@]}; i += JOBS)); do build_county "${COUNTIES[$i]}"; done
  ) &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
wall=$(awk -v a="$wall0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
for c in "${COUNTIES[@]}"; do
  out=$WORK/demo-$c.txt
  secs=$(cat "$WORK/demo-$c.secs")
  people=$(sed -n 's/.* \([0-9]*\) 人,.*/\1/p' "$out" | head -1)
  orders=$(sed -n 's/.*work orders: \([0-9]*\) .*/\1/p' "$out" | head -1)
  echo "province_bench: county $c: ${secs} s, $people people, $orders orders"
  emit "province_demo_$c" seconds "$secs" s ""
done
psql "$WANGGE_DB" -XAtq -c "VACUUM ANALYZE" >/dev/null

people=$(db_sql "$DIR" "SELECT count(*) FROM people")
orders=$(db_sql "$DIR" "SELECT count(*) FROM orders")
db_mib=$(awk -v b="$(db_bytes "$DIR")" 'BEGIN { printf "%.0f", b / 1048576 }')
echo "province_bench: ${#COUNTIES[@]} counties, $people people, $orders orders, ${db_mib} MiB, demo ${wall} s wall ($JOBS at a time)"
emit province counties "${#COUNTIES[@]}" counties ">= 10"
emit province people "$people" people "~10,000,000"
emit province orders "$orders" orders "~3,000,000"
emit province db_size "$db_mib" MiB ""
emit province demo_wall_seconds "$wall" s ""

start_server "$DIR" "$PORT" "$WORK/server.log"
ADMIN_TOKEN=$(login "$BASE" admin "$(awk '$1 == "admin" { print $2; exit }' "$WORK/demo-${COUNTIES[0]}.txt")")
FROM=$(date -u -d "$(date -u +%Y-%m-01) -11 months" +%Y-%m-%d)
TO=$(date -u +%Y-%m-%d)

# read_lua NAME SUBJECTS PATH-TEMPLATE: a wrk script cycling over subjects × the dashboard's four group_bys.
read_lua() {
  {
    echo "local subjects = {$(printf '"%s",' $2)}"
    echo 'local groups = {"child", "month", "category", "department"}'
    cat <<LUA
wrk.headers["Authorization"] = "Bearer $ADMIN_TOKEN"
local n = 0
function request()
  n = n + 1
  local s = subjects[(n % #subjects) + 1]
  local g = groups[(math.floor(n / #subjects) % #groups) + 1]
  return wrk.format("GET", string.format("$3", s, g))
end
LUA
    echo "$WRK_DONE_LUA"
  } >"$WORK/$1.lua"
}
read_lua county_dashboard "${COUNTIES[*]}" "/api/v1/indicators?place=%s&group_by=%s&from=$FROM&to=$TO"
read_lua province_indicators "53" "/api/v1/indicators?place=%s&group_by=%s&from=$FROM&to=$TO"
read_lua county_open_list "${COUNTIES[*]}" "/api/v1/orders?scope=%s&sort=deadline&limit=50"

for kind in county_dashboard province_indicators county_open_list; do
  case $kind in
    county_dashboard) url="/api/v1/indicators?place=${COUNTIES[0]}&group_by=child&from=$FROM&to=$TO" ;;
    province_indicators) url="/api/v1/indicators?place=53&group_by=child&from=$FROM&to=$TO" ;;
    county_open_list) url="/api/v1/orders?scope=${COUNTIES[0]}&sort=deadline&limit=50" ;;
  esac
  code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN_TOKEN" "$BASE$url")
  [[ $code == 200 ]] || { echo "province_bench: probe $kind $url: HTTP $code" >&2; cat "$WORK/probe.json" >&2; exit 1; }
  # The province's figures must count its orders (roll-up subjects start at the county today: a province or
  # prefecture answers zero until they are maintained too; then this benchmark measures nothing real).
  if [[ $kind == province_indicators ]] &&
    [[ $(python3 -c 'import json,sys; j = json.load(open(sys.argv[1])); print(j.get("total", j)["counts"]["received"])' "$WORK/probe.json") == 0 ]]; then
    echo "province_bench: the province's indicators count 0 orders: not measured" >&2
    continue
  fi
  wrk -t2 -c4 -d3s -s "$WORK/$kind.lua" "$BASE" >/dev/null
  wrk -t2 -c4 -d"${DURATION}s" --latency -s "$WORK/$kind.lua" "$BASE" >"$WORK/wrk-$kind.txt"
  wrk_stats "$WORK/wrk-$kind.txt"
  echo "province_bench: $kind (4 connections): p50=$P50 ms p99=$P99 ms max=$MAXMS ms $RPS req/s non-2xx=$NON2XX socket-errors=$SOCKERR"
  target=""
  [[ $kind == county_dashboard ]] && target="< 10"
  [[ $kind == province_indicators ]] && target="< 50"
  emit "province_$kind" p50_ms "$P50" ms ""
  emit "province_$kind" p99_ms "$P99" ms "$target"
  emit "province_$kind" errors "$((NON2XX + SOCKERR))" requests "= 0"
done
if [[ -n $KEEP ]]; then echo "province_bench: kept $WORK (server: tests/postgres/pg_server.sh stop $STATE)"; fi
