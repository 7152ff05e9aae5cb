#!/usr/bin/env bash
# Installs the Debian 12 packages wangge builds and tests with. Idempotent; needs root (or sudo).
#   scripts/install-deps.sh          what building and running need (the web UI also needs Node.js >= 20.19)
#   scripts/install-deps.sh --test   also Debian's chromium, which the browser tests drive, a CJK font,
#                                    clang-14 with its runtime libraries for the libFuzzer targets (scripts/fuzz.sh),
#                                    clang-format-14 for scripts/check-format.sh,
#                                    LibreOffice Calc without a GUI for tests/office,
#                                    and PostgreSQL 15, whose server the tests start in a temporary directory
# Building needs libpq-dev (the PostgreSQL backend) and postgresql-client-15 (pg_dump, for `wangge backup`
# of a PostgreSQL database) whether or not a PostgreSQL server is used.
set -euo pipefail
PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config git curl ca-certificates
  librestinio-dev libasio-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libcli11-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-client-15 libgeos-dev libsodium-dev
  libxlsxwriter-dev libzip-dev libpugixml-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev wrk python3
)
[[ ${1:-} == --test ]] && PACKAGES+=(chromium fonts-wqy-microhei python3-jsonschema)  # a CJK font so screenshots show Chinese; the Open311 schema check
[[ ${1:-} == --test ]] && PACKAGES+=(clang-14 libclang-rt-14-dev clang-format-14)  # libFuzzer + sanitizer runtimes; the format check
[[ ${1:-} == --test ]] && PACKAGES+=(libreoffice-calc-nogui)  # tests/office: what a spreadsheet does to our files
[[ ${1:-} == --test ]] && PACKAGES+=(postgresql-15)  # the server the tests start (tests/postgres/pg_server.sh)
command -v node >/dev/null || PACKAGES+=(nodejs npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
