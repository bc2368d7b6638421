// Display formatting only: numbers and shares come from the server as they are.
import { locale } from './i18n.js';

export function fmtInt(n) {
  if (n === null || n === undefined || n === '') return '—';
  return Number(n).toLocaleString(locale.value === 'en' ? 'en-US' : 'zh-CN');
}

/** A share (0..1) from the stats document as a percentage with one decimal. */
export function fmtShare(x) {
  if (x === null || x === undefined) return '—';
  return (x * 100).toFixed(1) + '%';
}

/** An ISO timestamp as "YYYY-MM-DD HH:mm" (local time). */
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return iso;
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function errText(e) {
  if (e && typeof e.summary === 'function') return e.summary();
  return String(e && e.message ? e.message : e);
}
