/*
 * session_api.c — logging in and out, and what a logged-in account does to itself:
 *   POST   /api/v1/session                {name, password, totp?}   (public)
 *   GET    /api/v1/session                the current session, its CSRF token again
 *   DELETE /api/v1/session                logout
 *   POST   /api/v1/session/password       {old_password, new_password}
 *   POST   /api/v1/session/totp           {password?}: a new second factor (secret, URI)
 *   POST   /api/v1/session/totp/confirm   {code}
 * Every one of them except login has permission "session": a session that must still
 * change its one-time password or enrol its second factor may use these and nothing
 * else (core/authz.c). Login, failed login, lockout and logout are audit entries
 * committed with the login's own counters; a password or second-factor change commits
 * with its entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/clock.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/app.h"
#include "core/audit_ctx.h"
#include "core/authz.h"
#include "modules/accounts/accounts.h"

#define SMALL_BODY 4096

/* ---- the session document ------------------------------------------------------------ */

static void write_permissions(jbuf *b, const char *role)
{
    const jc_permission *p;
    jb_key(b, "permissions");
    jb_arr_open(b);
    for (p = jc_permissions; p->name; p++)
        if (strcmp(p->name, JC_PERM_PUBLIC) && jc_role_has(role, p->name)) jb_str(b, p->name);
    jb_arr_close(b);
}

/* {csrf, account, must_change_password, must_enrol_totp, totp_required, totp_enabled,
 *  second_factor_off, permissions, idle_timeout_s, expires_at}: the login's answer and
 * GET /session's. */
static int write_session(jbuf *b, jc_db *db, int64_t account_id, const char *csrf,
                         const jc_auth_settings *s, int64_t expires_at, jc_err *err)
{
    jc_account a;
    jc_account_org org;
    const jc_role *role;
    int64_t now = jc_clock_now();
    char iso[24];
    int totp_required;
    if (jc_account_get(db, account_id, &a, err) != JC_OK) return JC_FAIL;
    if (jc_accounts_org(db, a.org_id, &org, err) != JC_OK) return JC_FAIL;
    role = jc_role_find(a.role);
    totp_required = role && role->needs_totp && s->require_totp;
    jb_obj_open(b);
    jb_kstr(b, "csrf", csrf);
    jb_key(b, "account");
    jc_accounts_write(b, &a, &org, now);
    jb_kbool(b, "must_change_password", a.must_change_password);
    jb_kbool(b, "must_enrol_totp", totp_required && !a.totp_enabled);
    jb_kbool(b, "totp_required", totp_required);
    jb_kbool(b, "totp_enabled", a.totp_enabled);
    jb_kbool(b, "second_factor_off", !s->require_totp);
    write_permissions(b, a.role);
    jb_kint(b, "idle_timeout_s", s->idle_timeout_s);
    jb_key(b, "expires_at");
    if (expires_at > 0) {
        jc_iso_time(expires_at, iso);
        jb_str(b, iso);
    } else {
        jb_null(b);
    }
    jb_obj_close(b);
    return JC_OK;
}

/* ---- login --------------------------------------------------------------------------- */

typedef struct login_arg {
    const jc_http_req *req;
    const jc_auth_settings *s;
    int64_t now;
    const char *old_token;             /* the cookie the request came with, ended at login */
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
} login_arg;

static int append_login(jc_db *db, const jc_login_result *res, const char *action,
                        const char *result, const char *org_path, const char *ip,
                        jc_err *err)
{
    jc_audit_entry e;
    char object[96], iso[24];
    jbuf d;
    int rc;
    jb_init(&d);
    jb_obj_open(&d);
    jb_kstr(&d, "reason", res->reason);
    jb_kstr(&d, "ip", ip);
    if (strcmp(res->reason, "unknown_account")) jb_kint(&d, "failed_count", res->failed_count);
    if (res->locked_until > 0 && strcmp(action, "login")) {
        jc_iso_time(res->locked_until, iso);
        jb_kstr(&d, "locked_until", iso);
    }
    jb_obj_close(&d);
    snprintf(object, sizeof object, "account:%s", res->name);
    memset(&e, 0, sizeof e);
    e.account = res->name[0] ? res->name : "?";
    e.org_path = org_path[0] ? org_path : NULL;
    e.action = action;
    e.object = object;
    e.result = result;
    e.detail = d.p;
    rc = jc_audit_append(db, &e, err);
    jb_free(&d);
    return rc;
}

/* Inside the login's transaction (account.h): the audit entries, and on success the
 * session (the cookie's previous session, if any, ends: a new token at every login). */
static int login_hook(jc_db *db, const jc_login_result *res, void *argp, jc_err *err)
{
    login_arg *arg = argp;
    jc_account_org org;
    char ip[64];
    int ok = strcmp(res->reason, "ok") == 0;
    memset(&org, 0, sizeof org);
    if (res->org_id > 0 && jc_accounts_org(db, res->org_id, &org, err) != JC_OK) return JC_FAIL;
    jc_authz_client_ip(arg->req, ip, sizeof ip);
    if (append_login(db, res, ok ? "login" : "login_failed", ok ? "ok" : "failed", org.path, ip,
                     err) != JC_OK)
        return JC_FAIL;
    if (res->locked_now && append_login(db, res, "lockout", "denied", org.path, ip, err) != JC_OK)
        return JC_FAIL;
    if (!ok) return JC_OK;
    if (arg->old_token && jc_session_end(db, arg->old_token, arg->now, err) != JC_OK)
        return JC_FAIL;
    return jc_session_create(db, arg->s, res->account_id, arg->now, arg->token, arg->csrf, err);
}

static int h_login(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"name", "password", "totp", NULL};
    jc_thread *t = req->thread_ctx;
    const jc_auth_settings *s;
    json_t *body = NULL;
    login_arg arg;
    jc_login_result res;
    char name[256], password[1024], totp[32];
    int rc = JC_FAIL;
    memset(&arg, 0, sizeof arg);
    if (!t || !t->db) return jc_fail_internal(err, "login", "no database connection");
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_body_str(body, "name", 1, name, sizeof name, err) != JC_OK ||
        jc_body_str(body, "password", 1, password, sizeof password, err) != JC_OK ||
        jc_body_str(body, "totp", 0, totp, sizeof totp, err) != JC_OK)
        goto cleanup;
    if (jc_thread_settings(t, &s, err) != JC_OK) goto cleanup;
    arg.req = req;
    arg.s = s;
    arg.now = jc_clock_now();
    arg.old_token = jc_http_cookie(req, jc_session_cookie_name(jc_authz_secure(req)));
    if (jc_login_hooked(t->db, name, password, totp, arg.now, s, login_hook, &arg, &res, err) !=
        JC_OK) {
        if (!strcmp(err->field, "totp_code")) snprintf(err->field, sizeof err->field, "totp");
        goto cleanup;
    }
    if (jc_session_cookie(arg.token, jc_authz_secure(req), resp->set_cookie, sizeof resp->set_cookie) !=
        JC_OK) {
        jc_fail_internal(err, "login", "cookie");
        goto cleanup;
    }
    rc = write_session(&resp->body, t->db, res.account_id, arg.csrf, s,
                       arg.now + s->absolute_timeout_s, err);
cleanup:
    explicit_bzero(password, sizeof password);
    explicit_bzero(arg.token, sizeof arg.token);
    json_decref(body);
    return rc;
}

/* ---- the current session ------------------------------------------------------------- */

static int h_session(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const jc_auth *a = jc_auth_of(req);
    jc_thread *t = req->thread_ctx;
    const jc_auth_settings *s;
    char csrf[JC_SESSION_TOKEN_LEN + 1];
    if (!a) return jc_fail_internal(err, "session", "no session");
    if (jc_thread_settings(t, &s, err) != JC_OK) return JC_FAIL;
    if (jc_session_csrf(a->token, csrf) != JC_OK) return jc_fail_internal(err, "session", "csrf");
    return write_session(&resp->body, t->db, a->s.account_id, csrf, s, a->s.expires_at, err);
}

/* An account change by the session's own account, audited in the same transaction:
 * action, and a detail built by the caller (may be NULL). */
static int audit_self(jc_db *db, const jc_auth *a, const char *action, const char *result,
                      const char *detail, jc_err *err)
{
    jc_audit_entry e;
    char object[96];
    snprintf(object, sizeof object, "account:%s", a->s.account);
    memset(&e, 0, sizeof e);
    e.account = a->s.account;
    e.org_path = a->scope_path[0] && strcmp(a->scope_path, JC_SCOPE_NONE) ? a->scope_path : NULL;
    e.action = action;
    e.object = object;
    e.result = result;
    e.detail = detail;
    return jc_audit_append(db, &e, err);
}

/* The change failed: record the attempt on its own (brute force of the old password
 * through a stolen session shows in the trail). err is the change's error, kept. */
static void audit_self_failed(jc_db *db, const jc_auth *a, const char *action, const jc_err *why)
{
    jc_err e2;
    jbuf d;
    jb_init(&d);
    jb_obj_open(&d);
    jb_kstr(&d, "code", why->code);
    jb_obj_close(&d);
    jc_err_clear(&e2);
    if (jc_db_begin(db, &e2) == JC_OK) {
        if (audit_self(db, a, action, "failed", d.p, &e2) == JC_OK) jc_db_commit(db, &e2);
        else jc_db_rollback(db);
    }
    jb_free(&d);
}

/* 401 from a check of the account's own secret is not "log in again": 422 on the field. */
static int as_form_error(jc_err *err)
{
    if (err->status == JC_HTTP_UNAUTHORIZED) err->status = JC_HTTP_UNPROCESSABLE;
    return JC_FAIL;
}

static int h_logout(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const jc_auth *a = jc_auth_of(req);
    jc_thread *t = req->thread_ctx;
    char ip[64], detail[128];
    int rc;
    if (!a) return jc_fail_internal(err, "logout", "no session");
    jc_authz_client_ip(req, ip, sizeof ip);
    snprintf(detail, sizeof detail, "{\"ip\":\"%s\"}", ip);
    if (jc_db_begin(t->db, err) != JC_OK) return JC_FAIL;
    rc = jc_session_end(t->db, a->token, jc_clock_now(), err);
    if (rc == JC_OK) rc = audit_self(t->db, a, "logout", "ok", detail, err);
    if (rc == JC_OK) rc = jc_db_commit(t->db, err);
    else jc_db_rollback(t->db);
    if (rc != JC_OK) return JC_FAIL;
    jc_session_cookie_clear(a->secure, resp->set_cookie, sizeof resp->set_cookie);
    resp->status = 204;
    return JC_OK;
}

static int h_password(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"old_password", "new_password", NULL};
    const jc_auth *a = jc_auth_of(req);
    jc_thread *t = req->thread_ctx;
    const jc_auth_settings *s;
    json_t *body = NULL;
    char oldp[1024], newp[1024], detail[96], csrf[JC_SESSION_TOKEN_LEN + 1];
    int64_t now = jc_clock_now(), ended = 0;
    int rc = JC_FAIL;
    oldp[0] = newp[0] = '\0';
    if (!a) return jc_fail_internal(err, "password", "no session");
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_body_str(body, "old_password", 1, oldp, sizeof oldp, err) != JC_OK ||
        jc_body_str(body, "new_password", 1, newp, sizeof newp, err) != JC_OK)
        goto cleanup;
    if (jc_thread_settings(t, &s, err) != JC_OK) goto cleanup;
    if (jc_db_begin(t->db, err) != JC_OK) goto cleanup;
    rc = jc_account_change_password(t->db, a->s.account_id, oldp, newp, now, err);
    if (rc == JC_OK) rc = jc_session_end_others(t->db, a->s.account_id, a->token, now, &ended, err);
    snprintf(detail, sizeof detail, "{\"other_sessions_ended\":%lld}", (long long)ended);
    if (rc == JC_OK) rc = audit_self(t->db, a, "account.password_change", "ok", detail, err);
    if (rc == JC_OK) rc = jc_db_commit(t->db, err);
    else jc_db_rollback(t->db);
    if (rc != JC_OK) {
        if (err->status < 500) audit_self_failed(t->db, a, "account.password_change", err);
        if (!strcmp(err->field, "password")) snprintf(err->field, sizeof err->field, "new_password");
        as_form_error(err);
        goto cleanup;
    }
    if (jc_session_csrf(a->token, csrf) != JC_OK) {
        rc = jc_fail_internal(err, "password", "csrf");
        goto cleanup;
    }
    rc = write_session(&resp->body, t->db, a->s.account_id, csrf, s, a->s.expires_at, err);
cleanup:
    explicit_bzero(oldp, sizeof oldp);
    explicit_bzero(newp, sizeof newp);
    json_decref(body);
    return rc;
}

static int h_totp_enrol(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"password", NULL};
    const jc_auth *a = jc_auth_of(req);
    jc_thread *t = req->thread_ctx;
    json_t *body = NULL;
    jc_account acc;
    char password[1024] = "", secret[JC_TOTP_SECRET_B32], uri[384];
    int rc = JC_FAIL;
    if (!a) return jc_fail_internal(err, "totp", "no session");
    if (req->body && jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (body && jc_body_str(body, "password", 0, password, sizeof password, err) != JC_OK)
        goto cleanup;
    if (jc_account_get(t->db, a->s.account_id, &acc, err) != JC_OK) goto cleanup;
    /* Replacing a second factor in force asks for the password again: a session alone
     * (a borrowed browser) must not be enough to take over the account's second factor. */
    if (acc.totp_enabled && jc_account_verify_password(t->db, acc.id, password, err) != JC_OK) {
        audit_self_failed(t->db, a, "account.totp_enrol", err);
        as_form_error(err);
        goto cleanup;
    }
    if (jc_db_begin(t->db, err) != JC_OK) goto cleanup;
    rc = jc_account_totp_enrol(t->db, acc.id, jc_clock_now(), secret, uri, sizeof uri, err);
    if (rc == JC_OK) rc = audit_self(t->db, a, "account.totp_enrol", "ok", NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(t->db, err);
    else jc_db_rollback(t->db);
    if (rc != JC_OK) goto cleanup;
    jb_obj_open(&resp->body);
    jb_kstr(&resp->body, "secret", secret);
    jb_kstr(&resp->body, "uri", uri);
    jb_kint(&resp->body, "digits", JC_TOTP_DIGITS);
    jb_kint(&resp->body, "period", JC_TOTP_STEP);
    jb_obj_close(&resp->body);
cleanup:
    explicit_bzero(password, sizeof password);
    explicit_bzero(secret, sizeof secret);
    explicit_bzero(uri, sizeof uri);
    json_decref(body);
    return rc;
}

static int h_totp_confirm(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"code", NULL};
    const jc_auth *a = jc_auth_of(req);
    jc_thread *t = req->thread_ctx;
    const jc_auth_settings *s;
    json_t *body = NULL;
    char code[32], csrf[JC_SESSION_TOKEN_LEN + 1];
    int rc = JC_FAIL;
    if (!a) return jc_fail_internal(err, "totp", "no session");
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_body_str(body, "code", 1, code, sizeof code, err) != JC_OK) goto cleanup;
    if (jc_thread_settings(t, &s, err) != JC_OK) goto cleanup;
    if (jc_db_begin(t->db, err) != JC_OK) goto cleanup;
    rc = jc_account_totp_confirm(t->db, a->s.account_id, code, jc_clock_now(), err);
    if (rc == JC_OK) rc = audit_self(t->db, a, "account.totp_confirm", "ok", NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(t->db, err);
    else jc_db_rollback(t->db);
    if (rc != JC_OK) {
        if (!strcmp(err->field, "totp_code")) snprintf(err->field, sizeof err->field, "code");
        if (err->status < 500) audit_self_failed(t->db, a, "account.totp_confirm", err);
        as_form_error(err);
        goto cleanup;
    }
    if (jc_session_csrf(a->token, csrf) != JC_OK) {
        rc = jc_fail_internal(err, "totp", "csrf");
        goto cleanup;
    }
    rc = write_session(&resp->body, t->db, a->s.account_id, csrf, s, a->s.expires_at, err);
cleanup:
    json_decref(body);
    return rc;
}

const jc_route jc_session_routes[] = {
    {"POST", "/api/v1/session", h_login, "public", SMALL_BODY, 0, NULL},
    {"GET", "/api/v1/session", h_session, "session", 0, 0, NULL},
    {"DELETE", "/api/v1/session", h_logout, "session", 0, 0, NULL},
    {"POST", "/api/v1/session/password", h_password, "session", SMALL_BODY, 0, NULL},
    {"POST", "/api/v1/session/totp", h_totp_enrol, "session", SMALL_BODY, 0, NULL},
    {"POST", "/api/v1/session/totp/confirm", h_totp_confirm, "session", SMALL_BODY, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};
