// The server keeps GET answers per worker thread and uses one only while the database
// has not changed since (SQLite data_version + the connection's own commits). These tests
// show an answer is never stale: after a write through the API (any worker thread), and
// after a write by another process (the CLI) while the server runs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { initDb, tmpdir, startServer, makeTree, createMember, getOk, expectStatus, runOk, freshId } from './lib.mjs';

describe('response cache is never stale', () => {
  let srv, dir, db, t;
  before(async () => {
    dir = tmpdir();
    db = initDb(dir);
    srv = await startServer(db);
    t = await makeTree('K');
  });
  after(async () => { await srv.stop(); });

  test('a list read many times reflects a write made right after (all worker threads)', async () => {
    const url = `/api/v1/members?org=${t.root}&size=50`;
    const first = await getOk(url);
    for (let i = 0; i < 8; i++) assert.equal((await getOk(url)).total, first.total); // fill every thread's cache
    const m = await createMember(t.b1, { name: '缓存甲' });
    for (let i = 0; i < 8; i++) {
      const after1 = await getOk(url);
      assert.equal(after1.total, first.total + 1);
      assert.ok(after1.items.some((x) => x.id === m.id));
    }
    await expectStatus('PATCH', `/api/v1/members/${m.id}`, { name: '缓存乙' }, 200);
    for (let i = 0; i < 8; i++) {
      const got = await getOk(`/api/v1/members/${m.id}`);
      assert.equal(got.member.name, '缓存乙');
      const stats = await getOk(`/api/v1/stats/${t.root}`);
      assert.equal(stats.members, first.total + 1);
    }
  });

  test('a write by another process (CLI import) shows at once', async () => {
    const url = `/api/v1/stats/${t.root}`;
    const before1 = await getOk(url);
    for (let i = 0; i < 8; i++) await getOk(url);
    const csv = path.join(dir, 'one.csv');
    fs.writeFileSync(csv, `所在党支部,姓名,民族,公民身份号码,学历,人员类别,加入党组织日期,转为正式党员日期\r\n${t.b2},外部导入,汉族,${freshId('1975-03-04', 'F')},大学本科,正式党员,2000-07-01,2001-07-01\r\n`);
    runOk(['import', 'members', '--db', db, '--file', csv]);
    for (let i = 0; i < 8; i++) assert.equal((await getOk(url)).members, before1.members + 1);
  });

  test('serve --no-cache answers the same documents', async () => {
    const other = await startServer(db, { extraArgs: ['--no-cache'] });
    try {
      const a = await getOk(`/api/v1/stats/${t.root}`);
      const b = await getOk(`/api/v1/stats/${t.root}`, { base: other.base });
      assert.deepEqual(a, b);
    } finally {
      await other.stop();
    }
  });
});
