// Signing in through the sign-in page: a visit without a session lands there; wrong
// passwords and lockout say so in both languages; the first sign-in of a new account
// (one-time password from `jiceng user add` → forced password change → second factor
// enrolled from the QR code, the code computed here with RFC 6238) lands on the page that
// was asked for; the second factor is asked for at the next sign-in; signing out, and a
// session that is gone, go back to /login; a demo database with the second factor off
// says so on every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import {
  addAccount, demoAccount, demoDb, newPassword, nextTotp, openBrowser, shot, startServer, tmpdir, totpCode, uiLogin,
} from './lib.mjs';

const jsQR = createRequire(import.meta.url)('jsqr');
let srv, root;
before(async () => {
  srv = await startServer(demoDb());
  root = (await srv.api('/orgs')).items[0];
});
after(async () => { await srv?.stop(); });

/** Read the QR code drawn on the page back into text (as a phone would). */
async function readQr(page) {
  const px = await page.getByTestId('totp-qr').locator('svg').evaluate(async (svg) => {
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await img.decode();
    const c = document.createElement('canvas');
    c.width = c.height = 400;
    const g = c.getContext('2d');
    g.imageSmoothingEnabled = false;
    g.drawImage(img, 0, 0, 400, 400);
    return Array.from(g.getImageData(0, 0, 400, 400).data);
  });
  return jsQR(Uint8ClampedArray.from(px), 400, 400)?.data ?? null;
}

test('a visit without a session lands on /login, which says why and keeps the page asked for', async () => {
  const br = await openBrowser(); // no account: no session
  try {
    const { page } = br;
    await page.goto(`${srv.base}/`);
    await page.waitForURL(/\/login\?/);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/dashboard');
    await page.getByTestId('login-notice').getByText('请先登录').waitFor();
    assert.equal(await page.locator('label[for=login-name]').textContent(), '账户名');
    assert.equal(await page.locator('#login-totp').count(), 0, 'no code field before the server asks for one');
    assert.equal(await page.getByTestId('demo-banner').count(), 0, 'the second factor is on');
    await shot(page, 'login', { full: false });
    // a deep link keeps its query through the sign-in
    await page.goto(`${srv.base}/members?q=zw&size=50`);
    await page.waitForURL(/\/login\?/);
    assert.equal(new URL(page.url()).searchParams.get('next'), '/members?q=zw&size=50');
  } finally { await br.close(); }
});

test('a wrong password says so in Chinese and in English, and the fields stay usable', async () => {
  const br = await openBrowser();
  try {
    const { page } = br;
    await page.goto(`${srv.base}/login`);
    await page.locator('#login-name').fill(srv.account.name);
    await page.locator('#login-password').fill('not-the-password-1');
    await page.getByTestId('login-submit').click();
    const err = page.getByTestId('login-error');
    await err.waitFor();
    assert.match(await err.textContent(), /账户名或密码错误/);
    assert.match(await err.textContent(), /LOGIN_FAILED/);
    assert.equal(await page.locator('#login-password').inputValue(), '', 'the wrong password is cleared');
    await shot(page, 'login-failed', { full: false });
    await page.getByTestId('lang-en').click();
    await err.getByText('wrong account name or password').waitFor();
    assert.equal(await page.getByTestId('login-submit').textContent(), 'Sign in');
    await page.getByTestId('lang-zh').click();
    // an empty form is refused here, without a request
    await page.locator('#login-name').fill('');
    await page.getByTestId('login-submit').click();
    await err.getByText('请输入账户名和密码').waitFor();
  } finally { await br.close(); }
});

test('the first sign-in of a new account: one-time password → own password → second factor → the page asked for', async () => {
  // an org_admin (needs the second factor) with a one-time password, as an administrator makes it
  const acc = addAccount(srv.dbPath, { name: 'xinguanli', role: 'org_admin', display: '新任管理员' });
  const br = await openBrowser();
  try {
    const { page } = br;
    await page.goto(`${srv.base}/members?q=zw`);
    await page.waitForURL(/\/login\?next=/);
    await page.locator('#login-name').fill(acc.name);
    await page.locator('#login-password').fill(acc.password);
    await page.getByTestId('login-submit').click();

    // 2. the forced change: the old password is the one just used
    await page.locator('#f-new_password').waitFor();
    assert.equal(await page.getByTestId('login').getAttribute('data-step'), 'password');
    assert.equal(await page.locator('#f-old_password').inputValue(), acc.password);
    assert.match(await page.locator('.login-steps').textContent(), /登录.*设置密码.*绑定验证码/);
    // the server's policy, on the field
    const newErr = page.locator('[data-field=new_password] .el-form-item__error');
    await page.locator('#f-new_password').fill('abc12');
    await page.locator('#f-confirm_password').fill('abc12');
    await page.getByTestId('password-submit').click();
    await newErr.waitFor();
    assert.match(await newErr.textContent(), /密码至少 8 个字符/);
    await page.locator('#f-new_password').fill('password123');
    await page.locator('#f-confirm_password').fill('password123');
    await page.getByTestId('password-submit').click();
    await newErr.getByText(/密码强度不足/).waitFor();
    await shot(page, 'login-password-weak', { full: false });
    // the two new passwords must agree (said here, before any request)
    const pw = newPassword();
    await page.locator('#f-new_password').fill(pw);
    await page.locator('#f-confirm_password').fill(pw + 'x');
    await page.getByTestId('password-submit').click();
    await page.locator('[data-field=confirm_password] .el-form-item__error').getByText('两次输入的新密码不一致').waitFor();
    await page.locator('#f-confirm_password').fill(pw);
    await page.locator('[data-field=confirm_password] .el-form-item__error').waitFor({ state: 'detached' }); // retyped: the mismatch is gone
    await shot(page, 'login-password-change', { full: false });
    await page.getByTestId('password-submit').click();

    // 3. the second factor: QR code of the otpauth:// URI and the secret as text
    await page.getByTestId('totp-qr').waitFor();
    assert.equal(await page.getByTestId('login').getAttribute('data-step'), 'totp');
    const secret = await page.getByTestId('totp-secret').getAttribute('data-secret');
    assert.match(secret, /^[A-Z2-7]{16,}$/);
    assert.equal((await page.getByTestId('totp-secret').textContent()).replace(/\s/g, ''), secret);
    const uri = await page.getByTestId('totp-uri').textContent();
    assert.match(uri, new RegExp(`^otpauth://totp/[^?]*${acc.name}\\?secret=${secret}&`));
    assert.equal(await readQr(page), uri, 'the QR code reads back as the otpauth:// URI');
    await shot(page, 'login-totp-enrol', { full: false });
    // a wrong code is refused on the field
    const base = Math.floor(Date.now() / 30000);
    const valid = new Set([-1, 0, 1, 2].map((d) => totpCode(secret, base + d)));
    let wrong = '000000';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    await page.locator('#f-code').fill(wrong);
    await page.getByTestId('totp-submit').click();
    await page.locator('[data-field=code] .el-form-item__error').getByText('动态验证码错误').waitFor();
    // the right one (RFC 6238, computed here from the secret on the page)
    acc.secret = secret;
    await page.locator('#f-code').fill(await nextTotp(acc));
    await page.getByTestId('totp-submit').click();

    // 4. the page that was asked for, signed in
    await page.waitForURL((u) => u.pathname === '/members' && u.searchParams.get('q') === 'zw');
    await page.getByTestId('member-table').locator('.el-table__body tr').first().waitFor();
    assert.match(await page.getByTestId('account').textContent(), /新任管理员/);
    // the server agrees: a new password, a second factor in force
    acc.password = pw;
    const again = await (await fetch(`${srv.base}/api/v1/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: acc.name, password: pw }) })).json();
    assert.equal(again.error?.code, 'TOTP_REQUIRED');
    srv.newcomer = acc;
  } finally { await br.close(); }
});

test('the second factor is asked for at sign-in; signing out and a lost session go back to /login', async () => {
  const acc = srv.account; // enrolled by startServer (through the API)
  const br = await openBrowser();
  try {
    const { page } = br;
    await page.goto(`${srv.base}/login?next=${encodeURIComponent('/alerts')}`);
    await page.locator('#login-name').fill(acc.name);
    await page.locator('#login-password').fill(acc.password);
    await page.getByTestId('login-submit').click();
    // the server asks for the code: the field appears with the server's words
    await page.locator('#login-totp').waitFor();
    assert.match(await page.getByTestId('login-error').textContent(), /请输入动态验证码/);
    await shot(page, 'login-totp', { full: false });
    const base = Math.floor(Date.now() / 30000);
    const valid = new Set([-1, 0, 1, 2].map((d) => totpCode(acc.secret, base + d)));
    let wrong = '123456';
    while (valid.has(wrong)) wrong = String(Number(wrong) + 1).padStart(6, '0');
    await page.locator('#login-totp').fill(wrong);
    await page.getByTestId('login-submit').click();
    await page.locator('[data-field=totp] .el-form-item__error').getByText('动态验证码错误').waitFor();
    await page.locator('#login-totp').fill(await nextTotp(acc));
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/alerts/);
    await page.getByTestId('account').waitFor();

    // sign out: back to /login, and the session is gone on the server
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login\?reason=logout/);
    await page.getByTestId('login-notice').getByText('您已安全退出').waitFor();
    // this browser remembers that the account signs in with a code: the field is there at once
    await page.locator('#login-name').fill(acc.name);
    await page.locator('#login-totp').waitFor();
    await page.goto(`${srv.base}/dashboard`);
    await page.waitForURL(/\/login\?next=%2Fdashboard/);

    // a session that ends under the page (expired, ended elsewhere): the next request goes to /login
    await uiLogin(page, srv.base, acc, { next: '/orgs' });
    await page.locator('[data-testid=org-tree] .vt-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    await br.context.clearCookies();
    await page.getByTestId('menu-members').click();
    await page.waitForURL(/\/login\?next=%2Fmembers/);
    await page.getByTestId('login-notice').waitFor();
  } finally { await br.close(); }
});

test('five wrong passwords lock the account: the page says for how long', async () => {
  const acc = addAccount(srv.dbPath, { name: 'suoding', role: 'viewer', org: root.code, display: '锁定测试' });
  const br = await openBrowser();
  try {
    const { page } = br;
    await page.goto(`${srv.base}/login`);
    await page.locator('#login-name').fill(acc.name);
    const err = page.getByTestId('login-error');
    let code = '';
    for (let i = 0; i < 8 && code !== 'ACCOUNT_LOCKED'; i++) {
      await page.locator('#login-password').fill(`wrong-${i}-password`);
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/v1/session') && r.request().method() === 'POST'),
        page.getByTestId('login-submit').click(),
      ]);
      code = (await res.json()).error?.code;
      if (code === 'ACCOUNT_LOCKED') assert.equal(res.status(), 423);
    }
    assert.equal(code, 'ACCOUNT_LOCKED');
    await err.getByText(/账户已锁定/).waitFor();
    assert.match(await err.textContent(), /分钟后再试/);
    assert.match(await page.getByTestId('login-locked-until').textContent(), /预计 \d\d:\d\d 后可再次登录/);
    // the right password does not help while it lasts
    await page.locator('#login-password').fill(acc.password);
    await page.getByTestId('login-submit').click();
    await page.waitForTimeout(300);
    await err.getByText(/账户已锁定/).waitFor();
    await shot(page, 'login-locked', { full: false });
    await page.getByTestId('lang-en').click();
    await err.getByText(/the account is locked/).waitFor();
    await page.getByTestId('login-locked-until').getByText(/You can sign in again at about \d\d:\d\d/).waitFor();
    await page.getByTestId('lang-zh').click();
  } finally { await br.close(); }
});

test('a demo database with the second factor off says so on every page', async () => {
  // as `jiceng demo` makes it: demo accounts, auth.require_totp=0
  const db = demoDb(tmpdir(), { secondFactor: false, orgs: 30, members: 300, seed: 5 });
  const demo = await startServer(db);
  const br = await openBrowser();
  try {
    const { page } = br;
    assert.equal((await demo.api('/health')).second_factor_off, true);
    await page.goto(`${demo.base}/login`);
    await page.locator('#login-name').waitFor();
    // the server tells it without a session: the sign-in page says it too
    await page.getByTestId('demo-banner').getByText('演示数据库：已关闭双因素认证').waitFor();
    // a demo account (one password, no forced change): an org_admin signs in without a code
    await uiLogin(page, demo.base, demoAccount('district'));
    assert.equal(await page.locator('#login-totp').count(), 0);
    for (const p of ['/dashboard', '/orgs', '/members', '/alerts', '/print/members']) {
      await page.goto(demo.base + p);
      await page.getByTestId('demo-banner').getByText('演示数据库：已关闭双因素认证').waitFor();
      const box = await page.getByTestId('demo-banner').boundingBox();
      assert.ok(box && box.y < 2, `${p}: the banner is at the top (y ${box?.y})`);
    }
    await page.goto(`${demo.base}/dashboard`);
    await page.getByTestId('fig-members').waitFor();
    await shot(page, 'demo-banner', { full: false });
    // and the database of this file, with the second factor on, has none
    assert.equal((await srv.api('/session')).second_factor_off, false);
    assert.equal((await srv.api('/health')).second_factor_off, false);
  } finally {
    await br.close();
    await demo.stop();
  }
});

test("a party member's account lands on its own record, with only what its role may use", async () => {
  const acc = demoAccount('member'); // the demo's member: self.read, self.write only
  const br = await openBrowser({ server: srv, account: acc });
  try {
    const { page } = br;
    await page.waitForURL(/\/members\/\d+$/);
    await page.getByTestId('member-name').waitFor();
    const s = await page.evaluate(async () => (await (await fetch('/api/v1/session')).json()));
    assert.equal(s.account.role, 'member');
    assert.equal(page.url(), `${srv.base}/members/${s.account.member_id}`);
    for (const m of ['dashboard', 'orgs', 'members', 'import', 'alerts']) assert.equal(await page.getByTestId(`menu-${m}`).count(), 0, m);
    assert.equal(await page.getByTestId('member-reveal').count(), 0);
    assert.equal(br.errors.length, 0, br.errors.join('\n'));
    await shot(page, 'member-self', { full: false });
  } finally { await br.close(); }
});
