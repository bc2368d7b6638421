// stats.test.mjs — GET /api/v1/stats/:code, the roll-up of a subtree: exact counts for a
// hand-made tree (sex, category, age bands on JICENG_TODAY, han/minority, education,
// field, org types), the shares, children totals summing to the parent, equality with
// `jiceng stats`, and — on demo data after a series of changes — equality with a recount
// from the member list (the roll-up is maintained by deltas, so drift is the bug to catch).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  api, createMember, demoDb, expectStatus, getOk, initDb, makeTree, run, runOk, startServer, TODAY, tmpdir,
} from './lib.mjs';

const stats = (code) => getOk(`/api/v1/stats/${encodeURIComponent(code)}`);

function ageOn(birth, today = TODAY) {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
function band(age) {
  if (age <= 30) return 'le30';
  if (age <= 40) return '31_40';
  if (age <= 50) return '41_50';
  if (age <= 60) return '51_60';
  if (age <= 70) return '61_70';
  return 'gt70';
}

/** Every member of a subtree through the list API (pages of 500). */
async function allMembers(code) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await getOk(`/api/v1/members?org=${encodeURIComponent(code)}&size=500&page=${page}&sort=id`);
    out.push(...r.items);
    if (r.items.length < 500) return out;
  }
}

/** The counts document recomputed from the records, in the shape of /stats counts. */
async function recount(code, shape) {
  const members = await allMembers(code);
  const orgs = (await getOk(`/api/v1/orgs?under=${encodeURIComponent(code)}&limit=1000`)).items;
  const fieldOf = new Map(orgs.map((o) => [o.code, o.field || 'none']));
  const c = JSON.parse(JSON.stringify(shape)); // same keys, zeroed
  for (const dim of Object.values(c)) for (const k of Object.keys(dim)) dim[k] = 0;
  for (const m of members) {
    c.members.all++;
    c.category[m.category]++;
    c.sex[m.sex]++;
    const age = ageOn(m.birth_date);
    c.age[band(age)]++;
    if (age >= 60) c.age_share.ge60++;
    c.education[m.education]++;
    if (['70', '80', '90'].includes(m.education)) c.education_share.le_junior++;
    c.ethnicity[m.ethnicity === '01' ? 'han' : 'minority']++;
    c.field[fieldOf.get(m.org) ?? 'none']++;
    if (m.mobile) c.mobile.yes++;
    if (m.lost_contact) c.lost_contact.yes++;
    c.status[m.status]++;
  }
  for (const o of orgs) {
    c.orgs.all++;
    c.org_type[o.type]++;
    c.org_field[o.field || 'none']++;
  }
  return c;
}

function assertChildrenSum(doc, { directMembers = 0 } = {}) {
  const sumM = doc.children.reduce((s, ch) => s + ch.members, 0);
  const sumO = doc.children.reduce((s, ch) => s + ch.orgs, 0);
  assert.equal(doc.members, sumM + directMembers, `${doc.org.code}: members = Σ children (+ direct)`);
  assert.equal(doc.orgs, sumO + 1, `${doc.org.code}: orgs = 1 + Σ children`);
  assert.equal(doc.counts.members.all, doc.members);
  assert.equal(doc.counts.orgs.all, doc.orgs);
}

const near = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-9, `${msg}: ${a} ≠ ${b}`);

describe('stats of a hand-made tree', () => {
  let srv;
  let db;
  let t;
  // On 2026-06-30: ages 76, 66, 60 (today), 45, 35, 30 (today), 22.
  const P = [
    ['b1', { sex: 'M', birth_date: '1950-01-15', education: '80', joined_on: '1975-01-01', full_on: '1976-01-01' }],
    ['b1', { sex: 'F', birth_date: '1960-03-01', education: '70', ethnicity: '03', joined_on: '1985-01-01', full_on: '1986-01-01' }],
    ['b1', { sex: 'F', birth_date: '1966-06-30', education: '20', mobile: true, mobile_destination: '苏州' }],
    ['b2', { sex: 'M', birth_date: '1981-02-02', education: '10' }],
    ['b2', { sex: 'F', birth_date: '1991-04-04', education: '30', category: 'probationary', joined_on: '2025-12-01' }],
    ['b3', { sex: 'M', birth_date: '1996-06-30', education: '90', lost_contact: true, lost_on: '2025-06-01', joined_on: '2016-01-01', full_on: '2017-01-01' }],
    ['b3', { sex: 'M', birth_date: '2004-05-05', education: '60', ethnicity: '08', category: 'probationary', joined_on: '2026-03-01' }],
  ];

  before(async () => {
    db = initDb();
    srv = await startServer(db);
    t = await makeTree('S');
    for (const [org, over] of P) await createMember(t[org], over);
  });
  after(async () => { await srv?.stop(); });

  test('counts of the root match what was created (sex, category, age bands, han/minority, education, field)', async () => {
    const s = await stats(t.root);
    assert.deepEqual(s.org, { code: 'S', name: 'S区委', type: 'committee', field: '' });
    assert.equal(s.as_of, TODAY);
    assert.equal(s.members, 7);
    assert.equal(s.orgs, 7);
    const c = s.counts;
    assert.deepEqual(c.members, { all: 7 });
    assert.deepEqual(c.category, { full: 5, probationary: 2 });
    assert.deepEqual(c.sex, { M: 4, F: 3 });
    assert.deepEqual(c.age, { le30: 2, '31_40': 1, '41_50': 1, '51_60': 1, '61_70': 1, gt70: 1 });
    assert.deepEqual(c.age_share, { ge60: 3 });
    assert.equal(c.education['10'], 1);
    assert.equal(c.education['20'], 1);
    assert.equal(c.education['30'], 1);
    assert.equal(c.education['60'], 1);
    assert.equal(c.education['70'], 1);
    assert.equal(c.education['80'], 1);
    assert.equal(c.education['90'], 1);
    assert.deepEqual(c.education_share, { le_junior: 3 });
    assert.deepEqual(c.ethnicity, { han: 5, minority: 2 });
    assert.equal(c.field.community, 5);
    assert.equal(c.field.government, 2);
    assert.equal(c.field.none, 0);
    assert.deepEqual(c.mobile, { yes: 1 });
    assert.deepEqual(c.lost_contact, { yes: 1 });
    assert.equal(c.status.normal, 7);
    assert.deepEqual(c.orgs, { all: 7 });
    assert.equal(c.org_type.committee, 2);
    assert.equal(c.org_type.working_committee, 1);
    assert.equal(c.org_type.branch, 3);
    assert.equal(c.org_type.group, 1);
    assert.equal(c.org_field.community, 3);
    assert.equal(c.org_field.government, 1);
    assert.equal(c.org_field.none, 3);
  });

  test('shares are the counts over all members', async () => {
    const s = await stats(t.root);
    near(s.shares.women, 3 / 7, 'women');
    near(s.shares.minority, 2 / 7, 'minority');
    near(s.shares.probationary, 2 / 7, 'probationary');
    near(s.shares.age_ge60, 3 / 7, 'age_ge60');
    near(s.shares.education_le_junior, 3 / 7, 'education_le_junior');
    const empty = await stats(t.g1);
    assert.equal(empty.members, 0);
    for (const v of Object.values(empty.shares)) assert.equal(v, 0, 'shares of an empty org are 0, not NaN');
  });

  test('children totals sum to the parent; each child row matches its own /stats', async () => {
    for (const code of [t.root, t.wc, t.cc]) {
      const s = await stats(code);
      assertChildrenSum(s);
      for (const ch of s.children) {
        const cs = await stats(ch.code);
        assert.equal(ch.members, cs.members, ch.code);
        assert.equal(ch.orgs, cs.orgs, ch.code);
        assert.equal(ch.probationary, cs.counts.category.probationary, ch.code);
        assert.equal(ch.mobile, cs.counts.mobile.yes, ch.code);
        assert.equal(ch.lost_contact, cs.counts.lost_contact.yes, ch.code);
      }
    }
    const root = await stats(t.root);
    assert.deepEqual(root.children.map((c) => c.code), [t.wc, t.b3]);
    const b1 = await stats(t.b1);
    assert.equal(b1.members, 3);
    assert.deepEqual(b1.children.map((c) => c.code), [t.g1]);
  });

  test('the roll-up equals a recount from the member records', async () => {
    for (const code of [t.root, t.cc, t.b1, t.b3]) {
      const s = await stats(code);
      assert.deepEqual(s.counts, await recount(code, s.counts), code);
    }
  });

  test('/stats/:code equals `jiceng stats --db --org` (run while the server serves; WAL readers)', async () => {
    for (const code of [t.root, t.cc, t.b2]) {
      const cli = JSON.parse(runOk(['stats', '--db', db, '--org', code]).stdout);
      assert.deepEqual(await stats(code), cli, code);
    }
  });

  test('age bands move on as days pass: a copy read with JICENG_TODAY=2031-07-01 re-bands members', async () => {
    const copy = `${tmpdir()}/later.db`;
    runOk(['backup', '--db', db, '--out', copy]);
    const later = '2031-07-01';
    const r = run(['stats', '--db', copy, '--org', t.root], { env: { JICENG_TODAY: later } });
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.as_of, later);
    // ages then: 81, 71, 65, 50, 40, 35, 27
    assert.deepEqual(s.counts.age, { le30: 1, '31_40': 2, '41_50': 1, '51_60': 0, '61_70': 1, gt70: 2 });
    assert.deepEqual(s.counts.age_share, { ge60: 3 });
    const expected = {};
    for (const [, over] of P) { const b = band(ageOn(over.birth_date, later)); expected[b] = (expected[b] || 0) + 1; }
    for (const [k, v] of Object.entries(s.counts.age)) assert.equal(v, expected[k] || 0, k);
    // the served database is untouched by the copy
    assert.deepEqual((await stats(t.root)).counts.age, { le30: 2, '31_40': 1, '41_50': 1, '51_60': 1, '61_70': 1, gt70: 1 });
  });

  test('`jiceng stats` of an unknown org exits non-zero naming ORG_NOT_FOUND', async () => {
    const r = run(['stats', '--db', db, '--org', 'NOPE']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ORG_NOT_FOUND/);
    assert.equal(r.stdout, '');
  });
});

describe('stats on demo data', () => {
  let srv;
  let db;
  let root;

  before(async () => {
    db = demoDb({ orgs: 60, members: 800, seed: 7 });
    srv = await startServer(db);
    root = (await getOk('/api/v1/orgs')).items[0].code;
  });
  after(async () => { await srv?.stop(); });

  test('the demo root holds every member and org; children sum to it', async () => {
    const s = await stats(root);
    assert.equal(s.members, 800);
    assert.equal(s.orgs, 60);
    assertChildrenSum(s);
    const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
    assert.equal(sum(s.counts.sex), 800);
    assert.equal(sum(s.counts.category), 800);
    assert.equal(sum(s.counts.age), 800);
    assert.equal(sum(s.counts.education), 800);
    assert.equal(sum(s.counts.ethnicity), 800);
    assert.equal(sum(s.counts.field), 800);
    assert.equal(sum(s.counts.status), 800);
    assert.equal(sum(s.counts.org_type), 60);
    assert.equal(sum(s.counts.org_field), 60);
  });

  test('API and CLI give the same document for the root and every child', async () => {
    const s = await stats(root);
    for (const code of [root, ...s.children.map((c) => c.code)]) {
      const cli = JSON.parse(runOk(['stats', '--db', db, '--org', code]).stdout);
      assert.deepEqual(await stats(code), cli, code);
    }
  });

  test('the roll-up equals a recount from the records, for the root and every child', async () => {
    const s = await stats(root);
    for (const code of [root, ...s.children.map((c) => c.code)]) {
      const cs = await stats(code);
      assert.deepEqual(cs.counts, await recount(code, cs.counts), code);
    }
  });

  test('list filters agree with the roll-up (sex, category, education, mobile, lost_contact, le30)', async () => {
    const s = await stats(root);
    const total = async (q) => (await getOk(`/api/v1/members?org=${root}&size=1&${q}`)).total;
    assert.equal(await total(''), s.members);
    assert.equal(await total('sex=F'), s.counts.sex.F);
    assert.equal(await total('sex=M'), s.counts.sex.M);
    assert.equal(await total('category=probationary'), s.counts.category.probationary);
    for (const [code, n] of Object.entries(s.counts.education)) assert.equal(await total(`education=${code}`), n, `education ${code}`);
    assert.equal(await total('mobile=1'), s.counts.mobile.yes);
    assert.equal(await total('lost_contact=1'), s.counts.lost_contact.yes);
    for (const b of ['le30', '31_40', '41_50', '51_60', '61_70']) assert.equal(await total(`age=${b}`), s.counts.age[b], `age ${b}`);
  });

  test('after moves, merges, a dissolve and member edits the roll-up still equals a recount everywhere', async () => {
    const tree = (await getOk(`/api/v1/orgs?under=${root}&limit=1000`)).items;
    const branches = tree.filter((o) => o.type === 'branch' && o.members > 0);
    const wcs = tree.filter((o) => o.type === 'working_committee');
    assert.ok(branches.length >= 4 && wcs.length >= 2, 'demo tree shape');
    // 1. move a branch to another working committee
    const [a, b, c, d] = branches;
    const wcOfA = (await getOk(`/api/v1/orgs/${a.code}`)).ancestors.map((x) => x.code);
    const target = wcs.find((w) => !wcOfA.includes(w.code));
    await expectStatus('POST', `/api/v1/orgs/${a.code}/move`, { parent: target.code }, 200);
    // 2. merge b into c
    await expectStatus('POST', `/api/v1/orgs/${b.code}/merge`, { into: c.code }, 200);
    // 3. dissolve d with its members going to c (its groups first: an org with children cannot be dissolved)
    const dKids = await getOk(`/api/v1/orgs/${d.code}/children`);
    for (const k of dKids.items) await expectStatus('POST', `/api/v1/orgs/${k.code}/dissolve`, {}, 200);
    await expectStatus('POST', `/api/v1/orgs/${d.code}/dissolve`, { move_members_to: c.code }, 200);
    // 4. member edits that touch every dimension
    const ms = (await getOk(`/api/v1/members?org=${c.code}&size=10&sort=id`)).items;
    const m0 = ms[0];
    const r1 = await api('PATCH', `/api/v1/members/${m0.id}`, { education: m0.education === '10' ? '80' : '10', ethnicity: m0.ethnicity === '01' ? '05' : '01' });
    assert.equal(r1.status, 200, r1.text);
    const r2 = await api('PATCH', `/api/v1/members/${ms[1].id}`, { mobile: !ms[1].mobile, mobile_destination: '北京' });
    assert.equal(r2.status, 200, r2.text);
    const r3 = await api('PATCH', `/api/v1/members/${ms[2].id}`, { org: a.code });
    assert.equal(r3.status, 200, r3.text);
    // 5. change a branch's field (members' field dimension follows)
    const r4 = await api('PATCH', `/api/v1/orgs/${c.code}`, { field: c.field === 'internet' ? 'market' : 'internet' });
    assert.equal(r4.status, 200, r4.text);

    const s = await stats(root);
    assert.equal(s.members, 800, 'no member lost');
    for (const code of [root, ...s.children.map((x) => x.code), a.code, c.code]) {
      const cs = await stats(code);
      assert.deepEqual(cs.counts, await recount(code, cs.counts), code);
      assertChildrenSum(cs, { directMembers: cs.org.type.includes('branch') ? (await getOk(`/api/v1/orgs/${code}`)).org.direct_members : 0 });
    }
    // and the CLI, recomputing nothing, agrees
    const cli = JSON.parse(runOk(['stats', '--db', db, '--org', root]).stdout);
    assert.deepEqual(s, cli);
  });
});
