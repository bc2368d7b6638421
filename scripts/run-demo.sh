#!/usr/bin/env bash
# `make run`: create a demo database (once), say how to log in, serve it on 127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
db=${JICENG_DB:-build/demo.db}
if [ ! -f "$db" ]; then
  build/rel/jiceng demo --db "$db" --orgs "${DEMO_ORGS:-2000}" --members "${DEMO_MEMBERS:-60000}" --seed 1
fi
[ -d web ] && [ ! -f web/dist/index.html ] && bash scripts/build-web.sh || true
listen=${JICENG_LISTEN:-127.0.0.1:8080}
cat <<TXT

  Jiceng demo: open http://$listen/ and log in (password Jiceng-Demo-2026 for every account):
    district  区级管理员 (org_admin of the district)    street  街道党务工作者 (clerk of one street)
    leader    区委领导 (viewer, personal data masked)   member  党员本人 (own record)
    admin     系统管理员 (accounts, settings, audit; no member data)

TXT
exec build/rel/jiceng serve --db "$db" --listen "$listen"
