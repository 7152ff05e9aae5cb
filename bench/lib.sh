# Shared by the bench/*.sh scripts (source it): the wangge binary and the result line format.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${WANGGE_BIN:-$ROOT/build/release/src/cli/wangge}

# The database: the SQLite file of the data directory, or the PostgreSQL database WANGGE_DB names (every
# `wangge` the scripts start reads WANGGE_DB too; bench/backends_bench.sh runs the benchmarks on both).
on_postgres() { [[ ${WANGGE_DB:-} == postgres* ]]; }

# db_sql DIR SQL: runs a read-only query on the benchmark's database and prints the rows (one per line, columns
# separated by '|'). Write the SQL in the dialect both backends share.
db_sql() {
  if on_postgres; then
    psql "$WANGGE_DB" -XAtq -c "$2"
  else
    sqlite3 "file:$1/wangge.db?mode=ro" "$2"
  fi
}

# db_bytes DIR: the size of the benchmark's database in bytes.
db_bytes() {
  if on_postgres; then
    psql "$WANGGE_DB" -XAtq -c "SELECT pg_database_size(current_database())"
  else
    local n=0 f
    for f in "$1"/wangge.db "$1"/wangge.db-wal; do
      if [[ -f $f ]]; then n=$((n + $(stat -c %s "$f"))); fi
    done
    echo "$n"
  fi
}

# need_bin NAME: exit 2 with a hint when the binary is missing.
need_bin() {
  [[ -x $BIN ]] || { echo "$1: no wangge binary at $BIN (build: scripts/build.sh release, or set WANGGE_BIN)" >&2; exit 2; }
}

# emit bench metric value unit target: prints "RESULT {json}" and appends the JSON to $BENCH_RESULTS if set.
emit() {
  local line
  line=$(printf '{"bench":"%s","metric":"%s","value":%s,"unit":"%s","target":"%s"}' "$1" "$2" "$3" "$4" "$5")
  echo "RESULT $line"
  if [[ -n ${BENCH_RESULTS:-} ]]; then echo "$line" >>"$BENCH_RESULTS"; fi
}

# start_server DIR PORT LOG [serve args...]: starts `wangge serve` on 127.0.0.1:PORT in the background, sets
# SERVER_PID and waits (up to 60 s) for /healthz. The caller's EXIT trap should kill $SERVER_PID.
start_server() {
  local dir=$1 port=$2 log=$3
  shift 3
  "$BIN" serve --data-dir "$dir" --host 127.0.0.1 --port "$port" "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$log" >&2; echo "server exited" >&2; SERVER_PID=; return 1; fi
    sleep 0.5
  done
  echo "server did not become healthy" >&2
  return 1
}

# demo_password DIR USER: the demo account's password from DIR/demo-output.txt (or "" when unknown).
demo_password() {
  [[ -f $1/demo-output.txt ]] && awk -v u="$2" '$1 == u { print $2; exit }' "$1/demo-output.txt"
}

# login BASE USER PASSWORD: prints a session token.
login() {
  curl -sf -X POST "$1/api/v1/auth/login" -H 'Content-Type: application/json' \
    -d "$(python3 -c 'import json,sys; print(json.dumps({"username":sys.argv[1],"password":sys.argv[2]}))' "$2" "$3")" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# The done() function of a wrk Lua script: one machine-readable WRKJSON line.
WRK_DONE_LUA='function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKJSON {\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"max_ms\":%.3f,\"requests\":%d,\"seconds\":%.3f,\"non2xx\":%d,\"socket_errors\":%d}\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests, summary.duration / 1e6, e.status, e.connect + e.read + e.write + e.timeout))
end'

# wrk_stats FILE: reads the WRKJSON line of a wrk output into P50 P90 P99 MAXMS REQS SECS NON2XX SOCKERR RPS.
wrk_stats() {
  read -r P50 P90 P99 MAXMS REQS SECS NON2XX SOCKERR < <(sed -n 's/^WRKJSON //p' "$1" | python3 -c '
import json, sys
j = json.load(sys.stdin)
print(j["p50_ms"], j["p90_ms"], j["p99_ms"], j["max_ms"], j["requests"], j["seconds"], j["non2xx"], j["socket_errors"])')
  RPS=$(awk -v r="$REQS" -v s="$SECS" 'BEGIN { printf "%.0f", r / s }')
}
