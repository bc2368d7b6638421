#!/usr/bin/env node
// ui_bench.mjs — figures of the web UI (prints them; not a test):
//   1. first load: gzip'd JS that index.html loads before any route chunk (budget 1 MB)
//   2. org tree: a node with 10,000 children, click → last visible row drawn (budget 500 ms)
//   3. dashboard of a big root: navigation → figures and all charts drawn (budget 1 s)
// Uses build/rel/jiceng, web/dist (run `make web` first) and the system's Chromium.
// Data: build/bench-data/big-100000-10000000.db when present (issue 2's benchmark data),
// else a 100,000-member demo it generates there; the 10,000-children tree is imported
// from a generated CSV. Both are kept for the next run.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(REPO, 'tests', 'package.json'))('playwright-core');
const { login, uiLogin } = await import(path.join(REPO, 'tests', 'e2e', 'lib.mjs'));
const BIN = path.join(REPO, process.env.JICENG_BIN || 'build/rel/jiceng');
const DIST = path.join(REPO, 'web', 'dist');
const DATA = path.join(REPO, process.env.BENCH_DIR || 'build/bench-data');
const ENV = { ...process.env, JICENG_TODAY: process.env.JICENG_TODAY || '2026-06-30' };
const RUNS = Number(process.env.UI_BENCH_RUNS || 5);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const verdict = (v, budget) => (v <= budget ? 'within budget' : 'OVER BUDGET');
function gz(f) { return fs.existsSync(f + '.gz') ? fs.statSync(f + '.gz').size : null; }

function run(args) {
  const r = spawnSync(BIN, args, { env: ENV, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`jiceng ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
function freePort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}
// Accounts (issue 3): the bench signs in as a new org_admin 'uibench-<time>' it adds to the
// database (one per run: a reused account's second factor cannot be replayed within 30 s):
// through the API for its own requests, and through the sign-in page for the browser (the
// timings start after it, on pages of a signed-in session).
function benchAccount(db) {
  const name = `uibench-${Date.now().toString(36)}`;
  const add = spawnSync(BIN, ['user', 'add', '--db', db, '--name', name, '--role', 'org_admin', '--display', 'UI bench'], { env: ENV, encoding: 'utf8' });
  const m = /one-time password[^:]*: (\S+)/i.exec(add.stdout || '');
  return add.status === 0 && m ? { name, password: m[1], secret: null, lastStep: -1 } : null; // null: a build without accounts
}
const signIn = (base, acc) => (acc ? login(base, acc) : null);

const children = new Set(); // servers this run started: stopped on any exit
process.on('exit', () => { for (const c of children) c.kill('SIGTERM'); });

async function serve(db) {
  const acc = benchAccount(db);
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', DIST], { env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let err = '';
  child.stderr.on('data', (b) => { err += b; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited: ${err}`);
    try { if ((await fetch(base + '/api/v1/health')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  let session;
  try { session = await signIn(base, acc); } catch (e) { child.kill('SIGTERM'); throw e; }
  const get = async (p) => (await fetch(base + '/api/v1' + p, { headers: session ? { cookie: `${session.cookie.name}=${session.cookie.value}` } : {} })).json();
  return { base, session, acc, get, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}
async function browser(srv) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-bench-chromium-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: ARGS, headless: true, viewport: { width: 1366, height: 900 } });
  const page = ctx.pages()[0] || (await ctx.newPage());
  if (srv.acc) await uiLogin(page, srv.base, srv.acc);
  return { ctx, page, close: async () => { await ctx.close(); fs.rmSync(profile, { recursive: true, force: true }); } };
}

// ---- 1. first load --------------------------------------------------------------------
function firstLoad() {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const js = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const css = [...html.matchAll(/href="\/(assets\/[^"]+\.css)"/g)].map((m) => m[1]);
  let raw = 0, z = 0;
  for (const f of js) { raw += fs.statSync(path.join(DIST, f)).size; z += gz(path.join(DIST, f)) ?? NaN; }
  let cz = 0;
  for (const f of css) cz += gz(path.join(DIST, f)) ?? NaN;
  const assets = fs.readdirSync(path.join(DIST, 'assets'));
  const chunk = (re) => { const f = assets.find((a) => re.test(a) && a.endsWith('.js')); return f ? gz(path.join(DIST, 'assets', f)) : null; };
  const allJs = assets.filter((a) => a.endsWith('.js')).reduce((s, a) => s + (gz(path.join(DIST, 'assets', a)) || 0), 0);
  console.log('== 1. first load (index.html before any route chunk)');
  console.log(`   JS files: ${js.length}; raw ${kib(raw)}; gzip ${kib(z)}  [budget 1024 KiB: ${verdict(z, 1024 * 1024)}]`);
  console.log(`   CSS gzip ${kib(cz)}; ECharts chunk gzip ${kib(chunk(/^echarts-/) || 0)} (loaded by the dashboard only); SheetJS chunk gzip ${kib(chunk(/^xlsx-/) || 0)} (import page only); all JS gzip ${kib(allJs)}`);
  if (Number.isNaN(z)) console.log('   (no .gz files: run scripts/build-web.sh)');
}

// ---- 2. the tree ----------------------------------------------------------------------
async function tree() {
  const db = path.join(DATA, 'ui-tree-10000.db');
  if (!fs.existsSync(db)) {
    const csv = path.join(DATA, 'ui-tree-10000.csv');
    const lines = ['组织代码,组织名称,组织类别,所属领域,上级党组织', 'K1,中共测试县委员会,党委,,', 'K1.W,中共测试县非公企业工作委员会,党工委,,K1'];
    for (let i = 1; i <= 10000; i++) lines.push(`K1.W.B${String(i).padStart(5, '0')},测试第${i}党支部,党支部,非公企业,K1.W`);
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    const t = Date.now();
    run(['import', 'orgs', '--db', db, '--file', csv]);
    console.log(`   (made ${path.relative(REPO, db)}: 10,002 orgs imported in ${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
  const srv = await serve(db);
  const b = await browser(srv);
  const clicks = [], ends = [], api = [];
  let domRows = 0;
  try {
    for (let i = 0; i < RUNS; i++) {
      const p = b.page;
      await p.goto(`${srv.base}/orgs?org=K1`);
      const caret = p.locator('[data-testid=org-tree] .vt-row[data-code="K1.W"] .vt-caret');
      await caret.waitFor();
      await p.waitForTimeout(300);
      // t0 at the pointer press (capture phase); done when the rows fill the tree's box and
      // the frame after them has been painted.
      await p.evaluate(() => {
        window.__t0 = 0;
        window.__done = new Promise((resolve) => {
          document.addEventListener('pointerdown', () => {
            window.__t0 = performance.now();
            const box = document.querySelector('[data-testid=org-tree]');
            const tick = () => {
              const rows = [...box.querySelectorAll('.vt-row[data-level="3"]')];
              const bottom = Math.max(0, ...rows.map((r) => r.getBoundingClientRect().bottom));
              if (rows.length && bottom >= box.getBoundingClientRect().bottom - 2) requestAnimationFrame(() => resolve(performance.now() - window.__t0));
              else requestAnimationFrame(tick);
            };
            requestAnimationFrame(tick);
          }, { capture: true, once: true });
        });
      });
      await caret.click();
      clicks.push(await p.evaluate(() => window.__done));
      api.push(await p.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/orgs/K1.W/children')).pop()?.duration || 0));
      domRows = await p.locator('[data-testid=org-tree] .vt-row').count();
      // End: jump to the last child
      await p.locator('[data-testid=org-tree] .vt-row[data-code="K1.W.B00001"]').click();
      const t1 = await p.evaluate(() => performance.now());
      await p.getByTestId('org-tree').press('End');
      await p.locator('[data-testid=org-tree] .vt-row[data-code="K1.W.B10000"]').waitFor();
      ends.push((await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))))) - t1);
    }
  } finally { await b.close(); await srv.stop(); }
  console.log('== 2. org tree: a node with 10,000 children (K1.W), 1366×900');
  console.log(`   click → last visible row drawn: median ${median(clicks).toFixed(0)} ms, max ${Math.max(...clicks).toFixed(0)} ms over ${RUNS} runs  [budget 500 ms: ${verdict(Math.max(...clicks), 500)}]`);
  console.log(`   of which GET /orgs/K1.W/children?limit=20000 (10,000 rows): median ${median(api).toFixed(0)} ms`);
  console.log(`   rows in the DOM after opening: ${domRows} (virtual list); End → row 10,000 drawn: median ${median(ends).toFixed(0)} ms (includes Playwright's round trip)`);
}

// ---- 3. the dashboard -----------------------------------------------------------------
async function dashboard() {
  let db = path.join(DATA, 'big-100000-10000000.db');
  let which = 'issue 2 benchmark data (100,000 orgs, 10,000,000 members)';
  if (!fs.existsSync(db)) {
    db = path.join(DATA, 'ui-100000.db');
    which = 'generated demo (3,000 orgs, 100,000 members)';
    if (!fs.existsSync(db)) run(['demo', '--db', db, '--orgs', '3000', '--members', '100000', '--seed', '1']);
  }
  const srv = await serve(db);
  const root = (await srv.get('/orgs')).items[0];
  const b = await browser(srv);
  const times = [], alerts = [], stats = [];
  try {
    // one visit first so the browser has the app cached, as it would for a returning user
    for (let i = 0; i <= RUNS; i++) {
      const p = b.page;
      await p.goto(`${srv.base}/dashboard?org=${encodeURIComponent(root.code)}`);
      await p.waitForFunction(() => document.querySelector('[data-testid=fig-members]') && document.querySelectorAll('.echart[data-ready="1"]').length >= 7, null, { timeout: 120_000 });
      const ms = await p.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now()))));
      await p.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=fig-alerts]').textContent), null, { timeout: 600_000 });
      const ams = await p.evaluate(() => performance.now());
      const s = await p.evaluate((code) => performance.getEntriesByType('resource').find((e) => e.name.includes('/api/v1/stats/' + encodeURIComponent(code)))?.duration || 0, root.code);
      if (i > 0) { times.push(ms); alerts.push(ams); stats.push(s); }
      else console.log(`   (first visit, empty cache: ${ms.toFixed(0)} ms)`);
    }
  } finally { await b.close(); await srv.stop(); }
  console.log(`== 3. dashboard of ${root.name} (${root.code}): ${which}`);
  console.log(`   db: ${path.relative(REPO, db)}; ${root.members.toLocaleString('en-US')} members, ${root.orgs.toLocaleString('en-US')} orgs`);
  console.log(`   navigation → figures and 7 charts drawn: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${RUNS} runs  [budget 1000 ms: ${verdict(Math.max(...times), 1000)}]`);
  console.log(`   of which GET /stats: median ${median(stats).toFixed(0)} ms; the alerts card (GET /alerts, filled after the rest): median ${median(alerts).toFixed(0)} ms`);
}

const only = process.argv[2];
console.log(`ui_bench: ${new Date().toISOString()}, ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, ${path.relative(REPO, BIN)}, Chromium ${spawnSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).stdout.trim()}`);
if (!fs.existsSync(path.join(DIST, 'index.html'))) { console.error('web/dist is not built: run `make web`'); process.exit(1); }
fs.mkdirSync(DATA, { recursive: true });
if (!only || only === 'load') firstLoad();
if (!only || only === 'tree') await tree();
if (!only || only === 'dashboard') await dashboard();
