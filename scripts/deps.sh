#!/usr/bin/env bash
# Installs what the build and the tests need and is missing: Debian packages by name
# (apt-get, as root), then the npm packages of tools/refdata (and web/ when present)
# from their committed lockfiles. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential pkg-config make gcc
      libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev
      libssl-dev liboath-dev libxlsxwriter-dev libcmocka-dev libcrack2-dev cracklib-runtime
      nodejs)
[ "${JICENG_WITH_BROWSER:-1}" = 1 ] && pkgs+=(chromium fonts-noto-cjk)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v npm >/dev/null || { SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"; $SUDO apt-get install -y -qq npm >/dev/null; }

npm_ci() {  # npm ci in $1 unless its node_modules matches the lockfile already
  local d=$1
  [ -f "$d/package-lock.json" ] || return 0
  if [ ! -f "$d/node_modules/.stamp" ] || [ "$d/package-lock.json" -nt "$d/node_modules/.stamp" ]; then
    echo "deps: npm ci in $d"
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$d/node_modules/.stamp"
  fi
}
npm_ci tools/refdata
npm_ci tests
[ -d web ] && npm_ci web
exit 0
