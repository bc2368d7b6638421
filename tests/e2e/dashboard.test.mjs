// The dashboard: figures equal the stats document, drill-down by clicking a child, the
// breadcrumb back up, the language switch, and the print view of the children table.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, openBrowser, shot, startServer } from './lib.mjs';

let srv, br, page, root, rootStats;
const num = (s) => Number(String(s).replace(/[,\s]/g, ''));

before(async () => {
  srv = await startServer(demoDb());
  root = (await srv.api('/orgs')).items[0];
  rootStats = await srv.api(`/stats/${encodeURIComponent(root.code)}`);
  br = await openBrowser({ server: srv });
  page = br.page;
});
after(async () => { await br?.close(); await srv?.stop(); });

test('the root dashboard shows the stats document', async () => {
  await page.goto(srv.base + '/');
  await page.waitForURL(/\/dashboard/);
  await page.getByTestId('fig-members').waitFor();
  assert.equal(await page.getByTestId('dash-title').textContent(), root.name);
  assert.equal(num(await page.getByTestId('fig-members').textContent()), rootStats.members);
  assert.equal(num(await page.getByTestId('fig-probationary').textContent()), rootStats.counts.category.probationary);
  assert.equal(num(await page.getByTestId('fig-mobile').textContent()), rootStats.counts.mobile.yes);
  assert.equal(num(await page.getByTestId('fig-lost').textContent()), rootStats.counts.lost_contact.yes);
  assert.equal(num(await page.getByTestId('fig-orgs').textContent()), rootStats.orgs);
  const alerts = await srv.api(`/alerts?org=${encodeURIComponent(root.code)}&sample=0`);
  await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=fig-alerts]').textContent));
  assert.equal(num(await page.getByTestId('fig-alerts').textContent()), alerts.total);
  // seven charts drawn (six structure charts and the children bar chart)
  await page.waitForFunction(() => document.querySelectorAll('.echart[data-ready="1"]').length >= 7, null, { timeout: 15_000 });
  const rows = await page.locator('[data-testid=children-table] .el-table__body tr').count();
  assert.equal(rows, Math.min(50, rootStats.children.length));
  assert.deepEqual(br.errors, []);
  await shot(page, 'dashboard');
});

test('clicking a child drills down; the breadcrumb leads back', async () => {
  const child = [...rootStats.children].sort((a, b) => b.members - a.members)[0];
  await page.locator(`[data-testid=children-table] [data-child="${child.code}"]`).click();
  await page.waitForURL((u) => u.searchParams.get('org') === child.code);
  await page.waitForFunction((name) => document.querySelector('[data-testid=dash-title]')?.textContent === name, child.name);
  const childStats = await srv.api(`/stats/${encodeURIComponent(child.code)}`);
  assert.equal(num(await page.getByTestId('fig-members').textContent()), child.members);
  assert.equal(childStats.members, child.members);
  const crumbs = page.getByTestId('breadcrumb');
  assert.match(await crumbs.textContent(), new RegExp(root.name));
  assert.equal(await page.getByTestId('crumb-current').textContent(), child.name);
  // the header shows the new context
  assert.match(await page.getByTestId('context').textContent(), new RegExp(child.name));
  await shot(page, 'dashboard-drilldown');
  await crumbs.locator('a', { hasText: root.name }).click();
  await page.waitForFunction((name) => document.querySelector('[data-testid=dash-title]')?.textContent === name, root.name);
  assert.equal(num(await page.getByTestId('fig-members').textContent()), rootStats.members);
});

test('clicking a bar of the children chart drills down to that child', async () => {
  const top = [...rootStats.children].sort((a, b) => b.members - a.members)[0];
  await page.waitForFunction(() => document.querySelectorAll('.echart[data-ready="1"]').length >= 7);
  const chart = page.getByTestId('children-chart');
  await chart.scrollIntoViewIfNeeded();
  const box = await chart.boundingBox();
  // the first bar (the child with the most members) stands just right of the value axis
  for (let x = box.x + 30; x < box.x + 200 && !page.url().includes(encodeURIComponent(top.code)); x += 8) {
    await page.mouse.click(x, box.y + box.height - 90);
    await page.waitForTimeout(100);
  }
  await page.waitForURL((u) => u.searchParams.get('org') === top.code);
  await page.waitForFunction((name) => document.querySelector('[data-testid=dash-title]')?.textContent === name, top.name);
  assert.equal(num(await page.getByTestId('fig-members').textContent()), top.members);
  await page.goBack();
  await page.waitForFunction((name) => document.querySelector('[data-testid=dash-title]')?.textContent === name, root.name);
});

test('the language switch turns every label to English and back', async () => {
  await page.getByTestId('lang-en').click();
  await page.getByText('Members', { exact: true }).first().waitFor();
  const body = await page.locator('body').innerText();
  for (const s of ['Dashboard', 'Org tree', 'Probationary', 'Mobile members', 'Lost contact', 'Party orgs', 'By age band', 'Child orgs', 'Print']) {
    assert.ok(body.includes(s), `English label ${s}`);
  }
  assert.ok(!/党员总数|预备党员|首页概览/.test(body), 'no Chinese UI labels left');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await shot(page, 'dashboard-en');
  await page.reload();
  await page.getByText('Party orgs').first().waitFor(); // the choice survives a reload
  await page.getByTestId('lang-zh').click();
  await page.getByText('党员总数').waitFor();
});

test('the print button opens the children ledger for printing', async () => {
  const [popup] = await Promise.all([br.context.waitForEvent('page'), page.getByTestId('print').click()]);
  await popup.waitForLoadState();
  assert.match(popup.url(), /\/print\/children\?org=/);
  assert.equal(new URL(popup.url()).searchParams.get('org'), root.code, popup.url());
  await popup.getByTestId('print-table').waitFor();
  const rows = await popup.locator('[data-testid=print-table] tbody tr').count();
  assert.equal(rows, rootStats.children.length);
  assert.match(await popup.locator('.p-meta').textContent(), new RegExp(root.name));
  assert.match(await popup.getByTestId('print-summary').textContent(), new RegExp(String(rootStats.members)));
  await popup.emulateMedia({ media: 'print' });
  assert.equal(await popup.locator('.print-toolbar').isVisible(), false, 'the tool bar is screen-only');
  await popup.emulateMedia({ media: 'screen' });
  await shot(popup, 'print-children');
  await popup.close();
});
