#!/usr/bin/env bash
# `make run`: create a demo database (once) and serve it on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${JICENG_DB:-build/demo.db}
if [ ! -f "$db" ]; then
  build/rel/jiceng demo --db "$db" --orgs "${DEMO_ORGS:-2000}" --members "${DEMO_MEMBERS:-60000}" --seed 1
fi
[ -d web ] && [ ! -f web/dist/index.html ] && bash scripts/build-web.sh || true
exec build/rel/jiceng serve --db "$db" --listen "${JICENG_LISTEN:-127.0.0.1:8080}"
