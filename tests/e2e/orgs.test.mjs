// The org tree and org detail: lazy tree, search, detail tabs, create/edit dialogs with
// the server's rule errors in place, and a node with 10,000 children.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { addAccount, cli, demoDb, openBrowser, shot, startServer, tmpdir, uiLogin } from './lib.mjs';

let srv, br, page, root, l1, branch;
const num = (s) => Number(String(s).replace(/[,\s]/g, ''));

before(async () => {
  srv = await startServer(demoDb());
  root = (await srv.api('/orgs')).items[0];
  l1 = (await srv.api(`/orgs/${root.code}/children`)).items.find((o) => o.children);
  const found = await srv.api(`/orgs?under=${encodeURIComponent(l1.code)}&q=${encodeURIComponent(l1.code)}&limit=200`);
  branch = found.items.find((o) => o.type === 'branch' && o.members > 0);
  assert.ok(branch, 'a branch with members under the first child');
  br = await openBrowser({ server: srv });
  page = br.page;
});
after(async () => { await br?.close(); await srv?.stop(); });

const row = (code) => page.locator(`[data-testid=org-tree] .vt-row[data-code="${code}"]`);
const detailName = () => page.getByTestId('org-name').textContent();

test('the tree opens lazily and a click shows the org', async () => {
  await page.goto(`${srv.base}/orgs`);
  await row(root.code).waitFor();
  await row(l1.code).waitFor(); // the context org (the root) is opened on arrival
  await row(l1.code).click();
  await page.waitForURL((u) => u.searchParams.get('org') === l1.code);
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent === n, l1.name);
  const d = await srv.api(`/orgs/${encodeURIComponent(l1.code)}`);
  assert.equal(num(await page.getByTestId('org-members').textContent()), d.members);
  // its children were loaded into the tree
  const kids = await srv.api(`/orgs/${encodeURIComponent(l1.code)}/children`);
  await row(kids.items[0].code).waitFor();
  assert.equal(await row(l1.code).getAttribute('aria-expanded'), 'true');
  // the children tab lists what the API lists
  await page.getByRole('tab', { name: /下级组织/ }).click();
  await page.locator('.el-tab-pane:not([style*="display: none"]) .el-table__body tr').first().waitFor();
  const n = await page.locator('.el-tab-pane:not([style*="display: none"]) .el-table__body tr').count();
  assert.equal(n, Math.min(50, kids.total));
  await shot(page, 'org-tree');
});

test('search by name finds an org and reveals it in the tree', async () => {
  const part = branch.name.slice(0, Math.min(6, branch.name.length));
  await page.getByTestId('tree-search').fill(part);
  const results = page.getByTestId('tree-results');
  await results.getByText(branch.name, { exact: true }).first().click();
  await page.waitForURL((u) => u.searchParams.get('org') === branch.code);
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent === n, branch.name);
  await row(branch.code).waitFor();
  assert.equal(await row(branch.code).getAttribute('aria-selected'), 'true');
  // the members tab lists the branch's members
  await page.getByRole('tab', { name: '党员' }).click();
  await page.getByTestId('org-members-table').locator('.el-table__body tr').first().waitFor();
  const first = await srv.api(`/members?org=${encodeURIComponent(branch.code)}&subtree=0&size=20&fields=name`);
  const names = await page.getByTestId('org-members-table').locator('.el-table__body tr td:nth-child(2)').allTextContents();
  assert.deepEqual(names.map((s) => s.trim()), first.items.map((m) => m.name));
  // search by code prefix too
  await page.getByTestId('tree-search').fill(l1.code);
  await page.getByTestId('tree-results').getByText(l1.name, { exact: true }).first().waitFor();
  await page.getByTestId('tree-search').fill('');
});

test('a rule error lands on the form item; a good org is created and edited', async () => {
  await page.goto(`${srv.base}/orgs?org=${encodeURIComponent(branch.code)}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent === n, branch.name);
  await page.getByTestId('org-create-child').click();
  const dlg = page.getByTestId('org-form-dialog');
  await dlg.locator('#f-code').fill(branch.code + '.X1');
  await dlg.locator('#f-name').fill('测试党支部');
  await dlg.getByTestId('org-form-save').click(); // a branch under a branch: PARENT_TYPE on `parent`
  const err = dlg.locator('[data-field=parent] .el-form-item__error');
  await err.waitFor();
  assert.match(await err.textContent(), /党支部不能隶属于党支部/);
  await shot(page, 'org-form-error', { full: false });
  // change the type to a party group (党小组), which may sit under a branch
  await dlg.locator('#f-type').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^党小组$/ }).click();
  await dlg.getByTestId('org-form-save').click();
  await page.waitForURL((u) => u.searchParams.get('org') === branch.code + '.X1');
  await page.waitForFunction(() => document.querySelector('[data-testid=org-name]')?.textContent === '测试党支部');
  await row(branch.code + '.X1').waitFor();
  // edit: the secretary, then see the change in the history
  await page.getByTestId('org-edit').click();
  const edit = page.getByTestId('org-form-dialog').last();
  await edit.locator('#f-secretary').fill('张建国');
  await edit.locator('#f-secretary').press('Enter'); // Enter submits
  await page.getByRole('tab', { name: '变更记录' }).click();
  const hist = page.getByTestId('history');
  await hist.getByText('张建国').waitFor();
  assert.match(await hist.textContent(), /书记/);
  await shot(page, 'org-history');
});

test('move and merge: the rule error lands on the picker; a good move and a merge go through', async () => {
  const x1 = branch.code + '.X1';
  const other = (await srv.api(`/orgs?under=${encodeURIComponent(l1.code)}&q=${encodeURIComponent(l1.code)}&limit=200`)).items
    .find((o) => o.type === 'branch' && o.code !== branch.code);
  await page.goto(`${srv.base}/orgs?org=${encodeURIComponent(x1)}`);
  await page.waitForFunction(() => document.querySelector('[data-testid=org-name]')?.textContent === '测试党支部');
  const pick = async (dlg, id, code, name) => {
    await dlg.locator(`#${id}`).click();
    await dlg.locator(`#${id}`).fill('');
    await dlg.locator(`#${id}`).pressSequentially(code, { delay: 10 });
    await page.locator('.el-select-dropdown__item:visible', { hasText: name }).first().click();
  };
  // a party group cannot sit under a working committee
  await page.getByTestId('org-move').click();
  let dlg = page.getByTestId('org-move-dialog');
  await pick(dlg, 'f-parent', l1.code, l1.name);
  await dlg.getByTestId('org-move-ok').click();
  const err = dlg.locator('[data-field=parent] .el-form-item__error');
  await err.waitFor();
  assert.match(await err.textContent(), /党小组/);
  // under another branch it may
  await pick(dlg, 'f-parent', other.code, other.name);
  await dlg.getByTestId('org-move-ok').click();
  await page.locator('.crumbs', { hasText: other.name }).waitFor();
  assert.equal((await srv.api(`/orgs/${encodeURIComponent(x1)}`)).org.parent, other.code);
  await row(x1).waitFor();
  // merge it into a second group of that branch
  await srv.api('/orgs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: other.code + '.X2', name: '合并目标党小组', type: 'group', parent: other.code }) });
  await page.getByTestId('org-merge').click();
  dlg = page.getByTestId('org-merge-dialog');
  await pick(dlg, 'f-into', other.code + '.X2', '合并目标党小组');
  await dlg.getByTestId('org-merge-ok').click();
  await page.waitForURL((u) => u.searchParams.get('org') === other.code + '.X2');
  await page.waitForFunction(() => document.querySelector('[data-testid=org-name]')?.textContent === '合并目标党小组');
  assert.ok((await srv.api(`/orgs/${encodeURIComponent(x1)}`)).org.dissolved_on);
  await page.getByRole('tab', { name: '变更记录' }).click();
  await page.getByTestId('history').getByText('并入了其他组织').waitFor();
});

test('dissolving an org with children shows the error code in the dialog', async () => {
  await page.goto(`${srv.base}/orgs?org=${encodeURIComponent(l1.code)}`);
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent === n, l1.name);
  await page.getByTestId('org-dissolve').click();
  const dlg = page.getByTestId('org-dissolve-dialog');
  await dlg.getByTestId('org-dissolve-ok').click();
  const alert = dlg.getByTestId('server-error');
  await alert.waitFor();
  assert.match(await alert.textContent(), /ORG_HAS_CHILDREN/);
  assert.match(await alert.textContent(), /下级组织/);
  await dlg.getByRole('button', { name: '取消' }).click();
});

test('a node with 10,000 children opens fast and renders only what is in view', async () => {
  const dir = tmpdir();
  const csv = path.join(dir, 'big.csv');
  const lines = ['组织代码,组织名称,组织类别,所属领域,上级党组织', 'K1,中共测试县委员会,党委,,', 'K1.W,中共测试县非公企业工作委员会,党工委,,K1'];
  for (let i = 1; i <= 10000; i++) lines.push(`K1.W.B${String(i).padStart(5, '0')},测试第${i}党支部,党支部,非公企业,K1.W`);
  fs.writeFileSync(csv, lines.join('\n') + '\n');
  const db = path.join(dir, 'big.db');
  cli(['import', 'orgs', '--db', db, '--file', csv]);
  addAccount(db);
  const big = await startServer(db);
  // this browser's session of the file's server is kept aside (cookies ignore ports) and
  // put back afterwards
  const mine = await br.context.cookies();
  await uiLogin(page, big.base, big.account);
  try {
    await page.goto(`${big.base}/orgs?org=K1`);
    await row('K1.W').waitFor();
    const t0 = Date.now();
    await row('K1.W').locator('.vt-caret').click();
    await row('K1.W.B00001').waitFor();
    const ms = Date.now() - t0;
    const inDom = await page.locator('[data-testid=org-tree] .vt-row').count();
    assert.ok(inDom < 120, `only the rows in view are in the DOM (${inDom})`);
    // jump to the end with the keyboard: the last child is rendered
    await row('K1.W.B00001').click();
    await page.getByTestId('org-tree').press('End');
    await row('K1.W.B10000').waitFor();
    assert.equal(await page.locator('[data-testid=org-tree] .vt-row').count() < 120, true);
    await page.getByTestId('org-tree').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('org') === 'K1.W.B10000');
    await page.waitForFunction(() => document.querySelector('[data-testid=org-name]')?.textContent === '测试第10000党支部');
    console.log(`# 10,000 children: expand → first rows in ${ms} ms`);
    assert.ok(ms < 5000, `expand took ${ms} ms`);
    await shot(page, 'org-tree-10000', { full: false });
  } finally {
    await big.stop();
    await br.context.clearCookies();
    await br.context.addCookies(mine);
  }
});
