// The API client: a fetch wrapper for /api/v1 that sends JSON and turns the server's
// error document {"error":{code,field,rule,message:{zh,en}}} into an ApiError.
import { tx } from './i18n.js';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, err) {
    super((err && err.message && (err.message.zh || err.message.en)) || err?.code || `HTTP ${status}`);
    this.status = status;
    this.code = err?.code || `HTTP_${status}`;
    this.field = err?.field || null;
    this.rule = err?.rule || null;
    this.messages = err?.message || null; // {zh, en}
  }
  /** The message in the current UI language. */
  text() { return this.messages ? tx(this.messages) : this.message; }
  /** "CODE (RULE): message" — what a top alert shows. */
  summary() { return `${this.code}${this.rule ? ' (' + this.rule + ')' : ''}: ${this.text()}`; }
}

// A 401 (no session, or it expired), or a 403 asking for the password change or the
// second factor first, sends the browser to the sign-in page with the page it was on
// (`next`) and the server's code (`reason`): the page says why and resumes the right step.
// Calls of the sign-in page itself pass {auth: false}: their 401 is an answer to show.
let redirecting = false;
let onUnauthorized = (reason) => {
  if (location.pathname === '/login' || redirecting) return;
  redirecting = true; // the page's other requests fail the same way at the same time
  const next = encodeURIComponent(location.pathname + location.search);
  location.assign(`/login?next=${next}${reason ? '&reason=' + encodeURIComponent(reason) : ''}`);
};
export function setUnauthorizedHandler(fn) { onUnauthorized = fn; }
const LOGIN_NEEDED = new Set(['PASSWORD_CHANGE_REQUIRED', 'TOTP_ENROLMENT_REQUIRED']);

// The CSRF token of the current session (GET /session answers it again after a reload).
let csrf = null;
let csrfPromise = null;
export function setCsrfToken(token) { csrf = token || null; }
async function csrfToken(fresh = false) {
  if (csrf && !fresh) return csrf;
  if (!csrfPromise) {
    csrfPromise = fetch(API_BASE + '/session', { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then(async (r) => (r.ok ? (await r.json()).csrf || null : null))
      .catch(() => null)
      .finally(() => { csrfPromise = null; });
  }
  csrf = await csrfPromise;
  return csrf;
}
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function apiUrl(path, query) {
  let url = API_BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '' || v === false) continue;
      qs.set(k, v === true ? '1' : String(v));
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  return url;
}

/**
 * api(method, path, {query, body, contentType, allow, signal})
 *  body: a plain object is sent as JSON; a Blob/ArrayBuffer/string as is with contentType.
 *  allow: statuses (besides 2xx) whose non-error JSON answer is returned (import's 422).
 *  auth: false — a 401/403 is this call's answer (the sign-in page), not "go and sign in".
 *  withCsrf: false — no X-CSRF-Token (the login itself: there is no session yet).
 */
export async function api(method, path, opts = {}) {
  const { query, body, contentType, allow = [], signal, retried = false, auth = true, withCsrf = true } = opts;
  const init = { method, headers: { Accept: 'application/json' }, signal, credentials: 'same-origin' };
  if (body !== undefined) {
    if (body instanceof Blob || body instanceof ArrayBuffer || ArrayBuffer.isView(body) || typeof body === 'string') {
      init.body = body;
      init.headers['Content-Type'] = contentType || 'application/octet-stream';
    } else {
      init.body = JSON.stringify(body);
      init.headers['Content-Type'] = 'application/json';
    }
  }
  if (UNSAFE.has(method) && withCsrf) {
    const token = await csrfToken();
    if (token) init.headers['X-CSRF-Token'] = token;
  }
  let res;
  try {
    res = await fetch(apiUrl(path, query), init);
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, { code: 'NETWORK', message: { zh: '无法连接服务器，请检查网络', en: 'cannot reach the server; check the network' } });
  }
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  const code = data && data.error ? data.error.code : '';
  if (code === 'CSRF_INVALID' && !retried) {
    await csrfToken(true); // the session changed (logged in again elsewhere in this browser)
    return api(method, path, { ...opts, retried: true });
  }
  if (auth && (res.status === 401 || (res.status === 403 && LOGIN_NEEDED.has(code)))) {
    csrf = null;
    onUnauthorized(code);
    throw new ApiError(res.status, data?.error || { code: 'UNAUTHORIZED', message: { zh: '请先登录', en: 'please sign in' } });
  }
  if (data && data.error) throw new ApiError(res.status, data.error);
  if (!res.ok && !allow.includes(res.status)) {
    throw new ApiError(res.status, { code: `HTTP_${res.status}`, message: { zh: `服务器返回 ${res.status}`, en: `server answered ${res.status}` } });
  }
  if (data === null && text) throw new ApiError(res.status, { code: 'BAD_RESPONSE', message: { zh: '服务器返回的不是 JSON', en: 'the server did not answer JSON' } });
  return data;
}

export const get = (path, query, opts) => api('GET', path, { ...opts, query });
export const post = (path, body, opts) => api('POST', path, { ...opts, body });
export const patch = (path, body, opts) => api('PATCH', path, { ...opts, body });
export const del = (path, opts) => api('DELETE', path, opts);
