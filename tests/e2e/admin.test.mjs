// The administration pages: 账号管理 (accounts) and 审计日志 (audit log). The demo's
// sysadmin `admin` (second factor enrolled here first, as at its first sign-in) creates an
// account and sees its one-time password once; that account signs in with it in another
// browser and is taken to the forced password change; disabled, its sign-in is refused. The
// audit page lists the account.create and a login_failed entry, filters by action, pages
// with 「加载更多」, exports CSV and prints. A viewer (`leader`) sees neither menu item and
// a direct visit says "no permission".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { demoAccount, demoDb, login, openBrowser, shot, startServer } from './lib.mjs';

let srv, admin, br;
const NEW = 'e2e_clerk';
let otp = null;

before(async () => {
  srv = await startServer(demoDb(undefined, { orgs: 60, members: 600 }));
  admin = demoAccount('admin');
  await login(srv.base, admin); // enrols its second factor (auth.require_totp is on)
  br = await openBrowser({ server: srv, account: admin });
});
after(async () => { await br?.close(); await srv?.stop(); });

/** Open the el-select whose input has this id (its wrapper takes the click). */
async function openSelect(page, id) {
  await page.locator('.el-select', { has: page.locator(`#${id}`) }).click();
}

async function failLogin(name) {
  const r = await fetch(`${srv.base}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Origin: srv.base },
    body: JSON.stringify({ name, password: 'wrong-Password-1' }),
  });
  assert.equal(r.status, 401);
}

test('accounts: the list, a new account with its one-time password shown once, a field error', async () => {
  const { page } = br;
  await page.getByTestId('menu-accounts').click();
  await page.waitForURL(/\/accounts$/);
  await page.getByTestId('acct-name').filter({ hasText: /^district$/ }).waitFor();
  const names = await page.getByTestId('acct-name').allTextContents();
  for (const n of ['admin', 'district', 'street', 'leader', 'member']) assert.ok(names.includes(n), `${n} listed: ${names}`);
  await shot(page, 'accounts');

  await page.getByTestId('acct-new').click();
  const dlg = page.getByTestId('acct-create-dialog');
  await dlg.locator('#f-name').waitFor();
  // the roles offered are those a sysadmin may grant
  await openSelect(page, 'f-role');
  await page.locator('.el-select-dropdown__item:visible').first().waitFor();
  await page.waitForTimeout(300);
  const offered = await page.locator('.el-select-dropdown__item:visible').allTextContents();
  assert.deepEqual(offered.map((s) => s.trim()).sort(), ['党务工作者', '党员', '系统管理员', '组织管理员', '领导查阅'].sort());
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^党务工作者$/ }).click();
  await dlg.locator('#f-name').fill(NEW);
  await dlg.locator('#f-display_name').fill('端到端测试员');
  await openSelect(page, 'f-org');
  await page.locator('.el-select-dropdown__item:visible', { has: page.locator('.op-code') }).first().click();
  await dlg.getByTestId('acct-create-submit').click();

  const od = page.getByTestId('otp-dialog');
  await od.getByTestId('otp-value').waitFor();
  otp = (await od.getByTestId('otp-value').textContent()).trim();
  assert.ok(otp.length >= 8, `one-time password: ${otp}`);
  assert.match(await od.getByTestId('otp-warning').textContent(), /只显示这一次/);
  assert.equal(await od.getByTestId('otp-copy').count(), 1);
  await shot(page, 'account-created-otp', { full: false });
  await od.getByTestId('otp-close').click();
  await od.waitFor({ state: 'hidden' });
  assert.equal(await page.getByTestId('otp-value').count() === 0 || !(await page.getByTestId('otp-value').isVisible()), true);
  await page.getByTestId('acct-name').filter({ hasText: new RegExp(`^${NEW}$`) }).waitFor();

  // the same name again: the server's error lands on the name field
  await page.getByTestId('acct-new').click();
  await dlg.locator('#f-name').fill(NEW);
  await openSelect(page, 'f-org');
  await page.locator('.el-select-dropdown__item:visible', { has: page.locator('.op-code') }).first().click();
  await dlg.getByTestId('acct-create-submit').click();
  await dlg.locator('.el-form-item.is-error').filter({ has: page.locator('#f-name') }).locator('.el-form-item__error').waitFor();
  assert.match(await dlg.locator('.el-form-item__error').first().textContent(), /已存在/);
  await dlg.getByRole('button', { name: '取消' }).click();
});

test('the new account signs in with its one-time password and must change it; disabled, it is refused', async () => {
  assert.ok(otp, 'the account of the previous test');
  const other = await openBrowser(); // a second browser, no session
  try {
    const p2 = other.page;
    await p2.goto(`${srv.base}/login`);
    await p2.locator('#login-name').fill(NEW);
    await p2.locator('#login-password').fill(otp);
    await p2.getByTestId('login-submit').click();
    await p2.locator('[data-testid=login][data-step=password]').waitFor();

    // admin disables it
    const { page } = br;
    await page.getByTestId(`acct-disable-${NEW}`).click();
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await page.getByTestId(`acct-status-${NEW}`).getByTestId('tag-disabled').waitFor();

    await p2.goto(`${srv.base}/login?reason=logout`);
    await p2.locator('#login-name').fill(NEW);
    await p2.locator('#login-password').fill(otp);
    await p2.getByTestId('login-submit').click();
    await p2.getByTestId('login-error').waitFor();
    assert.match(await p2.getByTestId('login-error').textContent(), /账户已停用/);
    assert.equal(new URL(p2.url()).pathname, '/login');
  } finally { await other.close(); }
});

test('audit log: account.create and login_failed listed, details expand, filter, load more, CSV, print', async () => {
  for (let i = 0; i < 55; i++) await failLogin(i ? `nobody${i}` : 'street'); // 55 failed sign-ins
  const { page } = br;
  await page.getByTestId('menu-audit').click();
  await page.waitForURL(/\/audit$/);
  await page.getByTestId('audit-action').first().waitFor();
  assert.equal(await page.getByTestId('audit-count').textContent(), '已显示 50 条');
  assert.equal(await page.locator('[data-testid=audit-action][data-action=login_failed]').first().textContent(), '登录失败');

  // 「加载更多」 (next_before_id) until the account.create of the first test is there
  for (let i = 0; i < 10 && !(await page.locator('[data-testid=audit-action][data-action="account.create"]').count()); i++) {
    const before = await page.getByTestId('audit-action').count();
    await page.getByTestId('audit-more').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=audit-action]').length > n, before);
  }
  const created = page.locator('.el-table__row', { has: page.locator('[data-testid=audit-action][data-action="account.create"]') }).first();
  assert.equal(await created.getByTestId('audit-action').textContent(), '新建账户');
  await created.locator('.el-table__expand-icon').click();
  const detail = page.getByTestId('audit-detail').first();
  await detail.locator('pre.json').waitFor();
  const json = JSON.parse(await detail.locator('pre.json').textContent());
  assert.equal(json.after.name, NEW);
  assert.equal(json.after.role, 'clerk');
  await shot(page, 'audit-log');

  // filter by action: the URL keeps it, every row is one
  await openSelect(page, 'f-action');
  await page.locator('.el-select-dropdown__item:visible', { hasText: '(login_failed)' }).click();
  await page.getByTestId('audit-search').click();
  await page.waitForURL(/action=login_failed/);
  await page.waitForFunction(() => {
    const a = [...document.querySelectorAll('[data-testid=audit-action]')];
    return a.length === 50 && a.every((x) => x.dataset.action === 'login_failed');
  });
  await page.getByTestId('audit-more').click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-action]').length > 50);
  const acts = await page.locator('[data-testid=audit-action]').evaluateAll((els) => els.map((e) => e.dataset.action));
  assert.ok(acts.length >= 55 && acts.every((a) => a === 'login_failed'), acts.join());
  const ids = await page.locator('.el-table__row .mono[title]').count();
  assert.equal(ids, acts.length);

  // CSV of what is shown
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
  assert.equal(lines.length, acts.length + 1);
  assert.match(lines[0], /^id,时间,账户,操作,action,结果,对象/);
  assert.ok(lines.slice(1).every((l) => l.includes(',登录失败,login_failed,')));

  // account filter and the print view of the same filters
  await page.locator('#f-account').fill('street');
  await page.getByTestId('audit-search').click();
  await page.waitForURL(/account=street/);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=audit-action]').length === 1);
  const [popup] = await Promise.all([br.context.waitForEvent('page'), page.getByTestId('print').click()]);
  await popup.getByTestId('print-audit-table').waitFor();
  assert.equal(await popup.locator('[data-testid=print-audit-table] tbody tr').count(), 1);
  assert.match(await popup.locator('[data-testid=print-audit-table] tbody').textContent(), /street.*登录失败/);
  await popup.close();
});

test('a viewer sees neither menu item, and a direct visit says "no permission"', async () => {
  const viewer = await openBrowser({ server: srv, account: demoAccount('leader') });
  try {
    const { page } = viewer;
    await page.getByTestId('menu-members').waitFor();
    assert.equal(await page.getByTestId('menu-accounts').count(), 0);
    assert.equal(await page.getByTestId('menu-audit').count(), 0);
    for (const p of ['/audit', '/accounts']) {
      await page.goto(`${srv.base}${p}`);
      await page.getByTestId('forbidden').waitFor();
      assert.match(await page.getByTestId('forbidden').textContent(), /无权访问/);
      assert.match(await page.getByTestId('forbidden').textContent(), /领导查阅/);
      assert.equal(await page.getByTestId('audit-page').count() + await page.getByTestId('accounts-page').count(), 0);
    }
    assert.deepEqual(viewer.errors, []);
  } finally { await viewer.close(); }
});
