# Shared by the bench/*.sh scripts (source it): the wangge binary and the result line format.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${WANGGE_BIN:-$ROOT/build/release/src/cli/wangge}

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
