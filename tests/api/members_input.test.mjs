// members_input.test.mjs — POST /api/v1/members with bad input: each refusal has the
// documented status, code, field and rule (ID-01, ID-02, DEV-01, DEV-13, DEV-14), bilingual
// messages, and writes nothing (the member total and the /stats document are unchanged).
// Then what input forms are accepted: Chinese labels, loose date formats, derivation of
// birth date and sex from the ID number.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, assertError, badCheck, createMember, freshId, getOk, idnum, initDb, makeTree, member, rawHttp,
  snapshot, startServer,
} from './lib.mjs';

let srv;
let t;

before(async () => {
  srv = await startServer(initDb());
  t = await makeTree('T');
  await createMember(t.b1, { name: '已有党员' }); // so "unchanged" compares non-trivial documents
});
after(async () => { await srv?.stop(); });

/** POST a member body and assert the refusal and that nothing was written. */
async function refused(body, status, code, extra = {}, opts = {}) {
  const before_ = await snapshot(t.root);
  const res = await api('POST', '/api/v1/members', body, opts);
  const e = assertError(res, status, code, extra);
  assert.deepEqual(await snapshot(t.root), before_, `${code}: nothing may be written`);
  return e;
}

describe('members: ID number and personal data rules (ID-01, ID-02)', () => {
  test('ID-01: a wrong check character → 422 ID_CHECKSUM naming the expected character', async () => {
    const good = idnum('320703', '19800506', 11);
    const e = await refused(member(t.b1, { id_number: badCheck(good) }), 422, 'ID_CHECKSUM', { field: 'id_number', rule: 'ID-01' });
    assert.ok(e.message.en.includes(`expected ${good[17]}`), e.message.en);
    assert.ok(e.message.zh.includes(good[17]), e.message.zh);
  });

  test('ID-01: the published test vector 11010519491231002X is accepted (check character X)', async () => {
    const a = await createMember(t.b1, {
      id_number: '11010519491231002X', birth_date: undefined, sex: undefined, joined_on: '1975-01-01', full_on: '1976-01-01',
    });
    assert.equal(a.birth_date, '1949-12-31');
    assert.equal(a.sex, 'F');
  });

  test('ID-01: an impossible date inside the number → 422 ID_DATE', async () => {
    for (const d of ['19800230', '19801301', '20270101']) {
      await refused(member(t.b1, { id_number: idnum('320703', d, 13), birth_date: undefined }), 422, 'ID_DATE', { field: 'id_number', rule: 'ID-01' });
    }
  });

  test('ID-01: wrong length or characters → 422 ID_FORMAT', async () => {
    await refused(member(t.b1, { id_number: '32070319800506001' }), 422, 'ID_FORMAT', { field: 'id_number', rule: 'ID-01' });
    await refused(member(t.b1, { id_number: '3207031980050600A1' }), 422, 'ID_FORMAT', { field: 'id_number', rule: 'ID-01' });
    await refused(member(t.b1, { id_number: '320703800506001' }), 422, 'ID_FORMAT', { field: 'id_number', rule: 'ID-01' });
  });

  test('ID-02: birth_date disagreeing with the ID number → 422 ID_BIRTH_MISMATCH', async () => {
    const id = idnum('320703', '19800506', 15);
    await refused(member(t.b1, { id_number: id, birth_date: '1980-05-07' }), 422, 'ID_BIRTH_MISMATCH', { field: 'birth_date', rule: 'ID-02' });
  });

  test('ID-02: sex disagreeing with the ID number → 422 ID_SEX_MISMATCH (odd sequence = male)', async () => {
    await refused(member(t.b1, { id_number: idnum('320703', '19800506', 17), sex: 'F' }), 422, 'ID_SEX_MISMATCH', { field: 'sex', rule: 'ID-02' });
    await refused(member(t.b1, { id_number: idnum('320703', '19800506', 18), sex: 'M' }), 422, 'ID_SEX_MISMATCH', { field: 'sex', rule: 'ID-02' });
    await refused(member(t.b1, { id_number: idnum('320703', '19800506', 18), sex: '男' }), 422, 'ID_SEX_MISMATCH', { field: 'sex', rule: 'ID-02' });
  });

  test('an ID number already recorded → 409 ID_NUMBER_TAKEN (also in lower-case x form)', async () => {
    const m = await createMember(t.b2, { id_number: idnum('320703', '19750303', 20), birth_date: '1975-03-03', sex: 'F' });
    const dup = member(t.b1, { id_number: m.id_number, birth_date: '1975-03-03', sex: 'F', name: '另一人' });
    await refused(dup, 409, 'ID_NUMBER_TAKEN', { field: 'id_number' });
    // an X-terminated number typed with a lower-case x is the same number
    let xid = null;
    for (let seq = 101; !xid; seq += 2) { const c = idnum('320703', '19660606', seq); if (c.endsWith('X')) xid = c; }
    await createMember(t.b2, { id_number: xid, birth_date: '1966-06-06', sex: 'M' });
    await refused(member(t.b1, { id_number: xid.toLowerCase(), birth_date: '1966-06-06', sex: 'M' }), 409, 'ID_NUMBER_TAKEN', { field: 'id_number' });
  });
});

describe('members: Party-standing date rules (DEV-01, DEV-13, DEV-14)', () => {
  test('DEV-01: joined before the 18th birthday → 422 UNDER_18', async () => {
    await refused(member(t.b1, { birth_date: '1990-06-15', joined_on: '2008-06-14', full_on: '2009-06-14' }), 422, 'UNDER_18', { field: 'joined_on', rule: 'DEV-01' });
  });

  test('DEV-01: joined on the 18th birthday is accepted', async () => {
    const m = await createMember(t.b1, { birth_date: '1990-06-15', joined_on: '2008-06-15', full_on: '2009-06-15' });
    assert.equal(m.joined_on, '2008-06-15');
  });

  test('DEV-13: full_on less than a year after joined_on → 422 FULL_DATE_RULE', async () => {
    await refused(member(t.b1, { joined_on: '2010-07-01', full_on: '2011-06-30' }), 422, 'FULL_DATE_RULE', { field: 'full_on', rule: 'DEV-13' });
  });

  test('DEV-14: full_on more than two years after joined_on (one extension of ≤ 1 year) → 422 FULL_DATE_RULE', async () => {
    const e = await refused(member(t.b1, { joined_on: '2010-07-01', full_on: '2012-07-02' }), 422, 'FULL_DATE_RULE', { field: 'full_on' });
    assert.ok(['DEV-13', 'DEV-14'].includes(e.rule), `rule ${e.rule}`);
  });

  test('DEV-14: a probationary member who joined over 2 years ago → 422 PROBATION_TOO_LONG', async () => {
    await refused(member(t.b1, { category: 'probationary', joined_on: '2024-06-29' }), 422, 'PROBATION_TOO_LONG', { rule: 'DEV-14' });
  });

  test('a full member without full_on → 422 REQUIRED (field full_on)', async () => {
    await refused(member(t.b1, { full_on: undefined }), 422, 'REQUIRED', { field: 'full_on' });
  });

  test('joined_on after today (JICENG_TODAY) → 422 DATE_FUTURE', async () => {
    await refused(member(t.b1, { category: 'probationary', joined_on: '2026-07-01' }), 422, 'DATE_FUTURE', { field: 'joined_on' });
  });

  test('an invalid calendar date → 422 DATE_FORMAT', async () => {
    await refused(member(t.b1, { joined_on: '2010-02-30' }), 422, 'DATE_FORMAT', { field: 'joined_on' });
    await refused(member(t.b1, { joined_on: 'yesterday' }), 422, 'DATE_FORMAT', { field: 'joined_on' });
  });
});

describe('members: references and codes', () => {
  test('unknown org code → 422 ORG_NOT_FOUND (field org)', async () => {
    await refused(member('NO.SUCH.BRANCH'), 422, 'ORG_NOT_FOUND', { field: 'org' });
  });

  test('an org that is not a branch (committee, group) → 422 ORG_NOT_BRANCH', async () => {
    await refused(member(t.cc), 422, 'ORG_NOT_BRANCH', { field: 'org' });
    await refused(member(t.g1), 422, 'ORG_NOT_BRANCH', { field: 'org' });
  });

  test('a group of another branch → 422 GROUP_NOT_IN_BRANCH; a group of the branch is accepted', async () => {
    await refused(member(t.b2, { group: t.g1 }), 422, 'GROUP_NOT_IN_BRANCH', { field: 'group' });
    const m = await createMember(t.b1, { group: t.g1 });
    assert.equal(m.group, t.g1);
  });

  test('unknown ethnicity → 422 CODE_UNKNOWN; unknown education, category → 422 CODE_UNKNOWN', async () => {
    await refused(member(t.b1, { ethnicity: '99' }), 422, 'CODE_UNKNOWN', { field: 'ethnicity' });
    await refused(member(t.b1, { ethnicity: '火星族' }), 422, 'CODE_UNKNOWN', { field: 'ethnicity' });
    await refused(member(t.b1, { education: '55' }), 422, 'CODE_UNKNOWN', { field: 'education' });
    await refused(member(t.b1, { category: 'candidate' }), 422, 'CODE_UNKNOWN', { field: 'category' });
  });

  test('missing required fields → 422 REQUIRED naming the field', async () => {
    for (const f of ['org', 'name', 'ethnicity', 'id_number', 'education', 'category', 'joined_on']) {
      await refused(member(t.b1, { [f]: undefined }), 422, 'REQUIRED', { field: f });
    }
  });

  test('name over its byte limit → 422 TOO_LONG; bad phone → 422 PHONE_FORMAT; lost_contact without lost_on → 422 REQUIRED', async () => {
    await refused(member(t.b1, { name: '张'.repeat(40) }), 422, 'TOO_LONG', { field: 'name' });
    await refused(member(t.b1, { phone: 'call me' }), 422, 'PHONE_FORMAT', { field: 'phone' });
    await refused(member(t.b1, { lost_contact: true }), 422, 'REQUIRED', { field: 'lost_on' });
    await refused(member(t.b1, { mobile: true }), 422, 'REQUIRED', { field: 'mobile_destination' });
  });
});

describe('members: malformed requests', () => {
  test('a body over 1 MiB (Content-Length announced) → 413 BODY_TOO_LARGE', async () => {
    const before_ = await snapshot(t.root);
    const big = JSON.stringify(member(t.b1, { address: 'x'.repeat(1_100_000) }));
    const r = await rawHttp({ path: '/api/v1/members', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) } });
    assertError(r, 413, 'BODY_TOO_LARGE');
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('a body over 1 MiB sent chunked (no Content-Length) → 413 BODY_TOO_LARGE', async () => {
    const before_ = await snapshot(t.root);
    const big = JSON.stringify(member(t.b1, { address: 'x'.repeat(1_100_000) }));
    const r = await rawHttp({ path: '/api/v1/members', headers: { 'content-type': 'application/json' }, body: big, chunked: true });
    assertError(r, 413, 'BODY_TOO_LARGE');
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('invalid UTF-8 in the body → 400 BODY_UTF8', async () => {
    const body = Buffer.concat([Buffer.from('{"org":"T.W.C.B1","name":"'), Buffer.from([0xff, 0xfe, 0xff]), Buffer.from('"}')]);
    await refused(body, 400, 'BODY_UTF8', {}, { raw: true });
  });

  test('wrong JSON types → 400 JSON_TYPE naming the field', async () => {
    await refused(member(t.b1, { name: 42 }), 400, 'JSON_TYPE', { field: 'name' });
    await refused(member(t.b1, { lost_contact: 'yes' }), 400, 'JSON_TYPE', { field: 'lost_contact' });
    await refused(member(t.b1, { joined_on: 20100701 }), 400, 'JSON_TYPE', { field: 'joined_on' });
    await refused([member(t.b1)], 400, 'JSON_TYPE');
  });

  test('an unknown field → 400 UNKNOWN_FIELD naming it', async () => {
    await refused({ ...member(t.b1), nickname: '小李' }, 400, 'UNKNOWN_FIELD', { field: 'nickname' });
  });

  test('output-only fields in the body (id, age) are not accepted', async () => {
    const r1 = await api('POST', '/api/v1/members', { ...member(t.b1), id: 99 });
    assert.equal(r1.status, 400, r1.text);
    const r2 = await api('POST', '/api/v1/members', { ...member(t.b1), age: 40 });
    assert.equal(r2.status, 400, r2.text);
  });

  test('malformed JSON → 400 JSON_SYNTAX; duplicate keys → 400 JSON_SYNTAX; empty body → 400 BODY_REQUIRED', async () => {
    await refused('{"org": "T.W.C.B1", "name": ', 400, 'JSON_SYNTAX', {}, { raw: true });
    await refused('{"name":"a","name":"b"}', 400, 'JSON_SYNTAX', {}, { raw: true });
    const before_ = await snapshot(t.root);
    const r = await api('POST', '/api/v1/members', undefined, { headers: { 'content-type': 'application/json' } });
    assertError(r, 400, 'BODY_REQUIRED');
    assert.deepEqual(await snapshot(t.root), before_);
  });

  test('a body that is not application/json → 415 CONTENT_TYPE', async () => {
    const body = JSON.stringify(member(t.b1));
    await refused(body, 415, 'CONTENT_TYPE', {}, { raw: true, headers: { 'content-type': 'text/plain' } });
    await refused(body, 415, 'CONTENT_TYPE', {}, { raw: true, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  });

  test('application/json; charset=utf-8 is accepted', async () => {
    const r = await api('POST', '/api/v1/members', member(t.b1), { headers: { 'content-type': 'application/json; charset=utf-8' } });
    assert.equal(r.status, 201, r.text);
  });
});

describe('members: accepted input forms', () => {
  test('Chinese labels are accepted and stored as codes ("汉族", "大学本科", "正式党员", "女")', async () => {
    const before_ = await snapshot(t.root);
    const r = await api('POST', '/api/v1/members', member(t.b2, {
      ethnicity: '汉族', education: '大学本科', category: '正式党员', sex: '女', birth_date: '1985-01-01',
    }));
    assert.equal(r.status, 201, r.text);
    const m = r.json.member;
    assert.equal(m.ethnicity, '01');
    assert.equal(m.education, '20');
    assert.equal(m.category, 'full');
    assert.equal(m.sex, 'F');
    const after_ = await snapshot(t.root);
    assert.equal(after_.total, before_.total + 1);
    assert.equal(after_.stats.counts.sex.F, before_.stats.counts.sex.F + 1);
    assert.equal(after_.stats.counts.ethnicity.han, before_.stats.counts.ethnicity.han + 1);
    assert.equal(after_.stats.counts.education['20'], before_.stats.counts.education['20'] + 1);
  });

  test('probationary label "预备党员" and a minority label "回族" are accepted', async () => {
    const m = await createMember(t.b2, { ethnicity: '回族', category: '预备党员', joined_on: '2026-01-15', full_on: undefined });
    assert.equal(m.ethnicity, '03');
    assert.equal(m.category, 'probationary');
    assert.equal(m.full_on, null);
    assert.equal(m.standing_since, null, 'DEV-16: no standing before probation ends');
  });

  test('dates typed 2020/3/5, 2020.3.5 and 2020年3月5日 are stored as 2020-03-05', async () => {
    for (const [joined, full] of [['2020/3/5', '2021/3/5'], ['2020.3.5', '2021.3.5'], ['2020年3月5日', '2021年3月5日']]) {
      const m = await createMember(t.b1, { joined_on: joined, full_on: full });
      assert.equal(m.joined_on, '2020-03-05', joined);
      assert.equal(m.full_on, '2021-03-05', full);
      assert.equal(m.standing_since, '2021-03-05', 'DEV-16: standing counts from full_on');
    }
  });

  test('birth_date and sex are derived from the ID number when absent', async () => {
    const id = idnum('110105', '19721109', 24); // even sequence: female
    const m = await createMember(t.b1, { id_number: id, birth_date: undefined, sex: undefined });
    assert.equal(m.birth_date, '1972-11-09');
    assert.equal(m.sex, 'F');
    assert.equal(m.age, 53, 'age on 2026-06-30');
    const id2 = freshId('1999-12-31', 'M');
    const m2 = await createMember(t.b1, { id_number: id2, birth_date: undefined, sex: undefined, joined_on: '2020-01-01', full_on: '2021-01-01' });
    assert.equal(m2.birth_date, '1999-12-31');
    assert.equal(m2.sex, 'M');
    assert.equal(m2.age, 26);
    const got = (await getOk(`/api/v1/members/${m2.id}`)).member;
    assert.equal(got.birth_date, '1999-12-31');
  });
});
