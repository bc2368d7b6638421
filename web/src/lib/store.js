// Shared state: reference data loaded once (code tables, field descriptions, server
// "today"), the org the user is working in (the header's context), and the print target
// of the current page (what the header's print button opens).
import { onBeforeUnmount, reactive, shallowRef, watchEffect } from 'vue';
import { get, setCsrfToken } from './api.js';
import { locale, t } from './i18n.js';

export const meta = reactive({
  codes: null, fields: null, today: null, roots: null, session: null, loaded: false, error: null,
  secondFactorOff: false, // the database turned the second factor off (a demo): a banner says so
});

/** Take a session document (login, GET /session, password change, TOTP confirm). */
export function applySession(doc) {
  meta.session = doc || null;
  if (doc?.csrf) setCsrfToken(doc.csrf);
  if (doc && typeof doc.second_factor_off === 'boolean') meta.secondFactorOff = doc.second_factor_off;
}

/** Whether the signed-in account's role holds a permission ("pii.read", "member.write"…):
 * GET /session lists them. A build without accounts (no session document) allows all. */
export function can(permission) {
  const p = meta.session?.permissions;
  return Array.isArray(p) ? p.includes(permission) : !meta.session;
}

/** GET /health (public): server "today" and whether the second factor is off. */
export async function loadHealth() {
  const h = await get('/health', undefined, { auth: false });
  if (typeof h.second_factor_off === 'boolean') meta.secondFactorOff = h.second_factor_off;
  if (h.today) meta.today = h.today;
  return h;
}

/** GET /session: the account and its CSRF token; null on a server without accounts. */
async function loadSession() {
  try {
    const s = await get('/session');
    applySession(s);
    return s;
  } catch (e) {
    if (e.status === 404 || e.status === 405) return null; // no accounts module in this build
    throw e;
  }
}

// The top orgs the account sees (its own org for a scoped account); none for a role that
// reads no org (a member reads only its own record).
async function loadRoots() {
  try { return (await get('/orgs')).items; } catch (e) { if (e.status === 403) return []; throw e; }
}

let metaPromise = null;
export function loadMeta() {
  if (!metaPromise) {
    metaPromise = Promise.all([get('/codes'), get('/fields'), loadHealth(), loadRoots(), loadSession()])
      .then(([codes, fields, health, roots]) => {
        meta.codes = codes;
        meta.fields = fields;
        meta.roots = roots;
        meta.loaded = true;
        if (roots.length && !context.code) setContext(roots[0].code, roots[0].name);
        return meta;
      })
      .catch((e) => { meta.error = e; metaPromise = null; throw e; });
  }
  return metaPromise;
}

/** A personal field (ID number, phone, address): masked unless revealed (GET /fields). */
export function isPii(entity, name) { return !!fieldDesc(entity, name)?.pii; }

/** Label of a code in a code table, in the current language; the code itself if unknown. */
export function codeLabel(table, code) {
  if (code === null || code === undefined || code === '') return '';
  const list = meta.codes?.[table];
  const c = list && list.find((x) => x.code === code);
  return c ? (locale.value === 'en' ? c.en : c.zh) : String(code);
}

export function codeOptions(table) {
  return (meta.codes?.[table] || []).map((c) => ({ value: c.code, label: locale.value === 'en' ? c.en : c.zh }));
}

/** A field's description from GET /fields (entity 'member' or 'org'). */
export function fieldDesc(entity, name) {
  return meta.fields?.[entity]?.find((f) => f.name === name) || null;
}

/** A field's label: the server's Chinese column name in zh, the i18n table's in en. */
export function fieldLabel(entity, name) {
  if (locale.value === 'zh') {
    const f = fieldDesc(entity, name);
    if (f) return f.zh;
  }
  return t(`field.${entity}.${name}`);
}

// ---- the org context -------------------------------------------------------------------
const CTX_KEY = 'jiceng.context';
function readCtx() {
  try { return JSON.parse(sessionStorage.getItem(CTX_KEY)) || {}; } catch { return {}; }
}
export const context = reactive({ code: readCtx().code || null, name: readCtx().name || null });
export function setContext(code, name) {
  context.code = code;
  context.name = name || code;
  try { sessionStorage.setItem(CTX_KEY, JSON.stringify({ code, name: context.name })); } catch { /* ignore */ }
}

// ---- the print target ------------------------------------------------------------------
// A page sets a route location (a print view) or null (the page itself prints as it is).
export const printTarget = shallowRef(null);

/** Format a value of a field for display (codes → labels, bools → 是/否). */
export function displayValue(entity, name, value) {
  if (value === null || value === undefined || value === '') return '';
  const f = fieldDesc(entity, name);
  if (f?.type === 'code' && f.codes) return codeLabel(f.codes, value);
  if (f?.type === 'bool' || typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
  if (entity === 'org' && name === 'parent') return value;
  return String(value);
}

/** A page declares what the header's print button opens: a route location or null. */
export function usePrintTarget(fn) {
  let mine = null;
  const stop = watchEffect(() => { mine = fn(); printTarget.value = mine; });
  onBeforeUnmount(() => { stop(); if (printTarget.value === mine) printTarget.value = null; });
}
