/*
 * accounts.c — what the files of the accounts module share (see accounts.h), and the
 * module's entry in the registry.
 */
#include "modules/accounts/accounts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/roles.h"
#include "core/audit_ctx.h"
#include "modules/registry.h"

static const char *SQL_ORG = "SELECT code, name, path FROM org WHERE id = ?1";

void jc_iso_time(int64_t t, char out[24])
{
    struct tm tm;
    time_t tt = (time_t)t;
    gmtime_r(&tt, &tm);
    strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int jc_accounts_org(jc_db *db, int64_t org_id, jc_account_org *out, jc_err *err)
{
    jc_stmt *st;
    int rc;
    memset(out, 0, sizeof *out);
    if (org_id <= 0) return JC_OK;
    if (jc_db_stmt(db, SQL_ORG, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        snprintf(out->code, sizeof out->code, "%s", jc_col_text(st, 0));
        snprintf(out->name, sizeof out->name, "%s", jc_col_text(st, 1));
        snprintf(out->path, sizeof out->path, "%s", jc_col_text(st, 2));
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

void jc_accounts_write(jbuf *b, const jc_account *a, const jc_account_org *org, int64_t now)
{
    const jc_role *r = jc_role_find(a->role);
    char iso[24];
    jb_obj_open(b);
    jb_kint(b, "id", a->id);
    jb_kstr(b, "name", a->name);
    jb_kstr(b, "display_name", a->display_name);
    jb_kstr(b, "role", a->role);
    jb_kstr(b, "role_zh", r ? r->zh : NULL);
    jb_kstr(b, "org", org->code[0] ? org->code : NULL);
    jb_kstr(b, "org_name", org->name[0] ? org->name : NULL);
    jb_key(b, "member_id");
    if (a->member_id > 0) jb_int(b, a->member_id);
    else jb_null(b);
    jb_kbool(b, "disabled", a->disabled);
    jb_kbool(b, "must_change_password", a->must_change_password);
    jb_kbool(b, "totp_enabled", a->totp_enabled);
    jb_kbool(b, "locked", a->locked_until > now);
    jb_key(b, "last_login_at");
    if (a->last_login_at > 0) {
        jc_iso_time(a->last_login_at, iso);
        jb_str(b, iso);
    } else {
        jb_null(b);
    }
    jb_kstr(b, "created_at", a->created_at);
    jb_obj_close(b);
}

void jc_accounts_audit_detail(jbuf *b, const jc_account *a, const jc_account_org *org)
{
    jb_obj_open(b);
    jb_kstr(b, "name", a->name);
    jb_kstr(b, "display_name", a->display_name);
    jb_kstr(b, "role", a->role);
    jb_kstr(b, "org", org->code[0] ? org->code : NULL);
    jb_key(b, "member_id");
    if (a->member_id > 0) jb_int(b, a->member_id);
    else jb_null(b);
    jb_kbool(b, "disabled", a->disabled);
    jb_obj_close(b);
}

int jc_body_str(json_t *body, const char *key, int required, char *out, size_t cap, jc_err *err)
{
    json_t *v = json_object_get(body, key);
    out[0] = '\0';
    if (!v || json_is_null(v)) {
        if (!required) return JC_OK;
        return jc_failf(err, 422, "REQUIRED", key, "", "%s：必填", "%s: required", key);
    }
    if (!json_is_string(v))
        return jc_failf(err, 400, "JSON_TYPE", key, "", "%s：应为字符串", "%s: must be a string",
                        key);
    if (strlen(json_string_value(v)) >= cap)
        return jc_failf(err, 422, "TOO_LONG", key, "", "%s：过长", "%s: too long", key);
    snprintf(out, cap, "%s", json_string_value(v));
    return JC_OK;
}

const jc_module jc_module_sessions = {"sessions", jc_session_routes, NULL};
const jc_module jc_module_accounts = {"accounts", jc_account_routes, NULL};

/* The audit entry of a change to account id, by ctx, in the open transaction. */
int jc_accounts_audit(jc_ctx *ctx, const char *action, int64_t id, const char *before,
                      jc_err *err)
{
    jc_account a;
    jc_account_org org;
    char object[96];
    jbuf d;
    int rc;
    if (jc_account_get(ctx->db, id, &a, err) != JC_OK) return JC_FAIL;
    if (jc_accounts_org(ctx->db, a.org_id, &org, err) != JC_OK) return JC_FAIL;
    jb_init(&d);
    jb_obj_open(&d);
    if (before) {
        jb_key(&d, "before");
        jb_raw_value(&d, before);
    }
    jb_key(&d, "after");
    jc_accounts_audit_detail(&d, &a, &org);
    jb_obj_close(&d);
    snprintf(object, sizeof object, "account:%s", a.name);
    rc = jc_audit_ctx(ctx, action, object, org.path[0] ? org.path : NULL, d.p, err);
    jb_free(&d);
    return rc;
}
