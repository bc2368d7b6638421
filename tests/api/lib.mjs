// lib.mjs — shared helpers of the black-box API and CLI tests (node:test, no npm deps).
//
//   JICENG_BIN    the binary under test (default build/asan/jiceng, relative to the repo)
//   JICENG_TODAY  the fixed "today" of the server and the CLI (default 2026-06-30)
//
// Every process started here gets JICENG_TODAY (and JICENG_PWHASH_FAST: libsodium's
// minimum Argon2id cost, for tests only), and every stderr is checked for sanitizer
// reports: an ASan/UBSan report fails the test even when the exit code is 0.
//
// Sessions. Every database made here (initDb, demoDb) gets a fixture account through the
// CLI (`jiceng user add`): "anonymous", a system-wide org_admin, so histories still say
// "api:anonymous" as they did before accounts. startServer() logs it in the way the UI
// does — one-time password, forced change, TOTP enrolment when required — and api(),
// getOk(), rawHttp() send its cookie, and X-CSRF-Token on every state-changing request.
// The fixture reads personal fields unmasked (reveal=1 on member routes; each such read
// is audited). Pass {session: null} for a request without a session, or another session
// from login().
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoSanitizer, tmpdir } from '../common.mjs';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = path.resolve(REPO, process.env.JICENG_BIN || 'build/asan/jiceng');
export const TODAY = process.env.JICENG_TODAY || '2026-06-30';
// ASAN_OPTIONS is passed through as given (LeakSanitizer on by default: a leak report from
// a CLI run or from the server at exit fails the test).
export const ENV = { ...process.env, JICENG_TODAY: TODAY, JICENG_PWHASH_FAST: '1' };

export { assertNoSanitizer, tmpdir };

// ---- the CLI ---------------------------------------------------------------------------

/** Run the CLI synchronously. Returns {status, stdout, stderr}; stdout/stderr are text. */
export function run(args, { input, env, encoding = 'utf8' } = {}) {
  const r = spawnSync(BIN, args, {
    input,
    env: { ...ENV, ...env },
    encoding,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  const stderr = typeof r.stderr === 'string' ? r.stderr : r.stderr.toString('utf8');
  assertNoSanitizer(stderr, `jiceng ${args.join(' ')}`);
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr };
}

/** Run the CLI and require exit 0. */
export function runOk(args, opts) {
  const r = run(args, opts);
  assert.equal(r.status, 0, `jiceng ${args.join(' ')} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A fresh, migrated, empty database in a new temp dir (with the fixture account). */
export function initDb(dir = tmpdir()) {
  const db = path.join(dir, 'jiceng.db');
  const r = runOk(['init', '--db', db]);
  const m = /one-time password: (\S+)/.exec(r.stdout);
  if (m) accountsOf(db).set('admin', { password: m[1], totp: null, lastStep: -1 });
  ensureFixture(db);
  return db;
}

/** A demo database (small sizes keep the suite fast), with the fixture account. */
export function demoDb({ orgs = 60, members = 800, seed = 7, dir = tmpdir() } = {}) {
  const db = path.join(dir, `demo-${seed}.db`);
  runOk(['demo', '--db', db, '--orgs', String(orgs), '--members', String(members), '--seed', String(seed)]);
  ensureFixture(db);
  return db;
}

// ---- accounts, TOTP, sessions ------------------------------------------------------------

export const FIXTURE = 'anonymous';
const dbAccounts = new Map();        // db path → Map(name → {password, totp, lastStep})
const sessions = new Map();          // server base → the fixture's session

function accountsOf(db) {
  if (!dbAccounts.has(db)) dbAccounts.set(db, new Map());
  return dbAccounts.get(db);
}

/** What the tests know of an account of db: {password, totp, lastStep}, or undefined. */
export function accountInfo(db, name) {
  return accountsOf(db).get(name);
}

/**
 * `jiceng user add`: a new account with its one-time password remembered for login().
 * Returns the one-time password.
 */
export function addAccount(db, name, role, { org, member, display } = {}) {
  const args = ['user', 'add', '--db', db, '--name', name, '--role', role];
  if (org) args.push('--org', org);
  if (member) args.push('--member', String(member));
  if (display) args.push('--display', display);
  const r = runOk(args);
  const m = /one-time password: (\S+)/.exec(r.stdout);
  assert.ok(m, `no one-time password in: ${r.stdout}`);
  accountsOf(db).set(name, { password: m[1], totp: null, lastStep: -1 });
  return m[1];
}

/** Remember a password set some other way (demo accounts). */
export function knowAccount(db, name, password) {
  accountsOf(db).set(name, { password, totp: null, lastStep: -1 });
}

function ensureFixture(db) {
  if (!accountsOf(db).has(FIXTURE)) addAccount(db, FIXTURE, 'org_admin', { display: '测试管理员' });
}

function base32Decode(s) {
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let v = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    v = (v << 5) | abc.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((v >>> (bits - 8)) & 255); bits -= 8; }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA-1, 6 digits, 30 s) of a base32 secret for a step. */
export function totpCode(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = crypto.createHmac('sha1', base32Decode(secret)).update(msg).digest();
  const o = h[h.length - 1] & 15;
  const n = ((h[o] & 127) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

export const nowStep = () => Math.floor(Date.now() / 1000 / 30);

/**
 * A step not used before by this account; the server accepts now ± 1 step, so this waits
 * when the next unused step is further ahead. Never right after a step boundary: the
 * server's time() (a coarse clock) may still be in the previous step for a few ms.
 */
export async function freshStep(acc) {
  for (;;) {
    const inStep = (Date.now() / 1000) % 30;
    if (inStep < 1.5) { await sleep(1600 - inStep * 1000); continue; }
    const step = Math.max(nowStep(), acc.lastStep + 1);
    if (step <= nowStep() + 1) {
      acc.lastStep = step;
      return step;
    }
    await sleep(500);
  }
}

/** A password the policy accepts (random, 20 characters). */
export function strongPassword() {
  return `Jc-${crypto.randomBytes(12).toString('base64url')}-9q`;
}

/** The session cookie "name=value" of a Set-Cookie header, or null. */
export function cookieOf(setCookie) {
  const m = /^((?:__Host-)?jiceng)=([^;]*)/.exec(setCookie || '');
  return m && m[2] ? `${m[1]}=${m[2]}` : null;
}

/**
 * Log name in to the server at base as the UI does, completing a forced password change
 * and a required TOTP enrolment. Returns {cookie, csrf, name, doc, reveal}.
 */
export async function login(base, db, name, { reveal = false } = {}) {
  const acc = accountInfo(db, name);
  assert.ok(acc, `login(): no known password for ${name}`);
  const body = { name, password: acc.password };
  if (acc.totp) body.totp = totpCode(acc.totp, await freshStep(acc));
  const r = await api('POST', '/api/v1/session', body, { base, session: null });
  assert.equal(r.status, 200, `login ${name}: ${r.status} ${r.text}`);
  const s = { cookie: cookieOf(r.headers.get('set-cookie')), csrf: r.json.csrf, name, doc: r.json, reveal };
  assert.ok(s.cookie, `login ${name}: no cookie`);
  if (s.doc.must_change_password) {
    let pw;
    let c;
    for (let i = 0; i < 5; i++) {      // cracklib calls a rare random draw "systematic": draw again
      pw = strongPassword();
      c = await api('POST', '/api/v1/session/password', { old_password: acc.password, new_password: pw }, { base, session: s });
      if (!(c.status === 422 && c.json?.error?.code === 'PASSWORD_WEAK')) break;
    }
    assert.equal(c.status, 200, `password change ${name}: ${c.status} ${c.text}`);
    acc.password = pw;
    s.doc = c.json;
  }
  if (s.doc.must_enrol_totp) {
    const e = await api('POST', '/api/v1/session/totp', undefined, { base, session: s });
    assert.equal(e.status, 200, `TOTP enrolment ${name}: ${e.status} ${e.text}`);
    const c = await api('POST', '/api/v1/session/totp/confirm', { code: totpCode(e.json.secret, await freshStep(acc)) }, { base, session: s });
    assert.equal(c.status, 200, `TOTP confirmation ${name}: ${c.status} ${c.text}`);
    acc.totp = e.json.secret;
    s.doc = c.json;
  }
  return s;
}

/** The fixture's session at base (the current server's when base is not given). */
export function fixtureSession(base) {
  return sessions.get(base || (current && current.base)) || null;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Headers and path of a request made with session s (null: none). */
function withSession(method, p, headers, s) {
  const h = { ...headers };
  if (!s) return { h, p };
  if (!Object.keys(h).some((k) => k.toLowerCase() === 'cookie')) h.cookie = s.cookie;
  if (UNSAFE.has(method) && !Object.keys(h).some((k) => k.toLowerCase() === 'x-csrf-token')) h['x-csrf-token'] = s.csrf;
  if (s.reveal && /^\/api\/v1\/members(\/|\?|$)/.test(p) && !/[?&]reveal=/.test(p)) {
    p += (p.includes('?') ? '&' : '?') + 'reveal=1';
  }
  return { h, p };
}

// ---- the server ------------------------------------------------------------------------

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A timer that does not keep the process alive (for timeouts raced against an event).
const deadlineAfter = (ms) => new Promise((r) => setTimeout(r, ms).unref());
let current = null;

/**
 * Start `jiceng serve` on a free loopback port and wait for /api/v1/health.
 * Returns {base, port, api, stop, stderr()}; stop() sends SIGTERM, awaits the exit and
 * asserts a clean exit without sanitizer reports.
 */
export async function startServer(dbPath, { extraArgs = [], loginAs = FIXTURE } = {}) {
  let lastErr;
  if (loginAs === FIXTURE) ensureFixture(dbPath);
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const proc = spawn(BIN, ['serve', '--db', dbPath, '--listen', `127.0.0.1:${port}`, '--quiet', ...extraArgs], {
      env: ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d) => { stdout += d; });
    proc.stderr.setEncoding('utf8').on('data', (d) => { stderr += d; });
    const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    let exit = null;
    exited.then((e) => { exit = e; });
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    let up = false;
    while (Date.now() < deadline && !exit) {
      try {
        const r = await fetch(`${base}/api/v1/health`);
        if (r.status === 200) { await r.arrayBuffer(); up = true; break; }
      } catch { /* not listening yet */ }
      await sleep(50);
    }
    if (!up) {
      if (!exit) { proc.kill('SIGKILL'); await exited; }
      lastErr = new Error(`jiceng serve did not come up on ${base} (exit ${JSON.stringify(exit)})\n${stdout}\n${stderr}`);
      if (/in use|bind/i.test(stderr)) continue; // lost the port race: try another port
      throw lastErr;
    }
    const srv = {
      base,
      port,
      proc,
      db: dbPath,
      session: null,
      stdout: () => stdout,
      stderr: () => stderr,
      api: (method, p, body, opts = {}) => api(method, p, body, { ...opts, base }),
      async stop() {
        if (!exit) proc.kill('SIGTERM');
        const e = await Promise.race([exited, deadlineAfter(20_000).then(() => null)]);
        if (!e) { proc.kill('SIGKILL'); await exited; assert.fail(`jiceng serve did not stop on SIGTERM\n${stderr}`); }
        if (current === srv) current = null;
        sessions.delete(base);
        assertNoSanitizer(stderr, 'jiceng serve');
        assert.equal(e.code, 0, `jiceng serve exited with ${JSON.stringify(e)}\n${stderr}`);
      },
    };
    current = srv;
    if (loginAs) {
      srv.session = await login(base, dbPath, loginAs, { reveal: true });
      sessions.set(base, srv.session);
    }
    return srv;
  }
  throw lastErr;
}

/**
 * One HTTP exchange. body: an object (sent as JSON), or with {raw:true} a string/Buffer
 * sent as is. Returns {status, json, headers, text}; json is null when the body is not JSON.
 */
export async function api(method, p, body, { raw = false, headers = {}, base, session } = {}) {
  base = base || (current && current.base);
  assert.ok(base, 'api(): no server started');
  if (!p.startsWith('/')) p = `/api/v1/${p}`;
  const ws = withSession(method, p, headers, session === undefined ? sessions.get(base) : session);
  const h = ws.h;
  p = ws.p;
  let payload;
  if (body !== undefined) {
    payload = raw ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['content-type'] = 'application/json';
  }
  const r = await fetch(base + p, { method, headers: h, body: payload });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, json, headers: r.headers, text };
}

/**
 * One request over a bare socket, for what fetch cannot do (announce a body and not send
 * it, or survive a server that answers early and closes). `body` (Buffer/string) is
 * written after the head when given; `chunked` sends it with Transfer-Encoding: chunked.
 * Resolves {status, headers, json, text} once the answer is complete or the socket closes.
 */
export function rawHttp({ base, method = 'POST', path: p, headers = {}, body, chunked = false, timeoutMs = 20_000, session }) {
  base = base || (current && current.base);
  const ws = withSession(method, p, headers, session === undefined ? sessions.get(base) : session);
  headers = ws.h;
  p = ws.p;
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port), u.hostname);
    const chunks = [];
    let done = false;
    const finish = () => {
      if (done) return;
      const buf = Buffer.concat(chunks);
      const sep = buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const head = buf.subarray(0, sep).toString('latin1').split('\r\n');
      const status = Number(head[0].split(' ')[1]);
      const hs = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(':');
        hs[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      const rest = buf.subarray(sep + 4);
      if (hs['content-length'] !== undefined && rest.length < Number(hs['content-length']) && !sock.destroyed) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = rest.toString('utf8');
      let json = null;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      resolve({ status, headers: hs, json, text });
    };
    const timer = setTimeout(() => { sock.destroy(); if (!done) reject(new Error(`rawHttp ${method} ${p}: timeout`)); }, timeoutMs);
    sock.on('data', (d) => { chunks.push(d); finish(); });
    sock.on('error', () => { /* EPIPE/ECONNRESET after an early answer: keep what arrived */ });
    sock.on('close', () => {
      finish();
      if (!done) { clearTimeout(timer); reject(new Error(`rawHttp ${method} ${p}: closed without an answer`)); }
    });
    sock.on('connect', () => {
      const h = { host: `${u.hostname}:${u.port}`, connection: 'close', ...headers };
      if (chunked) h['transfer-encoding'] = 'chunked';
      let head = `${method} ${p} HTTP/1.1\r\n`;
      for (const [k, v] of Object.entries(h)) head += `${k}: ${v}\r\n`;
      sock.write(`${head}\r\n`);
      if (body === undefined) return;
      const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
      if (!chunked) { sock.write(b); return; }
      for (let i = 0; i < b.length; i += 64 * 1024) {
        const part = b.subarray(i, i + 64 * 1024);
        sock.write(`${part.length.toString(16)}\r\n`);
        sock.write(part);
        sock.write('\r\n');
      }
      sock.write('0\r\n\r\n');
    });
  });
}

/** GET that must answer 200; returns the JSON. */
export async function getOk(p, opts) {
  const r = await api('GET', p, undefined, opts);
  assert.equal(r.status, 200, `GET ${p} → ${r.status} ${r.text}`);
  return r.json;
}

/** A request that must answer `status`; returns the JSON. */
export async function expectStatus(method, p, body, status, opts) {
  const r = await api(method, p, body, opts);
  assert.equal(r.status, status, `${method} ${p} → ${r.status} ${r.text}`);
  return r.json;
}

/**
 * Assert the error document: status, error.code (null: any), and when given error.field and
 * error.rule (null = must be absent); message.zh and message.en non-empty.
 */
export function assertError(res, status, code, { field, rule } = {}) {
  const ctx = `${status} ${code}, got ${res.status} ${res.text}`;
  assert.equal(res.status, status, ctx);
  assert.ok(res.json && res.json.error, `no error document: ${ctx}`);
  const e = res.json.error;
  if (code !== null) assert.equal(e.code, code, ctx);
  else assert.ok(typeof e.code === 'string' && e.code.length > 0, ctx);
  if (field !== undefined) assert.equal(e.field, field ?? undefined, `error.field: ${ctx}`);
  if (rule !== undefined) assert.equal(e.rule, rule ?? undefined, `error.rule: ${ctx}`);
  assert.equal(typeof e.message?.zh, 'string', ctx);
  assert.equal(typeof e.message?.en, 'string', ctx);
  assert.ok(e.message.zh.length > 0, `empty message.zh: ${ctx}`);
  assert.ok(e.message.en.length > 0, `empty message.en: ${ctx}`);
  return e;
}

// ---- ID numbers (GB 11643-1999, ISO 7064 MOD 11-2) -------------------------------------

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
export function checkChar(body17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(body17[i]) * WEIGHTS[i];
  return '10X98765432'[s % 11];
}

/** idnum('320703', '19800101', 1) → a valid number; odd seq = male, even = female. */
export function idnum(area, yyyymmdd, seq) {
  const body = `${area}${yyyymmdd}${String(seq).padStart(3, '0')}`;
  assert.equal(body.length, 17, `idnum body ${body}`);
  return body + checkChar(body);
}

/** The same number with a wrong check character. */
export function badCheck(id) {
  const good = id[17];
  const wrong = '10X98765432'.split('').find((c) => c !== good);
  return id.slice(0, 17) + wrong;
}

let seqCounter = 0;
/** A fresh valid ID number for a birth date (YYYY-MM-DD) and sex. Unique per process. */
export function freshId(birth = '1980-01-01', sex = 'M', area = '320703') {
  seqCounter++;
  let seq = seqCounter % 500; // 0..499 → 3-digit sequence with the right parity
  seq = seq * 2 + (sex === 'M' ? 1 : 0);
  const yyyymmdd = birth.replaceAll('-', '');
  // Vary the area suffix with the counter so numbers stay unique past 500 per birth date.
  const a = area.slice(0, 4) + String((Number(area.slice(4)) + Math.floor(seqCounter / 500)) % 100).padStart(2, '0');
  return idnum(a, yyyymmdd, seq);
}

// ---- fixtures --------------------------------------------------------------------------

/**
 * A small tree through the API, codes prefixed with `p`:
 *   P (committee) ─ P.W (working_committee) ─ P.W.C (committee, community)
 *        ├─ P.W.C.B1 (branch, community) ─ P.W.C.B1.G1 (group)
 *        └─ P.W.C.B2 (branch, community)
 *   └─ P.B3 (branch, government)
 */
export async function makeTree(p = 'T', { base } = {}) {
  const o = { base };
  const orgs = [
    { code: p, name: `${p}区委`, type: 'committee' },
    { code: `${p}.W`, name: `${p}街道工委`, type: 'working_committee', parent: p },
    { code: `${p}.W.C`, name: `${p}社区党委`, type: 'committee', field: 'community', parent: `${p}.W` },
    { code: `${p}.W.C.B1`, name: `${p}第一党支部`, type: 'branch', field: 'community', parent: `${p}.W.C` },
    { code: `${p}.W.C.B2`, name: `${p}第二党支部`, type: 'branch', field: 'community', parent: `${p}.W.C` },
    { code: `${p}.W.C.B1.G1`, name: `${p}第一党小组`, type: 'group', parent: `${p}.W.C.B1` },
    { code: `${p}.B3`, name: `${p}机关党支部`, type: 'branch', field: 'government', parent: p },
  ];
  for (const org of orgs) await expectStatus('POST', '/api/v1/orgs', org, 201, o);
  return {
    root: p, wc: `${p}.W`, cc: `${p}.W.C`, b1: `${p}.W.C.B1`, b2: `${p}.W.C.B2`, g1: `${p}.W.C.B1.G1`, b3: `${p}.B3`,
  };
}

/** A valid member body for branch `org`; overrides win. */
export function member(org, over = {}) {
  const birth = over.birth_date || '1980-05-06';
  const sex = ['F', '女'].includes(over.sex) ? 'F' : 'M';
  return {
    org,
    name: '李明',
    ethnicity: '01',
    id_number: freshId(birth, sex),
    birth_date: birth,
    sex,
    education: '20',
    category: 'full',
    joined_on: '2010-07-01',
    full_on: over.category === 'probationary' ? undefined : '2011-07-01',
    ...over,
  };
}

export async function createMember(org, over = {}, opts = {}) {
  const j = await expectStatus('POST', '/api/v1/members', member(org, over), 201, opts);
  return j.member;
}

/** What a refused request must leave unchanged: the member total and the stats document. */
export async function snapshot(rootCode, opts = {}) {
  const list = await getOk(`/api/v1/members?org=${encodeURIComponent(rootCode)}&size=1`, opts);
  const stats = await getOk(`/api/v1/stats/${encodeURIComponent(rootCode)}`, opts);
  const orgs = await getOk(`/api/v1/orgs?under=${encodeURIComponent(rootCode)}&limit=1000`, opts);
  return { total: list.total, stats, orgs };
}

/** One CSV line (RFC 4180 quoting) into its cells. */
export function parseCsvLine(line) {
  const out = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') q = false; else cur += c;
    } else if (c === '"') q = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

/** The audit trail of db as objects {id, at, account, org_path, action, ...} (CLI export). */
export function auditRows(db) {
  const out = path.join(tmpdir(), 'audit.csv');
  runOk(['audit', 'export', '--db', db, '--out', out]);
  const text = fs.readFileSync(out, 'utf8').replace(/^\ufeff/, '').replace(/\r\n$/, '');
  const [head, ...rows] = text.split(/\r\n/).map(parseCsvLine);
  return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

export function csvLine(cells) {
  return cells.map((c) => {
    const s = String(c ?? '');
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }).join(',');
}
