// The alerts page (grouped by rule, with the regulation clause and links to the org or
// member), its print ledger, and the layout at tablet and wide-screen widths.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, nextTotp, openBrowser, shot, startServer } from './lib.mjs';

let srv, br, page, root, alerts;
const num = (s) => Number(String(s).replace(/[^\d]/g, ''));

before(async () => {
  srv = await startServer(demoDb());
  root = (await srv.api('/orgs')).items[0];
  alerts = await srv.api(`/alerts?org=${encodeURIComponent(root.code)}&sample=100`);
  br = await openBrowser({ server: srv });
  page = br.page;
});
after(async () => { await br?.close(); await srv?.stop(); });

test('the alerts page groups the subtree\'s alerts by rule', async () => {
  await page.goto(`${srv.base}/alerts`);
  await page.getByTestId('alerts-total').waitFor();
  assert.equal(num(await page.getByTestId('alerts-total').textContent()), alerts.total);
  const orgRule = alerts.rules.find((r) => r.subject === 'org' && r.count > 0);
  const memRule = alerts.rules.find((r) => r.subject === 'member' && r.count > 0);
  assert.ok(orgRule && memRule, 'the demo has org and member alerts');
  for (const r of alerts.rules.filter((x) => x.count > 0)) {
    const item = page.locator(`.el-collapse-item[data-rule="${r.rule}"]`);
    await item.waitFor();
    assert.match(await item.locator('.el-collapse-item__header').textContent(), new RegExp(`${r.rule}[\\s\\S]*${r.count}`));
  }
  // open the org rule: its source clause and an item that links to the org
  const item = page.locator(`.el-collapse-item[data-rule="${orgRule.rule}"]`);
  if (!(await item.locator('.r-source').isVisible())) await item.locator('.el-collapse-item__header').click();
  await item.locator('.r-source').waitFor({ state: 'visible' });
  assert.match(await item.locator('.r-source').textContent(), new RegExp(orgRule.source.replace(/[()（）《》]/g, '.')));
  await shot(page, 'alerts');
  const first = orgRule.items[0];
  await item.getByRole('link', { name: first.name }).first().click();
  await page.waitForURL((u) => u.pathname === '/orgs' && u.searchParams.get('org') === first.code);
  await page.waitForFunction((n) => document.querySelector('[data-testid=org-name]')?.textContent === n, first.name);
  // and a member rule's item opens the member
  await page.goBack();
  const mitem = page.locator(`.el-collapse-item[data-rule="${memRule.rule}"]`);
  await mitem.waitFor();
  if (!(await mitem.locator('.r-source').isVisible())) await mitem.locator('.el-collapse-item__header').click();
  await mitem.getByRole('link', { name: memRule.items[0].name }).first().click();
  await page.waitForURL(new RegExp(`/members/${memRule.items[0].id}$`));
  await page.getByTestId('member-name').waitFor();
});

test('the alerts ledger prints every rule with its items', async () => {
  await page.goto(`${srv.base}/alerts`);
  await page.getByTestId('alerts-total').waitFor();
  const [popup] = await Promise.all([br.context.waitForEvent('page'), page.getByTestId('print').click()]);
  await popup.getByTestId('print-summary-table').waitFor();
  assert.equal(await popup.locator('[data-testid=print-summary-table] tbody tr').count(), alerts.rules.length);
  assert.equal(await popup.locator('.p-section').count(), alerts.rules.filter((r) => r.count > 0).length);
  await shot(popup, 'print-alerts', { full: false });
  await popup.close();
});

test('the layout fits a tablet (1024 px) and a wide screen (1920 px)', async () => {
  for (const [w, h] of [[1024, 768], [1920, 1080]]) {
    await page.setViewportSize({ width: w, height: h });
    for (const [path, name] of [['/dashboard', 'dashboard'], ['/members', 'member-list'], ['/orgs', 'org-tree']]) {
      await page.goto(srv.base + path);
      await page.locator('.main').waitFor();
      await page.waitForTimeout(800);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${path} at ${w}px overflows by ${overflow}px`);
      await shot(page, `${name}-${w}`, { full: false });
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });
});

test('without a session the app goes to /login and, signed in, back to the page asked for', async () => {
  const anon = await openBrowser(); // no session cookie
  try {
    await anon.page.goto(`${srv.base}/alerts?org=${encodeURIComponent(root.code)}`);
    await anon.page.waitForURL(/\/login\?next=/);
    assert.equal(new URL(anon.page.url()).searchParams.get('next'), `/alerts?org=${root.code}`);
    await anon.page.locator('#login-name').fill(srv.account.name);
    await anon.page.locator('#login-password').fill(srv.account.password);
    await anon.page.getByTestId('login-submit').click();
    await anon.page.locator('#login-totp').fill(await nextTotp(srv.account));
    await anon.page.getByTestId('login-submit').click();
    await anon.page.waitForURL((u) => u.pathname === '/alerts' && u.searchParams.get('org') === root.code);
    await anon.page.getByTestId('alerts-total').waitFor();
  } finally {
    await anon.close();
  }
  await page.goto(`${srv.base}/no/such/page`);
  await page.getByText('页面不存在').waitFor();
});
