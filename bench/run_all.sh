#!/usr/bin/env bash
# Runs every benchmark once, in order, and writes the figures to bench/results/:
#   latest.jsonl  one JSON object per figure: {"bench","metric","value","unit","target"}
#   latest.md     the same as a short markdown table (copied into bench/README.md by hand)
#
#   bench/run_all.sh
#
# Order: build (incremental) -> geo_bench -> sheet_bench (CSV reader) -> demo_bench (full county, kept in
# WANGGE_BENCH_DIR) -> import_bench -> search_bench (HTTP, on that county) -> people_search_bench
# (in-process, same county). Takes about 4-6 minutes on 2 cores once built; data goes to /tmp, never into the tree.
#
# Environment:
#   WANGGE_BUILD_DIR  build tree (default build/release, the release preset)
#   WANGGE_BENCH_DIR  reuse this full demo county (made by demo_bench.sh DIR) and skip the demo timing;
#                     by default a new one is built in /tmp and removed at the end unless BENCH_KEEP=1
#   BENCH_SKIP        space-separated steps to skip: geo sheet demo import search people
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${WANGGE_BUILD_DIR:-$ROOT/build/release}
export WANGGE_BIN=${WANGGE_BIN:-$BUILD/src/cli/wangge}
RESULTS_DIR=$ROOT/bench/results
mkdir -p "$RESULTS_DIR"
export BENCH_RESULTS=$RESULTS_DIR/latest.jsonl
: >"$BENCH_RESULTS"
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
SKIP=" ${BENCH_SKIP:-} "
skip() { [[ $SKIP == *" $1 "* ]]; }
step() { echo; echo "==== $* ($(date '+%H:%M:%S'))"; }

emit() {  # bench metric value unit target
  local line
  line=$(printf '{"bench":"%s","metric":"%s","value":%s,"unit":"%s","target":"%s"}' "$1" "$2" "$3" "$4" "$5")
  echo "RESULT $line"
  echo "$line" >>"$BENCH_RESULTS"
}

step "build ($BUILD)"
if [[ ! -f $BUILD/build.ninja ]]; then
  cmake --preset release -S "$ROOT" -B "$BUILD"
fi
ninja -C "$BUILD" -j"${BENCH_JOBS:-2}" wangge geo_bench sheet_bench people_search_bench indicators_bench disputes_bench ledger_bench

TMP_JSON=$(mktemp -d "${TMPDIR:-/tmp}/wangge-run-all.XXXXXX")
DEMO_DIR=${WANGGE_BENCH_DIR:-}
OWN_DEMO=0
cleanup() {
  rm -rf "$TMP_JSON"
  if [[ $OWN_DEMO == 1 && ${BENCH_KEEP:-0} != 1 ]]; then rm -rf "$DEMO_DIR"; fi
}
trap cleanup EXIT

# Google Benchmark JSON -> RESULT lines. Args: json file, then name=bench:metric:field:unit:target:scale,
# where field is real_time (converted to `unit` by scale from the file's time_unit) or a counter.
gbench_emit() {
  python3 - "$@" <<'PY' | while read -r b m v u t; do [[ $t == - ]] && t=; emit "$b" "$m" "$v" "$u" "$t"; done
import json, sys
data = json.load(open(sys.argv[1]))
runs = {b["name"]: b for b in data["benchmarks"] if b.get("run_type", "iteration") == "iteration"}
to_ms = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}
for spec in sys.argv[2:]:
    name, rest = spec.split("=", 1)
    bench, metric, field, unit, target = rest.split(":")
    b = runs.get(name)
    if b is None or b.get("error_occurred"):
        print(bench, metric, "null", unit, target or "-")
        continue
    v = b["real_time"] * to_ms[b["time_unit"]] if field == "real_time" else b[field]
    print(bench, metric, ("%.3f" % v) if v < 100 else ("%.0f" % v), unit, target or "-")
PY
}

if ! skip geo; then
  step "geo_bench"
  "$BUILD/bench/geo_bench" --benchmark_out="$TMP_JSON/geo.json" --benchmark_out_format=json
  gbench_emit "$TMP_JSON/geo.json" \
    "BM_ValidateGridLayout=geo_validate_15_grids:ms_per_layout:real_time:ms:<50" \
    "BM_ValidateGridLayoutWithProblems=geo_validate_15_grids_with_problems:ms_per_layout:real_time:ms:<50" \
    "BM_GridLocatorBuild=geo_locator_build_5000_grids:ms:real_time:ms:" \
    "BM_GridLocatorLocate/real_time=geo_locate_1_thread:lookups_per_s:lookups/s:lookups/s:>=500000" \
    "BM_GridLocatorLocate/real_time/threads:2=geo_locate_2_threads:lookups_per_s:lookups/s:lookups/s:"
fi

if ! skip sheet; then
  step "sheet_bench (CSV reader, 1,000,000 rows)"
  "$BUILD/bench/sheet_bench" --benchmark_filter='BM_CsvReader' --benchmark_out="$TMP_JSON/sheet.json" --benchmark_out_format=json
  gbench_emit "$TMP_JSON/sheet.json" "BM_CsvReader/1000000=sheet_csv_reader:rows_per_s:rows/s:rows/s:>=300000"
fi

if [[ -z $DEMO_DIR ]]; then
  DEMO_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wangge-bench-full.XXXXXX")
  rmdir "$DEMO_DIR"
  OWN_DEMO=1
fi
if [[ $OWN_DEMO == 1 ]]; then
  step "demo_bench (full county into $DEMO_DIR)"
  "$ROOT/bench/demo_bench.sh" "$DEMO_DIR"
else
  echo "run_all: reusing $DEMO_DIR (no demo timing this run)"
fi
export WANGGE_BENCH_DIR=$DEMO_DIR

if ! skip import; then
  step "import_bench"
  "$ROOT/bench/import_bench.sh"
fi

if ! skip search; then
  step "search_bench (HTTP)"
  "$ROOT/bench/search_bench.sh"
fi

if ! skip people; then
  step "people_search_bench (in-process)"
  "$BUILD/bench/people_search_bench" --benchmark_out="$TMP_JSON/people.json" --benchmark_out_format=json
  gbench_emit "$TMP_JSON/people.json" \
    "BM_NamePrefixInTownship=inproc_search_name:mean_ms:real_time:ms:" \
    "BM_NamePrefixInTownship=inproc_search_name:p99_ms:p99_ms:ms:<20" \
    "BM_NamePrefixInGrid=inproc_search_name_grid:mean_ms:real_time:ms:" \
    "BM_NamePrefixInGrid=inproc_search_name_grid:p99_ms:p99_ms:ms:<20" \
    "BM_CitizenIdExact=inproc_search_cid:mean_ms:real_time:ms:" \
    "BM_CitizenIdExact=inproc_search_cid:p99_ms:p99_ms:ms:<20" \
    "BM_TagInTownship=inproc_search_tag:mean_ms:real_time:ms:" \
    "BM_TagInTownship=inproc_search_tag:p99_ms:p99_ms:ms:<20" \
    "BM_MixedInTownship/real_time/threads:4=inproc_search_mixed_4_threads:calls_per_s:calls/s:calls/s:"
fi

if ! skip indicators; then
  step "indicators_bench (in-process: roll-ups vs GROUP BY, open-order list)"
  "$BUILD/bench/indicators_bench"
fi

if ! skip disputes; then
  step "disputes_bench (in-process: dispute case list, dispute figures, screening board)"
  "$BUILD/bench/disputes_bench"
fi

if ! skip ledger; then
  # It writes its own records (an item, points, a year of movements): on a scratch small county, not DEMO_DIR.
  step "ledger_bench (in-process: 64 clients redeeming 100 in stock, an account's balance with a year of movements)"
  "$BUILD/src/cli/wangge" demo --scale small --data-dir "$TMP_JSON/ledger" > /dev/null
  WANGGE_BENCH_DIR="$TMP_JSON/ledger" "$BUILD/bench/ledger_bench"
fi

if ! skip dashboard; then
  step "dashboard_bench (web UI: the 综治中心 dashboard's first load in chromium)"
  node "$ROOT/bench/dashboard_bench.mjs"
fi

if ! skip orders; then
  step "orders_bench (HTTP: indicators, open-order list, intake; on a copy of the county)"
  ORDERS_COPY=1 "$ROOT/bench/orders_bench.sh"
fi

step "results -> $RESULTS_DIR/latest.md"
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -qv '^.. bench/' && echo ' + uncommitted changes' || true)
python3 - "$BENCH_RESULTS" "$RESULTS_DIR/latest.md" "$(uname -srm)" "$(nproc)" \
  "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$DIRTY" "$LOAD_START" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import datetime, json, re, sys
src, out, uname, cpus, commit, load_start, load_end = sys.argv[1:]
rows = [json.loads(l) for l in open(src) if l.strip()]
def met(v, target):
    m = re.fullmatch(r"\s*(<|<=|>=|>|=)\s*([0-9.]+)\s*", target or "")
    if not m or v is None:
        return ""
    op, t = m.group(1), float(m.group(2))
    ok = {"<": v < t, "<=": v <= t, ">": v > t, ">=": v >= t, "=": v == t}[op]
    return "yes" if ok else "**no**"
def fmt(v):
    if v is None:
        return "n/a"
    if isinstance(v, float) and v != int(v):
        return "%.2f" % v if v < 100 else "{:,.0f}".format(v)
    return "{:,}".format(int(v))
lines = [
    "# Latest benchmark results",
    "",
    "Run %s UTC on %s, %s CPUs, commit %s (`bench/run_all.sh`)." % (
        datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M"), uname, cpus, commit),
    "Load average (1/5/15 min) at the start: %s; at the end: %s. Other work on the host inflates wall times "
    "and latency tails." % (load_start, load_end),
    "",
    "| benchmark | metric | value | unit | target | met |",
    "|---|---|---:|---|---|---|",
]
for r in rows:
    target = r.get("target") or ""
    if target == "-":
        target = ""
    lines.append("| %s | %s | %s | %s | %s | %s |" % (r["bench"], r["metric"], fmt(r["value"]), r["unit"], target, met(r["value"], target)))
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
