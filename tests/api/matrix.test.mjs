// matrix.test.mjs — the permission matrix, generated from the server's own route table
// (GET /api/v1/routes) and role table (GET /api/v1/roles): every route × every role × an
// object inside and one outside the account's subtree, with the answer expected from the
// tables — 403 FORBIDDEN where the role lacks the route's permission, 404 (as for a
// missing record) for an object outside the subtree, and through otherwise — and no
// answer carrying anything of the other subtree. Then: no route but the public ones
// answers without a session; and the audit chain after all this verifies, and names the
// first bad entry once one byte is changed, an entry deleted or two swapped.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addAccount, api, createMember, initDb, login, makeTree, run, runOk, startServer, tmpdir,
} from './lib.mjs';

/** roles.c's rule: "x.*" covers "x.<anything>"; "public" everyone; "session" every role. */
function holds(roleDef, perm) {
  if (!perm) return false;
  if (perm === 'public' || perm === 'session') return true;
  return roleDef.permissions.some((p) => (p.endsWith('.*') ? perm.startsWith(p.slice(0, -1)) && perm.length > p.length - 1 : p === perm));
}

const ROLES = {
  sysadmin: { account: 'm-sys', scoped: false },
  org_admin: { account: 'm-adm', scoped: true },
  clerk: { account: 'm-clerk', scoped: true },
  viewer: { account: 'm-view', scoped: true },
  member: { account: 'm-self', scoped: true },
};

describe('permission matrix: every route × every role × inside/outside', () => {
  let srv;
  let db;
  let a;
  let b;
  let routes;
  let roleDefs;
  const ids = {};
  const S = {};
  const SECRET = '外区机密姓名';

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    a = await makeTree('MA');
    b = await makeTree('MB');
    ids.mIn = (await createMember(a.b1, { name: '区内党员' })).id;
    ids.mOut = (await createMember(b.b1, { name: SECRET })).id;
    addAccount(db, 'm-sys', 'sysadmin');
    addAccount(db, 'm-adm', 'org_admin', { org: a.root });
    addAccount(db, 'm-clerk', 'clerk', { org: a.root });
    addAccount(db, 'm-view', 'viewer', { org: a.root });
    addAccount(db, 'm-self', 'member', { member: ids.mIn });
    addAccount(db, 'target-in', 'clerk', { org: a.wc });
    addAccount(db, 'target-out', 'clerk', { org: b.wc });
    for (const r of Object.values(ROLES)) S[r.account] = await login(srv.base, db, r.account);
    routes = (await api('GET', '/api/v1/routes', undefined, { session: S['m-sys'] })).json.items;
    roleDefs = Object.fromEntries((await api('GET', '/api/v1/roles', undefined, { session: S['m-sys'] })).json.roles.map((r) => [r.name, r]));
    const accts = (await api('GET', '/api/v1/accounts', undefined, { session: S['m-sys'] })).json.items;
    ids.accIn = accts.find((x) => x.name === 'target-in').id;
    ids.accOut = accts.find((x) => x.name === 'target-out').id;
  });
  after(async () => { await srv?.stop(); });

  /** The concrete request of a route for an object inside (in=true) or outside. */
  function probe(rt, role, inside) {
    const member = role === 'member';
    let p = rt.pattern;
    let object = false;
    if (p.includes(':code')) { p = p.replace(':code', inside ? a.cc : b.cc); object = true; }
    if (p.includes(':id')) {
      const acc = p.startsWith('/api/v1/accounts');
      p = p.replace(':id', String(acc ? (inside ? ids.accIn : ids.accOut) : (inside ? ids.mIn : ids.mOut)));
      object = true;
    }
    if (rt.method === 'GET' && /\/(members|orgs)\/export$|\/alerts$|\/members$/.test(p)) {
      p += `?org=${inside ? (member ? a.b1 : a.cc) : b.cc}&format=csv`;
      object = true;
    }
    let body;
    if (rt.method !== 'GET' && rt.method !== 'HEAD') {
      if (p.endsWith('/import')) body = 'x';
      else if (p.endsWith('/dissolve')) body = {};                  // has children: 409
      else if (p.endsWith('/move')) body = { parent: inside ? a.wc : b.wc }; // where it is
      else if (p.endsWith('/merge')) body = { into: 'NOPE.X' };          // 422 when allowed
      else body = {};
    }
    return { p, object, body, raw: typeof body === 'string' };
  }

  test('the route table declares a known permission on every route, and the matrix covers them all', () => {
    assert.ok(routes.length > 30);
    const known = new Set((Object.values(roleDefs).flatMap((r) => r.permissions)).concat(['public', 'session']));
    for (const rt of routes) {
      assert.ok(rt.permission, `${rt.method} ${rt.pattern}`);
      const held = Object.values(roleDefs).some((r) => holds(r, rt.permission));
      assert.ok(held || known.has(rt.permission), `${rt.method} ${rt.pattern}: ${rt.permission} held by nobody`);
    }
  });

  test('every route × role × inside/outside answers as the tables say; nothing of the other subtree leaks', async () => {
    const rows = [];
    for (const rt of routes) {
      if (rt.permission === 'public') continue;
      if (rt.method === 'DELETE' && rt.pattern === '/api/v1/session') continue; // logout: below
      for (const [roleName, r] of Object.entries(ROLES)) {
        const def = roleDefs[roleName];
        const viaSelf = !holds(def, rt.permission) && rt.self_permission && holds(def, rt.self_permission);
        const allowed = holds(def, rt.permission) || viaSelf;
        for (const inside of [true, false]) {
          const q = probe(rt, roleName, inside);
          const opts = { session: S[r.account], raw: q.raw };
          if (q.raw) opts.headers = { 'content-type': 'text/csv' };
          const res = await api(rt.method, q.p, q.body, opts);
          const where = `${roleName} ${rt.method} ${q.p} (${inside ? 'inside' : 'outside'}) → ${res.status} ${res.text.slice(0, 200)}`;
          rows.push(where);
          assert.ok(!res.text.includes(SECRET), `leak: ${where}`);
          if (!allowed) {
            assert.equal(res.status, 403, where);
            assert.equal(res.json.error.code, 'FORBIDDEN', where);
            continue;
          }
          assert.notEqual(res.status, 401, where);
          assert.notEqual(res.status, 403, where);
          if (q.object && !inside && r.scoped) {
            assert.equal(res.status, 404, where);
            assert.match(res.json.error.code, /^(ORG|MEMBER|ACCOUNT)_NOT_FOUND$/, where);
          } else {
            assert.ok(res.status !== 404 || !/NOT_FOUND/.test(res.json?.error?.code || ''), where);
            if (rt.method === 'GET') assert.equal(res.status, 200, where);
          }
        }
      }
    }
    assert.ok(rows.length > 300, `only ${rows.length} cases`);
  });

  test('an authz_denied entry for each refusal by permission', () => {
    const out = path.join(tmpdir(), 'a.csv');
    runOk(['audit', 'export', '--db', db, '--out', out, '--action', 'authz_denied']);
    const text = fs.readFileSync(out, 'utf8');
    assert.match(text, /m-view,.*authz_denied,"?route:POST \/api\/v1\/members/);
    assert.match(text, /m-sys,.*authz_denied,"?route:GET \/api\/v1\/members/);
  });

  test('no route but login, health, codes, rules and fields answers without a session', async () => {
    const open = [];
    for (const rt of routes) {
      const q = probe(rt, 'org_admin', true);
      const res = await api(rt.method, q.p, q.body, { session: null, raw: q.raw, headers: q.raw ? { 'content-type': 'text/csv' } : {} });
      if (res.status !== 401) open.push(`${rt.method} ${rt.pattern} ${res.status}`);
      else assert.match(res.json.error.code, /^SESSION_INVALID$/);
    }
    assert.deepEqual(open.map((x) => x.split(' ').slice(0, 2).join(' ')).sort(), [
      'GET /api/v1/codes', 'GET /api/v1/fields', 'GET /api/v1/health', 'GET /api/v1/rules', 'POST /api/v1/session',
    ]);
  });
});

describe('audit verify: tampering with a copy of the database', () => {
  let db;
  let dir;

  before(async () => {
    dir = tmpdir();
    db = initDb(dir);
    const srv = await startServer(db);
    const t = await makeTree('V');
    for (let i = 0; i < 4; i++) await createMember(t.b1, { name: `审计${i}` });
    await api('PATCH', `/api/v1/orgs/${t.b2}`, { name: '改名' });
    await srv.stop();
  });

  const copy = (name) => {
    const f = path.join(dir, name);
    fs.copyFileSync(db, f);
    return f;
  };
  const sql = (f, s) => execFileSync('sqlite3', [f, s], { encoding: 'utf8' });
  const verify = (f) => run(['audit', 'verify', '--db', f]);

  test('after API activity the chain is intact', () => {
    const r = verify(db);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const n = Number(/intact: (\d+) entries/.exec(r.stdout)[1]);
    assert.ok(n >= 15, `${n} entries`);
  });

  test('one byte of one entry changed → exit 1 naming that entry', () => {
    const f = copy('byte.db');
    sql(f, "UPDATE audit_log SET detail = replace(detail, '审计2', '审计3') WHERE id = (SELECT id FROM audit_log WHERE detail LIKE '%审计2%' LIMIT 1)");
    const id = Number(sql(f, "SELECT id FROM audit_log WHERE detail LIKE '%审计3%' ORDER BY id LIMIT 1").trim());
    const r = verify(f);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /BROKEN at entry (\d+)/);
    assert.ok(Number(/BROKEN at entry (\d+)/.exec(r.stdout)[1]) <= id + 1);
    const f2 = copy('account.db');
    sql(f2, "UPDATE audit_log SET account = 'someone-else' WHERE id = 7");
    assert.match(verify(f2).stdout, /BROKEN at entry 7:/);
  });

  test('one entry deleted → exit 1 naming where the chain breaks', () => {
    const f = copy('del.db');
    sql(f, 'DELETE FROM audit_log WHERE id = 5');
    const r = verify(f);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /BROKEN at entry 6:/);
  });

  test('two entries swapped → exit 1 naming the first of them', () => {
    const f = copy('swap.db');
    sql(f, `UPDATE audit_log SET id = -1 WHERE id = 4;
            UPDATE audit_log SET id = 4 WHERE id = 8;
            UPDATE audit_log SET id = 8 WHERE id = -1;`);
    const r = verify(f);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /BROKEN at entry 4:/);
  });
});
