// auth.test.mjs — logins and sessions from the outside: no route but the public ones
// answers without a session; wrong passwords, lockout, the second factor (wrong and
// replayed codes); the forced password change; logout and expiry; CSRF tokens and the
// Origin check on every state-changing request; the cookie's attributes.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  accountInfo, addAccount, api, assertError, cookieOf, createMember, expectStatus, FIXTURE, initDb,
  login, makeTree, runOk, startServer, tmpdir,
} from './lib.mjs';

describe('sessions', () => {
  let srv;
  let db;
  let t;

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('A');
  });
  after(async () => { await srv?.stop(); });

  test('without a session: 401 SESSION_INVALID on every non-public route; the public ones answer', async () => {
    const closed = [
      ['GET', '/api/v1/orgs'], ['GET', `/api/v1/orgs/${t.root}`], ['POST', '/api/v1/orgs'],
      ['GET', '/api/v1/members'], ['GET', '/api/v1/members/1'], ['PATCH', '/api/v1/members/1'],
      ['GET', `/api/v1/stats/${t.root}`], ['GET', '/api/v1/alerts'], ['GET', '/api/v1/session'],
      ['DELETE', '/api/v1/session'], ['POST', '/api/v1/members/import'],
      ['GET', `/api/v1/members/export?org=${t.root}`],
    ];
    for (const [m, p] of closed) {
      const r = await api(m, p, m === 'GET' ? undefined : {}, { session: null });
      assertError(r, 401, 'SESSION_INVALID');
    }
    for (const p of ['/api/v1/health', '/api/v1/codes', '/api/v1/rules', '/api/v1/fields']) {
      assert.equal((await api('GET', p, undefined, { session: null })).status, 200, p);
    }
  });

  test('a made-up or malformed cookie is refused and cleared', async () => {
    for (const c of ['jiceng=abc', `jiceng=${'A'.repeat(43)}`, 'jiceng=']) {
      const r = await api('GET', '/api/v1/orgs', undefined, { session: null, headers: { cookie: c } });
      assertError(r, 401, 'SESSION_INVALID');
    }
    const r = await api('GET', '/api/v1/orgs', undefined, { session: null, headers: { cookie: `jiceng=${'A'.repeat(43)}` } });
    assert.match(r.headers.get('set-cookie') || '', /^jiceng=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
  });

  test('login sets an HttpOnly SameSite=Strict cookie (no Secure over plain http) and answers the session document', async () => {
    addAccount(db, 'clerk1', 'clerk', { org: t.cc });
    const acc = accountInfo(db, 'clerk1');
    const r = await api('POST', '/api/v1/session', { name: 'clerk1', password: acc.password }, { session: null });
    assert.equal(r.status, 200, r.text);
    const sc = r.headers.get('set-cookie');
    assert.match(sc, /^jiceng=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    assert.equal(typeof r.json.csrf, 'string');
    assert.equal(r.json.csrf.length, 43);
    assert.equal(r.json.account.name, 'clerk1');
    assert.equal(r.json.account.role, 'clerk');
    assert.equal(r.json.account.org, t.cc);
    assert.equal(r.json.must_change_password, true);
    assert.equal(r.json.totp_required, false);
    // the one-time password opens only the session routes
    const s = { cookie: cookieOf(sc), csrf: r.json.csrf };
    assertError(await api('GET', '/api/v1/orgs', undefined, { session: s }), 403, 'PASSWORD_CHANGE_REQUIRED');
    assert.equal((await api('GET', '/api/v1/session', undefined, { session: s })).status, 200);
  });

  test('wrong password and unknown name answer alike: 401 LOGIN_FAILED', async () => {
    const a = await api('POST', '/api/v1/session', { name: FIXTURE, password: 'not-the-password' }, { session: null });
    const b = await api('POST', '/api/v1/session', { name: 'nobody-here', password: 'not-the-password' }, { session: null });
    assertError(a, 401, 'LOGIN_FAILED');
    assertError(b, 401, 'LOGIN_FAILED');
    assert.deepEqual(a.json, b.json);
    assert.equal(a.headers.get('set-cookie'), null);
  });

  test('state-changing requests need the X-CSRF-Token of the session: missing or wrong → 403 CSRF_INVALID, nothing written', async () => {
    const s = srv.session;
    const body = { code: 'CSRF1', name: 'x', type: 'committee' };
    assertError(await api('POST', '/api/v1/orgs', body, { session: { ...s, csrf: undefined }, headers: { 'x-csrf-token': '' } }), 403, 'CSRF_INVALID');
    assertError(await api('POST', '/api/v1/orgs', body, { headers: { 'x-csrf-token': 'A'.repeat(43) } }), 403, 'CSRF_INVALID');
    const other = await login(srv.base, db, FIXTURE);          // another session's token
    assertError(await api('POST', '/api/v1/orgs', body, { headers: { 'x-csrf-token': other.csrf } }), 403, 'CSRF_INVALID');
    assertError(await api('GET', '/api/v1/orgs/CSRF1'), 404, 'ORG_NOT_FOUND');
    assert.equal((await api('POST', '/api/v1/orgs', body)).status, 201);
  });

  test('a foreign Origin is refused on state-changing requests (login included); the own origin passes', async () => {
    const body = { code: 'ORIG1', name: 'x', type: 'committee' };
    for (const o of ['https://evil.example', 'null', `http://127.0.0.1:${srv.port + 1}`, `https://127.0.0.1:${srv.port}`]) {
      assertError(await api('POST', '/api/v1/orgs', body, { headers: { origin: o } }), 403, 'ORIGIN_REFUSED');
      assertError(await api('POST', '/api/v1/session', { name: FIXTURE, password: 'x' }, { session: null, headers: { origin: o } }), 403, 'ORIGIN_REFUSED');
    }
    assert.equal((await api('POST', '/api/v1/orgs', body, { headers: { origin: `http://127.0.0.1:${srv.port}` } })).status, 201);
    // reads are not refused for their Origin (no state changes on GET)
    assert.equal((await api('GET', '/api/v1/orgs/ORIG1', undefined, { headers: { origin: 'https://evil.example' } })).status, 200);
  });

  test('logout ends the session on the server: the cookie no longer opens anything', async () => {
    const s = await login(srv.base, db, FIXTURE);
    assert.equal((await api('GET', '/api/v1/orgs', undefined, { session: s })).status, 200);
    const r = await api('DELETE', '/api/v1/session', undefined, { session: s });
    assert.equal(r.status, 204);
    assert.match(r.headers.get('set-cookie'), /^jiceng=; Path=\/; Max-Age=0/);
    assertError(await api('GET', '/api/v1/orgs', undefined, { session: s }), 401, 'SESSION_INVALID');
    assertError(await api('DELETE', '/api/v1/session', undefined, { session: s }), 401, 'SESSION_INVALID');
  });

  test('a role without the permission of a route → 403 FORBIDDEN', async () => {
    addAccount(db, 'sys2', 'sysadmin');
    const s = await login(srv.base, db, 'sys2');
    assertError(await api('GET', '/api/v1/members', undefined, { session: s }), 403, 'FORBIDDEN');
    assertError(await api('POST', '/api/v1/orgs', { code: 'S1', name: 'x', type: 'committee' }, { session: s }), 403, 'FORBIDDEN');
    assert.equal((await api('GET', `/api/v1/orgs/${t.root}`, undefined, { session: s })).status, 200, 'sysadmin reads the tree');
  });
});

describe('personal fields (ID number, phone, address)', () => {
  let srv;
  let db;
  let t;
  let m;
  const S = {};

  /** The audit trail as rows of objects, through the CLI export. */
  function auditRows() {
    const out = path.join(tmpdir(), 'audit.csv');
    runOk(['audit', 'export', '--db', db, '--out', out]);
    const [head, ...rows] = fs.readFileSync(out, 'utf8').replace(/^\ufeff/, '').trim().split(/\r\n/).map(parseCsvLine);
    return rows.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
  }

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('P');
    m = await createMember(t.b1, { name: '隐私', phone: '13812345678', address: '江苏省连云港市海州区某路1号' });
    addAccount(db, 'v1', 'viewer', { org: t.root });
    addAccount(db, 'c1', 'clerk', { org: t.root });
    S.v1 = await login(srv.base, db, 'v1');
    S.c1 = await login(srv.base, db, 'c1');
  });
  after(async () => { await srv?.stop(); });

  const get = (who, p) => api('GET', p, undefined, { session: S[who] });

  test('masked for everyone by default; the viewer gets them masked even with reveal=1', async () => {
    for (const who of ['v1', 'c1']) {
      for (const q of ['', '?reveal=1']) {
        if (who === 'c1' && q) continue;
        const one = (await get(who, `/api/v1/members/${m.id}${q}`)).json.member;
        assert.equal(one.id_number, `${m.id_number.slice(0, 3)}***********${m.id_number.slice(-4)}`);
        assert.equal(one.phone, '138****5678');
        assert.equal(one.address, '江***');
        assert.equal(one.name, '隐私', 'other fields are not masked');
        const list = (await get(who, `/api/v1/members?org=${t.root}${q ? '&reveal=1' : ''}`)).json.items;
        assert.ok(list.every((x) => x.id_number.includes('*')));
        const sparse = (await get(who, `/api/v1/members?org=${t.root}&fields=name,phone${q ? '&reveal=1' : ''}`)).json.items;
        assert.equal(sparse.find((x) => x.id === m.id).phone, '138****5678');
      }
    }
  });

  test('history before/after: personal fields masked without reveal', async () => {
    await expectStatus('PATCH', `/api/v1/members/${m.id}`, { phone: '13900001111' }, 200);
    const h = (await get('v1', `/api/v1/members/${m.id}/history?reveal=1`)).json.items;
    assert.deepEqual(h[1].before, { phone: '138****5678' });
    assert.deepEqual(h[1].after, { phone: '139****1111' });
    const h2 = (await get('c1', `/api/v1/members/${m.id}/history?reveal=1`)).json.items;
    assert.deepEqual(h2[1].after, { phone: '13900001111' });
  });

  test('a viewer finds a member by the whole ID number only (no prefix oracle)', async () => {
    assert.equal((await get('v1', `/api/v1/members?org=${t.root}&q=${m.id_number.slice(0, 10)}`)).json.total, 0);
    assert.equal((await get('v1', `/api/v1/members?org=${t.root}&q=${m.id_number}`)).json.total, 1);
    assert.equal((await get('c1', `/api/v1/members?org=${t.root}&q=${m.id_number.slice(0, 10)}`)).json.total, 1);
  });

  test('reveal=1 with pii.read: unmasked, never from or into the cache, and each read is a pii_read audit entry', async () => {
    const before_ = auditRows().filter((r) => r.action === 'pii_read' && r.account === 'c1').length;
    for (let i = 0; i < 3; i++) {
      assert.ok((await get('c1', `/api/v1/members/${m.id}`)).json.member.id_number.includes('*'));
      assert.equal((await get('c1', `/api/v1/members/${m.id}?reveal=1`)).json.member.id_number, m.id_number);
      assert.ok((await get('c1', `/api/v1/members/${m.id}`)).json.member.id_number.includes('*'));
    }
    const list = (await get('c1', `/api/v1/members?org=${t.root}&reveal=1`)).json;
    assert.ok(list.items.some((x) => x.id_number === m.id_number));
    const rows = auditRows().filter((r) => r.action === 'pii_read' && r.account === 'c1');
    assert.equal(rows.length - before_, 4);
    const one = rows.find((r) => r.object === `member:${m.id}`);
    assert.equal(one.result, 'ok');
    assert.deepEqual(JSON.parse(one.detail).ids, [m.id]);
    const page = rows.find((r) => r.object === 'members');
    assert.ok(JSON.parse(page.detail).ids.includes(m.id));
    assert.ok(!rows.some((r) => r.detail.includes(m.id_number)), 'the audit trail holds no ID number');
  });

  test('exports: masked for the viewer (reveal or not), unmasked for pii.read with reveal=1 (audited)', async () => {
    const csv = async (who, q) => {
      const r = await get(who, `/api/v1/members/export?org=${t.root}&format=csv${q}`);
      assert.equal(r.status, 200, r.text);
      return r.text;
    };
    for (const q of ['', '&reveal=1']) {
      const v = await csv('v1', q);
      assert.ok(!v.includes(m.id_number) && !v.includes('13900001111'), 'viewer export masked');
      assert.ok(v.includes('***'));
    }
    assert.ok(!(await csv('c1', '')).includes(m.id_number));
    const before_ = auditRows().filter((r) => r.object === 'export:members').length;
    assert.ok((await csv('c1', '&reveal=1')).includes(m.id_number));
    const after_ = auditRows().filter((r) => r.object === 'export:members');
    assert.equal(after_.length, before_ + 1);
    assert.equal(after_.at(-1).account, 'c1');
    assert.equal(JSON.parse(after_.at(-1).detail).count, 1);
  });
});

/** One CSV line (RFC 4180 quoting) into its cells. */
function parseCsvLine(line) {
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
