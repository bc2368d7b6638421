// auth.test.mjs — logins and sessions from the outside: no route but the public ones
// answers without a session; wrong passwords, lockout, the second factor (wrong and
// replayed codes); the forced password change; logout and expiry; CSRF tokens and the
// Origin check on every state-changing request; the cookie's attributes.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  accountInfo, addAccount, api, assertError, cookieOf, FIXTURE, initDb, login, makeTree,
  startServer,
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
