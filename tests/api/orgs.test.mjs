// orgs.test.mjs — the org tree through /api/v1/orgs: create, read with ancestors,
// children, update with optimistic versions, move, merge, dissolve, history, and the
// refusals (PARENT_TYPE, ORG_MOVE_CYCLE, ORG_HAS_CHILDREN, ORG_HAS_MEMBERS, …) that must
// leave the tree and the roll-up untouched.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertError, createMember, expectStatus, getOk, initDb, makeTree, member, snapshot, startServer, TODAY,
} from './lib.mjs';

let srv;
let t;

const stats = (code) => getOk(`/api/v1/stats/${encodeURIComponent(code)}`);
const org = async (code) => (await getOk(`/api/v1/orgs/${encodeURIComponent(code)}`)).org;
const history = async (code) => (await getOk(`/api/v1/orgs/${encodeURIComponent(code)}/history`)).items;

before(async () => {
  srv = await startServer(initDb());
  t = await makeTree('T');
});
after(async () => { await srv?.stop(); });

describe('orgs: create and read', () => {
  test('POST /orgs answers 201 with the stored org; GET returns it with ancestors root-first', async () => {
    const res = await api('POST', '/api/v1/orgs', {
      code: 'T.W.C.B9', name: '新建党支部', type: 'branch', field: 'community', parent: t.cc,
      founded_on: '2020/3/5', secretary: '王芳',
    });
    assert.equal(res.status, 201, res.text);
    const o = res.json.org;
    assert.equal(o.code, 'T.W.C.B9');
    assert.equal(o.name, '新建党支部');
    assert.equal(o.type, 'branch');
    assert.equal(o.field, 'community');
    assert.equal(o.parent, t.cc);
    assert.equal(o.founded_on, '2020-03-05', 'founded_on typed 2020/3/5 is stored as ISO');
    assert.equal(o.secretary, '王芳');
    assert.equal(o.version, 1);
    assert.equal(o.depth, 3);
    assert.equal(o.dissolved_on, null);

    const g = await getOk('/api/v1/orgs/T.W.C.B9');
    assert.equal(g.org.code, 'T.W.C.B9');
    assert.equal(g.members, 0);
    assert.equal(g.orgs, 1);
    assert.deepEqual(g.ancestors.map((a) => a.code), [t.root, t.wc, t.cc]);
    assert.deepEqual(g.ancestors.map((a) => a.name), ['T区委', 'T街道工委', 'T社区党委']);

    const root = await getOk(`/api/v1/orgs/${t.root}`);
    assert.deepEqual(root.ancestors, [], 'a root has no ancestors');
    assert.equal(root.orgs, 8, 'the root counts the 7 fixture orgs and the new one');
  });

  test('POST /orgs with a code already in use → 409 ORG_CODE_TAKEN, nothing written', async () => {
    const before_ = await snapshot(t.root);
    const res = await api('POST', '/api/v1/orgs', { code: t.b1, name: '重复', type: 'branch', parent: t.cc });
    assertError(res, 409, 'ORG_CODE_TAKEN', { field: 'code' });
    assert.equal((await org(t.b1)).name, 'T第一党支部', 'the existing org is untouched');
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('a committee under a branch → 422 PARENT_TYPE (field parent), nothing created', async () => {
    const before_ = await snapshot(t.root);
    const res = await api('POST', '/api/v1/orgs', { code: 'T.BAD1', name: '错误党委', type: 'committee', parent: t.b1 });
    assertError(res, 422, 'PARENT_TYPE', { field: 'parent' });
    assertError(await api('GET', '/api/v1/orgs/T.BAD1'), 404, 'ORG_NOT_FOUND');
    // a group must sit under a branch, not a committee
    const res2 = await api('POST', '/api/v1/orgs', { code: 'T.BAD2', name: '错误小组', type: 'group', parent: t.cc });
    assertError(res2, 422, 'PARENT_TYPE', { field: 'parent' });
    assertError(await api('GET', '/api/v1/orgs/T.BAD2'), 404, 'ORG_NOT_FOUND');
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('POST /orgs refusals: missing name → 422 REQUIRED, bad code → 422 CODE_FORMAT, unknown parent → 422 ORG_NOT_FOUND', async () => {
    const before_ = await snapshot(t.root);
    assertError(await api('POST', '/api/v1/orgs', { code: 'T.X1', type: 'branch', parent: t.cc }), 422, 'REQUIRED', { field: 'name' });
    assertError(await api('POST', '/api/v1/orgs', { code: 'T X/2', name: '空格', type: 'branch', parent: t.cc }), 422, 'CODE_FORMAT', { field: 'code' });
    assertError(await api('POST', '/api/v1/orgs', { code: 'T.X3', name: '无上级', type: 'branch', parent: 'NO.SUCH' }), 422, 'ORG_NOT_FOUND', { field: 'parent' });
    assertError(await api('POST', '/api/v1/orgs', { code: 'T.X4', name: '类别', type: 'cell', parent: t.cc }), 422, 'CODE_UNKNOWN', { field: 'type' });
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('unknown org → 404 ORG_NOT_FOUND on every org route', async () => {
    for (const [m, p, body] of [
      ['GET', '/api/v1/orgs/NOPE'],
      ['GET', '/api/v1/orgs/NOPE/children'],
      ['GET', '/api/v1/orgs/NOPE/history'],
      ['PATCH', '/api/v1/orgs/NOPE', { name: 'x' }],
      ['POST', '/api/v1/orgs/NOPE/move', { parent: t.root }],
      ['POST', '/api/v1/orgs/NOPE/dissolve', {}],
      ['POST', '/api/v1/orgs/NOPE/merge', { into: t.b1 }],
      ['GET', '/api/v1/stats/NOPE'],
    ]) {
      assertError(await api(m, p, body), 404, 'ORG_NOT_FOUND');
    }
  });

  test('unknown API path → 404 NOT_FOUND; wrong method → 405 METHOD_NOT_ALLOWED with Allow', async () => {
    assertError(await api('GET', '/api/v1/no-such-thing'), 404, 'NOT_FOUND');
    const r = await api('DELETE', `/api/v1/orgs/${t.b1}`);
    assertError(r, 405, 'METHOD_NOT_ALLOWED');
    const allow = r.headers.get('allow') || '';
    assert.match(allow, /GET/);
    assert.match(allow, /PATCH/);
    assert.ok((await org(t.b1)).dissolved_on === null, 'DELETE did nothing');
  });

  test('API responses carry the security headers and Cache-Control: no-store', async () => {
    const r = await api('GET', `/api/v1/orgs/${t.root}`);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
    assert.equal(r.headers.get('referrer-policy'), 'no-referrer');
    assert.ok(r.headers.get('content-security-policy'));
    assert.equal(r.headers.get('cache-control'), 'no-store');
    const e = await api('GET', '/api/v1/orgs/NOPE');
    assert.equal(e.headers.get('cache-control'), 'no-store', 'errors too');
    assert.equal(e.headers.get('x-content-type-options'), 'nosniff');
  });
});

describe('orgs: children and search', () => {
  test('GET /orgs/:code/children lists active direct children with subtree totals', async () => {
    await createMember(t.b1);
    await createMember(t.b1);
    await createMember(t.b2);
    const c = await getOk(`/api/v1/orgs/${t.cc}/children`);
    const codes = c.items.map((i) => i.code);
    assert.ok(codes.includes(t.b1) && codes.includes(t.b2), codes.join());
    assert.equal(c.total, c.items.length);
    const b1 = c.items.find((i) => i.code === t.b1);
    assert.equal(b1.members, 2);
    assert.equal(b1.orgs, 2, 'B1 and its group');
    assert.ok(b1.children, 'B1 has an active child (the group)');
    assert.equal(b1.type, 'branch');
    assert.equal(b1.dissolved_on, null);
    const b2 = c.items.find((i) => i.code === t.b2);
    assert.equal(b2.members, 1);
    assert.ok(!b2.children);
    // the parent's members equal the sum over the children (members sit in branches only)
    const cc = await getOk(`/api/v1/orgs/${t.cc}`);
    assert.equal(cc.members, c.items.reduce((s, i) => s + i.members, 0));
    assert.equal(cc.orgs, 1 + c.items.reduce((s, i) => s + i.orgs, 0));
  });

  test('`children` in org listings is a boolean (API.md: "true when it has active children")', async () => {
    const c = await getOk(`/api/v1/orgs/${t.cc}/children`);
    const b1 = c.items.find((i) => i.code === t.b1);
    const b2 = c.items.find((i) => i.code === t.b2);
    assert.equal(b1.children, true, `children of a listed org with a group: ${JSON.stringify(b1)}`);
    assert.equal(b2.children, false, `children of a listed leaf: ${JSON.stringify(b2)}`);
    const roots = await getOk('/api/v1/orgs');
    assert.equal(roots.items[0].children, true);
  });

  test('children paging: limit and offset; total counts all; bad limit → 400 BAD_PARAM', async () => {
    const all = await getOk(`/api/v1/orgs/${t.cc}/children`);
    const p1 = await getOk(`/api/v1/orgs/${t.cc}/children?limit=1`);
    const p2 = await getOk(`/api/v1/orgs/${t.cc}/children?limit=1&offset=1`);
    assert.equal(p1.total, all.total);
    assert.equal(p1.items.length, 1);
    assert.deepEqual([p1.items[0].code, p2.items[0].code], all.items.slice(0, 2).map((i) => i.code));
    assertError(await api('GET', `/api/v1/orgs/${t.cc}/children?limit=0`), 400, 'BAD_PARAM', { field: 'limit' });
    assertError(await api('GET', `/api/v1/orgs/${t.cc}/children?limit=abc`), 400, 'BAD_PARAM', { field: 'limit' });
  });

  test('GET /orgs without q lists the roots; q finds by code prefix and by name part', async () => {
    const roots = await getOk('/api/v1/orgs');
    assert.deepEqual(roots.items.map((i) => i.code), [t.root]);
    const byCode = await getOk(`/api/v1/orgs?q=${encodeURIComponent('T.W.C.B')}`);
    assert.ok(byCode.items.every((i) => i.code.startsWith('T.W.C.B')), JSON.stringify(byCode.items));
    assert.ok(byCode.items.some((i) => i.code === t.b1));
    const byName = await getOk(`/api/v1/orgs?q=${encodeURIComponent('第二党支部')}`);
    assert.deepEqual(byName.items.map((i) => i.code), [t.b2]);
  });
});

describe('orgs: update with versions', () => {
  test('PATCH with the current version → 200, version 2; a stale version → 409 VERSION_CONFLICT and nothing changed', async () => {
    const cur = await org(t.b3);
    assert.equal(cur.version, 1);
    const r = await api('PATCH', `/api/v1/orgs/${t.b3}`, { name: '机关第一党支部', version: 1, secretary: '赵强' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.name, '机关第一党支部');
    assert.equal(r.json.org.version, 2);

    const stale = await api('PATCH', `/api/v1/orgs/${t.b3}`, { name: '过期的修改', version: 1 });
    assertError(stale, 409, 'VERSION_CONFLICT', { field: 'version' });
    const now = await org(t.b3);
    assert.equal(now.name, '机关第一党支部');
    assert.equal(now.version, 2);
  });

  test('PATCH code → 422 CODE_IMMUTABLE; PATCH parent → 422 USE_MOVE; nothing changed', async () => {
    const before_ = await org(t.b3);
    assertError(await api('PATCH', `/api/v1/orgs/${t.b3}`, { code: 'T.B33' }), 422, 'CODE_IMMUTABLE', { field: 'code' });
    assertError(await api('PATCH', `/api/v1/orgs/${t.b3}`, { parent: t.cc }), 422, 'USE_MOVE', { field: 'parent' });
    assertError(await api('PATCH', `/api/v1/orgs/${t.b3}`, { version: 'x' }), 400, 'JSON_TYPE', { field: 'version' });
    assert.deepEqual(await org(t.b3), before_);
  });

  test('PATCH a read-only field (dissolved_on) → 400 FIELD_READONLY naming the field; nothing changed', async () => {
    const before_ = await org(t.b3);
    assertError(await api('PATCH', `/api/v1/orgs/${t.b3}`, { dissolved_on: '2020-01-01' }), 400, 'FIELD_READONLY', { field: 'dissolved_on' });
    assert.deepEqual(await org(t.b3), before_);
  });

  test('changing a branch\'s type while it has members is refused with ORG_HAS_MEMBERS (409 per the API.md table); nothing changed', async () => {
    // B2 holds members (created in the children test above)
    const before_ = await snapshot(t.root);
    const b2 = await org(t.b2);
    assert.ok(b2.direct_members > 0);
    const r = await api('PATCH', `/api/v1/orgs/${t.b2}`, { type: 'committee' });
    assert.equal(r.json?.error?.code, 'ORG_HAS_MEMBERS', r.text);
    assert.deepEqual(await org(t.b2), b2);
    assert.deepEqual(await snapshot(t.root), before_);
    assertError(r, 409, 'ORG_HAS_MEMBERS', { field: 'type' });
  });

  test('changing a type its children cannot sit under → 422 PARENT_TYPE; nothing changed', async () => {
    const before_ = await snapshot(t.root);
    // B1 leads a group; a committee cannot
    const r = await api('PATCH', `/api/v1/orgs/${t.b1}`, { type: 'committee' });
    assertError(r, 422, 'PARENT_TYPE', { field: 'type' });
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('PATCH field: the org_field and members\' field counts move in the root\'s /stats', async () => {
    const s0 = await stats(t.root);
    const n = (await getOk(`/api/v1/orgs/${t.b1}`)).members;
    assert.ok(n > 0);
    const r = await api('PATCH', `/api/v1/orgs/${t.b1}`, { field: 'soe' });
    assert.equal(r.status, 200, r.text);
    const s1 = await stats(t.root);
    assert.equal(s1.counts.field.soe, s0.counts.field.soe + n);
    assert.equal(s1.counts.field.community, s0.counts.field.community - n);
    assert.equal(s1.counts.org_field.soe, s0.counts.org_field.soe + 1);
    assert.equal(s1.counts.org_field.community, s0.counts.org_field.community - 1);
    assert.equal(s1.members, s0.members);
    // and back
    assert.equal((await api('PATCH', `/api/v1/orgs/${t.b1}`, { field: 'community' })).status, 200);
    assert.deepEqual((await stats(t.root)).counts, s0.counts);
  });

  test('an org created without committee_size reports it as null, like every other unset field', async () => {
    const o = await org(t.b2);
    assert.equal(o.unit_name, null);
    assert.equal(o.founded_on, null);
    assert.equal(o.committee_size, null, `committee_size of an org that never had one: ${JSON.stringify(o.committee_size)}`);
  });

  test('history lists create then update, with before/after of the org', async () => {
    const h = await history(t.b3);
    assert.deepEqual(h.map((i) => i.action), ['create', 'update']);
    assert.deepEqual(h.map((i) => i.version), [1, 2]);
    assert.equal(h[0].before, null);
    assert.equal(h[0].after.name, 'T机关党支部');
    assert.equal(h[1].before.name, 'T机关党支部');
    assert.equal(h[1].after.name, '机关第一党支部');
    assert.equal(h[1].after.secretary, '赵强');
    assert.equal(h[1].actor, 'api:anonymous');
  });
});

describe('orgs: move', () => {
  test('move a branch to another parent: /stats totals of old and new ancestors follow; history has move', async () => {
    // B2 holds 1 member (created above); give it two more
    await createMember(t.b2, { sex: 'F', birth_date: '1990-02-03' });
    await createMember(t.b2, { category: 'probationary', joined_on: '2026-01-10', full_on: undefined });
    const n = (await getOk(`/api/v1/orgs/${t.b2}`)).members;
    assert.equal(n, 3);
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.NP', name: '新上级党委', type: 'committee', parent: t.root }, 201);
    const [root0, wc0, cc0, np0] = await Promise.all([stats(t.root), stats(t.wc), stats(t.cc), stats('T.NP')]);
    assert.equal(np0.members, 0);

    // B2 moves from T.W.C (under T.W) to T.NP: both sides below the common ancestor T
    const r = await api('POST', `/api/v1/orgs/${t.b2}/move`, { parent: 'T.NP' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.parent, 'T.NP');
    assert.equal(r.json.org.depth, 2);

    const [root1, wc1, cc1, np1] = await Promise.all([stats(t.root), stats(t.wc), stats(t.cc), stats('T.NP')]);
    assert.equal(cc1.members, cc0.members - n, 'old parent loses the members');
    assert.equal(wc1.members, wc0.members - n, 'old grandparent loses the members');
    assert.equal(cc1.orgs, cc0.orgs - 1);
    assert.equal(cc1.counts.category.probationary, cc0.counts.category.probationary - 1);
    assert.equal(cc1.counts.sex.F, cc0.counts.sex.F - 1);
    assert.equal(np1.members, n, 'new parent gains the members');
    assert.equal(np1.orgs, 2);
    assert.equal(np1.counts.category.probationary, 1);
    assert.equal(np1.counts.sex.F, 1);
    assert.equal(np1.counts.field.community, n);
    assert.equal(root1.members, root0.members, 'the common ancestor is unchanged');
    assert.deepEqual(root1.counts, root0.counts);
    assert.deepEqual(np1.children.map((c) => [c.code, c.members]), [[t.b2, n]]);
    assert.ok(!cc1.children.some((c) => c.code === t.b2));
    const g = await getOk(`/api/v1/orgs/${t.b2}`);
    assert.deepEqual(g.ancestors.map((a) => a.code), [t.root, 'T.NP']);
    // members of B2 are now found under T.NP, not under T.W
    assert.equal((await getOk('/api/v1/members?org=T.NP&size=1')).total, n);
    assert.equal((await getOk(`/api/v1/members?org=${t.wc}&size=1`)).total, wc1.members);

    const h = await history(t.b2);
    const mv = h.find((i) => i.action === 'move');
    assert.ok(mv, JSON.stringify(h));
    assert.equal(mv.before.parent, t.cc);
    assert.equal(mv.after.parent, 'T.NP');

    // and back, so the fixture stays as documented
    assert.equal((await api('POST', `/api/v1/orgs/${t.b2}/move`, { parent: t.cc })).status, 200);
    assert.deepEqual((await stats(t.cc)).counts, cc0.counts);
    assert.deepEqual((await stats(t.wc)).counts, wc0.counts);
    assert.equal((await stats('T.NP')).members, 0);
  });

  test('move under its own descendant or itself → 422 ORG_MOVE_CYCLE; nothing changed', async () => {
    const before_ = await snapshot(t.root);
    const wc = await org(t.wc);
    assertError(await api('POST', `/api/v1/orgs/${t.wc}/move`, { parent: t.cc }), 422, 'ORG_MOVE_CYCLE', { field: 'parent' });
    assertError(await api('POST', `/api/v1/orgs/${t.wc}/move`, { parent: t.wc }), 422, 'ORG_MOVE_CYCLE', { field: 'parent' });
    assert.deepEqual(await org(t.wc), wc);
    assert.deepEqual(await snapshot(t.root), before_);
    assert.deepEqual((await history(t.wc)).map((i) => i.action), ['create']);
  });

  test('racing moves (X under Y while Y goes under X) never make a cycle: one succeeds, one is refused', async () => {
    for (let k = 0; k < 5; k++) {
      await expectStatus('POST', '/api/v1/orgs', { code: `T.RX${k}`, name: '竞争甲', type: 'committee', parent: t.root }, 201);
      await expectStatus('POST', '/api/v1/orgs', { code: `T.RY${k}`, name: '竞争乙', type: 'committee', parent: t.root }, 201);
      const rs = await Promise.all([
        api('POST', `/api/v1/orgs/T.RX${k}/move`, { parent: `T.RY${k}` }),
        api('POST', `/api/v1/orgs/T.RY${k}/move`, { parent: `T.RX${k}` }),
      ]);
      assert.deepEqual(rs.map((x) => x.status).sort(), [200, 422], rs.map((x) => x.text).join('\n'));
      const x = await getOk(`/api/v1/orgs/T.RX${k}`);
      const y = await getOk(`/api/v1/orgs/T.RY${k}`);
      assert.ok(x.ancestors[0]?.code === t.root && y.ancestors[0]?.code === t.root, 'both still reach the root');
    }
  });

  test('move under a type that cannot lead it → 422 PARENT_TYPE; missing parent → 422 REQUIRED', async () => {
    const before_ = await snapshot(t.root);
    assertError(await api('POST', `/api/v1/orgs/${t.cc}/move`, { parent: t.b3 }), 422, 'PARENT_TYPE', { field: 'parent' });
    assertError(await api('POST', `/api/v1/orgs/${t.cc}/move`, {}), 422, 'REQUIRED', { field: 'parent' });
    assertError(await api('POST', `/api/v1/orgs/${t.cc}/move`, { parent: 'NOPE' }), 422, 'ORG_NOT_FOUND', { field: 'parent' });
    assert.deepEqual(await snapshot(t.root), before_);
  });
});

describe('orgs: merge', () => {
  test('merge a branch into another: members move, source dissolved, history merge_into / merged_from', async () => {
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.M1', name: '合并甲支部', type: 'branch', parent: t.root }, 201);
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.M2', name: '合并乙支部', type: 'branch', parent: t.root }, 201);
    const a = [await createMember('T.M1'), await createMember('T.M1', { sex: 'F' })];
    await createMember('T.M2');
    const root0 = await stats(t.root);

    const r = await api('POST', '/api/v1/orgs/T.M1/merge', { into: 'T.M2' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.code, 'T.M2', 'the answer is the org merged into');
    assert.equal(r.json.org.direct_members, 3);

    const m1 = await org('T.M1');
    assert.equal(m1.dissolved_on, TODAY, 'the source is dissolved today');
    assert.equal(m1.direct_members, 0);
    for (const m of a) {
      const got = (await getOk(`/api/v1/members/${m.id}`)).member;
      assert.equal(got.org, 'T.M2');
    }
    const root1 = await stats(t.root);
    assert.equal(root1.members, root0.members, 'no member lost');
    assert.equal(root1.orgs, root0.orgs - 1, 'one org fewer');
    assert.ok(!root1.children.some((c) => c.code === 'T.M1'), 'a dissolved org is not a child in /stats');
    assert.equal(root1.children.find((c) => c.code === 'T.M2').members, 3);

    const h1 = await history('T.M1');
    const into = h1.find((i) => i.action === 'merge_into');
    assert.ok(into, JSON.stringify(h1));
    assert.equal(into.after.dissolved_on, TODAY);
    const h2 = await history('T.M2');
    assert.ok(h2.some((i) => i.action === 'merged_from'), JSON.stringify(h2));

    // a dissolved org takes no members
    const res = await api('POST', '/api/v1/members', member('T.M1'));
    assertError(res, 422, 'ORG_DISSOLVED', { field: 'org' });
  });

  test('merge a committee with child branches: the children move under the target, totals kept', async () => {
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.K1', name: '甲党委', type: 'committee', parent: t.root }, 201);
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.K1.B', name: '甲党委支部', type: 'branch', parent: 'T.K1' }, 201);
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.K2', name: '乙党委', type: 'committee', parent: t.root }, 201);
    await createMember('T.K1.B');
    await createMember('T.K1.B', { category: 'probationary', joined_on: '2026-02-02' });
    const root0 = await stats(t.root);
    const r = await api('POST', '/api/v1/orgs/T.K1/merge', { into: 'T.K2' });
    assert.equal(r.status, 200, r.text);
    const kb = await getOk('/api/v1/orgs/T.K1.B');
    assert.equal(kb.org.parent, 'T.K2');
    assert.deepEqual(kb.ancestors.map((a) => a.code), [t.root, 'T.K2']);
    const k2 = await stats('T.K2');
    assert.equal(k2.members, 2);
    assert.equal(k2.orgs, 2);
    assert.equal(k2.counts.category.probationary, 1);
    const k1 = await stats('T.K1');
    assert.equal(k1.members, 0, 'the dissolved committee holds nothing');
    const root1 = await stats(t.root);
    assert.equal(root1.members, root0.members);
    assert.equal(root1.orgs, root0.orgs - 1);
    assert.deepEqual(root1.counts.category, root0.counts.category);
    assert.ok((await history('T.K1.B')).some((h) => h.action === 'move'));
  });

  test('merge into itself or its own descendant → 422 ORG_MERGE_CYCLE; nothing changed', async () => {
    const before_ = await snapshot(t.root);
    assertError(await api('POST', `/api/v1/orgs/${t.wc}/merge`, { into: t.b1 }), 422, 'ORG_MERGE_CYCLE', { field: 'into' });
    assertError(await api('POST', `/api/v1/orgs/${t.b1}/merge`, { into: t.b1 }), 422, 'ORG_MERGE_CYCLE', { field: 'into' });
    assertError(await api('POST', `/api/v1/orgs/${t.b1}/merge`, { into: 'NOPE' }), 422, 'ORG_NOT_FOUND', { field: 'into' });
    assert.deepEqual(await snapshot(t.root), before_);
  });
});

describe('orgs: dissolve', () => {
  test('dissolve an org with children → 409 ORG_HAS_CHILDREN; nothing changed', async () => {
    const before_ = await snapshot(t.root);
    assertError(await api('POST', `/api/v1/orgs/${t.cc}/dissolve`, {}), 409, 'ORG_HAS_CHILDREN');
    assert.equal((await org(t.cc)).dissolved_on, null);
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('dissolve a branch with members and no move_members_to → 409 ORG_HAS_MEMBERS; nothing changed', async () => {
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.D1', name: '待撤销支部', type: 'branch', parent: t.root }, 201);
    await createMember('T.D1');
    await createMember('T.D1', { sex: 'F', birth_date: '1970-10-10' });
    const before_ = await snapshot(t.root);
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', {}), 409, 'ORG_HAS_MEMBERS', { field: 'move_members_to' });
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', { move_members_to: t.cc }), 422, 'ORG_NOT_BRANCH', { field: 'move_members_to' });
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', { move_members_to: 'T.D1' }), 422, null, { field: 'move_members_to' });
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', { date: '2020-02-30', move_members_to: t.b3 }), 422, 'DATE_FORMAT', { field: 'date' });
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', { date: '2027-01-01', move_members_to: t.b3 }), 422, 'DATE_FUTURE', { field: 'date' });
    assert.equal((await org('T.D1')).dissolved_on, null);
    assert.equal((await org('T.D1')).direct_members, 2);
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('dissolve with move_members_to: members move, org dissolved, hidden from children unless include_dissolved=1', async () => {
    const b3before = await stats(t.b3);
    const root0 = await stats(t.root);
    const r = await api('POST', '/api/v1/orgs/T.D1/dissolve', { date: '2026-06-01', move_members_to: t.b3 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.dissolved_on, '2026-06-01');
    assert.equal(r.json.org.direct_members, 0);
    const b3after = await stats(t.b3);
    assert.equal(b3after.members, b3before.members + 2);
    const root1 = await stats(t.root);
    assert.equal(root1.members, root0.members);
    assert.equal(root1.orgs, root0.orgs - 1);
    const kids = await getOk(`/api/v1/orgs/${t.root}/children`);
    assert.ok(!kids.items.some((i) => i.code === 'T.D1'));
    const all = await getOk(`/api/v1/orgs/${t.root}/children?include_dissolved=1`);
    const d1 = all.items.find((i) => i.code === 'T.D1');
    assert.ok(d1, JSON.stringify(all.items));
    assert.equal(d1.dissolved_on, '2026-06-01');
    const dissolved = all.items.filter((i) => i.dissolved_on !== null).map((i) => i.code).sort();
    assert.ok(dissolved.includes('T.D1') && dissolved.includes('T.M1'), dissolved.join());
    assert.equal(all.total, kids.total + dissolved.length);
    assert.ok(kids.items.every((i) => i.dissolved_on === null));
    const h = await history('T.D1');
    assert.deepEqual(h.map((i) => i.action), ['create', 'dissolve']);
    // dissolving twice is refused
    assertError(await api('POST', '/api/v1/orgs/T.D1/dissolve', {}), 422, 'ORG_DISSOLVED');
    // and a dissolved org cannot be moved or become a parent
    assertError(await api('POST', '/api/v1/orgs/T.D1/move', { parent: t.cc }), 422, 'ORG_DISSOLVED');
    assertError(await api('POST', '/api/v1/orgs', { code: 'T.D1.G', name: '小组', type: 'group', parent: 'T.D1' }), 422, 'ORG_DISSOLVED', { field: 'parent' });
  });

  test('dissolve an empty leaf with no body fields: dissolved today', async () => {
    await expectStatus('POST', '/api/v1/orgs', { code: 'T.E1', name: '空支部', type: 'branch', parent: t.root }, 201);
    const r = await api('POST', '/api/v1/orgs/T.E1/dissolve', {});
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.org.dissolved_on, TODAY);
  });
});
