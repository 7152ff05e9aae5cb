#!/usr/bin/env bash
# The one command that installs, builds and starts wangge with the demo county loaded:
#   scripts/run.sh            # full 会泽县 demo (~1,000,000 people) on http://127.0.0.1:8080
#   WANGGE_SCALE=small scripts/run.sh
# The demo is built once into ./var (prints the accounts and their generated passwords); later runs reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
# Only what running needs: the `wangge` binary and the web UI (the test command builds the tests, fuzz replays and
# benchmarks).
scripts/build.sh release wangge
scripts/build-web.sh
bin=build/release/src/cli/wangge
data=${WANGGE_DATA_DIR:-var}
if [[ ! -f "$data/wangge.db" ]]; then
  mkdir -p "$(dirname "$data")"
  # The accounts file holds passwords: owner-only, like everything in the data directory.
  (umask 077 && "$bin" demo --data-dir "$data" --scale "${WANGGE_SCALE:-full}" | tee "$data.accounts.txt")
  echo "(accounts saved to $data.accounts.txt)"
else
  echo "reusing $data/wangge.db (delete $data to rebuild the demo; accounts are in $data.accounts.txt)"
fi
exec "$bin" serve --data-dir "$data" --host "${WANGGE_HOST:-127.0.0.1}" --port "${WANGGE_PORT:-8080}"
