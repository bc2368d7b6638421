// The audit trail's words: a label for each known action and result, local times, and
// the CSV of what the page shows (built in the browser; cells that a spreadsheet would
// read as a formula get a leading ').
import { t } from './i18n.js';
import { messages } from './messages.js';

export const KNOWN_ACTIONS = [
  'login', 'login_failed', 'logout', 'lockout', 'authz_denied', 'pii_read',
  'member.create', 'member.update', 'member.move', 'member.import',
  'org.create', 'org.update', 'org.move', 'org.merge', 'org.dissolve', 'org.import', 'import',
  'account.create', 'account.update', 'account.disable', 'account.enable', 'account.unlock',
  'account.reset_password', 'account.password_change', 'account.totp_enrol', 'account.totp_confirm',
  'setting.update',
];
// Prefix filters the server takes ("account." matches every account.* action).
export const ACTION_GROUPS = [['account.', 'audit.grp.account'], ['member.', 'audit.grp.member'], ['org.', 'audit.grp.org']];

export function actionLabel(action) {
  const k = `audit.act.${action}`;
  return messages[k] ? t(k) : action;
}
export function resultLabel(result) {
  const k = `audit.res.${result}`;
  return messages[k] ? t(k) : result;
}

/** An ISO time (UTC) as local "YYYY-MM-DD HH:mm:ss". */
export function localTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A local day ("YYYY-MM-DD") → its first or last second in UTC, as the server takes it. */
export function dayBound(day, end) {
  if (!day) return '';
  const [y, m, d] = day.split('-').map(Number);
  const dt = end ? new Date(y, m - 1, d, 23, 59, 59) : new Date(y, m - 1, d, 0, 0, 0);
  return dt.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The server's filters from the page's (action, account, local date range). */
export function auditQuery(f) {
  return { action: f.action || '', account: f.account || '', from: dayBound(f.from, false), to: dayBound(f.to, true) };
}

export function detailText(detail) {
  if (detail === null || detail === undefined || detail === '') return '';
  if (typeof detail === 'string') {
    try { return JSON.stringify(JSON.parse(detail), null, 2); } catch { return detail; }
  }
  return JSON.stringify(detail, null, 2);
}

function cell(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** CSV (UTF-8 with BOM, CRLF) of the entries given. */
export function auditCsv(items) {
  const head = ['id', t('audit.time'), t('audit.account'), t('audit.action'), 'action', t('audit.result'), t('audit.object'), t('audit.org_path'), t('audit.detail')];
  const lines = [head.map(cell).join(',')];
  for (const e of items) {
    const detail = e.detail === null || e.detail === undefined ? '' : (typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail));
    lines.push([e.id, localTime(e.at), e.account, actionLabel(e.action), e.action, resultLabel(e.result), e.object, e.org_path, detail].map(cell).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

export function downloadText(text, filename, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
