// The import wizard: CSV (UTF-8 and GB18030 bytes) and xlsx (read by SheetJS in the
// browser), the dry run's row errors, skip_invalid, and the org ledger.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { demoDb, openBrowser, shot, startServer, validId, wrongId } from './lib.mjs';

const require = createRequire(import.meta.url);
const XLSX = require('xlsx');
const cp = require('codepage');
let srv, br, page, branch;

const HEADER = '姓名,所在党支部,民族,公民身份号码,学历,人员类别,加入党组织日期,转为正式党员日期';
const row = (name, id, joined = '2015-03-01', full = '2016-03-01') => `${name},${branch},汉族,${id},大学本科,正式党员,${joined},${full}`;

before(async () => {
  srv = await startServer(demoDb());
  branch = (await srv.api('/members?size=1&fields=org')).items[0].org;
  br = await openBrowser({ server: srv });
  page = br.page;
});
after(async () => { await br?.close(); await srv?.stop(); });

async function upload(name, buffer, mimeType, kind = '党员信息') {
  await page.goto(`${srv.base}/import`);
  await page.getByTestId('import-kind').getByText(kind).click();
  await page.getByTestId('import-file').setInputFiles({ name, mimeType, buffer });
  await page.getByTestId('import-preview').waitFor();
}
const found = async (name) => (await srv.api(`/members?q=${encodeURIComponent(name)}&size=5&fields=name`)).items.some((m) => m.name === name);

test('a CSV with two bad rows: both are in the error table; the rest import with skip_invalid', async () => {
  const csv = [HEADER,
    row('导入甲', validId('11010519850101771')),
    row('导入乙', wrongId('11010519850101772')),
    row('导入丙', validId('11010519850101773')),
    row('导入丁', validId('11010519850101774'), '2015-13-01'),
    row('导入戊', validId('11010519850101775')),
  ].join('\n') + '\n';
  await upload('members.csv', Buffer.from(csv, 'utf8'), 'text/csv');
  assert.equal(await page.getByTestId('import-preview').locator('.el-table__body tr').count(), 5);
  await shot(page, 'import-preview');
  await page.getByTestId('import-check').click();
  const errors = page.getByTestId('import-errors');
  await errors.locator('.el-table__body tr').first().waitFor();
  assert.equal(await errors.locator('.el-table__body tr').count(), 2);
  const cells = await errors.locator('.el-table__body tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())));
  assert.deepEqual(cells.map((c) => c[0]), ['3', '5']);
  assert.equal(cells[0][1], '公民身份号码');
  assert.equal(cells[0][2], 'ID-01');
  assert.equal(cells[0][3], 'ID_CHECKSUM');
  assert.match(cells[0][4], /校验位/);
  assert.equal(cells[1][1], '加入党组织日期');
  assert.equal(cells[1][3], 'DATE_FORMAT');
  assert.equal(await page.getByTestId('import-invalid').textContent(), '2');
  assert.equal(await page.getByTestId('import-valid').textContent(), '3');
  assert.ok(!(await found('导入甲')), 'the dry run wrote nothing');
  assert.equal(await page.getByTestId('import-confirm').isDisabled(), true, 'bad rows block the import until skipped');
  await shot(page, 'import-errors');
  // the messages follow the language
  await page.getByTestId('lang-en').click();
  await errors.getByText(/check character is wrong/).waitFor();
  await page.getByTestId('lang-zh').click();
  await page.getByTestId('import-skip').click();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-result').getByText('已导入 3 行').waitFor();
  await shot(page, 'import-result');
  assert.ok(await found('导入甲'));
  assert.ok(await found('导入戊'));
  assert.ok(!(await found('导入乙')));
});

test('a GB18030 CSV is sent byte for byte and read by the server', async () => {
  const csv = [HEADER, row('国标己', validId('11010519850101776'))].join('\r\n') + '\r\n';
  const bytes = Buffer.from(cp.utils.encode(54936, csv));
  assert.notDeepEqual(bytes, Buffer.from(csv, 'utf8'));
  await upload('gb18030.csv', bytes, 'text/csv');
  assert.match(await page.locator('.panel-title .extra').textContent(), /GB18030/);
  assert.match(await page.getByTestId('import-preview').textContent(), /国标己/);
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-report').getByText('全部 1 行校验通过，可以导入').waitFor();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-result').getByText('已导入 1 行').waitFor();
  assert.ok(await found('国标己'));
});

test('an xlsx is read in the browser, dates included', async () => {
  const ws = XLSX.utils.aoa_to_sheet([
    HEADER.split(','),
    ['表格庚', branch, '汉族', validId('11010519850101778'), '大学本科', '正式党员', new Date(Date.UTC(2015, 2, 1)), new Date(Date.UTC(2016, 2, 1))],
    ['表格辛', branch, '汉族', validId('11010519850101779'), '大学本科', '正式党员', '2015-03-01', '2016-03-01'],
  ], { cellDates: true, dateNF: 'yyyy"年"m"月"d"日"' });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '党员');
  const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
  await upload('members.xlsx', buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const preview = await page.getByTestId('import-preview').textContent();
  assert.match(preview, /表格庚/);
  assert.match(preview, /2015-03-01/);
  await page.getByTestId('import-check').click();
  await page.getByTestId('import-report').getByText('全部 2 行校验通过，可以导入').waitFor();
  await page.getByTestId('import-confirm').click();
  await page.getByTestId('import-result').getByText('已导入 2 行').waitFor();
  const m = (await srv.api(`/members?q=${encodeURIComponent('表格庚')}&size=1`)).items[0];
  assert.equal(m.joined_on, '2015-03-01');
});

test('an org ledger reports its bad rows too', async () => {
  const csv = ['组织代码,组织名称,组织类别,上级党组织',
    `${branch}.G1,导入第一党小组,党小组,${branch}`,
    `${branch}.B9,导入党支部,党支部,${branch}`].join('\n') + '\n';
  await upload('orgs.csv', Buffer.from(csv, 'utf8'), 'text/csv', '党组织信息');
  await page.getByTestId('import-check').click();
  const errors = page.getByTestId('import-errors');
  await errors.locator('.el-table__body tr').first().waitFor();
  const cells = await errors.locator('.el-table__body tr td').allTextContents();
  assert.equal(cells[0].trim(), '3');
  assert.match(cells.join(' '), /PARENT_TYPE/);
});

test('a file the server refuses as a whole shows its error document', async () => {
  await upload('bad-header.csv', Buffer.from('姓名,鞋码\n张三,42\n', 'utf8'), 'text/csv');
  await page.getByTestId('import-check').click();
  const err = page.getByTestId('import-report').getByTestId('server-error');
  await err.waitFor();
  assert.match(await err.textContent(), /UNKNOWN_COLUMN/);
  assert.match(await err.textContent(), /鞋码/);
});
