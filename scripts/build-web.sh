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
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npx vite build --logLevel warn
