/*
 * audit_ctx.c — the modules' side of the audit trail (see audit_ctx.h).
 */
#include "core/audit_ctx.h"

#include <string.h>

#include "core/jfields.h"
#include "domain/field.h"

int jc_audit_ctx(jc_ctx *ctx, const char *action, const char *object, const char *org_path,
                 const char *detail, jc_err *err)
{
    jc_audit_entry e;
    memset(&e, 0, sizeof e);
    e.account = ctx->account ? ctx->account : ctx->actor;
    e.org_path = org_path;
    e.action = action;
    e.object = object;
    e.result = "ok";
    e.detail = detail;
    return jc_audit_append(ctx->db, &e, err);
}

int jc_audit_alone(jc_db *db, const jc_audit_entry *e, jc_err *err)
{
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    if (jc_audit_append(db, e, err) != JC_OK) {
        jc_db_rollback(db);
        return JC_FAIL;
    }
    return jc_db_commit(db, err);
}

int jc_audit_import(jc_ctx *ctx, const char *action, const char *file_name, long rows, long ok,
                    long bad, int skip_invalid, int64_t batch, jc_err *err)
{
    jbuf d;
    int rc;
    jb_init(&d);
    jb_obj_open(&d);
    jb_kstr(&d, "file", file_name && *file_name ? file_name : NULL);
    jb_kint(&d, "rows", rows);
    jb_kint(&d, "valid", ok);
    jb_kint(&d, "invalid", bad);
    jb_kbool(&d, "skip_invalid", skip_invalid);
    if (batch) jb_kint(&d, "batch", batch);
    jb_obj_close(&d);
    rc = jc_audit_ctx(ctx, action, NULL, ctx->scope_path, d.p, err);
    jb_free(&d);
    return rc;
}

int jc_audit_pii_read(jc_ctx *ctx, const char *object, const char *org_path, const char *detail,
                      jc_err *err)
{
    jc_audit_entry e;
    memset(&e, 0, sizeof e);
    e.account = ctx->account ? ctx->account : ctx->actor;
    e.org_path = org_path;
    e.action = "pii_read";
    e.object = object;
    e.result = "ok";
    e.detail = detail;
    return jc_audit_alone(ctx->db, &e, err);
}

void jc_audit_diff(jbuf *b, const jc_field *fields, size_t n, const void *before,
                   const void *after, const char *note)
{
    size_t i;
    jb_reset(b);
    jb_obj_open(b);
    if (before) {
        jb_key(b, "before");
        jb_obj_open(b);
        for (i = 0; i < n; i++) {
            char va[1024], vb[1024];
            jc_field_format(&fields[i], before, va, sizeof va);
            if (after) jc_field_format(&fields[i], after, vb, sizeof vb);
            if (after && !strcmp(va, vb)) continue;
            jc_fields_to_json(b, &fields[i], 1, before, 1);
        }
        jb_obj_close(b);
    }
    if (after) {
        jb_key(b, "after");
        jb_obj_open(b);
        for (i = 0; i < n; i++) {
            char va[1024], vb[1024];
            jc_field_format(&fields[i], after, vb, sizeof vb);
            if (before) jc_field_format(&fields[i], before, va, sizeof va);
            if (before && !strcmp(va, vb)) continue;
            jc_fields_to_json(b, &fields[i], 1, after, 1);
        }
        jb_obj_close(b);
    }
    if (note) jb_kstr(b, "note", note);
    jb_obj_close(b);
}
