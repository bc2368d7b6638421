/*
 * authz.c — request authorization (see authz.h for the order of the checks). Every
 * refusal is decided here, from the request's head, so a handler only ever runs for a
 * request that may run it; what a handler still checks is the object (ctx.h) and the
 * field (masking).
 */
#include "core/authz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audit/audit.h"
#include "auth/clock.h"
#include "auth/roles.h"
#include "core/app.h"
#include "core/audit_ctx.h"
#include "util/mem.h"

static const char *SQL_ORG_PATH = "SELECT path FROM org WHERE id = ?1";

static int is_safe(const char *method)
{
    return strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
}

const jc_auth *jc_auth_of(const jc_http_req *req)
{
    return req ? req->auth : NULL;
}

void jc_authz_free(void *auth)
{
    if (auth) explicit_bzero(auth, sizeof(jc_auth)); /* the session token */
    free(auth);
}

/* The first comma-separated entry of a header, trimmed, into out. */
static void first_entry(const char *v, char *out, size_t cap)
{
    size_t n;
    while (*v == ' ' || *v == '\t') v++;
    n = strcspn(v, ", \t");
    if (n >= cap) n = cap - 1;
    memcpy(out, v, n);
    out[n] = '\0';
}

void jc_authz_client_ip(const jc_http_req *req, char *out, size_t cap)
{
    const jc_app *app = req->app;
    const char *xff = app && app->behind_proxy ? jc_http_header(req, "X-Forwarded-For") : NULL;
    if (xff && *xff) first_entry(xff, out, cap);
    else jc_http_peer(req, out, cap);
}

int jc_authz_secure(const jc_http_req *req)
{
    const jc_app *app = req->app;
    const char *p;
    char proto[16];
    if (req->tls) return 1;
    if (!app || !app->behind_proxy) return 0;
    p = jc_http_header(req, "X-Forwarded-Proto");
    if (!p) return 0;
    first_entry(p, proto, sizeof proto);
    return strcasecmp(proto, "https") == 0;
}

int jc_authz_origin(const jc_http_req *req, jc_err *err)
{
    const jc_app *app = req->app;
    const char *origin = jc_http_header(req, "Origin");
    const char *host = jc_http_header(req, "Host");
    const char *scheme = req->tls ? "https" : "http";
    char fwd_proto[16], fwd_host[256], own[320];
    if (!origin) return JC_OK;  /* not sent (same-origin GET, old clients): the token rules */
    if (app && app->behind_proxy) {
        const char *p = jc_http_header(req, "X-Forwarded-Proto");
        const char *h = jc_http_header(req, "X-Forwarded-Host");
        if (p && *p) {
            first_entry(p, fwd_proto, sizeof fwd_proto);
            scheme = fwd_proto;
        }
        if (h && *h) {
            first_entry(h, fwd_host, sizeof fwd_host);
            host = fwd_host;
        }
    }
    if (host && *host) {
        snprintf(own, sizeof own, "%s://%s", scheme, host);
        if (strcasecmp(origin, own) == 0) return JC_OK;
    }
    return jc_fail(err, JC_HTTP_FORBIDDEN, "ORIGIN_REFUSED", "", "",
                   "请求来自其他网站，已拒绝", "the request comes from another origin: refused");
}

/* The path of org_id into out ("" when it is gone). */
static int org_path(jc_db *db, int64_t org_id, char *out, size_t cap, jc_err *err)
{
    jc_stmt *st;
    int rc;
    out[0] = '\0';
    if (jc_db_stmt(db, SQL_ORG_PATH, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) snprintf(out, cap, "%s", jc_col_text(st, 0));
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* authz_denied, committed on its own: a refusal changes nothing else. A failure to
 * record it is reported on stderr and does not turn the 403 into a 500. */
static void record_denied(const jc_http_req *req, jc_db *db, const jc_auth *a)
{
    jc_audit_entry e;
    jc_err err;
    char object[160], ip[64];
    jbuf d;
    jb_init(&d);
    jc_authz_client_ip(req, ip, sizeof ip);
    snprintf(object, sizeof object, "route:%s %s", req->route->method, req->route->pattern);
    jb_obj_open(&d);
    jb_kstr(&d, "permission", req->route->permission);
    jb_kstr(&d, "role", a->s.role);
    jb_kstr(&d, "method", req->method);
    jb_kstr(&d, "path", req->path);
    jb_kstr(&d, "ip", ip);
    jb_obj_close(&d);
    memset(&e, 0, sizeof e);
    e.account = a->s.account;
    e.org_path = a->scope_path[0] ? a->scope_path : NULL;
    e.action = "authz_denied";
    e.object = object;
    e.result = "denied";
    e.detail = d.p;
    jc_err_clear(&err);
    if (jc_audit_alone(db, &e, &err) != JC_OK)
        fprintf(stderr, "jiceng: cannot record authz_denied: %s\n", err.en);
    jb_free(&d);
}

static int forbidden(jc_err *err)
{
    return jc_fail(err, JC_HTTP_FORBIDDEN, "FORBIDDEN", "", "", "无权执行此操作",
                   "your role may not do this");
}

/* The session of token as checked on this thread before, when the database has not
 * changed since (a logout, a disabled account or a moved org would have changed it) and
 * the check is younger than the touch interval (so last_seen keeps being written and the
 * idle and absolute limits keep being enforced). */
/* Token equality in time independent of where they differ (the length is fixed). */
static int same_token(const char *x, const char *y)
{
    size_t n = strlen(x), i;
    volatile unsigned char d = 0;
    if (n != strlen(y)) return 0;
    for (i = 0; i < n; i++) d |= (unsigned char)(x[i] ^ y[i]);
    return d == 0;
}

static int memo_find(jc_thread *t, const char *token, const jc_auth_settings *s, jc_auth *a)
{
    uint64_t gen;
    int64_t now = jc_clock_now();
    size_t i;
    if (!token || strlen(token) >= sizeof t->memo[0].token) return 0;
    if (jc_thread_gen(t, &gen, NULL) != JC_OK) return 0;
    for (i = 0; i < sizeof t->memo / sizeof t->memo[0]; i++) {
        struct jc_session_memo *m = &t->memo[i];
        if (m->gen != gen || !same_token(m->token, token)) continue;
        if (now - m->checked_at >= s->touch_interval_s || now >= m->s.expires_at ||
            now - m->s.last_seen >= s->idle_timeout_s)
            return 0;
        a->s = m->s;
        snprintf(a->scope_path, sizeof a->scope_path, "%s", m->scope_path);
        return 1;
    }
    return 0;
}

/* The session checked against the database (it may write last_seen), with its scope,
 * remembered for the next requests on this thread. */
static int session_full_check(jc_thread *t, const jc_auth_settings *s, const char *token,
                              jc_auth *a, char *set_cookie, size_t cap, jc_err *err)
{
    struct jc_session_memo *m;
    uint64_t gen = 0;
    uint32_t commits = jc_db_write_commits(t->db);
    /* The generation is read BEFORE the session: what is read after it is at least that
     * new, so the memo can only be conservative. Read after, a commit by another thread in
     * between (a password change, a logout) would be tagged as already seen. */
    int memo_ok = token && strlen(token) < sizeof t->memo[0].token &&
                  jc_thread_gen(t, &gen, NULL) == JC_OK;
    if (jc_session_check(t->db, s, token, jc_clock_now(), &a->s, err) != JC_OK) {
        if (err->status == JC_HTTP_UNAUTHORIZED && token)
            jc_session_cookie_clear(a->secure, set_cookie, cap);
        return JC_FAIL;
    }
    if (a->s.org_id > 0 && org_path(t->db, a->s.org_id, a->scope_path, sizeof a->scope_path, err) != JC_OK)
        return JC_FAIL;
    if (a->s.org_id > 0 && !a->scope_path[0]) snprintf(a->scope_path, sizeof a->scope_path, "%s", JC_SCOPE_NONE);
    /* the check wrote last_seen: the generation moved by our own write; remember nothing
     * this time (the next check, within the touch interval, will not write) */
    if (!memo_ok || jc_db_write_commits(t->db) != commits) return JC_OK;
    m = &t->memo[t->memo_next++ % (sizeof t->memo / sizeof t->memo[0])];
    snprintf(m->token, sizeof m->token, "%s", token);
    m->gen = gen;
    m->checked_at = jc_clock_now();
    m->s = a->s;
    snprintf(m->scope_path, sizeof m->scope_path, "%s", a->scope_path);
    return JC_OK;
}

/* Steps 3-6 of authz.h for a route that needs a session. On success *out is a. */
static int check_session(const jc_http_req *req, jc_thread *t, jc_auth *a, char *set_cookie,
                         size_t cap, jc_err *err)
{
    const jc_route *rt = req->route;
    const jc_auth_settings *s;
    const char *token, *reveal;
    int via_self = 0;

    a->secure = jc_authz_secure(req);
    token = jc_http_cookie(req, jc_session_cookie_name(a->secure));
    if (jc_thread_settings(t, &s, err) != JC_OK) return JC_FAIL;
    if (!memo_find(t, token, s, a) && session_full_check(t, s, token, a, set_cookie, cap, err) != JC_OK)
        return JC_FAIL;
    snprintf(a->token, sizeof a->token, "%s", token);
    if (!is_safe(req->method) && jc_csrf_check(&a->s, jc_http_header(req, JC_CSRF_HEADER), err) != JC_OK)
        return JC_FAIL;
    if (strcmp(rt->permission, JC_PERM_SESSION) != 0) {
        if (a->s.must_change_password)
            return jc_fail(err, JC_HTTP_FORBIDDEN, "PASSWORD_CHANGE_REQUIRED", "", "",
                           "请先修改初始密码", "change your one-time password first");
        if (a->s.must_enrol_totp)
            return jc_fail(err, JC_HTTP_FORBIDDEN, "TOTP_ENROLMENT_REQUIRED", "", "",
                           "请先绑定动态验证码（第二因素）", "enrol your second factor (TOTP) first");
    }
    if (!jc_role_has(a->s.role, rt->permission)) {
        via_self = rt->self_permission && jc_role_has(a->s.role, rt->self_permission);
        if (!via_self) {
            record_denied(req, t->db, a);
            return forbidden(err);
        }
    }
    a->self_only = via_self;
    snprintf(a->actor, sizeof a->actor, "api:%s", a->s.account);
    a->pii = jc_role_has(a->s.role, "pii.read");
    reveal = jc_http_query(req, "reveal");
    a->reveal = a->pii && reveal && strcmp(reveal, "1") == 0;
    return JC_OK;
}

int jc_authz_request(const jc_http_req *req, void **auth, char *set_cookie, size_t cap,
                     jc_err *err)
{
    jc_thread *t = req->thread_ctx;
    jc_auth *a;
    *auth = NULL;
    jc_thread_begin_request(t);
    if (!req->route || !req->route->permission) return forbidden(err); /* ALWAYS declared */
    if (!is_safe(req->method) && jc_authz_origin(req, err) != JC_OK) return JC_FAIL;
    if (strcmp(req->route->permission, JC_PERM_PUBLIC) == 0) return JC_OK;
    if (!t || !t->db) return jc_fail_internal(err, "authz", "no database connection");
    a = xcalloc(1, sizeof *a);
    if (check_session(req, t, a, set_cookie, cap, err) != JC_OK) {
        free(a);
        return JC_FAIL;
    }
    *auth = a;
    return JC_OK;
}
