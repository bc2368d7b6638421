// The member list (filters, paging, column chooser, export), the member archive, and
// the member form: a server rule error on its field, drafts kept across navigation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { demoAccount, demoDb, openBrowser, shot, startServer, validId, wrongId } from './lib.mjs';

const XLSX = createRequire(import.meta.url)('xlsx');
let srv, br, page, root, member, full;
const num = (s) => Number(String(s).replace(/[^\d]/g, ''));
const totalText = () => page.locator('.table-foot .muted').textContent();

before(async () => {
  srv = await startServer(demoDb());
  root = (await srv.api('/orgs')).items[0];
  member = (await srv.api(`/members?org=${encodeURIComponent(root.code)}&size=1&sort=name`)).items[0];
  // the test account is an org_admin (pii.read): reveal=1 reads the personal fields unmasked
  full = (await srv.api(`/members/${member.id}?reveal=1`)).member;
  assert.notEqual(member.id_number, full.id_number, 'the list answers the ID number masked');
  assert.match(member.id_number, /\*/);
  br = await openBrowser({ server: srv });
  page = br.page;
});
after(async () => { await br?.close(); await srv?.stop(); });

test('the member list filters, sorts and pages like the API', async () => {
  await page.goto(`${srv.base}/members`);
  const table = page.getByTestId('member-table');
  await table.locator('.el-table__body tr').first().waitFor();
  const all = await srv.api(`/members?org=${encodeURIComponent(root.code)}&size=1`);
  await page.waitForFunction((n) => document.querySelector('.table-foot .muted')?.textContent.replace(/\D/g, '') === String(n), all.total);
  assert.equal(await table.locator('.el-table__body-wrapper tr.el-table__row').count(), 20);
  // pinyin initials, Enter submits the filter form
  const zw = await srv.api(`/members?org=${encodeURIComponent(root.code)}&q=zw&size=100&fields=name`);
  await page.getByTestId('member-q').fill('zw');
  await page.getByTestId('member-q').press('Enter');
  await page.waitForURL((u) => u.searchParams.get('q') === 'zw');
  await page.waitForFunction((n) => document.querySelector('.table-foot .muted')?.textContent.replace(/\D/g, '') === String(n), zw.total);
  const first = (await table.locator('.el-table__body-wrapper tr.el-table__row').first().locator('td').nth(1).textContent()).trim();
  assert.ok(zw.items.some((m) => m.name === first), `${first} is one of the API's zw matches`);
  // category = probationary through the select
  await page.locator('#mf-category').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^预备党员$/ }).click();
  await page.getByTestId('member-search').click();
  const prob = await srv.api(`/members?org=${encodeURIComponent(root.code)}&q=zw&category=probationary&size=1`);
  await page.waitForURL((u) => u.searchParams.get('category') === 'probationary');
  await page.waitForFunction((n) => document.querySelector('.table-foot .muted')?.textContent.replace(/\D/g, '') === String(n), prob.total);
  // back to everything, 50 a page, sorted by name
  await page.goto(`${srv.base}/members?size=50&sort=name`);
  await table.locator('.el-table__body tr').first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=member-table] .el-table__body-wrapper tr.el-table__row').length === 50);
  const byName = await srv.api(`/members?org=${encodeURIComponent(root.code)}&size=50&sort=name&fields=name`);
  const names = await table.locator('.el-table__body-wrapper tr.el-table__row td:nth-child(2)').allTextContents();
  assert.deepEqual(names.map((s) => s.trim()), byName.items.map((m) => m.name));
  await shot(page, 'member-list');
});

test('the column chooser asks the API for the chosen fields only', async () => {
  await page.getByTestId('column-chooser').click();
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().includes('/api/v1/members?') && r.url().includes('id_number')),
    page.locator('[data-col=id_number]').click(),
  ]);
  const fields = new URL(req.url()).searchParams.get('fields').split(',');
  assert.ok(fields.includes('id_number') && fields.includes('name'));
  assert.ok(!fields.includes('address'), 'unchosen fields are not requested');
  await page.getByTestId('member-table').locator('th', { hasText: '公民身份号码' }).waitFor();
  await page.keyboard.press('Escape');
  await page.locator('h1').click();
});

test('export to xlsx downloads the ledger of the org', async () => {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('member-export').click()]);
  assert.match(dl.suggestedFilename(), /\.xlsx$/);
  const file = await dl.path();
  const wb = XLSX.read(fs.readFileSync(file), { type: 'buffer' });
  const rows = XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]], { header: 1 });
  assert.ok(rows[0].includes('姓名'), `header: ${rows[0].join(',')}`);
  const col = rows[0].indexOf('姓名');
  assert.ok(rows.some((r) => r[col] === member.name), `${member.name} is in the file`);
  assert.equal(rows.length - 1, (await srv.api(`/members?org=${encodeURIComponent(root.code)}&size=1`)).total);
});

test('a member archive shows the information sets and the history', async () => {
  await page.goto(`${srv.base}/members?q=${encodeURIComponent(member.name)}`);
  await page.getByTestId('member-table').locator(`a[href="/members/${member.id}"]`).click();
  await page.waitForURL(/\/members\/\d+$/);
  await page.getByTestId('member-name').waitFor();
  assert.equal(await page.getByTestId('member-name').textContent(), member.name);
  for (const tab of ['基本信息', '学历学位', '岗位', '党籍', '组织关系', '民主评议', '奖惩', '变更记录']) {
    await page.getByRole('tab', { name: tab }).waitFor();
  }
  // personal fields come masked; "show in full" asks again with reveal=1
  const idCell = page.locator('.el-descriptions [data-field=id_number]').first();
  assert.equal(await idCell.textContent(), member.id_number);
  assert.equal(await page.getByTestId('pii-bar').getAttribute('data-revealed'), '0');
  await shot(page, 'member-detail-masked');
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.url().includes(`/api/v1/members/${member.id}?`) && r.url().includes('reveal=1')),
    page.getByTestId('member-reveal').click(),
  ]);
  assert.ok(req);
  await page.waitForFunction((v) => document.querySelector('.el-descriptions [data-field=id_number]')?.textContent === v, full.id_number);
  assert.equal(await page.locator('.el-descriptions [data-field=phone]').first().textContent(), full.phone || '—');
  assert.equal(await page.getByTestId('pii-bar').getAttribute('data-revealed'), '1');
  await shot(page, 'member-detail');
  // and masked again
  await page.getByTestId('member-hide').click();
  await page.waitForFunction((v) => document.querySelector('.el-descriptions [data-field=id_number]')?.textContent === v, member.id_number);
  await page.getByRole('tab', { name: '民主评议' }).click();
  const missing = page.locator('[data-testid=module-missing]:visible');
  assert.match(await missing.textContent(), /暂无记录/);
  assert.match(await missing.textContent(), /尚未上线/);
  await page.getByRole('tab', { name: '变更记录' }).click();
  await page.getByTestId('history').getByText('建立档案').waitFor();
});

test('a wrong ID check digit shows the server message on the ID field', async () => {
  await page.goto(`${srv.base}/members/${member.id}/edit`);
  const id = page.locator('#f-id_number');
  await id.waitFor();
  // the form edits the real value (loaded with reveal=1: the account holds pii.read)
  assert.equal(await id.inputValue(), full.id_number);
  assert.equal(await page.locator('[data-testid^=masked-]').count(), 0);
  const bad = wrongId(full.id_number.slice(0, 17));
  await id.fill(bad);
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/members/${member.id}`)),
    page.getByTestId('member-save').click(),
  ]);
  // only what was changed goes out (and the version it was changed from)
  assert.deepEqual(JSON.parse(req.postData()), { id_number: bad, version: full.version });
  const err = page.locator('[data-field=id_number] .el-form-item__error');
  await err.waitFor();
  const text = await err.textContent();
  assert.match(text, /校验位/);
  assert.match(text, /ID-01/);
  await shot(page, 'member-form-id-error', { full: false });
  assert.equal((await srv.api(`/members/${member.id}?reveal=1`)).member.id_number, full.id_number, 'nothing was written');
});

test('unsaved changes survive navigation as a draft', async () => {
  // still on the edit page with the wrong ID typed
  await page.locator('#f-job').fill('社区网格员（草稿）');
  await page.waitForTimeout(400); // the draft is written 200 ms after the last change
  await page.getByTestId('menu-dashboard').click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  assert.match(await box.textContent(), /未保存/);
  await box.getByRole('button', { name: '继续编辑' }).click();
  assert.match(page.url(), /\/edit$/);
  await page.getByTestId('menu-dashboard').click();
  await page.locator('.el-message-box').getByRole('button', { name: /离开/ }).click();
  await page.waitForURL(/\/dashboard/);
  await page.goto(`${srv.base}/members/${member.id}/edit`);
  await page.getByTestId('draft-restored').waitFor();
  assert.equal(await page.locator('#f-job').inputValue(), '社区网格员（草稿）');
  assert.equal(await page.locator('#f-id_number').inputValue(), wrongId(full.id_number.slice(0, 17)));
  await shot(page, 'member-form-draft', { full: false });
  // the draft keeps what was changed, not the record's other (personal) values
  const draft = await page.evaluate((k) => sessionStorage.getItem(k), `jiceng.draft.member.${member.id}`);
  assert.deepEqual(Object.keys(JSON.parse(draft).changes).sort(), ['id_number', 'job']);
  assert.ok(!full.phone || !draft.includes(full.phone), 'the unmasked phone is not in the draft');
  // put the right ID back and save: only the job goes out; the history shows it with its label
  await page.locator('#f-id_number').fill(full.id_number);
  const [req] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'PATCH' && r.url().endsWith(`/api/v1/members/${member.id}`)),
    page.getByTestId('member-save').click(),
  ]);
  assert.deepEqual(JSON.parse(req.postData()), { job: '社区网格员（草稿）', version: full.version });
  await page.waitForURL(new RegExp(`/members/${member.id}$`));
  await page.getByRole('tab', { name: '变更记录' }).click();
  const hist = page.getByTestId('history');
  await hist.getByText('社区网格员（草稿）').waitFor();
  assert.match(await hist.textContent(), /工作岗位/);
  await shot(page, 'member-history');
  // the draft is gone once saved
  await page.goto(`${srv.base}/members/${member.id}/edit`);
  await page.locator('#f-job').waitFor();
  assert.equal(await page.getByTestId('draft-restored').count(), 0);
});

test('a new member is created from the form', async () => {
  const branch = member.org;
  await page.goto(`${srv.base}/members/new?org=${encodeURIComponent(branch)}`);
  await page.locator('#f-name').waitFor();
  await page.locator('#f-name').fill('测试新党员');
  await page.locator('#f-ethnicity').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^汉族$/ }).click();
  await page.locator('#f-id_number').fill(validId('11010119900307123'));
  await page.locator('#f-education').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^大学本科$/ }).click();
  await page.locator('#f-joined_on').fill('2015-07-01');
  await page.locator('#f-joined_on').press('Enter');
  await page.locator('#f-full_on').fill('2016-07-01');
  await page.locator('#f-full_on').press('Enter');
  await page.getByTestId('member-save').click();
  try { await page.waitForURL(/\/members\/\d+$/); } catch (e) { await shot(page, 'FAILED-member-new', { full: false }); throw e; }
  await page.getByTestId('member-name').waitFor();
  assert.equal(await page.getByTestId('member-name').textContent(), '测试新党员');
  const id = Number(page.url().split('/').pop());
  const m = (await srv.api(`/members/${id}`)).member;
  assert.equal(m.org, branch);
  assert.equal(m.birth_date, '1990-03-07');
  assert.equal(m.sex, 'M');
});

test('the print view lists the filtered members as a roster', async () => {
  await page.goto(`${srv.base}/members?org=${encodeURIComponent(member.org)}&subtree=0`);
  await page.getByTestId('member-table').locator('.el-table__body tr').first().waitFor();
  const [popup] = await Promise.all([br.context.waitForEvent('page'), page.getByTestId('print').click()]);
  await popup.getByTestId('print-table').waitFor();
  const d = await srv.api(`/members?org=${encodeURIComponent(member.org)}&subtree=0&size=1`);
  await popup.waitForFunction((n) => document.querySelectorAll('[data-testid=print-table] tbody tr').length === n, Math.min(d.total, 2000));
  assert.match(await popup.locator('.p-title').textContent(), /党员名册/);
  await shot(popup, 'print-members');
  await popup.close();
});

test('a role without pii.read sees personal fields masked, with no way to reveal them', async () => {
  // the demo's leader: a viewer of the whole district (member.read, no pii.read, no member.write)
  const viewer = await openBrowser({ server: srv, account: demoAccount('leader') });
  try {
    const p = viewer.page;
    await p.goto(`${srv.base}/members/${member.id}`);
    await p.getByTestId('member-name').waitFor();
    assert.equal(await p.locator('.el-descriptions [data-field=id_number]').first().textContent(), member.id_number);
    await p.getByTestId('pii-no-permission').waitFor();
    assert.equal(await p.getByTestId('member-reveal').count(), 0, 'no reveal button');
    assert.equal(await p.getByTestId('member-edit').count(), 0, 'no edit button');
    assert.equal(await p.getByTestId('menu-import').count(), 0, 'no import in the menu');
    await shot(p, 'member-detail-viewer', { full: false });
    // asking the server anyway changes nothing: reveal=1 without pii.read answers masked
    const r = await p.evaluate(async (id) => (await (await fetch(`/api/v1/members/${id}?reveal=1`)).json()).member.id_number, member.id);
    assert.equal(r, member.id_number);
  } finally { await viewer.close(); }
});
