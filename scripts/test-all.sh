#!/usr/bin/env bash
# Runs every suite and ends with one line "N passed, N failed" summing them:
#   unit     cmocka unit tests (build/asan/tests/test_*), ASan/UBSan build
#   api      black-box API and CLI tests (node --test tests/api), against the ASan binary
#   e2e      browser tests (tests/e2e), when the web UI is built
# Usage: scripts/test-all.sh [unit|api|e2e]...   (all when none given)
set -uo pipefail
cd "$(dirname "$0")/.."
suites=("$@"); [ ${#suites[@]} -eq 0 ] && suites=(unit api e2e)
out=build/test-output; mkdir -p "$out"
passed=0; failed=0

run_unit() {
  local t log p f
  for t in build/asan/tests/test_*; do
    [ -x "$t" ] || continue
    log="$out/$(basename "$t").log"
    JICENG_TODAY=2026-06-30 ASAN_OPTIONS=detect_leaks=1 "$t" >"$log" 2>&1
    local rc=$?
    p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    f=$(grep -oE '^\[  FAILED  \] [0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
    p=${p:-0}; f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # crashed or sanitizer report
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$f" -ne 0 ]; then echo "FAIL unit $(basename "$t") (see $log)"; tail -30 "$log"; fi
  done
  echo "unit: done"
}

run_node() {  # $1 suite name, $2 directory
  local log="$out/$1.tap" p f c
  ls "$2"/*.test.mjs >/dev/null 2>&1 || return 0
  node --test --test-reporter=tap --test-concurrency=1 "$2"/*.test.mjs >"$log" 2>&1
  p=$(grep -E '^# pass ' "$log" | awk '{print $3}' | tail -1)
  f=$(grep -E '^# fail ' "$log" | awk '{print $3}' | tail -1)
  c=$(grep -E '^# cancelled ' "$log" | awk '{print $3}' | tail -1)
  p=${p:-0}; f=${f:-1}; f=$((f + ${c:-0}))   # a test cancelled by a failed hook failed too
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -ne 0 ]; then echo "FAIL $1:"; grep -E '^not ok|^ +(error|expected|actual|message):' "$log" | head -60; fi
  echo "$1: $p passed, $f failed"
}

for s in "${suites[@]}"; do
  case "$s" in
    unit) run_unit ;;
    api) JICENG_BIN=${JICENG_BIN:-build/asan/jiceng} run_node api tests/api ;;
    e2e) if [ -f web/dist/index.html ]; then run_node e2e tests/e2e; fi ;;
  esac
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
