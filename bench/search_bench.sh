#!/usr/bin/env bash
# Scoped person search over HTTP on the full demo county (~1,000,000 people), from a loopback client.
# Target from the issue: p99 under 20 ms for
#   name   - a name prefix (common surnames 李 王 张 …) within one township
#   cid    - an exact citizen ID (blind-index lookup), county-wide
#   tag    - a care group (dibao, disabled, left_behind_elder) within one township
# and, not named in the issue but held to the same target here:
#   name_grid - the same surnames within one grid (~200 people: a grid worker's everyday search)
#
#   WANGGE_BENCH_DIR=/tmp/wangge-full bench/search_bench.sh
#
# WANGGE_BENCH_DIR is a data dir made by `bench/demo_bench.sh DIR` (or `wangge demo --data-dir DIR`, with the
# demo's output saved as DIR/demo-output.txt, or the county password in WANGGE_COUNTY_PASSWORD). Without
# it a full demo is built first into a temporary directory (several minutes) and removed afterwards.
#
# The script starts `wangge serve` on 127.0.0.1:SEARCH_PORT, logs in as `county` (county_command), learns
# the 25 township codes (sqlite3 on the database, read-only) and a citizen ID per township (listing people,
# then POST /api/v1/people/{id}/unmask with a purpose: 25 audited reads), then for each kind runs wrk with a
# Lua script rotating over the queries: 3 s warm-up, then SEARCH_DURATION (15 s) with SEARCH_CONNECTIONS (4)
# connections, --latency. Every request asks for limit=20 (the web UI's page).
#
# Environment: WANGGE_BIN, WANGGE_BENCH_DIR, WANGGE_COUNTY_PASSWORD, SEARCH_PORT (18089), SEARCH_DURATION (15),
# SEARCH_CONNECTIONS (4), SEARCH_WORKERS (server --workers, default the server's), BENCH_RESULTS.
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
PORT=${SEARCH_PORT:-18089}
DURATION=${SEARCH_DURATION:-15}
CONNS=${SEARCH_CONNECTIONS:-4}
THREADS=$((CONNS < 2 ? CONNS : 2))
BASE=http://127.0.0.1:$PORT
for tool in wrk curl sqlite3 python3; do
  command -v $tool >/dev/null || { echo "search_bench: needs $tool" >&2; exit 2; }
done
need_bin search_bench


WORK=$(mktemp -d "${TMPDIR:-/tmp}/wangge-search-bench.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DIR=${WANGGE_BENCH_DIR:-}
if [[ -z $DIR ]]; then
  echo "search_bench: WANGGE_BENCH_DIR unset: building a full demo county first (several minutes)"
  DIR=$WORK/demo
  BENCH_RESULTS='' "$ROOT/bench/demo_bench.sh" "$DIR" >/dev/null
fi
[[ -f $DIR/wangge.db ]] || { echo "search_bench: $DIR/wangge.db does not exist" >&2; exit 2; }

PASSWORD=${WANGGE_COUNTY_PASSWORD:-$(demo_password "$DIR" county)}
[[ -n $PASSWORD ]] || { echo "search_bench: no county password: set WANGGE_COUNTY_PASSWORD or keep the demo output in $DIR/demo-output.txt" >&2; exit 2; }

serve_args=()
if [[ -n ${SEARCH_WORKERS:-} ]]; then serve_args+=(--workers "$SEARCH_WORKERS"); fi
start_server "$DIR" "$PORT" "$WORK/server.log" "${serve_args[@]}" || { SERVER_PID=; echo "search_bench: server did not start" >&2; exit 1; }

json_field() {  # python expression over j, reading JSON on stdin
  python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}
TOKEN=$(login "$BASE" county "$PASSWORD")
[[ -n $TOKEN ]] || { echo "search_bench: login failed" >&2; exit 1; }
AUTH="Authorization: Bearer $TOKEN"

mapfile -t TOWNS < <(sqlite3 "file:$DIR/wangge.db?mode=ro" \
  "SELECT code FROM places WHERE level = 4 AND retired = 0 AND code LIKE '530326%' ORDER BY code")
echo "search_bench: ${#TOWNS[@]} townships (${TOWNS[0]} … ${TOWNS[-1]})"
mapfile -t GRIDS < <(sqlite3 "file:$DIR/wangge.db?mode=ro" \
  "SELECT min(code) FROM places WHERE level = 6 AND retired = 0 AND code LIKE '530326%' GROUP BY substr(code, 1, 9) ORDER BY 1")

# One real citizen ID per township: the 38th person listed there, unmasked with a purpose (audited).
CIDS=()
for t in "${TOWNS[@]}"; do
  id=$(curl -sf -H "$AUTH" "$BASE/api/v1/people?scope=$t&limit=40" | json_field 'j["items"][min(37, len(j["items"]) - 1)]["id"]')
  cid=$(curl -sf -X POST -H "$AUTH" -H 'Content-Type: application/json' -d '{"purpose":"性能测试：按公民身份号码查询的基准"}' \
    "$BASE/api/v1/people/$id/unmask" | json_field 'j["citizen_id"]')
  CIDS+=("$cid")
done
echo "search_bench: ${#CIDS[@]} citizen IDs (e.g. ${CIDS[0]:0:6}********${CIDS[0]:14})"

SURNAMES=(李 王 张 刘 陈 杨 赵 黄 周 吴 朱 马 罗 孔 保 管)
TAGS=(dibao disabled left_behind_elder)
urlenc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }
ENC=()
for s in "${SURNAMES[@]}"; do ENC+=("$(urlenc "$s")"); done

# Query lists, interleaved so consecutive requests differ in both township and value.
: >"$WORK/name.txt"
: >"$WORK/name_grid.txt"
: >"$WORK/tag.txt"
: >"$WORK/cid.txt"
for ((k = 0; k < ${#TOWNS[@]} * ${#SURNAMES[@]}; k++)); do
  echo "/api/v1/people?scope=${TOWNS[k % ${#TOWNS[@]}]}&name=${ENC[(k / ${#TOWNS[@]} + k) % ${#ENC[@]}]}&limit=20" >>"$WORK/name.txt"
done
for ((k = 0; k < ${#GRIDS[@]} * ${#SURNAMES[@]}; k++)); do
  echo "/api/v1/people?scope=${GRIDS[k % ${#GRIDS[@]}]}&name=${ENC[(k / ${#GRIDS[@]} + k) % ${#ENC[@]}]}&limit=20" >>"$WORK/name_grid.txt"
done
for ((k = 0; k < ${#TOWNS[@]} * ${#TAGS[@]}; k++)); do
  echo "/api/v1/people?scope=${TOWNS[k % ${#TOWNS[@]}]}&tag=${TAGS[(k / ${#TOWNS[@]} + k) % ${#TAGS[@]}]}&limit=20" >>"$WORK/tag.txt"
done
for c in "${CIDS[@]}"; do echo "/api/v1/people?citizen_id=$c&limit=20" >>"$WORK/cid.txt"; done

# A wrk script per kind: rotates over the paths; each thread starts at a different point; done() prints
# one machine-readable line.
make_lua() {  # kind
  {
    echo "local paths = {"
    sed 's/.*/  "&",/' "$WORK/$1.txt"
    echo "}"
    cat <<LUA
wrk.headers["Authorization"] = "Bearer $TOKEN"
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
local i = 0
function init(args)
  i = offset or 0
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
    echo "$WRK_DONE_LUA"
  } >"$WORK/$1.lua"
}

# Sanity check: the first query of each kind answers 200 with results.
KINDS=(name cid tag name_grid)
for kind in "${KINDS[@]}"; do
  make_lua $kind
  path=$(head -1 "$WORK/$kind.txt")
  code=$(curl -s -o "$WORK/probe.json" -w '%{http_code}' -H "$AUTH" "$BASE$path")
  n=$(json_field 'len(j.get("items", []))' <"$WORK/probe.json" 2>/dev/null || echo "?")
  echo "search_bench: probe $kind: HTTP $code, $n items ($(wc -l <"$WORK/$kind.txt") distinct queries)"
  [[ $code == 200 ]] || { cat "$WORK/probe.json" >&2; exit 1; }
done

declare -A LABEL=([name]="name prefix in township" [cid]="exact citizen ID" [tag]="care group in township"
  [name_grid]="name prefix in grid")
for kind in "${KINDS[@]}"; do
  wrk -t"$THREADS" -c"$CONNS" -d3s -s "$WORK/$kind.lua" "$BASE" >/dev/null  # warm-up
  echo "search_bench: $kind (${LABEL[$kind]}): wrk -t$THREADS -c$CONNS -d${DURATION}s --latency"
  wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -s "$WORK/$kind.lua" "$BASE" >"$WORK/wrk-$kind.txt"
  grep -v '^WRKJSON' "$WORK/wrk-$kind.txt" | sed 's/^/  /'
  wrk_stats "$WORK/wrk-$kind.txt"
  echo "search_bench: $kind: p50=${P50} ms p90=${P90} ms p99=${P99} ms max=${MAXMS} ms ${RPS} req/s non-2xx=${NON2XX} socket-errors=${SOCKERR}"
  emit "search_$kind" p50_ms "$P50" ms ""
  emit "search_$kind" p99_ms "$P99" ms "< 20"
  emit "search_$kind" req_per_s "$RPS" req/s ""
  emit "search_$kind" errors "$((NON2XX + SOCKERR))" requests "= 0"
done
