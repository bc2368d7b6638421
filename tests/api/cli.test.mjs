// cli.test.mjs — the command line: `import` of org and member ledgers (Chinese and English
// headers, loose dates, UTF-8 with BOM and GB18030, one report line per bad row, nothing
// written unless --skip-invalid), `export` (csv round trip, xlsx), `backup` while serving,
// `demo` determinism, and `serve` refusing non-loopback addresses.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  BIN, badCheck, csvLine, demoDb, ENV, freePort, getOk, idnum, initDb, run, runOk, startServer, tmpdir,
} from './lib.mjs';

const ZH_HEAD = ['所在党支部', '姓名', '性别', '民族', '公民身份号码', '出生日期', '学历', '人员类别', '加入党组织日期', '转为正式党员日期'];
const EN_HEAD = ['org', 'name', 'sex', 'ethnicity', 'id_number', 'birth_date', 'education', 'category', 'joined_on', 'full_on'];

/** Members total of an org per `jiceng stats`. */
function membersOf(db, org) {
  return JSON.parse(runOk(['stats', '--db', db, '--org', org]).stdout).members;
}

function writeCsv(dir, name, head, rows, { bom = false, crlf = false } = {}) {
  const nl = crlf ? '\r\n' : '\n';
  const text = [csvLine(head), ...rows.map(csvLine)].join(nl) + nl;
  const file = path.join(dir, name);
  fs.writeFileSync(file, (bom ? '\ufeff' : '') + text);
  return file;
}

/** A member row in the order of ZH_HEAD / EN_HEAD. */
function row(org, name, birth, seq, opts = {}) {
  const by = Number(birth.slice(0, 4));
  const {
    sex, joined = `${by + 25}-07-01`, full = `${by + 26}-07-01`, idn, edu = '大学本科', eth = '汉族', cat = '正式党员', area = '320703',
  } = opts;
  const id = idn || idnum(area, birth.replaceAll('-', ''), seq);
  const s = sex || (seq % 2 ? '男' : '女');
  return [org, name, s, eth, id, birth, edu, cat, joined, full];
}

/** Parse `import` stdout: one tab-separated line per bad row. */
function reportLines(stdout) {
  return stdout.split('\n').filter(Boolean).map((l) => {
    const [line, column, rule, code, zh, en] = l.split('\t');
    return { line, column, rule, code, zh, en, raw: l };
  });
}

describe('import orgs and members', () => {
  let dir;
  let db;
  const ROOT = 'Q';

  before(() => {
    dir = tmpdir();
    db = initDb(dir);
  });

  test('import orgs with a Chinese header, children listed before their parents, type labels', () => {
    const f = writeCsv(dir, 'orgs.csv', ['组织代码', '组织名称', '组织类别', '所属领域', '上级党组织', '成立日期'], [
      ['Q.S1.B2', '第二党支部', '党支部', '社区', 'Q.S1', '2020/3/5'],
      ['Q.S1.B1', '第一党支部', '党支部', '社区', 'Q.S1', '2020年3月5日'],
      ['Q.S1', '街道党工委', '党工委', '', 'Q', '2020.3.5'],
      ['Q', '区委', '党委', '', '', '2020-03-05'],
      ['Q.S1.B1.G1', '第一党小组', 'group', '', 'Q.S1.B1', ''],
    ]);
    const r = run(['import', 'orgs', '--db', db, '--file', f]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /5 rows, 5 valid, 0 invalid/);
    const s = JSON.parse(runOk(['stats', '--db', db, '--org', ROOT]).stdout);
    assert.equal(s.orgs, 5);
    assert.equal(s.counts.org_type.branch, 2);
    assert.equal(s.counts.org_type.working_committee, 1);
    assert.equal(s.counts.org_field.community, 2);
  });

  test('import orgs: a bad row (branch under a branch, PARENT_TYPE) → exit 1, one line, nothing written', () => {
    const f = writeCsv(dir, 'orgs-bad.csv', ['组织代码', '组织名称', '组织类别', '上级党组织'], [
      ['Q.S1.B3', '第三党支部', '党支部', 'Q.S1'],
      ['Q.S1.B1.X', '错误党委', '党委', 'Q.S1.B1'],
    ]);
    const r = run(['import', 'orgs', '--db', db, '--file', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = reportLines(r.stdout);
    assert.equal(lines.length, 1, r.stdout);
    assert.equal(lines[0].line, '第3行');
    assert.equal(lines[0].code, 'PARENT_TYPE');
    assert.equal(lines[0].column, '上级党组织');
    assert.equal(JSON.parse(runOk(['stats', '--db', db, '--org', ROOT]).stdout).orgs, 5, 'Q.S1.B3 not written either');
  });

  test('a good member file imports (exit 0) with dates typed 2020-03-05, 2020/3/5, 2020.3.5, 2020年3月5日', () => {
    const f = writeCsv(dir, 'good.csv', ZH_HEAD, [
      row('Q.S1.B1', '张伟', '1980-01-01', 1, { joined: '2020-03-05', full: '2021-03-05' }),
      row('Q.S1.B1', '王芳', '1981-02-02', 2, { joined: '2020/3/5', full: '2021/3/5' }),
      row('Q.S1.B2', '李娜', '1982-03-03', 4, { joined: '2020.3.5', full: '2021.3.5' }),
      row('Q.S1.B2', '刘洋', '1983-04-04', 5, { joined: '2020年3月5日', full: '2021年3月5日' }),
    ]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '', 'no report lines');
    assert.match(r.stderr, /4 rows, 4 valid, 0 invalid; all rows written/);
    assert.equal(membersOf(db, ROOT), 4);
    const out = path.join(dir, 'good-export.csv');
    runOk(['export', 'members', '--db', db, '--org', ROOT, '--subtree', '--format', 'csv', '--out', out]);
    const text = fs.readFileSync(out, 'utf8');
    const rows = text.replace(/^\ufeff/, '').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
    assert.equal(rows.length, 4);
    const head = text.replace(/^\ufeff/, '').split(/\r?\n/)[0].split(',');
    const j = head.indexOf('加入党组织日期');
    const fo = head.indexOf('转为正式党员日期');
    for (const rr of rows) {
      assert.equal(rr[j], '2020-03-05', rr.join());
      assert.equal(rr[fo], '2021-03-05', rr.join());
    }
  });

  test('ID-01: a bad check digit in the middle row → exit 1, one line (第N行, 公民身份号码, ID-01), NOTHING imported', () => {
    const before_ = membersOf(db, ROOT);
    const good = idnum('320703', '19900909', 11);
    const f = writeCsv(dir, 'bad-middle.csv', ZH_HEAD, [
      row('Q.S1.B1', '赵一', '1990-01-01', 11),
      row('Q.S1.B1', '赵二', '1990-02-02', 13),
      row('Q.S1.B1', '赵三', '1990-09-09', 11, { idn: badCheck(good) }),
      row('Q.S1.B2', '赵四', '1990-04-04', 15),
      row('Q.S1.B2', '赵五', '1990-05-05', 17),
    ]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = reportLines(r.stdout);
    assert.equal(lines.length, 1, r.stdout);
    const l = lines[0];
    assert.equal(l.line, '第4行', 'header is line 1, the third data row is line 4');
    assert.equal(l.column, '公民身份号码');
    assert.equal(l.rule, 'ID-01');
    assert.equal(l.code, 'ID_CHECKSUM');
    assert.ok(l.zh && l.en, l.raw);
    assert.match(r.stderr, /5 rows, 4 valid, 1 invalid; nothing written/);
    assert.equal(membersOf(db, ROOT), before_, 'nothing imported');
  });

  test('the same file with --skip-invalid imports the 4 good rows (exit 1: a row failed)', () => {
    const before_ = membersOf(db, ROOT);
    const f = path.join(dir, 'bad-middle.csv');
    const r = run(['import', 'members', '--db', db, '--file', f, '--skip-invalid']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.equal(reportLines(r.stdout).length, 1);
    assert.match(r.stderr, /valid rows written, invalid rows skipped/);
    assert.equal(membersOf(db, ROOT), before_ + 4);
    // importing it again: the 4 are now duplicates (ID_NUMBER_TAKEN), the bad one still bad
    const again = run(['import', 'members', '--db', db, '--file', f, '--skip-invalid']);
    assert.equal(again.status, 1);
    const ls = reportLines(again.stdout);
    assert.equal(ls.length, 5, again.stdout);
    assert.equal(ls.filter((x) => x.code === 'ID_NUMBER_TAKEN').length, 4);
    assert.equal(membersOf(db, ROOT), before_ + 4);
  });

  test('two bad rows → two lines, each naming its row, column, rule and code', () => {
    const before_ = membersOf(db, ROOT);
    const f = writeCsv(dir, 'two-bad.csv', ZH_HEAD, [
      row('Q.S1.B1', '钱一', '1991-01-01', 21),
      row('Q.S1.B1', '钱二', '1991-02-02', 23, { joined: '2008-02-01', full: '2009-02-01' }), // UNDER_18 (DEV-01)
      row('Q.S1.B1', '钱三', '1991-03-03', 25),
      row('NO.SUCH', '钱四', '1991-04-04', 27), // ORG_NOT_FOUND
      row('Q.S1.B1', '钱五', '1991-05-05', 29),
    ]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = reportLines(r.stdout);
    assert.equal(lines.length, 2, r.stdout);
    assert.deepEqual([lines[0].line, lines[0].column, lines[0].rule, lines[0].code], ['第3行', '加入党组织日期', 'DEV-01', 'UNDER_18']);
    assert.deepEqual([lines[1].line, lines[1].column, lines[1].code], ['第5行', '所在党支部', 'ORG_NOT_FOUND']);
    for (const l of lines) assert.ok(l.zh && l.en, l.raw);
    assert.equal(membersOf(db, ROOT), before_);
  });

  test('bad values per column: DATE_FORMAT, CODE_UNKNOWN, ID_BIRTH_MISMATCH (ID-02), a duplicate ID in the file', () => {
    const before_ = membersOf(db, ROOT);
    const dupId = idnum('320703', '19920606', 31);
    const f = writeCsv(dir, 'mixed-bad.csv', ZH_HEAD, [
      row('Q.S1.B1', '孙一', '1992-01-01', 31, { joined: '2015-02-30' }),
      row('Q.S1.B1', '孙二', '1992-02-02', 33, { eth: '火星族' }),
      row('Q.S1.B1', '孙三', '1992-03-04', 35, { idn: idnum('320703', '19920303', 35) }),
      row('Q.S1.B1', '孙四', '1992-06-06', 31, { idn: dupId }),
      row('Q.S1.B1', '孙五', '1992-06-06', 31, { idn: dupId }),
    ]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 1);
    const lines = reportLines(r.stdout);
    assert.deepEqual(lines.map((l) => [l.line, l.column, l.code]), [
      ['第2行', '加入党组织日期', 'DATE_FORMAT'],
      ['第3行', '民族', 'CODE_UNKNOWN'],
      ['第4行', '出生日期', 'ID_BIRTH_MISMATCH'],
      ['第6行', '公民身份号码', 'ID_NUMBER_TAKEN'],
    ]);
    assert.equal(lines[2].rule, 'ID-02');
    assert.equal(membersOf(db, ROOT), before_);
  });

  test('所在党支部 may be the branch name when unique; 党小组 must be a group of that branch', () => {
    const before_ = membersOf(db, ROOT);
    const head = [...ZH_HEAD, '党小组'];
    const ok = writeCsv(dir, 'by-name.csv', head, [
      [...row('第一党支部', '冯一', '1987-01-01', 81), 'Q.S1.B1.G1'],
      [...row('第二党支部', '冯二', '1987-02-02', 83), ''],
    ]);
    const r = run(['import', 'members', '--db', db, '--file', ok]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(membersOf(db, 'Q.S1.B1') + membersOf(db, 'Q.S1.B2'), membersOf(db, ROOT));
    assert.equal(membersOf(db, ROOT), before_ + 2);
    const bad = writeCsv(dir, 'bad-group.csv', head, [
      [...row('Q.S1.B2', '冯三', '1987-03-03', 85), 'Q.S1.B1.G1'],
    ]);
    const r2 = run(['import', 'members', '--db', db, '--file', bad]);
    assert.equal(r2.status, 1);
    const l = reportLines(r2.stdout);
    assert.deepEqual(l.map((x) => [x.line, x.column, x.code]), [['第2行', '党小组', 'GROUP_NOT_IN_BRANCH']]);
    assert.equal(membersOf(db, ROOT), before_ + 2);
  });

  test('an English-header file imports; birth date and sex may be left empty (derived from the ID)', () => {
    const before_ = membersOf(db, ROOT);
    const f = writeCsv(dir, 'english.csv', EN_HEAD, [
      ['Q.S1.B1', 'Li Lei', 'M', '01', idnum('110105', '19850505', 41), '1985-05-05', '20', 'full', '2010-01-01', '2011-01-01'],
      ['Q.S1.B2', 'Han Meimei', '', '03', idnum('110105', '19860606', 42), '', '10', 'probationary', '2026-01-01', ''],
    ]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(membersOf(db, ROOT), before_ + 2);
    const s = JSON.parse(runOk(['stats', '--db', db, '--org', 'Q.S1.B2']).stdout);
    assert.ok(s.counts.category.probationary >= 1);
    assert.ok(s.counts.ethnicity.minority >= 1);
  });

  test('UTF-8 with BOM and CRLF line ends, quoted fields with commas, imports', () => {
    const before_ = membersOf(db, ROOT);
    const head = [...ZH_HEAD, '家庭住址'];
    const f = writeCsv(dir, 'bom.csv', head, [
      [...row('Q.S1.B1', '周一', '1993-01-01', 51), '连云港市,连云区 "海滨" 1号'],
    ], { bom: true, crlf: true });
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(membersOf(db, ROOT), before_ + 1);
  });

  test('unknown column → error exit, UNKNOWN_COLUMN named, nothing imported; missing required column → MISSING_COLUMN', () => {
    const before_ = membersOf(db, ROOT);
    const f = writeCsv(dir, 'unknown-col.csv', [...ZH_HEAD, '爱好'], [[...row('Q.S1.B1', '吴一', '1994-01-01', 61), '读书']]);
    const r = run(['import', 'members', '--db', db, '--file', f]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /UNKNOWN_COLUMN/);
    assert.match(r.stderr, /爱好/);
    const f2 = writeCsv(dir, 'missing-col.csv', ZH_HEAD.filter((h) => h !== '民族'), [row('Q.S1.B1', '吴二', '1994-02-02', 63).filter((_, i) => i !== 3)]);
    const r2 = run(['import', 'members', '--db', db, '--file', f2]);
    assert.notEqual(r2.status, 0);
    assert.match(r2.stderr, /MISSING_COLUMN/);
    assert.equal(membersOf(db, ROOT), before_);
    const r3 = run(['import', 'members', '--db', db, '--file', path.join(dir, 'no-such-file.csv')]);
    assert.notEqual(r3.status, 0);
    assert.equal(membersOf(db, ROOT), before_);
  });

  test('a GB18030-encoded file imports with the Chinese names intact (checked through the API)', async () => {
    const before_ = membersOf(db, ROOT);
    const utf8 = writeCsv(dir, 'gb-src.csv', ZH_HEAD, [
      row('Q.S1.B2', '欧阳修远', '1970-10-10', 71, { eth: '回族', edu: '研究生' }),
      row('Q.S1.B2', '诸葛亮亮', '1971-11-11', 72),
      row('Q.S1.B2', '㛃𠀀', '1972-12-12', 73), // CJK extension characters: 4-byte GB18030
    ]);
    const gb = path.join(dir, 'gb18030.csv');
    fs.writeFileSync(gb, execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', utf8]));
    assert.ok(!fs.readFileSync(gb).equals(fs.readFileSync(utf8)), 'the file really is re-encoded');
    const r = run(['import', 'members', '--db', db, '--file', gb]);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(membersOf(db, ROOT), before_ + 3);
    const srv = await startServer(db);
    try {
      const got = (await getOk('/api/v1/members?org=Q.S1.B2&size=500', { base: srv.base })).items;
      const byName = new Map(got.map((m) => [m.name, m]));
      for (const n of ['欧阳修远', '诸葛亮亮', '㛃𠀀']) assert.ok(byName.has(n), `${n} in ${[...byName.keys()].join('、')}`);
      assert.equal(byName.get('欧阳修远').ethnicity, '03');
      assert.equal(byName.get('欧阳修远').education, '10');
      assert.equal(byName.get('欧阳修远').sex, 'M');
      assert.equal(byName.get('诸葛亮亮').sex, 'F');
      const q = await getOk(`/api/v1/members?org=${ROOT}&q=${encodeURIComponent('诸葛')}`, { base: srv.base });
      assert.deepEqual(q.items.map((m) => m.name), ['诸葛亮亮']);
    } finally {
      await srv.stop();
    }
  });
});

describe('export, round trip, backup, demo', () => {
  let dir;
  let demo;
  const R = 'D320703'; // the demo's root: the default district (连云区)

  before(() => {
    dir = tmpdir();
    demo = demoDb({ orgs: 60, members: 800, seed: 7, dir });
    assert.equal(JSON.parse(runOk(['stats', '--db', demo, '--org', R]).stdout).members, 800);
  });

  describe('round trip: export orgs+members → import into an empty db → export again', () => {
    const f = {};
    let fresh;
    before(() => {
      f.o1 = path.join(dir, 'orgs1.csv');
      f.m1 = path.join(dir, 'members1.csv');
      runOk(['export', 'orgs', '--db', demo, '--org', R, '--subtree', '--format', 'csv', '--out', f.o1]);
      runOk(['export', 'members', '--db', demo, '--org', R, '--subtree', '--format', 'csv', '--out', f.m1]);
      fresh = initDb(tmpdir());
      const ri = run(['import', 'orgs', '--db', fresh, '--file', f.o1]);
      assert.equal(ri.status, 0, ri.stdout + ri.stderr);
      const rm = run(['import', 'members', '--db', fresh, '--file', f.m1]);
      assert.equal(rm.status, 0, rm.stdout.slice(0, 2000) + rm.stderr);
      f.o2 = path.join(dir, 'orgs2.csv');
      f.m2 = path.join(dir, 'members2.csv');
      runOk(['export', 'orgs', '--db', fresh, '--org', R, '--subtree', '--format', 'csv', '--out', f.o2]);
      runOk(['export', 'members', '--db', fresh, '--org', R, '--subtree', '--format', 'csv', '--out', f.m2]);
    });

    const firstDiff = (a, b) => {
      const x = fs.readFileSync(a, 'utf8').split('\n');
      const y = fs.readFileSync(b, 'utf8').split('\n');
      const i = x.findIndex((l, k) => l !== y[k]);
      return i < 0 ? 'identical' : `first difference at line ${i + 1}:\n  before: ${x[i]}\n  after:  ${y[i]}`;
    };

    test('the exports hold the same rows, order aside (header + 800 members, 60 orgs)', () => {
      assert.equal(fs.readFileSync(f.m1, 'utf8').trim().split('\n').length, 801);
      assert.equal(fs.readFileSync(f.o1, 'utf8').trim().split('\n').length, 61);
      const sorted = (file) => fs.readFileSync(file, 'utf8').split('\n').sort().join('\n');
      assert.equal(sorted(f.o2), sorted(f.o1), 'orgs: same rows');
      assert.equal(sorted(f.m2), sorted(f.m1), 'members: same rows');
    });

    test('the orgs CSV is byte-identical after the round trip', () => {
      assert.ok(fs.readFileSync(f.o2).equals(fs.readFileSync(f.o1)), firstDiff(f.o1, f.o2));
    });

    test('the members CSV is byte-identical after the round trip', () => {
      assert.ok(fs.readFileSync(f.m2).equals(fs.readFileSync(f.m1)), firstDiff(f.m1, f.m2));
    });

    test('the statistics of the copy equal the original', () => {
      const s1 = JSON.parse(runOk(['stats', '--db', demo, '--org', R]).stdout);
      const s2 = JSON.parse(runOk(['stats', '--db', fresh, '--org', R]).stdout);
      assert.deepEqual(s2.counts, s1.counts);
    });
  });

  test('xlsx export writes a zip (starts with "PK")', () => {
    for (const what of ['members', 'orgs']) {
      const out = path.join(dir, `${what}.xlsx`);
      runOk(['export', what, '--db', demo, '--org', R, '--subtree', '--format', 'xlsx', '--out', out]);
      const head = fs.readFileSync(out).subarray(0, 4);
      assert.equal(head.subarray(0, 2).toString('latin1'), 'PK', `${what}.xlsx`);
      assert.ok(fs.statSync(out).size > 1000);
    }
  });

  test('export of an unknown org or format → error exit', () => {
    const out = path.join(dir, 'x.csv');
    const r = run(['export', 'members', '--db', demo, '--org', 'NOPE', '--format', 'csv', '--out', out]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /ORG_NOT_FOUND/);
    const r2 = run(['export', 'members', '--db', demo, '--org', R, '--format', 'pdf', '--out', out]);
    assert.notEqual(r2.status, 0);
  });

  test('export without --subtree holds only the org itself (members of that branch)', () => {
    const out = path.join(dir, 'branch.csv');
    const branch = 'D320703.A001';
    runOk(['export', 'members', '--db', demo, '--org', branch, '--format', 'csv', '--out', out]);
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n').slice(1);
    const s = JSON.parse(runOk(['stats', '--db', demo, '--org', branch]).stdout);
    assert.equal(rows.length, s.members);
    assert.ok(rows.every((l) => l.startsWith(`${branch},`)));
  });

  test('backup --out while the server runs gives a database that `stats` reads with the same numbers', async () => {
    const srv = await startServer(demo);
    try {
      const live = await getOk(`/api/v1/stats/${R}`, { base: srv.base });
      const copy = path.join(tmpdir(), 'backup.db');
      const b = run(['backup', '--db', demo, '--out', copy]);
      assert.equal(b.status, 0, b.stderr);
      const fromCopy = JSON.parse(runOk(['stats', '--db', copy, '--org', R]).stdout);
      assert.deepEqual(fromCopy, live);
      // the server is still fine
      assert.equal((await getOk('/api/v1/health', { base: srv.base })).status, 'ok');
    } finally {
      await srv.stop();
    }
  });

  test('demo is deterministic: two --seed 5 runs export identical CSVs; --seed 6 differs', () => {
    const d = tmpdir();
    const exportOf = (seed, tag) => {
      const db = path.join(d, `demo-${seed}-${tag}.db`);
      runOk(['demo', '--db', db, '--orgs', '30', '--members', '300', '--seed', String(seed)]);
      const out = path.join(d, `m-${seed}-${tag}.csv`);
      runOk(['export', 'members', '--db', db, '--org', 'D320703', '--subtree', '--format', 'csv', '--out', out]);
      const oo = path.join(d, `o-${seed}-${tag}.csv`);
      runOk(['export', 'orgs', '--db', db, '--org', 'D320703', '--subtree', '--format', 'csv', '--out', oo]);
      return { m: fs.readFileSync(out), o: fs.readFileSync(oo) };
    };
    const a = exportOf(5, 'a');
    const b = exportOf(5, 'b');
    const c = exportOf(6, 'c');
    assert.ok(a.m.equals(b.m), 'seed 5 twice: identical members');
    assert.ok(a.o.equals(b.o), 'seed 5 twice: identical orgs');
    assert.ok(!a.m.equals(c.m), 'seed 6 differs');
    assert.equal(a.m.toString('utf8').trim().split('\n').length, 301);
  });
});

describe('serve and usage', () => {
  test('serve --listen 0.0.0.0:PORT is refused (exit non-zero) until accounts exist', async () => {
    const db = initDb();
    const port = await freePort();
    for (const addr of [`0.0.0.0:${port}`, `[::]:${port}`, `192.168.1.1:${port}`]) {
      const r = run(['serve', '--db', db, '--listen', addr, '--quiet']);
      assert.notEqual(r.status, 0, `${addr} must be refused`);
      assert.equal(r.signal, null);
      assert.match(r.stderr, /loopback/, r.stderr);
    }
  });

  test('unknown command or option → exit 2 with a usage hint', () => {
    const r = run(['frobnicate']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /unknown command/);
    const r2 = run(['stats', '--db', 'x.db', '--org']);
    assert.equal(r2.status, 2);
    const r3 = run(['import', 'people', '--db', 'x.db', '--file', 'f.csv']);
    assert.equal(r3.status, 2);
    const h = run(['help']);
    assert.equal(h.status, 0);
    for (const c of ['init', 'serve', 'demo', 'import', 'export', 'backup', 'stats', 'check']) assert.match(h.stdout, new RegExp(`jiceng ${c}`));
  });

  test('BIN exists and runs with the test environment', () => {
    assert.ok(fs.existsSync(BIN), BIN);
    assert.equal(ENV.JICENG_TODAY.length, 10);
  });
});
