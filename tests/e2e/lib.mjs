// lib.mjs — helpers of the browser tests (node:test + playwright-core, the system's
// Chromium; no browser is ever downloaded).
//
//   JICENG_BIN    the binary under test (default build/asan/jiceng, else build/rel/jiceng)
//   JICENG_TODAY  the fixed "today" (default 2026-06-30)
//
// Each test file makes its own demo database (plus the account 'webtest', a system-wide
// org_admin made with `jiceng user add`), starts `serve --web web/dist` on a free port and
// stops it at the end. The server's api() signs in through the API (one-time password
// changed, second factor enrolled: RFC 6238 computed here); the browser signs in through
// the real sign-in page (uiLogin: name, password, code) and keeps its cookie for the
// file's tests. auth.test.mjs drives the whole first sign-in of a new account through the
// page. Screenshots go to build/test-output/screenshots/.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { SANITIZER, tmpdir as commonTmpdir } from '../common.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TODAY = process.env.JICENG_TODAY || '2026-06-30';
export const SHOTS = path.join(REPO, 'build', 'test-output', 'screenshots');
export const BIN = (() => {
  if (process.env.JICENG_BIN) return path.resolve(REPO, process.env.JICENG_BIN);
  const asan = path.join(REPO, 'build/asan/jiceng');
  return fs.existsSync(asan) ? asan : path.join(REPO, 'build/rel/jiceng');
})();
// JICENG_PWHASH_FAST: libsodium's minimum Argon2id cost (tests only; the policy is the same).
const ENV = { ...process.env, JICENG_TODAY: TODAY, JICENG_PWHASH_FAST: '1', ASAN_OPTIONS: process.env.ASAN_OPTIONS || 'detect_leaks=0' };

export function tmpdir(prefix = 'jiceng-e2e-') {
  return commonTmpdir(prefix);
}

export function cli(args, { input } = {}) {
  const r = spawnSync(BIN, args, { env: ENV, input, encoding: 'utf8', timeout: 180_000, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  assert.ok(!SANITIZER.test(r.stderr), `sanitizer report:\n${r.stderr}`);
  assert.equal(r.status, 0, `jiceng ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The demo database every browser test starts from, with the test account (below).
 * `jiceng demo` switches the second factor off (a demo database says so on every page);
 * the tests switch it back on, as a real deployment has it, unless secondFactor is false. */
export function demoDb(dir = tmpdir(), { secondFactor = true, orgs = 300, members = 5000, seed = 3 } = {}) {
  const db = path.join(dir, 'demo.db');
  cli(['demo', '--db', db, '--orgs', String(orgs), '--members', String(members), '--seed', String(seed)]);
  if (secondFactor) setSetting(db, 'auth.require_totp', '1');
  addAccount(db);
  return db;
}

/** The accounts `jiceng demo` makes (one password, no forced change). */
export const DEMO_PASSWORD = 'Jiceng-Demo-2026';
export const demoAccount = (name) => ({ name, password: DEMO_PASSWORD, secret: null, lastStep: -1 });

// The account the browser tests use: a system-wide org_admin made with `jiceng user add`
// (its one-time password is changed and its second factor enrolled at the first login,
// as a person would).
const accounts = new Map(); // db → the default account {name, password, secret, lastStep}
export const ACCOUNT = 'webtest';

/** `jiceng user add`: {name, password (one-time), role, secret: null, lastStep: -1}. The
 * first one made for a db is the one startServer signs in with. */
export function addAccount(db, { name = ACCOUNT, role = 'org_admin', org = null, display = '界面测试员' } = {}) {
  const args = ['user', 'add', '--db', db, '--name', name, '--role', role, '--display', display];
  if (org) args.push('--org', org);
  const r = spawnSync(BIN, args, { env: ENV, encoding: 'utf8' });
  const m = /one-time password: (\S+)/.exec(r.stdout || '');
  assert.ok(r.status === 0 && m, `jiceng ${args.join(' ')}: ${r.status}\n${r.stdout}\n${r.stderr}`);
  const acc = { name, password: m[1], role, secret: null, lastStep: -1 };
  if (!accounts.has(db)) accounts.set(db, acc);
  return acc;
}

/** A setting of the database, written with the sqlite3 shell (e.g. auth.require_totp 0, as
 * a demo database has it). Read when the server starts. */
export function setSetting(db, key, value) {
  const q = `INSERT INTO setting(key, value, updated_at, updated_by) VALUES ('${key}', '${value}', strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'e2e') ON CONFLICT(key) DO UPDATE SET value = excluded.value;`;
  const r = spawnSync('sqlite3', [db, q], { encoding: 'utf8' });
  assert.equal(r.status, 0, `sqlite3: ${r.stderr}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** Start `jiceng serve --web web/dist`; returns {base, api(path), stop()}. */
export async function startServer(db) {
  const web = path.join(REPO, 'web', 'dist');
  assert.ok(fs.existsSync(path.join(web, 'index.html')), 'web/dist is not built (make web)');
  const port = await freePort();
  const child = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--web', web], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => { stderr += b; });
  child.stdout.on('data', () => {});
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}: ${stderr}`);
    try { const r = await fetch(`${base}/api/v1/health`); if (r.ok) break; } catch { /* not yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`serve did not start: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  const account = accounts.get(db) || null;
  const session = account ? await login(base, account) : null;
  async function api(p, init = {}) {
    const headers = { ...(init.headers || {}) };
    if (session) {
      headers.cookie = `${session.cookie.name}=${session.cookie.value}`;
      if (init.method && init.method !== 'GET') { headers['X-CSRF-Token'] = session.csrf; headers.Origin = base; }
    }
    const r = await fetch(base + '/api/v1' + p, { ...init, headers });
    const body = await r.json();
    if (!r.ok && !(init && init.allowError)) throw new Error(`${p}: ${r.status} ${JSON.stringify(body)}`);
    return body;
  }
  async function stop() {
    if (child.exitCode === null) {
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    }
    assert.ok(!SANITIZER.test(stderr), `server sanitizer report:\n${stderr}`);
  }
  return { base, api, stop, session, account, dbPath: db, stderr: () => stderr };
}

/** Sign in through the API as the UI does: POST /session (with a code once the second
 * factor is enrolled), the forced password change, the second factor's enrolment. */
export async function login(base, acc) {
  const call = async (method, p, body, s) => {
    const headers = { 'Content-Type': 'application/json', Origin: base };
    if (s) { headers.cookie = `${s.cookie.name}=${s.cookie.value}`; headers['X-CSRF-Token'] = s.csrf; }
    const r = await fetch(`${base}/api/v1${p}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${p}: ${r.status} ${text}`);
    return { json: text ? JSON.parse(text) : null, setCookie: r.headers.get('set-cookie') };
  };
  const cred = { name: acc.name, password: acc.password };
  if (acc.secret) cred.totp = await nextTotp(acc);
  const r = await call('POST', '/session', cred);
  const m = /^([^=;]+)=([^;]*)/.exec(r.setCookie || '');
  assert.ok(m, 'login: no session cookie');
  const s = { cookie: { name: m[1], value: m[2] }, csrf: r.json.csrf, doc: r.json };
  if (s.doc.must_change_password) {
    const pw = newPassword();
    s.doc = (await call('POST', '/session/password', { old_password: acc.password, new_password: pw }, s)).json;
    acc.password = pw;
  }
  if (s.doc.must_enrol_totp) {
    const e = (await call('POST', '/session/totp', undefined, s)).json;
    acc.secret = e.secret;
    acc.lastStep = -1;
    s.doc = (await call('POST', '/session/totp/confirm', { code: await nextTotp(acc) }, s)).json;
  }
  if (s.doc.csrf) s.csrf = s.doc.csrf;
  return s;
}

/** A password the policy takes (not a dictionary word, not the name). */
export function newPassword() { return `Jc-${crypto.randomBytes(12).toString('base64url')}-9q`; }

/** A code for acc.secret the server has not seen yet: the server refuses a step it took
 * already (TOTP_REPLAYED) and accepts one step either side of now, so this takes the
 * current step or the next one, and waits for the clock when both were used. */
export async function nextTotp(acc) {
  for (;;) {
    const base = Math.floor(Date.now() / 30000);
    const step = Math.max(base, acc.lastStep + 1);
    if (step <= base + 1) { acc.lastStep = step; return totpCode(acc.secret, step); }
    await new Promise((r) => setTimeout(r, (base + 1) * 30000 - Date.now() + 250));
  }
}

/** Sign in through the sign-in page: name, password and — when the server asks for it —
 * the code; waits until the app has left /login. `next` is the page to land on. */
export async function uiLogin(page, base, acc, { next = null, expect = null } = {}) {
  await page.goto(`${base}/login${next ? '?next=' + encodeURIComponent(next) : ''}`);
  await page.locator('#login-name').waitFor();
  await page.locator('#login-name').fill(acc.name);
  await page.locator('#login-password').fill(acc.password);
  const totp = page.locator('#login-totp');
  if (acc.secret && (await totp.count())) await totp.fill(await nextTotp(acc));
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('login-error');
  const outcome = () => Promise.race([
    page.waitForURL((u) => u.pathname !== '/login', { timeout: 15_000 }).then(() => 'left'),
    totp.waitFor({ timeout: 15_000 }).then(async () => ((await totp.inputValue()) ? new Promise(() => {}) : 'asked')),
    error.waitFor({ timeout: 15_000 }).then(() => 'error'),
  ]);
  let o = await outcome();
  if ((o === 'asked' || o === 'error') && acc.secret && (await totp.count()) && !(await totp.inputValue())) {
    await totp.fill(await nextTotp(acc));
    await page.getByTestId('login-submit').click();
    o = await Promise.race([
      page.waitForURL((u) => u.pathname !== '/login', { timeout: 15_000 }).then(() => 'left'),
      page.locator('[data-field=totp] .el-form-item__error').waitFor({ timeout: 15_000 }).then(() => 'error'),
    ]);
  }
  if (o !== 'left') assert.fail(`sign-in of ${acc.name} failed: ${await page.getByTestId('login').textContent()}`);
  if (expect) await page.waitForURL(expect);
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

/** A browser context over a fresh temporary profile; {context, page, downloads, close()}.
 * With a server, the page signs in as its account (or `account`) through the sign-in page. */
export async function openBrowser({ width = 1366, height = 900, locale = 'zh-CN', server = null, account = null } = {}) {
  const profile = tmpdir('jiceng-chromium-');
  const downloads = tmpdir('jiceng-dl-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width, height },
    locale,
    acceptDownloads: true,
    downloadsPath: downloads,
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.setDefaultTimeout(15_000);
  const acc = account || server?.account;
  if (server && acc) await uiLogin(page, server.base, acc);
  return {
    context, page, errors, downloads,
    async close() { await context.close(); },
  };
}

/** Save a screenshot of the page to build/test-output/screenshots/NAME.png. */
export async function shot(page, name, { full = true } = {}) {
  fs.mkdirSync(SHOTS, { recursive: true });
  // The app scrolls inside <main>; a full-page shot grows the viewport to its content.
  let restore = null;
  if (full) {
    const h = await page.evaluate(() => {
      const m = document.querySelector('.main');
      return m ? m.scrollHeight + 56 + 8 : document.documentElement.scrollHeight;
    });
    const vp = page.viewportSize();
    if (h > vp.height) { restore = vp; await page.setViewportSize({ width: vp.width, height: Math.min(h, 6000) }); await page.waitForTimeout(250); }
  }
  await page.waitForTimeout(300); // let tags and dialogs finish their entry transitions
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  if (restore) await page.setViewportSize(restore);
}

/** The GB 11643 check character of the first 17 digits. */
export function idCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}
export function validId(first17) { return first17 + idCheck(first17); }
export function wrongId(first17) { const c = idCheck(first17); return first17 + (c === '0' ? '1' : '0'); }

// ---- accounts (issue 3): the browser tests log in as an org_admin made with the CLI ----

function base32Decode(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, v = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    v = (v << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((v >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}
/** RFC 6238 (HMAC-SHA-1, 6 digits, 30 s). */
export function totpCode(secret, step = Math.floor(Date.now() / 30000)) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}
