// What the API and browser test libraries share: temporary directories removed at exit
// (unless JICENG_KEEP_TMP is set), and recognising a sanitizer report on stderr.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const SANITIZER = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|LeakSanitizer has encountered|runtime error:/;

export function assertNoSanitizer(stderr, what) {
  assert.ok(!SANITIZER.test(stderr), `${what}: sanitizer report on stderr:\n${stderr}`);
}

const tmpDirs = [];
export function tmpdir(prefix = 'jiceng-') {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tmpDirs.push(d);
  return d;
}
process.on('exit', () => {
  if (process.env.JICENG_KEEP_TMP) return;
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});
