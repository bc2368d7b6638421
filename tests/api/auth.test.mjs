// auth.test.mjs — logins and sessions from the outside: no route but the public ones
// answers without a session; wrong passwords, lockout, the second factor (wrong and
// replayed codes); the forced password change; logout and expiry; CSRF tokens and the
// Origin check on every state-changing request; the cookie's attributes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  accountInfo, addAccount, api, assertError, assertNoSanitizer, auditRows, BIN, ENV, freePort, cookieOf, createMember, csvLine, expectStatus,
  FIXTURE, freshId, freshStep, getOk, initDb, knowAccount, login, makeTree, nowStep, run, runOk, startServer, tmpdir,
  totpCode,
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
    const before_ = auditRows(db).filter((r) => r.action === 'pii_read' && r.account === 'c1').length;
    for (let i = 0; i < 3; i++) {
      assert.ok((await get('c1', `/api/v1/members/${m.id}`)).json.member.id_number.includes('*'));
      assert.equal((await get('c1', `/api/v1/members/${m.id}?reveal=1`)).json.member.id_number, m.id_number);
      assert.ok((await get('c1', `/api/v1/members/${m.id}`)).json.member.id_number.includes('*'));
    }
    const list = (await get('c1', `/api/v1/members?org=${t.root}&reveal=1`)).json;
    assert.ok(list.items.some((x) => x.id_number === m.id_number));
    const rows = auditRows(db).filter((r) => r.action === 'pii_read' && r.account === 'c1');
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
    const before_ = auditRows(db).filter((r) => r.object === 'export:members').length;
    assert.ok((await csv('c1', '&reveal=1')).includes(m.id_number));
    const after_ = auditRows(db).filter((r) => r.object === 'export:members');
    assert.equal(after_.length, before_ + 1);
    assert.equal(after_.at(-1).account, 'c1');
    assert.equal(JSON.parse(after_.at(-1).detail).count, 1);
  });
});


describe('audit trail of changes and logins', () => {
  let srv;
  let db;
  let t;

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('U');
  });
  after(async () => { await srv?.stop(); });

  const last = (action) => auditRows(db).filter((r) => r.action === action).at(-1);

  test('every org change is an entry with before/after, by the account, under the org\'s path', async () => {
    await expectStatus('PATCH', `/api/v1/orgs/${t.b2}`, { name: 'U第二党支部（改）', secretary: '张书记' }, 200);
    const e = last('org.update');
    assert.equal(e.account, FIXTURE);
    assert.equal(e.object, `org:${t.b2}`);
    assert.equal(e.result, 'ok');
    const org = (await getOk(`/api/v1/orgs/${t.b2}`)).org;
    assert.equal(e.org_path.split('/').filter(Boolean).at(-1), String(org.id));
    assert.deepEqual(JSON.parse(e.detail), {
      before: { name: 'U第二党支部', secretary: null }, after: { name: 'U第二党支部（改）', secretary: '张书记' },
    });
    await expectStatus('POST', '/api/v1/orgs', { code: 'U.X', name: '临时', type: 'branch', parent: t.root }, 201);
    await expectStatus('POST', '/api/v1/orgs/U.X/move', { parent: t.wc }, 200);
    await expectStatus('POST', '/api/v1/orgs/U.X/dissolve', {}, 200);
    const acts = auditRows(db).filter((r) => r.object === 'org:U.X').map((r) => r.action);
    assert.deepEqual(acts, ['org.create', 'org.move', 'org.dissolve']);
  });

  test('member create and update: entries with personal fields masked in before/after', async () => {
    const m = await createMember(t.b1, { name: '审计', phone: '13811112222' });
    const c = last('member.create');
    assert.equal(c.object, `member:${m.id}`);
    const after_ = JSON.parse(c.detail).after;
    assert.equal(after_.name, '审计');
    assert.equal(after_.phone, '138****2222');
    assert.ok(!c.detail.includes(m.id_number), 'no ID number in the trail');
    await expectStatus('PATCH', `/api/v1/members/${m.id}`, { phone: '13933334444', job: '会计' }, 200);
    const u = last('member.update');
    assert.deepEqual(JSON.parse(u.detail), {
      before: { job: null, phone: '138****2222' }, after: { job: '会计', phone: '139****4444' },
    });
    await expectStatus('PATCH', `/api/v1/members/${m.id}`, { org: t.b2 }, 200);
    const mv = last('member.move');
    assert.deepEqual(JSON.parse(mv.detail), { before: { org: t.b1 }, after: { org: t.b2 } });
  });

  test('a refused change leaves no entry (it rolls back with the change)', async () => {
    const n = auditRows(db).length;
    const bad = { org: t.b1, name: '坏', ethnicity: '01', id_number: '110105198005060011', education: '20', category: 'full', joined_on: '2010-07-01' };
    assert.equal((await api('POST', '/api/v1/members', bad)).status, 422);
    assert.equal((await api('PATCH', `/api/v1/orgs/${t.b1}`, { type: 'group' })).status, 422);
    assert.equal(auditRows(db).length, n);
  });

  test('an import is one entry with its counts; a dry run is none', async () => {
    const head = ['所在党支部', '姓名', '民族', '公民身份号码', '学历', '人员类别', '加入党组织日期', '转为正式党员日期'];
    const rowOf = (n) => [t.b1, n, '汉族', freshId('1970-01-01', 'M'), '大学本科', '正式党员', '2000-07-01', '2001-07-01'];
    const csv = [csvLine(head), csvLine(rowOf('甲')), csvLine(rowOf('乙'))].join('\r\n');
    const opts = { raw: true, headers: { 'content-type': 'text/csv' } };
    const n = auditRows(db).filter((r) => r.action === 'member.import').length;
    assert.equal((await api('POST', '/api/v1/members/import?dry_run=1', csv, opts)).status, 200);
    assert.equal(auditRows(db).filter((r) => r.action === 'member.import').length, n);
    assert.equal((await api('POST', '/api/v1/members/import', csv, opts)).status, 200);
    const e = last('member.import');
    const d = JSON.parse(e.detail);
    assert.equal(e.account, FIXTURE);
    assert.deepEqual([d.rows, d.valid, d.invalid], [2, 2, 0]);
    assert.ok(d.batch > 0);
  });

  test('logins: ok, failed (with the reason), lockout, logout — each committed on its own', async () => {
    addAccount(db, 'lk1', 'clerk', { org: t.root });
    for (let i = 0; i < 5; i++) {
      assertError(await api('POST', '/api/v1/session', { name: 'lk1', password: 'wrong-password' }, { session: null }), 401, 'LOGIN_FAILED');
    }
    assertError(await api('POST', '/api/v1/session', { name: 'lk1', password: accountInfo(db, 'lk1').password }, { session: null }), 423, 'ACCOUNT_LOCKED');
    const rows = auditRows(db).filter((r) => r.object === 'account:lk1');
    const failed = rows.filter((r) => r.action === 'login_failed');
    assert.equal(failed.length, 6);
    assert.ok(failed.slice(0, 5).every((r) => JSON.parse(r.detail).reason === 'bad_password' && r.result === 'failed'));
    assert.equal(JSON.parse(failed[5].detail).reason, 'locked');
    const lock = rows.filter((r) => r.action === 'lockout');
    assert.equal(lock.length, 1);
    assert.ok(JSON.parse(lock[0].detail).locked_until);
    assertError(await api('POST', '/api/v1/session', { name: 'no-such-one', password: 'x-y-z-w-1' }, { session: null }), 401, 'LOGIN_FAILED');
    assert.equal(JSON.parse(last('login_failed').detail).reason, 'unknown_account');
    addAccount(db, 'lo1', 'clerk', { org: t.root });
    const s = await login(srv.base, db, 'lo1');
    assert.equal(last('login').account, 'lo1');
    assert.equal((await api('DELETE', '/api/v1/session', undefined, { session: s })).status, 204);
    assert.equal(last('logout').account, 'lo1');
    assert.equal(last('account.password_change').account, 'lo1');
  });

  test('`jiceng audit verify` after all this: the chain is intact', () => {
    const r = runOk(['audit', 'verify', '--db', db]);
    assert.match(r.stdout, /audit chain intact: \d+ entries/);
  });
});

describe('accounts, roles, settings, second factor', () => {
  let srv;
  let db;
  let t;
  let o;
  let m;
  let mOut;
  const S = {};

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('R');
    o = await makeTree('Q');
    m = await createMember(t.b1, { name: '有账户' });
    mOut = await createMember(o.b1, { name: '别处' });
    addAccount(db, 'adm-r', 'org_admin', { org: t.root });
    addAccount(db, 'clerk-r', 'clerk', { org: t.root });
    S.adm = await login(srv.base, db, 'adm-r');
    S.clerk = await login(srv.base, db, 'clerk-r');
    S.sys = await login(srv.base, db, 'admin');
  });
  after(async () => { await srv?.stop(); });

  const as = (who, method, p, body) => api(method, p, body, { session: S[who] });

  test('an org_admin creates accounts in its subtree, only with roles it may grant', async () => {
    const c = await as('adm', 'POST', '/api/v1/accounts', { name: 'new-clerk', display_name: '新办事员', role: 'clerk', org: t.wc });
    assert.equal(c.status, 201, c.text);
    assert.equal(c.json.account.org, t.wc);
    assert.equal(c.json.account.must_change_password, true);
    assert.match(c.json.one_time_password, /^\S{16}$/);
    const mem = await as('adm', 'POST', '/api/v1/accounts', { name: 'self-acc', role: 'member', member_id: m.id });
    assert.equal(mem.status, 201, mem.text);
    assert.equal(mem.json.account.org, t.b1);
    assert.equal((await as('adm', 'POST', '/api/v1/accounts', { name: 'sub-adm', role: 'org_admin', org: t.wc })).status, 201);
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'peer-adm', role: 'org_admin', org: t.root }), 403, 'GRANT_REFUSED');
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'top-adm', role: 'org_admin' }), 403, 'GRANT_REFUSED');
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'sys-x', role: 'sysadmin' }), 403, 'GRANT_REFUSED');
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'far', role: 'clerk', org: o.root }), 422, 'ORG_NOT_FOUND');
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'far-m', role: 'member', member_id: mOut.id }), 422, 'MEMBER_NOT_FOUND');
    assertError(await as('adm', 'POST', '/api/v1/accounts', { name: 'new-clerk', role: 'clerk', org: t.wc }), 409, 'ACCOUNT_EXISTS');
    assertError(await as('clerk', 'POST', '/api/v1/accounts', { name: 'x1', role: 'viewer', org: t.wc }), 403, 'FORBIDDEN');
    const e = auditRows(db).filter((r) => r.action === 'account.create' && r.object === 'account:new-clerk');
    assert.equal(e.length, 1);
    assert.equal(e[0].account, 'adm-r');
    assert.ok(!e[0].detail.includes(c.json.one_time_password), 'no password in the trail');
  });

  test('GET /accounts lists the caller\'s subtree only; another subtree\'s account is 404', async () => {
    const names = (await as('adm', 'GET', '/api/v1/accounts')).json.items.map((a) => a.name).sort();
    assert.deepEqual(names, ['adm-r', 'clerk-r', 'new-clerk', 'self-acc', 'sub-adm']);
    const all = (await as('sys', 'GET', '/api/v1/accounts')).json.items.map((a) => a.name);
    assert.ok(all.includes('admin') && all.includes(FIXTURE));
    const fixtureId = (await as('sys', 'GET', '/api/v1/accounts')).json.items.find((a) => a.name === FIXTURE).id;
    assertError(await as('adm', 'PATCH', `/api/v1/accounts/${fixtureId}`, { disabled: true }), 404, 'ACCOUNT_NOT_FOUND');
    assertError(await as('adm', 'POST', `/api/v1/accounts/${fixtureId}/reset-password`), 404, 'ACCOUNT_NOT_FOUND');
  });

  test('disabling an account ends its sessions at once; enabling lets it log in again', async () => {
    const id = (await as('adm', 'GET', '/api/v1/accounts')).json.items.find((a) => a.name === 'clerk-r').id;
    assert.equal((await as('clerk', 'GET', '/api/v1/orgs')).status, 200);
    const r = await as('adm', 'PATCH', `/api/v1/accounts/${id}`, { disabled: true });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.account.disabled, true);
    assertError(await as('clerk', 'GET', '/api/v1/orgs'), 401, 'SESSION_INVALID');
    assertError(await api('POST', '/api/v1/session', { name: 'clerk-r', password: accountInfo(db, 'clerk-r').password }, { session: null }), 403, 'ACCOUNT_DISABLED');
    assert.equal((await as('adm', 'PATCH', `/api/v1/accounts/${id}`, { disabled: false })).status, 200);
    S.clerk = await login(srv.base, db, 'clerk-r');
    assert.equal((await as('clerk', 'GET', '/api/v1/orgs')).status, 200);
    const selfId = (await as('adm', 'GET', '/api/v1/accounts')).json.items.find((a) => a.name === 'adm-r').id;
    assertError(await as('adm', 'PATCH', `/api/v1/accounts/${selfId}`, { disabled: true }), 422, 'ACCOUNT_SELF');
    assert.ok(auditRows(db).some((x) => x.action === 'account.update' && x.object === 'account:clerk-r' && JSON.parse(x.detail).after.disabled === true));
  });

  test('reset-password: a one-time password, the old sessions end, the change is forced', async () => {
    const id = (await as('adm', 'GET', '/api/v1/accounts')).json.items.find((a) => a.name === 'clerk-r').id;
    const r = await as('adm', 'POST', `/api/v1/accounts/${id}/reset-password`);
    assert.equal(r.status, 200, r.text);
    assertError(await as('clerk', 'GET', '/api/v1/orgs'), 401, 'SESSION_INVALID');
    accountInfo(db, 'clerk-r').password = r.json.one_time_password;
    S.clerk = await login(srv.base, db, 'clerk-r');      // changes it on the way
    assert.equal((await as('clerk', 'GET', '/api/v1/orgs')).status, 200);
  });

  test('the audit viewer shows the caller\'s subtree; sysadmin sees all; filters and paging', async () => {
    const mine = (await as('adm', 'GET', '/api/v1/audit?limit=500')).json.items;
    assert.ok(mine.length > 0);
    const root = (await getOk(`/api/v1/orgs/${t.root}`)).org.id;
    assert.ok(mine.every((e) => e.org_path && e.org_path.startsWith(`/${root}/`)), 'only R\'s subtree');
    const all = (await as('sys', 'GET', '/api/v1/audit?limit=500')).json.items;
    assert.ok(all.some((e) => e.object === `org:${o.root}`));
    assert.ok(!mine.some((e) => e.object === `org:${o.root}`));
    const logins = (await as('sys', 'GET', '/api/v1/audit?action=login&account=adm-r')).json.items;
    assert.ok(logins.length >= 1 && logins.every((e) => e.action === 'login' && e.account === 'adm-r'));
    const p1 = (await as('sys', 'GET', '/api/v1/audit?limit=3')).json;
    assert.equal(p1.items.length, 3);
    const p2 = (await as('sys', 'GET', `/api/v1/audit?limit=3&before_id=${p1.next_before_id}`)).json;
    assert.ok(p2.items[0].id < p1.items[2].id);
    assertError(await as('clerk', 'GET', '/api/v1/audit'), 403, 'FORBIDDEN');
  });

  test('roles for every session; routes and settings for sysadmin; a setting change is audited', async () => {
    const roles = (await as('clerk', 'GET', '/api/v1/roles')).json;
    assert.deepEqual(roles.roles.map((r) => r.name), ['sysadmin', 'org_admin', 'clerk', 'viewer', 'member']);
    const routes = (await as('sys', 'GET', '/api/v1/routes')).json.items;
    assert.ok(routes.some((r) => r.method === 'GET' && r.pattern === '/api/v1/members' && r.permission === 'member.read'));
    assertError(await as('adm', 'GET', '/api/v1/routes'), 403, 'FORBIDDEN');
    assertError(await as('adm', 'PATCH', '/api/v1/settings', { 'auth.lockout_failures': 3 }), 403, 'FORBIDDEN');
    assertError(await as('sys', 'PATCH', '/api/v1/settings', { 'auth.lockout_failures': 0 }), 422, 'SETTING_RANGE');
    assertError(await as('sys', 'PATCH', '/api/v1/settings', { 'auth.nope': 1 }), 400, 'UNKNOWN_FIELD');
    const r = await as('sys', 'PATCH', '/api/v1/settings', { 'auth.lockout_failures': 7 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.items.find((x) => x.key === 'auth.lockout_failures').value, 7);
    const e = auditRows(db).filter((x) => x.action === 'setting.update').at(-1);
    assert.equal(e.account, 'admin');
    assert.deepEqual(JSON.parse(e.detail), { key: 'auth.lockout_failures', before: 5, after: 7 });
    assert.equal((await as('sys', 'PATCH', '/api/v1/settings', { 'auth.lockout_failures': 5 })).status, 200);
  });

  test('TOTP: sysadmin must enrol; a wrong code and a replayed code are refused', async () => {
    const acc = accountInfo(db, 'admin');
    assert.ok(acc.totp, 'enrolled during login');
    assertError(await api('POST', '/api/v1/session', { name: 'admin', password: acc.password }, { session: null }), 401, 'TOTP_REQUIRED', { field: 'totp' });
    const s = await login(srv.base, db, 'admin');
    const used = totpCode(acc.totp, acc.lastStep);          // the code that just logged in
    assert.ok(acc.lastStep >= nowStep() - 1, 'still inside the window');
    assertError(await api('POST', '/api/v1/session', { name: 'admin', password: acc.password, totp: used }, { session: null }), 401, 'TOTP_REPLAYED');
    const wrong = String((Number(used) + 1) % 1_000_000).padStart(6, '0');
    assertError(await api('POST', '/api/v1/session', { name: 'admin', password: acc.password, totp: wrong }, { session: null }), 401, 'TOTP_INVALID', { field: 'totp' });
    assert.equal(s.doc.totp_enabled, true);
    assert.equal(s.doc.second_factor_off, false);
    // replacing the factor in force asks for the password
    assertError(await api('POST', '/api/v1/session/totp', {}, { session: s }), 422, 'PASSWORD_WRONG');
    assert.equal((await api('POST', '/api/v1/session/totp', { password: acc.password }, { session: s })).status, 200);
    // a clerk needs none
    assert.equal(S.clerk.doc.totp_required, false);
  });

  test('a session idle past auth.session_idle_s is refused (SESSION_EXPIRED)', async () => {
    assert.equal((await as('sys', 'PATCH', '/api/v1/settings', { 'auth.session_idle_s': 10 })).status, 200);
    const s = await login(srv.base, db, 'clerk-r');
    assert.equal((await api('GET', '/api/v1/orgs', undefined, { session: s })).status, 200);
    await new Promise((r) => setTimeout(r, 11_000));
    assertError(await api('GET', '/api/v1/orgs', undefined, { session: s }), 401, 'SESSION_EXPIRED');
    S.sys = await login(srv.base, db, 'admin');
    assert.equal((await as('sys', 'PATCH', '/api/v1/settings', { 'auth.session_idle_s': 1800 })).status, 200);
  });
});

describe('demo database, first init, key file', () => {
  test('demo: accounts of every role with the printed password, no forced change, the second factor off (said at start and by /health and /session)', async () => {
    const dir = tmpdir();
    const db = path.join(dir, 'demo.db');
    const r = runOk(['demo', '--db', db, '--orgs', '40', '--members', '300', '--seed', '3']);
    const pw = /password (\S+) for all/.exec(r.stdout)[1];
    for (const n of ['admin', 'district', 'street', 'leader', 'member']) {
      assert.match(r.stdout, new RegExp(`^  ${n} `, 'm'));
      knowAccount(db, n, pw);
    }
    assert.match(r.stdout, /second factor \(TOTP\) is OFF/);
    assert.equal(fs.statSync(`${db}.keys`).mode & 0o777, 0o600);
    const srv = await startServer(db);
    try {
      assert.match(srv.stdout(), /second factor \(TOTP\) is OFF for this database/);
      assert.equal((await api('GET', '/api/v1/health', undefined, { session: null })).json.second_factor_off, true);
      const roles = { admin: 'sysadmin', district: 'org_admin', street: 'clerk', leader: 'viewer', member: 'member' };
      for (const [n, role] of Object.entries(roles)) {
        const s = await login(srv.base, db, n);
        assert.equal(s.doc.account.role, role);
        assert.equal(s.doc.must_change_password, false, n);
        assert.equal(s.doc.must_enrol_totp, false, n);
        assert.equal(s.doc.second_factor_off, true);
      }
      const st = await login(srv.base, db, 'street');
      const top = (await api('GET', '/api/v1/orgs', undefined, { session: st })).json.items;
      assert.equal(top.length, 1);
      assert.match(top[0].code, /^D320703\./, 'the street clerk\'s root is its street');
    } finally {
      await srv.stop();
    }
  });

  test('init: the key file (0600) and the sysadmin with a one-time password, the first time only', () => {
    const dir = tmpdir();
    const db = path.join(dir, 'k.db');
    const r1 = runOk(['init', '--db', db]);
    assert.match(r1.stdout, /key file .*k\.db\.keys created \(mode 0600\)/);
    assert.match(r1.stdout, /sysadmin account admin created; one-time password: \S{16}/);
    assert.equal(fs.statSync(`${db}.keys`).mode & 0o777, 0o600);
    const r2 = runOk(['init', '--db', db]);
    assert.doesNotMatch(r2.stdout, /one-time password|key file/);
    const other = path.join(dir, 'k2.db');
    const r3 = runOk(['init', '--db', other, '--keys', path.join(dir, 'elsewhere.keys')]);
    assert.match(r3.stdout, /elsewhere\.keys created/);
    assert.ok(!fs.existsSync(`${other}.keys`));
  });

  test('key file missing, loose or of another database: a clear error naming it, no data on any output', async () => {
    const dir = tmpdir();
    const db = initDb(dir);
    const srv = await startServer(db);
    const t = await makeTree('K');
    const m = await createMember(t.b1, { name: '密钥测试' });
    await srv.stop();
    const leak = (r) => {
      const all = r.stdout + r.stderr;
      assert.ok(!all.includes(m.id_number) && !all.includes('密钥测试'), all);
    };
    const missing = run(['serve', '--db', db, '--keys', path.join(dir, 'none.keys'), '--listen', '127.0.0.1:1']);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /KEYFILE_MISSING.*none\.keys/);
    leak(missing);
    const loose = path.join(dir, 'loose.keys');
    fs.copyFileSync(`${db}.keys`, loose);
    fs.chmodSync(loose, 0o644);
    const r2 = run(['export', 'members', '--db', db, '--keys', loose, '--org', t.root, '--format', 'csv', '--out', path.join(dir, 'x.csv')]);
    assert.notEqual(r2.status, 0);
    assert.match(r2.stderr, /KEYFILE_MODE/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.csv')), 'nothing exported');
    leak(r2);
    const foreign = path.join(tmpdir(), 'f.db');
    runOk(['init', '--db', foreign]);
    const r3 = run(['stats', '--db', db, '--org', t.root, '--keys', `${foreign}.keys`]);
    assert.notEqual(r3.status, 0);
    assert.match(r3.stderr, /KEYFILE_WRONG/);
    leak(r3);
    fs.writeFileSync(loose, 'jiceng-keys v1\nid nothing\n', { mode: 0o600 });
    fs.chmodSync(loose, 0o600);
    const r4 = run(['user', 'list', '--db', db, '--keys', loose]);
    assert.match(r4.stderr, /KEYFILE_FORMAT/);
    leak(r4);
  });
});

describe('serve: TLS, loopback, a proxy in front', () => {
  /** Start `serve` with args; resolves {proc, stdout(), stop()} once it says it is serving. */
  function serve(args) {
    return new Promise((resolve, reject) => {
      const proc = spawn(BIN, ['serve', '--quiet', ...args], { env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      proc.stdout.setEncoding('utf8').on('data', (d) => {
        out += d;
        if (/serving/.test(out)) resolve({ proc, stdout: () => out, stop: () => new Promise((r) => { proc.on('exit', (c) => { assertNoSanitizer(err, 'serve'); r(c); }); proc.kill('SIGTERM'); }) });
      });
      proc.stderr.setEncoding('utf8').on('data', (d) => { err += d; });
      proc.on('exit', (c) => reject(new Error(`serve exited ${c}: ${out} ${err}`)));
    });
  }

  function httpsReq(port, method, p, { body, headers = {} } = {}) {
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port, method, path: p, rejectUnauthorized: false, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => { text += d; });
        res.on('end', () => {
          let json = null;
          try { json = JSON.parse(text); } catch { /* not JSON */ }
          resolve({ status: res.statusCode, headers: res.headers, json, text });
        });
      });
      req.on('error', reject);
      if (body) req.write(JSON.stringify(body));
      req.end();
    });
  }

  test('HTTPS with --tls-cert/--tls-key: the __Host- cookie with Secure, HSTS, and non-loopback allowed', async (t) => {
    const dir = tmpdir();
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const g = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1'], { encoding: 'utf8' });
    if (g.status !== 0) { t.skip('no openssl to make a certificate'); return; }
    const db = initDb(dir);
    const port = await freePort();
    const s = await serve(['--db', db, '--listen', `0.0.0.0:${port}`, '--tls-cert', cert, '--tls-key', key]);
    try {
      assert.match(s.stdout(), new RegExp(`https://0\\.0\\.0\\.0:${port}/`));
      const h = await httpsReq(port, 'GET', '/api/v1/health');
      assert.equal(h.status, 200);
      assert.equal(h.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
      const pw = accountInfo(db, FIXTURE).password;
      const l = await httpsReq(port, 'POST', '/api/v1/session', { body: { name: FIXTURE, password: pw }, headers: { 'content-type': 'application/json' } });
      assert.equal(l.status, 200, l.text);
      const sc = l.headers['set-cookie'][0];
      assert.match(sc, /^__Host-jiceng=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
      const cookie = sc.split(';')[0];
      assert.equal((await httpsReq(port, 'GET', '/api/v1/session', { headers: { cookie } })).status, 200);
      // the plain-http cookie name is not accepted over TLS
      assertError(await httpsReq(port, 'GET', '/api/v1/session', { headers: { cookie: cookie.replace('__Host-', '') } }), 401, 'SESSION_INVALID');
      // same-origin over https passes the Origin check; http:// of the same host does not
      const csrf = l.json.csrf;
      const post = (origin) => httpsReq(port, 'DELETE', '/api/v1/session', { headers: { cookie, 'x-csrf-token': csrf, origin } });
      assertError(await post(`http://127.0.0.1:${port}`), 403, 'ORIGIN_REFUSED');
      assert.equal((await post(`https://127.0.0.1:${port}`)).status, 204);
    } finally {
      assert.equal(await s.stop(), 0);
    }
  });

  test('--behind-proxy: any address without TLS; the proxy\'s X-Forwarded-Proto/Host make the origin', async () => {
    const db = initDb();
    const port = await freePort();
    const r = run(['serve', '--db', db, '--listen', `0.0.0.0:${port}`, '--quiet', '--tls-cert', path.join(tmpdir(), 'nope.pem')]);
    assert.notEqual(r.status, 0, 'a lone --tls-cert is not TLS');
    assert.match(r.stderr, /TLS_CONFIG/);
    const s = await serve(['--db', db, '--listen', `0.0.0.0:${port}`, '--behind-proxy']);
    const base = `http://127.0.0.1:${port}`;
    try {
      const fwd = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'jiceng.example.cn' };
      // the proxy speaks https to the browser: the __Host- cookie with Secure
      await login(base, db, FIXTURE);           // over plain http: password changed, TOTP enrolled
      const acc = accountInfo(db, FIXTURE);
      const l = await api('POST', '/api/v1/session', { name: FIXTURE, password: acc.password, totp: totpCode(acc.totp, await freshStep(acc)) }, { base, session: null, headers: fwd });
      assert.equal(l.status, 200, l.text);
      assert.match(l.headers.get('set-cookie'), /^__Host-jiceng=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Secure$/);
      const sess = { cookie: cookieOf(l.headers.get('set-cookie')), csrf: l.json.csrf };
      const body = { code: 'PX1', name: '代理', type: 'committee' };
      assertError(await api('POST', '/api/v1/orgs', body, { base, session: sess, headers: { ...fwd, origin: `http://127.0.0.1:${port}` } }), 403, 'ORIGIN_REFUSED');
      assert.equal((await api('POST', '/api/v1/orgs', body, { base, session: sess, headers: { ...fwd, origin: 'https://jiceng.example.cn' } })).status, 201);
      // a plain-http request (no X-Forwarded-Proto) does not carry the __Host- session
      assertError(await api('GET', '/api/v1/session', undefined, { base, session: sess }), 401, 'SESSION_INVALID');
    } finally {
      assert.equal(await s.stop(), 0);
    }
  });
});
