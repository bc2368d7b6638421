/*
 * account_api.c — managing accounts within a subtree, and the reference lists:
 *   GET   /api/v1/accounts                        account.read   the accounts the caller sees
 *   POST  /api/v1/accounts                        account.write  {name, display_name?, role,
 *                                                                org?, member_id?} → one-time password
 *   PATCH /api/v1/accounts/:id                    account.write  {disabled?, display_name?, locked?}
 *   POST  /api/v1/accounts/:id/reset-password     account.write  → one-time password
 *   GET   /api/v1/audit                           audit.read     the trail of the caller's subtree
 *   GET   /api/v1/roles                           session        roles and permissions
 *   GET   /api/v1/routes                          setting.read   the route table
 *   GET   /api/v1/settings, PATCH /api/v1/settings setting.read / setting.write
 *
 * Who may manage whom (one function, may_manage): the caller's role may grant the
 * target's role (jc_role_may_grant), and the target's org lies in the caller's subtree; an
 * org_admin manages org_admins only strictly below its own org; system-wide accounts only
 * by system-wide callers. An account the caller may not see answers 404 like a missing
 * one; one it sees but may not manage, 403 GRANT_REFUSED. Every change commits with its
 * audit entry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "auth/clock.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "core/app.h"
#include "core/audit_ctx.h"
#include "core/authz.h"
#include "modules/accounts/accounts.h"
#include "modules/members/members.h"
#include "modules/orgs/orgs.h"
#include "modules/registry.h"

#define SMALL_BODY 8192

/* ---- who may see and manage whom ----------------------------------------------------- */

/* Whether the caller sees target: its org lies in the caller's subtree (a system-wide
 * target only for a system-wide caller). */
static int sees(jc_ctx *ctx, const jc_account *target, int *yes, jc_err *err)
{
    *yes = 0;
    if (!jc_ctx_scoped(ctx)) {
        *yes = 1;
        return JC_OK;
    }
    if (target->org_id <= 0) return JC_OK;
    return jc_org_within(ctx->db, ctx->scope_org_id, target->org_id, yes, err);
}

/* Whether the caller may create or change an account of role at org_id (0: system-wide). */
static int may_manage(jc_ctx *ctx, const char *role, int64_t org_id, jc_err *err)
{
    int inside = 0;
    if (!jc_role_may_grant(ctx->role, role))
        return jc_failf(err, JC_HTTP_FORBIDDEN, "GRANT_REFUSED", "role", "",
                        "您的角色不能授予或管理角色 %s", "your role may not grant or manage role %s",
                        role);
    if (!jc_ctx_scoped(ctx)) return JC_OK;
    if (org_id <= 0 || (strcmp(role, "org_admin") == 0 && org_id == ctx->scope_org_id))
        return jc_fail(err, JC_HTTP_FORBIDDEN, "GRANT_REFUSED", "org", "",
                       "只能在本组织的下级组织设立组织管理员，系统级账户只能由系统级账户管理",
                       "org_admins can only be placed below your own org, and system-wide "
                       "accounts managed by system-wide accounts");
    if (jc_org_within(ctx->db, ctx->scope_org_id, org_id, &inside, err) != JC_OK) return JC_FAIL;
    if (!inside)
        return jc_fail(err, JC_HTTP_FORBIDDEN, "GRANT_REFUSED", "org", "",
                       "该组织不在您的管辖范围内", "that org is outside your scope");
    return JC_OK;
}

static int account_not_found(jc_err *err)
{
    return jc_fail(err, JC_HTTP_NOT_FOUND, "ACCOUNT_NOT_FOUND", "id", "", "账户不存在",
                   "account not found");
}

/* The account of path parameter :id, if the caller sees it (else 404, as missing). */
static int load_target(jc_ctx *ctx, const char *param, jc_account *a, jc_err *err)
{
    int64_t id;
    int yes = 0;
    if (jc_path_id(param, "account", &id, err) != JC_OK) return JC_FAIL;
    if (jc_account_get(ctx->db, id, a, err) != JC_OK) return JC_FAIL;
    if (sees(ctx, a, &yes, err) != JC_OK) return JC_FAIL;
    return yes ? JC_OK : account_not_found(err);
}

static int respond_account(jc_ctx *ctx, int64_t id, int status, const char *otp,
                           jc_http_resp *resp, jc_err *err)
{
    jc_account a;
    jc_account_org org;
    if (jc_account_get(ctx->db, id, &a, err) != JC_OK) return JC_FAIL;
    if (jc_accounts_org(ctx->db, a.org_id, &org, err) != JC_OK) return JC_FAIL;
    resp->status = status;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "account");
    jc_accounts_write(&resp->body, &a, &org, jc_clock_now());
    if (otp) jb_kstr(&resp->body, "one_time_password", otp);
    jb_obj_close(&resp->body);
    return JC_OK;
}

/* ---- accounts ------------------------------------------------------------------------ */

static int h_list(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    jc_account *arr = NULL;
    size_t n = 0, i;
    int64_t now = jc_clock_now();
    int rc = JC_OK;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_scoped(&ctx) && ctx.scope_org_id <= 0) return account_not_found(err);
    if (jc_account_list(ctx.db, jc_ctx_scoped(&ctx) ? ctx.scope_org_id : 0, &arr, &n, err) != JC_OK)
        return JC_FAIL;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "items");
    jb_arr_open(&resp->body);
    for (i = 0; i < n && rc == JC_OK; i++) {
        jc_account_org org;
        rc = jc_accounts_org(ctx.db, arr[i].org_id, &org, err);
        if (rc == JC_OK) jc_accounts_write(&resp->body, &arr[i], &org, now);
    }
    jb_arr_close(&resp->body);
    jb_obj_close(&resp->body);
    free(arr);
    return rc;
}

static int h_create(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"name", "display_name", "role", "org", "member_id", NULL};
    jc_ctx ctx;
    json_t *body = NULL, *mid;
    jc_account_new in;
    jc_org_row org;
    jc_member_row mem;
    char name[128], display[300], role[32], orgcode[64], otp[JC_PW_GEN_LEN + 1] = "";
    int64_t id = 0, org_id = 0;
    int rc = JC_FAIL;
    memset(&in, 0, sizeof in);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_body_str(body, "name", 1, name, sizeof name, err) != JC_OK ||
        jc_body_str(body, "display_name", 0, display, sizeof display, err) != JC_OK ||
        jc_body_str(body, "role", 1, role, sizeof role, err) != JC_OK ||
        jc_body_str(body, "org", 0, orgcode, sizeof orgcode, err) != JC_OK)
        goto cleanup;
    mid = json_object_get(body, "member_id");
    if (mid && !json_is_null(mid) && !json_is_integer(mid)) {
        jc_fail(err, 400, "JSON_TYPE", "member_id", "", "member_id：应为整数", "member_id: must be an integer");
        goto cleanup;
    }
    in.member_id = mid && json_is_integer(mid) ? json_integer_value(mid) : 0;
    if (!jc_role_find(role)) {
        jc_failf(err, JC_HTTP_UNPROCESSABLE, "ROLE_UNKNOWN", "role", "", "未知角色：%s",
                 "role is unknown: %s", role);
        goto cleanup;
    }
    if (orgcode[0]) {            /* an org outside the caller's subtree is "not found" */
        if (jc_orgs_get(&ctx, orgcode, "org", &org, err) != JC_OK) {
            if (err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
            goto cleanup;
        }
        org_id = org.org.id;
    }
    if (in.member_id > 0) {      /* a member record outside it, likewise */
        if (jc_members_get(&ctx, in.member_id, &mem, err) != JC_OK) {
            jc_fail(err, JC_HTTP_UNPROCESSABLE, "MEMBER_NOT_FOUND", "member_id", "",
                    "党员档案不存在", "member_id: no such member");
            goto cleanup;
        }
        if (!strcmp(role, "member")) org_id = mem.m.org_id;
    }
    if (may_manage(&ctx, role, org_id, err) != JC_OK) goto cleanup;
    in.name = name;
    in.display_name = display[0] ? display : name;
    in.role = role;
    in.org_id = strcmp(role, "member") ? org_id : 0;
    if (jc_db_begin(ctx.db, err) != JC_OK) goto cleanup;
    rc = jc_account_create(ctx.db, &in, jc_clock_now(), otp, &id, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.create", id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(ctx.db, err);
    else jc_db_rollback(ctx.db);
    if (rc == JC_OK) rc = respond_account(&ctx, id, 201, otp, resp, err);
cleanup:
    explicit_bzero(otp, sizeof otp);
    json_decref(body);
    return rc;
}

static int h_update(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"disabled", "display_name", "locked", NULL};
    jc_ctx ctx;
    jc_account a;
    jc_account_org org;
    json_t *body = NULL, *dis, *lock;
    jbuf before;
    char display[300];
    int64_t now = jc_clock_now();
    int rc = JC_FAIL;
    jb_init(&before);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (load_target(&ctx, req->params[0], &a, err) != JC_OK) goto cleanup;
    dis = json_object_get(body, "disabled");
    lock = json_object_get(body, "locked");
    if ((dis && !json_is_boolean(dis)) || (lock && !json_is_false(lock))) {
        jc_fail(err, 400, "JSON_TYPE", dis && !json_is_boolean(dis) ? "disabled" : "locked", "",
                "disabled 应为 true/false；locked 只能设为 false（解锁）",
                "disabled must be true or false; locked can only be set to false (unlock)");
        goto cleanup;
    }
    if (jc_body_str(body, "display_name", 0, display, sizeof display, err) != JC_OK) goto cleanup;
    if (dis && a.id == ((const jc_auth *)req->auth)->s.account_id) {
        jc_fail(err, JC_HTTP_UNPROCESSABLE, "ACCOUNT_SELF", "disabled", "",
                "不能停用或启用自己的账户", "you cannot disable or enable your own account");
        goto cleanup;
    }
    if (may_manage(&ctx, a.role, a.org_id, err) != JC_OK) goto cleanup;
    if (jc_accounts_org(ctx.db, a.org_id, &org, err) != JC_OK) goto cleanup;
    jc_accounts_audit_detail(&before, &a, &org);
    if (jc_db_begin(ctx.db, err) != JC_OK) goto cleanup;
    rc = JC_OK;
    if (dis) rc = jc_account_set_disabled(ctx.db, a.id, json_is_true(dis), now, err);
    if (rc == JC_OK && display[0]) rc = jc_account_set_display_name(ctx.db, a.id, display, now, err);
    if (rc == JC_OK && lock) rc = jc_account_unlock(ctx.db, a.id, now, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.update", a.id, before.p, err);
    if (rc == JC_OK) rc = jc_db_commit(ctx.db, err);
    else jc_db_rollback(ctx.db);
    if (rc == JC_OK) rc = respond_account(&ctx, a.id, 200, NULL, resp, err);
cleanup:
    jb_free(&before);
    json_decref(body);
    return rc;
}

static int h_reset(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    jc_account a;
    char otp[JC_PW_GEN_LEN + 1] = "";
    int rc = JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (load_target(&ctx, req->params[0], &a, err) != JC_OK) return JC_FAIL;
    if (a.id == ((const jc_auth *)req->auth)->s.account_id)
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "ACCOUNT_SELF", "id", "",
                       "请通过“修改密码”更改自己的密码", "change your own password with /session/password");
    if (may_manage(&ctx, a.role, a.org_id, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin(ctx.db, err) != JC_OK) return JC_FAIL;
    rc = jc_account_reset_password(ctx.db, a.id, jc_clock_now(), otp, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.reset_password", a.id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(ctx.db, err);
    else jc_db_rollback(ctx.db);
    if (rc == JC_OK) rc = respond_account(&ctx, a.id, 200, otp, resp, err);
    explicit_bzero(otp, sizeof otp);
    return rc;
}

/* ---- the audit viewer ---------------------------------------------------------------- */

static int h_audit(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    jc_audit_filter f;
    char hi[JC_SCOPE_PATH_MAX + 2];
    long limit, before_id;
    if (jc_param_int(jc_http_query(req, "limit"), "limit", 50, 1, 500, &limit, err) != JC_OK ||
        jc_param_int(jc_http_query(req, "before_id"), "before_id", 0, 0, 0x7fffffffL, &before_id, err) != JC_OK)
        return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    memset(&f, 0, sizeof f);
    if (jc_ctx_scoped(&ctx)) {     /* the caller's subtree; entries with no org are not */
        snprintf(hi, sizeof hi, "%s~", ctx.scope_path);
        f.lo_path = ctx.scope_path;
        f.hi_path = hi;
    }
    f.action = jc_http_query(req, "action");
    f.account = jc_http_query(req, "account");
    f.from = jc_http_query(req, "from");
    f.to = jc_http_query(req, "to");
    return jc_audit_write_json(ctx.db, &f, limit, before_id, &resp->body, err);
}

/* ---- reference lists ----------------------------------------------------------------- */

static void write_strs(jbuf *b, const char *key, const char *const *v)
{
    jb_key(b, key);
    jb_arr_open(b);
    for (; v && *v; v++) jb_str(b, *v);
    jb_arr_close(b);
}

static int h_roles(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const jc_role *r;
    const jc_permission *p;
    jbuf *b = &resp->body;
    jb_obj_open(b);
    jb_key(b, "roles");
    jb_arr_open(b);
    for (r = jc_roles; r->name; r++) {
        jb_obj_open(b);
        jb_kstr(b, "name", r->name);
        jb_kstr(b, "zh", r->zh);
        jb_kstr(b, "en", r->en);
        write_strs(b, "permissions", r->perms);
        write_strs(b, "grants", r->grants);
        jb_kbool(b, "needs_totp", r->needs_totp);
        jb_kbool(b, "scoped", r->scoped);
        jb_kbool(b, "org_optional", r->org_optional);
        jb_obj_close(b);
    }
    jb_arr_close(b);
    jb_key(b, "permissions");
    jb_arr_open(b);
    for (p = jc_permissions; p->name; p++) {
        jb_obj_open(b);
        jb_kstr(b, "name", p->name);
        jb_kstr(b, "zh", p->zh);
        jb_kstr(b, "en", p->en);
        jb_obj_close(b);
    }
    jb_arr_close(b);
    jb_obj_close(b);
    return JC_OK;
}

static int h_routes(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const jc_route *rt;
    jbuf *b = &resp->body;
    jb_obj_open(b);
    jb_key(b, "items");
    jb_arr_open(b);
    for (rt = jc_registry_routes(); rt->method; rt++) {
        jb_obj_open(b);
        jb_kstr(b, "method", rt->method);
        jb_kstr(b, "pattern", rt->pattern);
        jb_kstr(b, "permission", rt->permission);
        jb_kstr(b, "self_permission", rt->self_permission);
        jb_obj_close(b);
    }
    jb_arr_close(b);
    jb_obj_close(b);
    return JC_OK;
}

static int h_settings(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_thread *t = req->thread_ctx;
    const jc_auth_settings *s;
    const jc_setting_def *d;
    jbuf *b = &resp->body;
    if (jc_thread_settings(t, &s, err) != JC_OK) return JC_FAIL;
    jb_obj_open(b);
    jb_key(b, "items");
    jb_arr_open(b);
    for (d = jc_auth_setting_defs; d->key; d++) {
        int64_t v = !strcmp(d->key, "auth.session_idle_s")       ? s->idle_timeout_s
                    : !strcmp(d->key, "auth.session_absolute_s") ? s->absolute_timeout_s
                    : !strcmp(d->key, "auth.lockout_failures")   ? s->max_failures
                    : !strcmp(d->key, "auth.lockout_s")          ? s->lockout_s
                                                                 : s->require_totp;
        jb_obj_open(b);
        jb_kstr(b, "key", d->key);
        jb_kint(b, "value", v);
        jb_kint(b, "default", d->def);
        jb_kint(b, "min", d->lo);
        jb_kint(b, "max", d->hi);
        jb_kstr(b, "zh", d->zh);
        jb_kstr(b, "en", d->en);
        jb_obj_close(b);
    }
    jb_arr_close(b);
    jb_obj_close(b);
    return JC_OK;
}

/* PATCH {"auth.session_idle_s": 600, ...}: all or nothing, one audit entry per key. */
static int h_settings_update(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const char *allowed[16];
    const jc_setting_def *d;
    jc_ctx ctx;
    json_t *body = NULL, *v;
    const char *key;
    size_t n = 0;
    int rc = JC_OK;
    for (d = jc_auth_setting_defs; d->key && n + 1 < sizeof allowed / sizeof allowed[0]; d++)
        allowed[n++] = d->key;
    allowed[n] = NULL;
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto fail;
    if (jc_db_begin(ctx.db, err) != JC_OK) goto fail;
    json_object_foreach(body, key, v) {
        long long old = 0;
        char detail[160];
        if (!json_is_integer(v)) {
            rc = jc_failf(err, 400, "JSON_TYPE", key, "", "%s：应为整数", "%s: must be an integer", key);
            break;
        }
        rc = jc_auth_setting_write(ctx.db, key, json_integer_value(v), ctx.actor, &old, err);
        snprintf(detail, sizeof detail, "{\"key\":\"%s\",\"before\":%lld,\"after\":%lld}", key, old,
                 (long long)json_integer_value(v));
        if (rc == JC_OK) rc = jc_audit_ctx(&ctx, "setting.update", "setting", NULL, detail, err);
        if (rc != JC_OK) break;
    }
    if (rc == JC_OK) rc = jc_db_commit(ctx.db, err);
    else jc_db_rollback(ctx.db);
    json_decref(body);
    if (rc != JC_OK) return JC_FAIL;
    return h_settings(req, resp, err);
fail:
    json_decref(body);
    return JC_FAIL;
}

const jc_route jc_account_routes[] = {
    {"GET", "/api/v1/accounts", h_list, "account.read", 0, 0, NULL},
    {"POST", "/api/v1/accounts", h_create, "account.write", SMALL_BODY, 0, NULL},
    {"PATCH", "/api/v1/accounts/:id", h_update, "account.write", SMALL_BODY, 0, NULL},
    {"POST", "/api/v1/accounts/:id/reset-password", h_reset, "account.write", SMALL_BODY, 0, NULL},
    {"GET", "/api/v1/audit", h_audit, "audit.read", 0, 0, NULL},
    {"GET", "/api/v1/roles", h_roles, "session", 0, 0, NULL},
    {"GET", "/api/v1/routes", h_routes, "setting.read", 0, 0, NULL},
    {"GET", "/api/v1/settings", h_settings, "setting.read", 0, 0, NULL},
    {"PATCH", "/api/v1/settings", h_settings_update, "setting.write", SMALL_BODY, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};
