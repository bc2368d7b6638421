// The UI's one i18n table: every entry has both languages, and every key the source
// uses (t('…')) is in it. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO } from './lib.mjs';

const SRC = path.join(REPO, 'web', 'src');
const { messages } = await import(pathToFileURL(path.join(SRC, 'lib', 'messages.js')).href);

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.(vue|js)$/.test(e.name) ? [p] : [];
  });
}

test('every entry has a Chinese and an English text', () => {
  const keys = Object.keys(messages);
  assert.ok(keys.length > 200);
  for (const k of keys) {
    assert.ok(messages[k].zh && messages[k].zh.trim(), `${k}: zh`);
    assert.ok(messages[k].en && messages[k].en.trim(), `${k}: en`);
    assert.ok(!/[\u4e00-\u9fff]/.test(messages[k].en), `${k}: en has Chinese: ${messages[k].en}`);
    const pz = (messages[k].zh.match(/\{\w+\}/g) || []).sort().join();
    const pe = (messages[k].en.match(/\{\w+\}/g) || []).sort().join();
    assert.equal(pz, pe, `${k}: the same placeholders in both`);
  }
});

test('every key the source uses is in the table', () => {
  const used = new Set();
  for (const f of sources(SRC)) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bt\('([a-z_][a-z0-9_.]*)'/g)) used.add(m[1]);
    for (const m of text.matchAll(/title: '([a-z_]+\.[a-z0-9_.]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !/[._]$/.test(k) && !messages[k]); // 'x.y_' + …: a family below
  assert.deepEqual(missing, []);
  // families built at run time
  for (const k of ['le30', '31_40', '41_50', '51_60', '61_70', 'gt70', 'ge60']) assert.ok(messages[`age.${k}`]);
  for (const k of ['high', 'medium', 'low']) assert.ok(messages[`alerts.sev.${k}`]);
  for (const k of ['basic', 'education', 'job', 'party', 'relation', 'appraisal', 'rewards', 'history']) assert.ok(messages[`member.set.${k}`]);
  for (const k of ['appraisal', 'rewards']) assert.ok(messages[`member.module_missing.${k}`]);
  for (const k of ['create', 'update', 'move', 'dissolve', 'merge_into', 'merged_from']) assert.ok(messages[`history.action.${k}`]);
  for (const a of ['move', 'merge', 'dissolve']) assert.ok(messages[`org.${a}_what`]);
  for (const a of ['merge', 'dissolve']) assert.ok(messages[`org.${a}_warn`]);
  for (const r of ['session', 'expired', 'password', 'totp', 'logout']) assert.ok(messages[`login.reason_${r}`]);
  for (const s of ['login', 'password', 'totp']) assert.ok(messages[`login.step_${s}`]);
});
