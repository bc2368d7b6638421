// Logs a benchmark account in and prints the Cookie header value for wrk/curl:
//   node bench/login.mjs BASE NAME ONE_TIME_PASSWORD
// The account was just created by `jiceng user add` (a role without a second factor), so
// its one-time password must be changed first, as a person's would.
const [base, name, otp] = process.argv.slice(2);
const newPassword = `Bench-${Date.now()}-Qx9!zT`;

async function call(method, path, body, cookie, csrf) {
  const headers = { 'content-type': 'application/json' };
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  const r = await fetch(base + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await r.text();
  if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return { json: text ? JSON.parse(text) : null, setCookie: r.headers.get('set-cookie') };
}

const login = await call('POST', '/api/v1/session', { name, password: otp });
const cookie = login.setCookie.split(';')[0];
if (login.json.must_change_password) {
  await call('POST', '/api/v1/session/password', { old_password: otp, new_password: newPassword }, cookie, login.json.csrf);
}
process.stdout.write(cookie);
