#!/usr/bin/env bash
# Issue 3's figures, in one run:
#   1. what one login costs (Argon2id verify + session), averaged over 10 logins
#   2. the 50-row member page as a logged-in clerk, beside the same page served by the build
#      from before accounts existed (commit 81838bb, built in a temporary worktree), with and
#      without the response cache; goal: authenticated >= 90% of before
set -euo pipefail
cd "$(dirname "$0")/.."
J=build/rel/jiceng
DIR=${BENCH_DIR:-build/bench-data}; mkdir -p "$DIR"
PRE=81838bb; PORT=${BENCH_PORT:-18281}
export JICENG_TODAY=${JICENG_TODAY:-2026-06-30}
DB=$DIR/auth-bench.db
if [ ! -f "$DB" ]; then $J demo --db "$DB" --orgs 2000 --members 200000 --seed 3 >/dev/null; fi
WT=$DIR/pre-auth-src
if [ ! -x "$WT/build/rel/jiceng" ]; then
  rm -rf "$WT"; git worktree prune
  git worktree add -f "$WT" "$PRE" >/dev/null 2>&1
  ln -sfn "$PWD/tools/refdata/node_modules" "$WT/tools/refdata/node_modules"
  # the symlinked node_modules is current: do not let make run npm ci through it
  make -C "$WT" -j2 -o tools/refdata/node_modules/.stamp build/rel/jiceng >/dev/null
fi
PREDB=$DIR/auth-bench-pre.db; rm -f "$PREDB"*; cp "$DB" "$PREDB"  # same data; the old build ignores the new tables
root=$(sqlite3 "$DB" "SELECT code FROM org WHERE parent_id IS NULL")
mid=$(sqlite3 "$DB" "SELECT o.code FROM org o JOIN org_rollup r ON r.org_id=o.id WHERE o.depth=2 ORDER BY r.m_all DESC LIMIT 1")
path="/api/v1/members?org=$mid&size=50"

start() {  # $1 binary, $2 db, $3 flags
  $1 serve --db "$2" --listen 127.0.0.1:$PORT --quiet $3 >/dev/null 2>&1 & SPID=$!
  until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; do sleep 0.02; done
}
rate() {  # $1 extra header args...; prints req/s
  wrk -t2 -c64 -d3s "$@" "http://127.0.0.1:$PORT$path" >/dev/null 2>&1
  wrk -t2 -c64 -d8s "$@" "http://127.0.0.1:$PORT$path" | awk '/Requests\/sec/{print $2}'
}

echo "== issue 3: accounts and sessions ($(date -u +%FT%TZ), $(nproc) cores)"
start $J "$DB" ""
name="b$RANDOM$RANDOM"
otp=$($J user add --db "$DB" --name "$name" --role clerk --org "$root" | sed -n 's/.*one-time password: \([^ ]*\).*/\1/p')
cookie=$(node bench/login.mjs "http://127.0.0.1:$PORT" "$name" "$otp")
t=0
for i in 1 2 3 4 5 6 7 8 9 10; do
  n="l$RANDOM$RANDOM"; p=$($J user add --db "$DB" --name "$n" --role clerk --org "$root" | sed -n 's/.*one-time password: \([^ ]*\).*/\1/p')
  ms=$(curl -s -o /dev/null -w '%{time_total}' -H 'content-type: application/json' \
        -d "{\"name\":\"$n\",\"password\":\"$p\"}" "http://127.0.0.1:$PORT/api/v1/session")
  t=$(awk -v a="$t" -v b="$ms" 'BEGIN{print a + b}')
done
awk -v t="$t" 'BEGIN{printf "   login (Argon2id t=3 m=64 MiB + session): %.0f ms per login, mean of 10 (goal 50-250 ms)\n", t * 100}'
auth_cached=$(rate -H "Cookie: $cookie")
kill $SPID; wait $SPID || true
start $J "$DB" "--no-cache"; auth_nocache=$(rate -H "Cookie: $cookie"); kill $SPID; wait $SPID || true
start "$WT/build/rel/jiceng" "$PREDB" ""; pre_cached=$(rate); kill $SPID; wait $SPID || true
start "$WT/build/rel/jiceng" "$PREDB" "--no-cache"; pre_nocache=$(rate); kill $SPID; wait $SPID || true
awk -v a="$auth_cached" -v b="$pre_cached" -v c="$auth_nocache" -v d="$pre_nocache" -v p="$path" 'BEGIN {
  printf "   GET %s (200,000-member demo), wrk -t2 -c64 -d8s:\n", p;
  printf "     with the response cache: logged-in clerk %.0f req/s | before accounts (%s) %.0f req/s | %.0f%% (goal >= 90%%)\n", a, "81838bb", b, 100 * a / b;
  printf "     without the cache:       logged-in clerk %.0f req/s | before accounts           %.0f req/s | %.0f%%\n", c, d, 100 * c / d }'
