// scope.test.mjs — what an account bound to an org sees and changes: its subtree and
// nothing else. An object outside it answers exactly like a missing one (IDOR), lists and
// searches stop at its edge, its own top org cannot be moved, merged or dissolved, no
// root can be added, imports cannot reach outside, a member account sees only its own
// record, and the response cache never hands one account's answer to another.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  addAccount, api, assertError, createMember, csvLine, freshId, getOk, initDb, login, makeTree,
  startServer, tmpdir,
} from './lib.mjs';

/** The error document with the id or code it names replaced, for "same as missing". */
function shape(r, name) {
  return { status: r.status, text: r.text.replaceAll(`：${name}"`, '：<X>"').replaceAll(`: ${name}"`, ': <X>"') };
}

describe('scope of subtree-bound accounts', () => {
  let srv;
  let db;
  let t;
  let o;
  const M = {};
  const S = {};

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('S');
    o = await makeTree('O');
    M.inW = await createMember(t.b1, { name: '街道内' });
    M.inB3 = await createMember(t.b3, { name: '机关内' });
    M.other = await createMember(o.b1, { name: '他区' });
    addAccount(db, 'adm-s', 'org_admin', { org: t.root });
    addAccount(db, 'clerk-w', 'clerk', { org: t.wc });
    addAccount(db, 'viewer-s', 'viewer', { org: t.root });
    addAccount(db, 'self-m', 'member', { member: M.inW.id });
    for (const n of ['adm-s', 'clerk-w', 'viewer-s', 'self-m']) S[n] = await login(srv.base, db, n, { reveal: true });
  });
  after(async () => { await srv?.stop(); });

  const as = (n, m, p, body) => api(m, p, body, { session: S[n] });

  test('IDOR: a member or org of another subtree answers exactly like a missing one (404)', async () => {
    const missing = 99999999;
    for (const [m, suffix, body] of [['GET', ''], ['GET', '/history'], ['PATCH', '', { job: 'x' }]]) {
      const outside = await as('clerk-w', m, `/api/v1/members/${M.inB3.id}${suffix}`, body);
      const none = await as('clerk-w', m, `/api/v1/members/${missing}${suffix}`, body);
      assertError(outside, 404, 'MEMBER_NOT_FOUND');
      assert.deepEqual(shape(outside, M.inB3.id), shape(none, missing), `${m} ${suffix}`);
    }
    for (const p of ['', '/children', '/history']) {
      const outside = await as('clerk-w', 'GET', `/api/v1/orgs/${t.b3}${p}`);
      const none = await as('clerk-w', 'GET', `/api/v1/orgs/NOPE.X${p}`);
      assertError(outside, 404, 'ORG_NOT_FOUND');
      assert.deepEqual(shape(outside, t.b3), shape(none, 'NOPE.X'), p);
    }
    assert.deepEqual(shape(await as('clerk-w', 'GET', `/api/v1/stats/${t.root}`), t.root),
      shape(await as('clerk-w', 'GET', '/api/v1/stats/NOPE.X'), 'NOPE.X'));
    assert.deepEqual(shape(await as('adm-s', 'GET', `/api/v1/members?org=${o.root}`), o.root),
      shape(await as('adm-s', 'GET', '/api/v1/members?org=NOPE.X'), 'NOPE.X'));
    assert.deepEqual(shape(await as('adm-s', 'GET', `/api/v1/members/export?org=${o.root}&format=csv`), o.root),
      shape(await as('adm-s', 'GET', '/api/v1/members/export?org=NOPE.X&format=csv'), 'NOPE.X'));
    assert.deepEqual(shape(await as('adm-s', 'GET', `/api/v1/alerts?org=${o.root}`), o.root),
      shape(await as('adm-s', 'GET', '/api/v1/alerts?org=NOPE.X'), 'NOPE.X'));
  });

  test('lists stop at the subtree: members, org roots, search, ancestors, alerts', async () => {
    const mw = (await as('clerk-w', 'GET', '/api/v1/members?size=500')).json;
    assert.deepEqual(mw.items.map((m) => m.id), [M.inW.id]);
    assert.equal(mw.total, 1);
    const ms = (await as('adm-s', 'GET', '/api/v1/members?size=500')).json;
    assert.deepEqual(ms.items.map((m) => m.id).sort(), [M.inW.id, M.inB3.id].sort());
    assert.deepEqual((await as('clerk-w', 'GET', '/api/v1/orgs')).json.items.map((x) => x.code), [t.wc]);
    assert.deepEqual((await as('adm-s', 'GET', '/api/v1/orgs')).json.items.map((x) => x.code), [t.root]);
    const q = (await as('clerk-w', 'GET', '/api/v1/orgs?q=S')).json.items.map((x) => x.code);
    assert.ok(q.length > 0 && q.every((c) => c.startsWith(t.wc)), q.join());
    assert.deepEqual((await as('adm-s', 'GET', '/api/v1/orgs?q=O')).json.items, []);
    const cc = (await as('clerk-w', 'GET', `/api/v1/orgs/${t.cc}`)).json;
    assert.deepEqual(cc.ancestors.map((a) => a.code), [t.wc], 'nothing above the account\'s org');
    const al = (await as('clerk-w', 'GET', '/api/v1/alerts?sample=1000')).json;
    for (const r of al.rules) for (const it of r.items) assert.ok(it.org.startsWith(t.wc), `${r.rule} ${it.org}`);
  });

  test('no root can be added; the account\'s own top org cannot be moved, merged or dissolved (422)', async () => {
    assertError(await as('adm-s', 'POST', '/api/v1/orgs', { code: 'NEWROOT', name: '新', type: 'committee' }), 422, 'ORG_ROOT_REFUSED');
    assertError(await as('adm-s', 'POST', `/api/v1/orgs/${t.root}/dissolve`, {}), 422, 'ORG_SCOPE_ROOT');
    assertError(await as('adm-s', 'POST', `/api/v1/orgs/${t.root}/merge`, { into: t.wc }), 422, 'ORG_SCOPE_ROOT');
    assertError(await as('clerk-w', 'POST', `/api/v1/orgs/${t.wc}/move`, { parent: t.b3 }), 422, 'ORG_SCOPE_ROOT');
    // under an org of another subtree: "no such parent", as for a missing one
    assertError(await as('adm-s', 'POST', '/api/v1/orgs', { code: 'S.X', name: '新', type: 'branch', parent: o.root }), 422, 'ORG_NOT_FOUND');
    assertError(await as('clerk-w', 'POST', `/api/v1/orgs/${t.cc}/move`, { parent: t.root }), 422, 'ORG_NOT_FOUND');
    assertError(await as('clerk-w', 'POST', `/api/v1/orgs/${t.b2}/merge`, { into: t.b3 }), 422, 'ORG_NOT_FOUND');
    // inside it, work goes on
    assert.equal((await as('clerk-w', 'POST', '/api/v1/orgs', { code: 'S.W.N', name: '新社区', type: 'committee', field: 'community', parent: t.wc })).status, 201);
  });

  test('members cannot be created in or moved to another subtree', async () => {
    const body = { org: t.b3, name: '越界', ethnicity: '01', id_number: freshId(), education: '20', category: 'full', joined_on: '2010-07-01', full_on: '2011-07-01' };
    assertError(await as('clerk-w', 'POST', '/api/v1/members', body), 422, 'ORG_NOT_FOUND');
    assertError(await as('clerk-w', 'PATCH', `/api/v1/members/${M.inW.id}`, { org: t.b3 }), 422, 'ORG_NOT_FOUND');
    assert.equal((await getOk(`/api/v1/members/${M.inW.id}`)).member.org, t.b1);
  });

  test('an import names only orgs of the subtree: a row for another one is "not found"', async () => {
    const dir = tmpdir();
    const f = path.join(dir, 'm.csv');
    const head = ['所在党支部', '姓名', '民族', '公民身份号码', '学历', '人员类别', '加入党组织日期', '转为正式党员日期'];
    fs.writeFileSync(f, [csvLine(head), csvLine([t.b3, '越界导入', '汉族', freshId('1975-03-04', 'F'), '大学本科', '正式党员', '2000-07-01', '2001-07-01'])].join('\r\n'));
    const r = await api('POST', '/api/v1/members/import', fs.readFileSync(f), { raw: true, session: S['clerk-w'], headers: { 'content-type': 'text/csv' } });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors[0].code, 'ORG_NOT_FOUND');
    assert.equal(r.json.written, false);
  });

  test('a member account reads its own record and history, nothing else', async () => {
    assert.equal((await as('self-m', 'GET', `/api/v1/members/${M.inW.id}`)).status, 200);
    assert.equal((await as('self-m', 'GET', `/api/v1/members/${M.inW.id}/history`)).status, 200);
    const other = await as('self-m', 'GET', `/api/v1/members/${M.inB3.id}`);
    assert.deepEqual(shape(other, M.inB3.id), shape(await as('self-m', 'GET', '/api/v1/members/99999999'), 99999999));
    assertError(await as('self-m', 'GET', '/api/v1/members'), 403, 'FORBIDDEN');
    assertError(await as('self-m', 'PATCH', `/api/v1/members/${M.inW.id}`, { job: 'x' }), 403, 'FORBIDDEN');
    assertError(await as('self-m', 'GET', `/api/v1/orgs/${t.b1}`), 403, 'FORBIDDEN');
  });

  test('the response cache keeps answers per role and subtree', async () => {
    for (let i = 0; i < 6; i++) {
      assert.deepEqual((await as('adm-s', 'GET', '/api/v1/orgs')).json.items.map((x) => x.code), [t.root]);
      assert.deepEqual((await as('clerk-w', 'GET', '/api/v1/orgs')).json.items.map((x) => x.code), [t.wc]);
      assert.equal((await as('viewer-s', 'GET', `/api/v1/stats/${t.root}`)).status, 200);
      assert.equal((await as('clerk-w', 'GET', `/api/v1/stats/${t.root}`)).status, 404);
      assert.equal((await getOk('/api/v1/orgs')).items.length, 2, 'the system-wide fixture sees both roots');
    }
  });
});
