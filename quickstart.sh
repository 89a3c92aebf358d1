#!/usr/bin/env bash
# Sets RunLedger up on its embedded defaults (SQLite under ./data, local Redis) and starts it:
# installs npm dependencies, makes sure Redis runs, creates the store, prints the first
# tokens (first run only), then runs `runledger start` on port 3000.
set -euo pipefail
cd "$(dirname "$0")"

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "RunLedger needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

echo "npm: installing dependencies (better-sqlite3 compiles, about a minute the first time)"
npm ci --no-audit --no-fund --loglevel=error

./scripts/ensure-redis.sh
node bin/runledger.js init
exec node bin/runledger.js start
