#!/usr/bin/env bash
# Builds the web UI (web/ → web/dist, served by `wangge serve` at /): `npm ci` from the committed
# package-lock.json when node_modules is missing or older than the lock file, then `vite build`.
set -euo pipefail
cd "$(dirname "$0")/../web"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "build-web: node and npm are needed (Node.js 20.19 or later)" >&2
  exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if ((major < 20)); then
  echo "build-web: Node.js $(node --version) is too old for Vite 7; install Node.js 20.19 or later" >&2
  exit 1
fi
stamp=node_modules/.wangge-lock-stamp
if [[ ! -f $stamp ]] || ! cmp -s package-lock.json "$stamp"; then
  # npm 11 on this platform writes lock files without the other platforms' optional packages (rollup's
  # native builds), and then `npm ci` refuses the lock as out of sync; `npm install --no-save` installs exactly
  # the locked versions and leaves the lock file untouched.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/tmp/wangge-npm-ci.$$.log; then
    echo "build-web: npm ci refused the lock file ($(grep -m1 -o 'Missing: [^ ]*' /tmp/wangge-npm-ci.$$.log || echo 'see npm log')); installing the locked versions with npm install --no-save"
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
  rm -f /tmp/wangge-npm-ci.$$.log
  cp package-lock.json "$stamp"
fi
npx vite build --logLevel warn
