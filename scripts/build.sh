#!/usr/bin/env bash
# Configures and builds a CMake preset (default: release), optionally only some targets; a full build also
# builds the web UI (scripts/build-web.sh).
# Usage: scripts/build.sh [release|debug-asan|fuzz] [target ...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-release}
shift || true
cmake --preset "$preset" >/dev/null
if (($#)); then
  cmake --build --preset "$preset" -j "$(nproc)" --target "$@"
else
  cmake --build --preset "$preset" -j "$(nproc)"
  scripts/build-web.sh
fi
