#!/usr/bin/env bash
# Times `wangge demo` (default --scale full: 会泽县 with 25 townships and ~1,000,000 people).
# Target from the issue: the full county in under 2 minutes.
#
#   bench/demo_bench.sh [DATA_DIR]
#
# DATA_DIR must not exist yet (or be empty). When given it is kept, with the demo's output (accounts and
# generated passwords) in DATA_DIR/demo-output.txt, so search_bench.sh and people_search_bench can reuse it;
# without it a directory under ${TMPDIR:-/tmp} is used and removed afterwards.
#
# Environment: WANGGE_BIN (default build/release/src/cli/wangge), DEMO_SCALE (full|small, default full),
# BENCH_RESULTS (a file to append JSON lines to).
set -euo pipefail

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCALE=${DEMO_SCALE:-full}
need_bin demo_bench


KEEP=1
DIR=${1:-}
if [[ -z $DIR ]]; then
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/wangge-demo-bench.XXXXXX")
  KEEP=0
  trap 'rm -rf "$DIR"' EXIT
elif [[ -e $DIR && -n $(ls -A "$DIR" 2>/dev/null) ]]; then
  echo "demo_bench: $DIR is not empty; give a new directory" >&2
  exit 2
fi
mkdir -p "$DIR"
chmod 700 "$DIR"

echo "demo_bench: wangge demo --scale $SCALE --data-dir $DIR"
OUT=$DIR/demo-output.txt
TIMES=$DIR/demo-time.txt
start=$(date +%s.%N)
/usr/bin/time -v -o "$TIMES" "$BIN" demo --data-dir "$DIR" --scale "$SCALE" >"$OUT"
end=$(date +%s.%N)
chmod 600 "$OUT"
secs=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
internal=$(sed -n 's/.* built in \([0-9.]*\) s.*/\1/p' "$OUT" | head -1)
people=$(sed -n 's/.* \([0-9]*\) 人,.*/\1/p' "$OUT" | head -1)
db_bytes=$(db_bytes "$DIR")
db_mib=$(awk -v b="$db_bytes" 'BEGIN { printf "%.0f", b / 1048576 }')
rss_kib=$(sed -n 's/.*Maximum resident set size (kbytes): *//p' "$TIMES")
rss_mib=$(awk -v k="${rss_kib:-0}" 'BEGIN { printf "%.0f", k / 1024 }')

grep -m1 'demo county built' "$OUT" || head -1 "$OUT"
echo "demo_bench: scale=$SCALE wall=${secs}s (generator's own figure ${internal:-?} s) people=${people:-?} db=${db_mib} MiB peak_rss=${rss_mib} MiB"
emit "demo_$SCALE" seconds "$secs" s "< 120"
emit "demo_$SCALE" db_size "$db_mib" MiB ""
emit "demo_$SCALE" people "${people:-0}" people ""
emit "demo_$SCALE" peak_rss "$rss_mib" MiB ""
if [[ $KEEP == 1 ]]; then echo "demo_bench: kept $DIR (accounts in $OUT)"; fi
