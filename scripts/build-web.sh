#!/usr/bin/env bash
# Builds the web UI into web/dist: npm ci when node_modules is missing or older than the
# lockfile, vite build, then a .gz beside every text asset (the server serves those).
set -euo pipefail
cd "$(dirname "$0")/../web"

if [ ! -f node_modules/.stamp ] || [ package-lock.json -nt node_modules/.stamp ]; then
  echo "build-web: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.stamp
fi

npx vite build --logLevel warn

find dist -type f \( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \) \
  -exec gzip -k -9 -f {} +

# What the first load costs: the JS index.html loads before any route chunk.
node -e '
const fs = require("fs"), zlib = require("zlib"), path = require("path");
const html = fs.readFileSync("dist/index.html", "utf8");
const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
let raw = 0, gz = 0;
for (const f of files) { raw += fs.statSync(path.join("dist", f)).size; gz += fs.statSync(path.join("dist", f + ".gz")).size; }
console.log(`build-web: dist ready; first-load JS ${files.length} files, ${(raw / 1024).toFixed(1)} KiB, gzip ${(gz / 1024).toFixed(1)} KiB`);
'
