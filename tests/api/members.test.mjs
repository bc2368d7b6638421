// members.test.mjs — reading, changing and listing member records: GET, PATCH with
// versions and field-level history, moving a member between branches (roll-up follows),
// and GET /members with every filter, paging and sort, plus the refusals of bad filters.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertError, createMember, getOk, idnum, initDb, makeTree, member, startServer,
} from './lib.mjs';

let srv;
let t;
const M = {}; // name → created member

// Ages on JICENG_TODAY = 2026-06-30 in the comments.
const PEOPLE = [
  ['张伟', 'b1', { id_number: idnum('110105', '19800506', 31), birth_date: '1980-05-06', sex: 'M', education: '20' }], // 46
  ['张薇', 'b1', { birth_date: '1995-06-30', sex: 'F', education: '10', category: 'probationary', joined_on: '2026-01-10' }], // 31 today
  ['王芳', 'b2', { birth_date: '1966-06-30', sex: 'F', education: '70', mobile: true, mobile_destination: '上海市浦东新区' }], // 60 today
  ['李强', 'b2', { birth_date: '1950-06-30', sex: 'M', education: '80', lost_contact: true, lost_on: '2025-01-01', joined_on: '1975-01-01', full_on: '1976-01-01' }], // 76
  ['孙丽', 'b2', { birth_date: '1955-07-01', sex: 'F', education: '60', joined_on: '1980-01-01', full_on: '1981-01-01' }], // 70 (71 tomorrow)
  ['赵敏', 'b3', { birth_date: '1970-07-01', sex: 'F', education: '20' }], // 55
  ['欧阳娜娜', 'b3', { birth_date: '1996-06-30', sex: 'F', ethnicity: '03', education: '30', joined_on: '2018-01-01', full_on: '2019-01-01' }], // 30 today
  ['陈刚', 'b1', { birth_date: '1996-07-01', sex: 'M', education: '20', joined_on: '2018-01-01', full_on: '2019-01-01' }], // 29
];

const names = (items) => items.map((m) => m.name).sort();
const list = (q) => getOk(`/api/v1/members?${q}`);
const stats = (code) => getOk(`/api/v1/stats/${encodeURIComponent(code)}`);

before(async () => {
  srv = await startServer(initDb());
  t = await makeTree('M');
  for (const [name, org, over] of PEOPLE) M[name] = await createMember(t[org], { name, ...over });
});
after(async () => { await srv?.stop(); });

describe('members: read', () => {
  test('GET /members/:id returns the record with output fields (org_name, age, standing_since, version)', async () => {
    const m = (await getOk(`/api/v1/members/${M['张伟'].id}`)).member;
    assert.equal(m.id, M['张伟'].id);
    assert.equal(m.name, '张伟');
    assert.equal(m.org, t.b1);
    assert.equal(m.org_name, 'M第一党支部');
    assert.equal(m.id_number, idnum('110105', '19800506', 31));
    assert.equal(m.sex, 'M');
    assert.equal(m.ethnicity, '01');
    assert.equal(m.education, '20');
    assert.equal(m.category, 'full');
    assert.equal(m.age, 46);
    assert.equal(m.standing_since, m.full_on, 'DEV-16');
    assert.equal(m.status, 'normal');
    assert.equal(m.lost_contact, false);
    assert.equal(m.mobile, false);
    assert.equal(m.version, 1);
    assert.equal(m.created_by, 'api:anonymous');
    assert.match(m.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // every documented field is present
    for (const f of ['org', 'name', 'sex', 'ethnicity', 'id_number', 'birth_date', 'education', 'degree', 'category',
      'joined_on', 'full_on', 'job', 'phone', 'address', 'status', 'lost_contact', 'lost_on', 'mobile',
      'mobile_destination', 'native_place', 'work_started_on', 'group', 'id', 'org_name', 'age', 'standing_since',
      'version', 'created_at', 'created_by', 'updated_at']) {
      assert.ok(f in m, `field ${f} missing`);
    }
  });

  test('ages are computed on JICENG_TODAY: birthdays today count, tomorrow do not', async () => {
    assert.equal(M['张薇'].age, 31);
    assert.equal(M['王芳'].age, 60);
    assert.equal(M['孙丽'].age, 70);
    assert.equal(M['欧阳娜娜'].age, 30);
    assert.equal(M['陈刚'].age, 29);
  });

  test('GET /members/abc, /members/0 → 404 NOT_FOUND; an unused id → 404 MEMBER_NOT_FOUND', async () => {
    assertError(await api('GET', '/api/v1/members/abc'), 404, 'NOT_FOUND');
    assertError(await api('GET', '/api/v1/members/0'), 404, 'NOT_FOUND');
    assertError(await api('GET', '/api/v1/members/-3'), 404, 'NOT_FOUND');
    assertError(await api('GET', '/api/v1/members/12abc'), 404, 'NOT_FOUND');
    assertError(await api('GET', '/api/v1/members/999999'), 404, 'MEMBER_NOT_FOUND');
    assertError(await api('GET', '/api/v1/members/999999/history'), 404, 'MEMBER_NOT_FOUND');
    assertError(await api('PATCH', '/api/v1/members/999999', { phone: '13800000000' }), 404, 'MEMBER_NOT_FOUND');
  });
});

describe('members: update and history', () => {
  test('PATCH creates version 2; /history holds before/after of only the changed fields', async () => {
    const id = M['赵敏'].id;
    const r = await api('PATCH', `/api/v1/members/${id}`, { phone: '0518-85551234', job: '社区主任', version: 1 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.member.version, 2);
    assert.equal(r.json.member.phone, '0518-85551234');
    assert.equal(r.json.member.job, '社区主任');
    assert.equal(r.json.member.name, '赵敏', 'other fields unchanged');
    const h = (await getOk(`/api/v1/members/${id}/history`)).items;
    assert.deepEqual(h.map((i) => [i.version, i.action]), [[1, 'create'], [2, 'update']]);
    assert.deepEqual(h[1].before, { job: null, phone: null });
    assert.deepEqual(h[1].after, { job: '社区主任', phone: '0518-85551234' });
    assert.equal(h[1].actor, 'api:anonymous');
  });

  test('PATCH with a stale version → 409 VERSION_CONFLICT; nothing changed', async () => {
    const id = M['赵敏'].id;
    const r = await api('PATCH', `/api/v1/members/${id}`, { phone: '13900000000', version: 1 });
    assertError(r, 409, 'VERSION_CONFLICT', { field: 'version' });
    const m = (await getOk(`/api/v1/members/${id}`)).member;
    assert.equal(m.phone, '0518-85551234');
    assert.equal(m.version, 2);
    assert.equal((await getOk(`/api/v1/members/${id}/history`)).items.length, 2);
  });

  test('PATCH that breaks a rule (ID-02 sex, DEV-13 full_on, unknown field) → refused; record, history and stats unchanged', async () => {
    const id = M['赵敏'].id;
    const before_ = (await getOk(`/api/v1/members/${id}`)).member;
    const s0 = await stats(t.root);
    assertError(await api('PATCH', `/api/v1/members/${id}`, { sex: 'M' }), 422, 'ID_SEX_MISMATCH', { field: 'sex', rule: 'ID-02' });
    assertError(await api('PATCH', `/api/v1/members/${id}`, { full_on: '2010-08-01' }), 422, 'FULL_DATE_RULE', { field: 'full_on', rule: 'DEV-13' });
    assertError(await api('PATCH', `/api/v1/members/${id}`, { org: t.cc }), 422, 'ORG_NOT_BRANCH', { field: 'org' });
    assertError(await api('PATCH', `/api/v1/members/${id}`, { id_number: M['张伟'].id_number, birth_date: '1980-05-06', sex: 'M' }), 409, 'ID_NUMBER_TAKEN', { field: 'id_number' });
    assertError(await api('PATCH', `/api/v1/members/${id}`, { salary: 1 }), 400, 'UNKNOWN_FIELD', { field: 'salary' });
    assertError(await api('PATCH', `/api/v1/members/${id}`, { version: '2' }), 400, 'JSON_TYPE', { field: 'version' });
    assert.deepEqual((await getOk(`/api/v1/members/${id}`)).member, before_);
    assert.equal((await getOk(`/api/v1/members/${id}/history`)).items.length, 2);
    assert.deepEqual(await stats(t.root), s0);
  });

  test('PATCH org moves the member: /stats of both branches change, the common ancestor does not; history says move', async () => {
    const id = M['陈刚'].id;
    const [b1a, b2a, cca, roota] = await Promise.all([stats(t.b1), stats(t.b2), stats(t.cc), stats(t.root)]);
    const r = await api('PATCH', `/api/v1/members/${id}`, { org: t.b2 });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.member.org, t.b2);
    assert.equal(r.json.member.org_name, 'M第二党支部');
    const [b1b, b2b, ccb, rootb] = await Promise.all([stats(t.b1), stats(t.b2), stats(t.cc), stats(t.root)]);
    assert.equal(b1b.members, b1a.members - 1);
    assert.equal(b2b.members, b2a.members + 1);
    assert.equal(b1b.counts.sex.M, b1a.counts.sex.M - 1);
    assert.equal(b2b.counts.sex.M, b2a.counts.sex.M + 1);
    assert.equal(b1b.counts.age.le30, b1a.counts.age.le30 - 1);
    assert.equal(b2b.counts.age.le30, b2a.counts.age.le30 + 1);
    assert.deepEqual(ccb.counts, cca.counts, 'the common parent is unchanged');
    assert.deepEqual(rootb.counts, roota.counts);
    const h = (await getOk(`/api/v1/members/${id}/history`)).items;
    const last = h[h.length - 1];
    assert.equal(last.action, 'move');
    assert.deepEqual(last.before, { org: t.b1 });
    assert.deepEqual(last.after, { org: t.b2 });
    // listing by branch agrees
    assert.ok((await list(`org=${t.b2}&size=500`)).items.some((m) => m.id === id));
    assert.ok(!(await list(`org=${t.b1}&size=500`)).items.some((m) => m.id === id));
  });

  test('PATCH category probationary → full with full_on: stats category counts follow', async () => {
    const id = M['张薇'].id;
    const a = await stats(t.b1);
    // DEV-13: conversion one year after joining; joined 2026-01-10 is too recent
    assertError(await api('PATCH', `/api/v1/members/${id}`, { category: 'full', full_on: '2026-06-30' }), 422, 'FULL_DATE_RULE', { field: 'full_on' });
    assert.deepEqual(await stats(t.b1), a);
  });
});

describe('members: list filters', () => {
  test('org with subtree (default) and subtree=0', async () => {
    const all = await list(`org=${t.root}&size=500`);
    assert.equal(all.total, PEOPLE.length);
    assert.equal(all.items.length, PEOPLE.length);
    assert.equal(all.total_capped, false);
    assert.deepEqual(names(all.items), PEOPLE.map((p) => p[0]).sort());
    const cc = await list(`org=${t.cc}`);
    assert.deepEqual(names(cc.items), ['孙丽', '张伟', '张薇', '李强', '王芳', '陈刚'].sort());
    assert.equal(cc.total, 6);
    const ccDirect = await list(`org=${t.cc}&subtree=0`);
    assert.equal(ccDirect.total, 0, 'a committee holds no members directly');
    assert.deepEqual(ccDirect.items, []);
    const b3 = await list(`org=${t.b3}&subtree=0`);
    assert.deepEqual(names(b3.items), ['欧阳娜娜', '赵敏']);
    assert.equal(b3.total, 2);
  });

  test('unknown org in the filter → 404 ORG_NOT_FOUND (field org)', async () => {
    assertError(await api('GET', '/api/v1/members?org=NOPE'), 404, 'ORG_NOT_FOUND', { field: 'org' });
  });

  test('q by name part, by pinyin initials ("zw") and syllables ("zhangw"), by ID number prefix', async () => {
    const byName = await list(`org=${t.root}&q=${encodeURIComponent('张')}`);
    assert.deepEqual(names(byName.items), ['张伟', '张薇']);
    assert.equal(byName.total, 2);
    const byPart = await list(`org=${t.root}&q=${encodeURIComponent('娜')}`);
    assert.deepEqual(names(byPart.items), ['欧阳娜娜']);
    const byInitials = await list(`org=${t.root}&q=zw`);
    assert.deepEqual(names(byInitials.items), ['张伟', '张薇']);
    const byInitialsUpper = await list(`org=${t.root}&q=ZW`);
    assert.deepEqual(names(byInitialsUpper.items), ['张伟', '张薇']);
    const bySyll = await list(`org=${t.root}&q=zhangw`);
    assert.deepEqual(names(bySyll.items), ['张伟', '张薇']);
    const lq = await list(`org=${t.root}&q=lq`);
    assert.deepEqual(names(lq.items), ['李强']);
    const byId = await list(`org=${t.root}&q=110105`);
    assert.deepEqual(names(byId.items), ['张伟']);
    assert.equal(byId.total, 1);
    const byFullId = await list(`org=${t.root}&q=${M['孙丽'].id_number}`);
    assert.deepEqual(names(byFullId.items), ['孙丽']);
    const none = await list(`org=${t.root}&q=${encodeURIComponent('不存在的人')}`);
    assert.equal(none.total, 0);
    assert.deepEqual(none.items, []);
    // LIKE wildcards in q are literal
    const pct = await list(`org=${t.root}&q=${encodeURIComponent('%')}`);
    assert.equal(pct.total, 0, 'q=% must not match everyone');
    const us = await list(`org=${t.root}&q=_`);
    assert.equal(us.total, 0, 'q=_ must not match everyone');
  });

  test('category, sex, education, status filters', async () => {
    const prob = await list(`org=${t.root}&category=probationary`);
    assert.deepEqual(names(prob.items), ['张薇']);
    assert.equal(prob.total, 1);
    const women = await list(`org=${t.root}&sex=F&size=500`);
    assert.deepEqual(names(women.items), ['孙丽', '张薇', '欧阳娜娜', '王芳', '赵敏'].sort());
    assert.equal(women.total, 5);
    const bachelors = await list(`org=${t.root}&education=20`);
    assert.deepEqual(names(bachelors.items), ['张伟', '赵敏', '陈刚'].sort());
    const f20 = await list(`org=${t.root}&education=20&sex=F`);
    assert.deepEqual(names(f20.items), ['赵敏']);
    const normal = await list(`org=${t.root}&status=normal&size=500`);
    assert.equal(normal.total, PEOPLE.length);
    const susp = await list(`org=${t.root}&status=suspended`);
    assert.equal(susp.total, 0);
  });

  // Ages on 2026-06-30; birthdays on the day count (王芳 60, 欧阳娜娜 30, 张薇 31 today).
  for (const [band, who] of Object.entries({
    le30: ['欧阳娜娜', '陈刚'],
    '31_40': ['张薇'],
    '41_50': ['张伟'],
    '51_60': ['王芳', '赵敏'],
    '61_70': ['孙丽'],
    gt70: ['李强'],
    ge60: ['孙丽', '李强', '王芳'],
  })) {
    test(`age=${band} on JICENG_TODAY lists exactly ${who.join('、')}`, async () => {
      const r = await list(`org=${t.root}&age=${band}&size=500`);
      assert.deepEqual(names(r.items), [...who].sort(), `age=${band}`);
      assert.equal(r.total, who.length, `age=${band} total`);
    });
  }

  test('mobile=1 and lost_contact=1', async () => {
    const mob = await list(`org=${t.root}&mobile=1`);
    assert.deepEqual(names(mob.items), ['王芳']);
    assert.equal(mob.items[0].mobile, true);
    assert.equal(mob.items[0].mobile_destination, '上海市浦东新区');
    const lost = await list(`org=${t.root}&lost_contact=1`);
    assert.deepEqual(names(lost.items), ['李强']);
    assert.equal(lost.items[0].lost_on, '2025-01-01');
    const both = await list(`org=${t.root}&lost_contact=1&mobile=1`);
    assert.equal(both.total, 0);
  });

  test('fields= trims each row to the named fields plus id; an unknown name → 400 BAD_PARAM', async () => {
    const r = await list(`org=${t.root}&fields=name,age,org_name&sort=id&size=500`);
    assert.equal(r.total, PEOPLE.length);
    for (const m of r.items) assert.deepEqual(Object.keys(m).sort(), ['age', 'id', 'name', 'org_name']);
    const z = r.items.find((m) => m.name === '张伟');
    assert.deepEqual(z, { id: M['张伟'].id, name: '张伟', age: 46, org_name: 'M第一党支部' });
    assertError(await api('GET', `/api/v1/members?org=${t.root}&fields=name,salary`), 400, 'BAD_PARAM', { field: 'fields' });
  });

  test('bad filter values → 400 BAD_FILTER naming the filter', async () => {
    for (const [q, field] of [['category=member', 'category'], ['sex=X', 'sex'], ['education=55', 'education'],
      ['age=old', 'age'], ['age=30', 'age'], ['status=gone', 'status']]) {
      assertError(await api('GET', `/api/v1/members?${q}`), 400, 'BAD_FILTER', { field });
    }
  });

  test('bad paging or sort → 400 BAD_PARAM naming the parameter', async () => {
    for (const [q, field] of [['page=0', 'page'], ['page=-1', 'page'], ['page=abc', 'page'], ['size=0', 'size'],
      ['size=501', 'size'], ['size=1.5', 'size'], ['sort=height', 'sort'], ['sort=--name', 'sort']]) {
      assertError(await api('GET', `/api/v1/members?${q}`), 400, 'BAD_PARAM', { field });
    }
  });
});

describe('members: paging and sort', () => {
  test('page/size walk the whole list once; total stays; past the end is empty', async () => {
    const all = await list(`org=${t.root}&size=500&sort=id`);
    const seen = [];
    for (let page = 1; page <= 4; page++) {
      const r = await list(`org=${t.root}&size=3&page=${page}&sort=id`);
      assert.equal(r.page, page);
      assert.equal(r.size, 3);
      assert.equal(r.total, PEOPLE.length);
      assert.ok(r.items.length <= 3);
      seen.push(...r.items.map((m) => m.id));
    }
    assert.deepEqual(seen, all.items.map((m) => m.id));
    const past = await list(`org=${t.root}&size=3&page=9`);
    assert.deepEqual(past.items, []);
    assert.equal(past.total, PEOPLE.length);
    const dflt = await list(`org=${t.root}`);
    assert.equal(dflt.page, 1);
    assert.equal(dflt.size, 50);
  });

  test('total with a filter counts the filtered rows on every page', async () => {
    const p1 = await list(`org=${t.root}&sex=F&size=2&page=1`);
    const p3 = await list(`org=${t.root}&sex=F&size=2&page=3`);
    assert.equal(p1.total, 5);
    assert.equal(p3.total, 5);
    assert.equal(p3.items.length, 1);
  });

  test('sort=id and sort=-id are exact reverses', async () => {
    const up = (await list(`org=${t.root}&size=500&sort=id`)).items.map((m) => m.id);
    const down = (await list(`org=${t.root}&size=500&sort=-id`)).items.map((m) => m.id);
    assert.deepEqual(up, [...up].sort((a, b) => a - b));
    assert.deepEqual(down, [...up].reverse());
  });

  test('sort=name orders by pinyin (chen < li < ouyang < sun < wang < zhang < zhao)', async () => {
    const r = await list(`org=${t.root}&size=500&sort=name`);
    const order = r.items.map((m) => m.name);
    const idx = (n) => order.indexOf(n);
    assert.ok(idx('陈刚') < idx('李强'), order.join());
    assert.ok(idx('李强') < idx('欧阳娜娜'), order.join());
    assert.ok(idx('欧阳娜娜') < idx('孙丽'), order.join());
    assert.ok(idx('孙丽') < idx('王芳'), order.join());
    assert.ok(idx('王芳') < idx('张伟'), order.join());
    assert.ok(idx('张薇') < idx('赵敏') && idx('张伟') < idx('赵敏'), order.join());
    const rev = (await list(`org=${t.root}&size=500&sort=-name`)).items.map((m) => m.name);
    assert.deepEqual(rev, [...order].reverse());
  });

  test('sort=-birth_date: youngest first; sort=birth_date: oldest first', async () => {
    const r = await list(`org=${t.root}&size=500&sort=-birth_date`);
    const dates = r.items.map((m) => m.birth_date);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(r.items[0].name, '陈刚');
    const up = await list(`org=${t.root}&size=500&sort=birth_date`);
    assert.equal(up.items[0].name, '李强');
    const j = await list(`org=${t.root}&size=500&sort=joined_on`);
    const jd = j.items.map((m) => m.joined_on);
    assert.deepEqual(jd, [...jd].sort());
  });

  test('sort=org (default) groups members by branch in tree order', async () => {
    const r = await list(`org=${t.root}&size=500`);
    const orgs = r.items.map((m) => m.org);
    // each branch's members are contiguous
    const firstSeen = new Map();
    orgs.forEach((o, i) => { if (!firstSeen.has(o)) firstSeen.set(o, i); });
    for (const [o, i] of firstSeen) {
      const count = orgs.filter((x) => x === o).length;
      assert.deepEqual(orgs.slice(i, i + count), Array(count).fill(o), `members of ${o} are contiguous`);
    }
  });
});

describe('members: concurrent writes', () => {
  test('10 simultaneous creates with the same ID number: exactly one 201, the rest 409 ID_NUMBER_TAKEN', async () => {
    const before_ = (await stats(t.root)).members;
    const body = member(t.b3, { name: '并发同号' });
    const rs = await Promise.all(Array.from({ length: 10 }, () => api('POST', '/api/v1/members', body)));
    assert.equal(rs.filter((r) => r.status === 201).length, 1, rs.map((r) => r.status).join());
    for (const r of rs.filter((x) => x.status !== 201)) assertError(r, 409, 'ID_NUMBER_TAKEN', { field: 'id_number' });
    assert.equal((await stats(t.root)).members, before_ + 1);
    assert.equal((await list(`org=${t.root}&q=${body.id_number}`)).total, 1);
  });

  test('30 simultaneous creates in two branches: all 201 and the roll-up counts every one', async () => {
    const [r0, b1, b2] = await Promise.all([stats(t.root), stats(t.b1), stats(t.b2)]);
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => api('POST', '/api/v1/members',
      member(i % 2 ? t.b1 : t.b2, { name: `并发${i}`, sex: i % 3 ? 'M' : 'F', birth_date: '1988-08-08' }))));
    assert.deepEqual([...new Set(rs.map((r) => r.status))], [201], rs.filter((r) => r.status !== 201).map((r) => r.text).join('\n'));
    const [r1, b1b, b2b] = await Promise.all([stats(t.root), stats(t.b1), stats(t.b2)]);
    assert.equal(r1.members, r0.members + 30);
    assert.equal(b1b.members, b1.members + 15);
    assert.equal(b2b.members, b2.members + 15);
    assert.equal(r1.counts.sex.F, r0.counts.sex.F + 10);
    assert.equal(r1.counts.age['31_40'], r0.counts.age['31_40'] + 30);
    assert.equal((await list(`org=${t.root}&size=1`)).total, r1.members);
  });

  test('simultaneous PATCHes with the same version: one 200, the others 409 VERSION_CONFLICT; one history entry', async () => {
    const m = await createMember(t.b3, { name: '并发修改' });
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => api('PATCH', `/api/v1/members/${m.id}`, { phone: `1380000000${i}`, version: 1 })));
    assert.equal(rs.filter((r) => r.status === 200).length, 1, rs.map((r) => r.status).join());
    for (const r of rs.filter((x) => x.status !== 200)) assertError(r, 409, 'VERSION_CONFLICT');
    const h = (await getOk(`/api/v1/members/${m.id}/history`)).items;
    assert.equal(h.length, 2);
    const winner = rs.find((r) => r.status === 200).json.member.phone;
    assert.equal((await getOk(`/api/v1/members/${m.id}`)).member.phone, winner);
  });
});
