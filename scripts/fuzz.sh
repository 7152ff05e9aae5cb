#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (clang-14, ASan + UBSan): builds the fuzz preset, then runs each
# target for a fixed number of executions, seeded with its committed corpus and crash reproducers (copied to a
# temporary directory: the repository is never modified). Exits non-zero if any target finds a crash, a leak,
# undefined behaviour, a timeout or an out-of-memory; the input is kept in build/fuzz/findings/<target>/ —
# fix the product and commit the input to tests/fuzz/crashes/<target>/, where the regression test replays it.
#
# Usage: scripts/fuzz.sh [target ...]   (default: every target)
#   WANGGE_FUZZ_RUNS=N      executions per target instead of each target's default (the short run that CI
#                           does: about 2 minutes for all targets on 2 quiet cores)
#   WANGGE_FUZZ_SEED=N      the short run's random seed (default 1: the same commit fuzzes the same inputs,
#                           so a CI failure is caused by the change and reproduces with this command; 0 draws
#                           a new seed per run)
#   WANGGE_FUZZ_SECONDS=S   run each target for S seconds instead, with a new seed each time (the long run
#                           that explores: WANGGE_FUZZ_SECONDS=3600)
#   WANGGE_FUZZ_JOBS=N      targets run at once (default: the number of cores)
#   WANGGE_FUZZ_KEEP=DIR    keep each grown corpus in DIR/<target> (to minimise with -merge=1 and commit)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# Executions per target in the short run: each about 30 s of CPU (two minutes for all on two quiet cores;
# several times that on a machine busy with other work). Exec/s differ tenfold between a citizen ID and an
# .xlsx that is built, read, written and read again.
declare -A runs=(
  [json_body]=140000 [csv]=200000 [xlsx]=160000 [xlsx_parts]=60000
  [citizen_id]=600000 [codes]=200000 [open311]=160000 [geojson]=80000
)
# Largest input libFuzzer makes per target (bytes).
declare -A max_len=(
  [json_body]=16384 [csv]=16384 [xlsx]=65536 [xlsx_parts]=32768
  [citizen_id]=256 [codes]=256 [open311]=16384 [geojson]=16384
)
targets=("$@")
((${#targets[@]})) || targets=(json_body csv xlsx xlsx_parts citizen_id codes open311 geojson)
for t in "${targets[@]}"; do
  [[ -n ${runs[$t]:-} ]] || { echo "fuzz.sh: unknown target $t" >&2; exit 2; }
done

scripts/build.sh fuzz wangge_fuzzers
bin=$root/build/fuzz/tests/fuzz
findings=$root/build/fuzz/findings
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

run_target() {
  local t=$1
  local corpus=$work/$t/corpus
  mkdir -p "$corpus" "$findings/$t"
  cp -r "$root/tests/fuzz/corpus/$t/." "$corpus/" 2>/dev/null || true
  [[ -d $root/tests/fuzz/crashes/$t ]] && cp -r "$root/tests/fuzz/crashes/$t/." "$corpus/"
  local seeds
  seeds=$(find "$corpus" -type f | wc -l)
  touch "$work/$t.seeds"  # what lands in findings/ after this moment is this run's
  local args=(-max_len="${max_len[$t]}" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1
              -artifact_prefix="$findings/$t/")
  [[ -f $root/tests/fuzz/dict/$t.dict ]] && args+=(-dict="$root/tests/fuzz/dict/$t.dict")
  if [[ -n ${WANGGE_FUZZ_SECONDS:-} ]]; then
    args+=(-max_total_time="$WANGGE_FUZZ_SECONDS")
  else
    args+=(-runs="${WANGGE_FUZZ_RUNS:-${runs[$t]}}" -seed="${WANGGE_FUZZ_SEED:-1}")
  fi
  local rc=0
  "$bin/fuzz_$t" "${args[@]}" "$corpus" >"$work/$t.log" 2>&1 || rc=$?
  local execs speed added rss
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$t.log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$t.log")
  added=$(sed -n 's/^stat::new_units_added: *//p' "$work/$t.log")
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$work/$t.log")
  if ((rc != 0)); then
    # The progress lines first, the report last (a CI log is often read from its end): from the first line
    # of the sanitizer's, libFuzzer's or the invariant's report, and the saved input as hex.
    echo "FAIL fuzz_$t (exit $rc): findings in $findings/$t/"
    local at
    at=$(grep -n -m1 -E '^==[0-9]+==|runtime error|fuzz invariant failed|deadly signal|out-of-memory|-- leak|ERROR: libFuzzer' \
         "$work/$t.log" | cut -d: -f1 || true)
    if [[ -n $at ]]; then
      ((at > 1)) && sed -n "$((at > 10 ? at - 10 : 1)),$((at - 1))p" "$work/$t.log"
      sed -n "$at,$((at + 80))p" "$work/$t.log"
    else
      tail -n 60 "$work/$t.log"
    fi
    local f
    find "$findings/$t" -type f -newer "$work/$t.seeds" | while read -r f; do
      echo "input $(basename "$f") ($(stat -c %s "$f") bytes): $(head -c 2048 "$f" | od -An -v -tx1 | tr -d ' \n')"
    done
    return 1
  fi
  printf 'ok   fuzz_%-11s %9s execs %7s exec/s  seeds %4s  new units %5s  peak RSS %4s MB\n' \
    "$t" "${execs:-?}" "${speed:-?}" "$seeds" "${added:-?}" "${rss:-?}"
  if [[ -n ${WANGGE_FUZZ_KEEP:-} ]]; then
    mkdir -p "$WANGGE_FUZZ_KEEP/$t"
    cp -r "$corpus/." "$WANGGE_FUZZ_KEEP/$t/"
  fi
}

jobs_max=${WANGGE_FUZZ_JOBS:-$(nproc)}
start=$SECONDS
for t in "${targets[@]}"; do
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
  # Each run leaves its verdict in a file: `wait -n` above may already have reaped it.
  { run_target "$t" && touch "$work/$t.ok"; } &
done
wait
failed=()
for t in "${targets[@]}"; do [[ -f $work/$t.ok ]] || failed+=("$t"); done
echo "fuzz: ${#targets[@]} targets in $((SECONDS - start)) s; failed: ${failed[*]:-none}"
((${#failed[@]} == 0))
