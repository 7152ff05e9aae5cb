#!/usr/bin/env bash
# The one command that runs every test: installs packages, checks the C++ formatting (scripts/check-format.sh),
# builds (release), runs all CTest suites (unit, storage contract, e2e HTTP against a real server, browser tests
# of the web UI in Debian's chromium; screenshots land in build/release/test-output/browser), then the sanitizer
# build's unit suites and a short libFuzzer run of every fuzz target (scripts/fuzz.sh) when WANGGE_ASAN=1 (CI
# sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
scripts/check-format.sh  # every C++ file formatted by .clang-format, before anything is built
scripts/build.sh release
ctest --preset release -j "$(nproc)" --timeout 600
if [[ "${WANGGE_ASAN:-0}" == 1 ]]; then
  # The library suites (core, geo, sheet, storage contract) under ASan/UBSan; the e2e suite already ran against
  # the release binary above. The fuzz corpora are replayed under ASan/UBSan by scripts/fuzz.sh below (every
  # committed input seeds its fuzzer), so the replay test is not built a second time here.
  scripts/build.sh debug-asan wangge_core_tests wangge_geo_tests wangge_sheet_tests wangge_storage_tests
  ctest --preset debug-asan -j "$(nproc)" --timeout 900 -L unit -E '^fuzz\.'
  # Each fuzz target for a fixed number of executions under clang's ASan + UBSan (about 2-3 minutes).
  scripts/fuzz.sh
fi
