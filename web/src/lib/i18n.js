// One i18n table (messages.js): every UI string has its zh-CN and en text side by side.
// t(key, params) picks the current locale; `{name}` in a text is replaced by params.name.
import { ref, computed } from 'vue';
import { messages } from './messages.js';

const STORE_KEY = 'jiceng.locale';
const initial = (() => {
  try { return localStorage.getItem(STORE_KEY) === 'en' ? 'en' : 'zh'; } catch { return 'zh'; }
})();

export const locale = ref(initial);

export function setLocale(l) {
  locale.value = l === 'en' ? 'en' : 'zh';
  try { localStorage.setItem(STORE_KEY, locale.value); } catch { /* private mode */ }
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN';
}
document.documentElement.lang = initial === 'en' ? 'en' : 'zh-CN';

export function t(key, params) {
  const m = messages[key];
  let s = m ? m[locale.value] : key;
  if (!m && import.meta.env.DEV) console.warn('i18n: missing key', key);
  if (params) s = s.replace(/\{(\w+)\}/g, (all, k) => (params[k] ?? all));
  return s;
}

/** A {zh, en} pair from the server (error messages, alert titles) in the current locale. */
export function tx(pair) {
  if (!pair) return '';
  if (typeof pair === 'string') return pair;
  return pair[locale.value] ?? pair.zh ?? pair.en ?? '';
}

export const isEn = computed(() => locale.value === 'en');

/** Both texts of a key, as a {zh, en} pair (a message built in the UI, shown like the server's). */
export function both(key, params) {
  const m = messages[key] || { zh: key, en: key };
  const f = (s) => (params ? s.replace(/\{(\w+)\}/g, (all, k) => (params[k] ?? all)) : s);
  return { zh: f(m.zh), en: f(m.en) };
}
