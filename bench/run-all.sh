#!/usr/bin/env bash
# Issue 2's benchmarks, in one run, each figure beside its reference (the HTTP figures as a
# logged-in clerk of the root, since every API route needs a session):
#   1. import of 1,000,000 member rows with full validation vs a bare prepared-insert loop
#   2. roll-up of the root and a mid-level node (100,000 orgs, 10,000,000 members) vs GROUP BY
#   3. GET a 50-row member page with wrk (64 connections) vs nginx serving a 1 KB static file
#   4. `jiceng serve` on the 10M-member database: start time and RSS
# Data is generated once under $BENCH_DIR (default build/bench-data) and reused.
# Sizes can be reduced for a quick look: BENCH_ORGS, BENCH_MEMBERS, IMPORT_ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
J=build/rel/jiceng
DIR=${BENCH_DIR:-build/bench-data}; mkdir -p "$DIR"
ORGS=${BENCH_ORGS:-100000}; MEMBERS=${BENCH_MEMBERS:-10000000}; ROWS=${IMPORT_ROWS:-1000000}
BIG=$DIR/big-$ORGS-$MEMBERS.db
PORT=${BENCH_PORT:-18181}; NGINX_PORT=$((PORT + 1))
export JICENG_TODAY=${JICENG_TODAY:-2026-06-30}
for tool in wrk nginx sqlite3; do
  command -v $tool >/dev/null || { apt-get install -y -qq wrk nginx-light sqlite3 >/dev/null; break; }
done
now() { date +%s.%N; }
echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%FT%TZ)"

# ---- 1. import ------------------------------------------------------------------------
SRC=$DIR/import-src-$ROWS.db; CSV=$DIR/members-$ROWS.csv; ORGCSV=$DIR/orgs-$ROWS.csv
if [ ! -f "$CSV" ]; then
  rm -f "$SRC"*
  $J demo --db "$SRC" --orgs $((ROWS / 100)) --members "$ROWS" --seed 11 >/dev/null
  root=$(sqlite3 "$SRC" "SELECT code FROM org WHERE parent_id IS NULL")
  $J export orgs --db "$SRC" --org "$root" --subtree --format csv --out "$ORGCSV" 2>/dev/null
  sqlite3 -header -csv "$SRC" "SELECT o.code AS org, m.name, m.sex, m.ethnicity, m.id_number,
    m.birth_date, m.education, coalesce(m.degree,'') AS degree, m.category, m.joined_on,
    coalesce(m.full_on,'') AS full_on, coalesce(m.job,'') AS job, coalesce(m.phone,'') AS phone,
    coalesce(m.address,'') AS address, m.status, m.lost_contact, coalesce(m.lost_on,'') AS lost_on,
    m.mobile, coalesce(m.mobile_destination,'') AS mobile_destination,
    coalesce(m.native_place,'') AS native_place, coalesce(m.work_started_on,'') AS work_started_on
    FROM member m JOIN org o ON o.id = m.org_id ORDER BY m.id" > "$CSV"
fi
BASE=$DIR/import-base.db; rm -f "$BASE"*
$J init --db "$BASE" >/dev/null
$J import orgs --db "$BASE" --file "$ORGCSV" 2>/dev/null
sqlite3 "$BASE" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$DIR"/imp-a.db* "$DIR"/imp-b.db*; cp "$BASE" "$DIR/imp-a.db"; cp "$BASE" "$DIR/imp-b.db"
# The reference runs twice (before and after ours, on fresh copies); its better run counts.
read -r ref_rows ref_s < <(build/rel/bench/import_ref "$DIR/imp-b.db" "$CSV")
t0=$(now); $J import members --db "$DIR/imp-a.db" --file "$CSV" 2>"$DIR/import.log"; t1=$(now)
rm -f "$DIR"/imp-b.db*; cp "$BASE" "$DIR/imp-b.db"
read -r ref_rows ref_s2 < <(build/rel/bench/import_ref "$DIR/imp-b.db" "$CSV")
ref_s=$(awk -v a="$ref_s" -v b="$ref_s2" 'BEGIN{print (a < b ? a : b)}')
got=$(sqlite3 "$DIR/imp-a.db" "SELECT count(*) FROM member")
awk -v r="$ref_rows" -v rs="$ref_s" -v n="$got" -v a="$t0" -v b="$t1" 'BEGIN {
  js = b - a; jr = n / js; br = r / rs;
  printf "== 1. import %d member rows (CSV, full validation, roll-up, one transaction)\n", n;
  printf "   jiceng import: %.1f s = %.0f rows/s | bare prepared-insert loop: %.1f s = %.0f rows/s | ratio %.0f%% (goal >= 50%%)\n", js, jr, rs, br, 100 * jr / br }'

# ---- 2. roll-up -----------------------------------------------------------------------
if [ ! -f "$BIG" ]; then
  echo "   (generating the $ORGS-org / $MEMBERS-member demo database once: several minutes)"
  $J demo --db "$BIG" --orgs "$ORGS" --members "$MEMBERS" --seed 1
fi
echo "== 2. roll-up (goal p50 <= 5 ms each)"
build/rel/bench/rollup_bench "$BIG" 1000

# ---- 3 and 4. HTTP ------------------------------------------------------------------------
echo "== 3. GET a 50-row member page, wrk -t2 -c64 -d10s (goal >= 50% of nginx)"
mid=$(sqlite3 "$BIG" "SELECT o.code FROM org o JOIN org_rollup r ON r.org_id=o.id WHERE o.depth=2 ORDER BY r.m_all DESC LIMIT 1")
root=$(sqlite3 "$BIG" "SELECT code FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1")
NG=$(mktemp -d); head -c 1024 /dev/urandom | base64 | head -c 1024 > "$NG/1k.txt"
cat > "$NG/nginx.conf" <<NGX
worker_processes 2; pid $NG/nginx.pid; error_log $NG/error.log; daemon on;
events { worker_connections 1024; }
http { access_log off; sendfile on; keepalive_requests 1000000;
  server { listen 127.0.0.1:$NGINX_PORT; root $NG; } }
NGX
nginx -c "$NG/nginx.conf"
serve_and_wrk() {  # $1 label, $2 extra serve flags, $3 query; sets ready_s, rss_kb, prints a line
  sync; local t0 t1 spid url
  t0=$(now)
  $J serve --db "$BIG" --listen 127.0.0.1:$PORT --quiet $2 >"$DIR/serve.log" 2>&1 & spid=$!
  until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; do sleep 0.01; done; t1=$(now)
  ready_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')
  url="http://127.0.0.1:$PORT/api/v1/members?org=$mid&size=50$3"
  # a clerk of the root, logged in as a person would (one-time password changed first)
  local name="bench$RANDOM$RANDOM" otp cookie
  otp=$($J user add --db "$BIG" --name "$name" --role clerk --org "$root" | sed -n 's/.*one-time password: \([^ ]*\).*/\1/p')
  cookie=$(node bench/login.mjs "http://127.0.0.1:$PORT" "$name" "$otp")
  bytes=$(curl -s -H "Cookie: $cookie" "$url" | wc -c)
  wrk -t2 -c64 -d3s -H "Cookie: $cookie" "$url" >/dev/null 2>&1   # warm-up
  wrk -t2 -c64 -d10s --latency -H "Cookie: $cookie" "$url" > "$DIR/wrk-$1.txt"
  rss_kb=$(awk '/VmHWM/{print $2}' /proc/$spid/status)
  kill $spid; wait $spid || true
  awk -v l="$1" -v b="$bytes" '/Requests\/sec/{r=$2} / 99%/{p=$2} END {printf "   jiceng %-22s %6d-byte page: %8.0f req/s, p99 %s\n", l, b, r, p}' "$DIR/wrk-$1.txt"
}
# the whole records, and the page as the web UI asks for it (its default list columns)
UI_FIELDS="&fields=name,sex,ethnicity,birth_date,age,education,category,joined_on,status,org_name"
serve_and_wrk "(response cache on)" "" ""
cold_ready=$ready_s; cold_rss=$rss_kb
serve_and_wrk "(--no-cache)" "--no-cache" ""
serve_and_wrk "(cache, UI columns)" "" "$UI_FIELDS"
wrk -t2 -c64 -d10s --latency "http://127.0.0.1:$NGINX_PORT/1k.txt" > "$DIR/wrk-nginx.txt"
nginx -c "$NG/nginx.conf" -s stop; rm -rf "$NG"
awk '/Requests\/sec/{r=$2} / 99%/{p=$2} END {printf "   nginx 1 KB static file:                     %8.0f req/s, p99 %s\n", r, p}' "$DIR/wrk-nginx.txt"
awk -v a="$(awk '/Requests\/sec/{print $2}' "$DIR/wrk-(response cache on).txt")" \
    -v b="$(awk '/Requests\/sec/{print $2}' "$DIR/wrk-(--no-cache).txt")" \
    -v n="$(awk '/Requests\/sec/{print $2}' "$DIR/wrk-nginx.txt")" -v u="$mid" 'BEGIN {
  printf "   page: /api/v1/members?org=%s&size=50 — ratio to nginx: %.0f%% with the cache, %.0f%% without\n", u, 100 * a / n, 100 * b / n }'
awk -v a="$(awk '/Requests\/sec/{print $2}' "$DIR/wrk-(cache, UI columns).txt")" \
    -v n="$(awk '/Requests\/sec/{print $2}' "$DIR/wrk-nginx.txt")" 'BEGIN {
  printf "   the page as the web UI requests it (fields= its 10 default columns): %.0f%% of nginx\n", 100 * a / n }'
awk -v a="$cold_ready" -v r="$cold_rss" -v m="$MEMBERS" 'BEGIN {
  printf "== 4. jiceng serve on the %d-member database: ready in %.2f s (goal <= 2 s), peak RSS %.0f MB after the load (goal <= 1024 MB)\n", m, a, r / 1024 }'
