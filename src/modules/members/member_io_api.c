/*
 * member_io_api.c — ledgers over HTTP: import a CSV (UTF-8 or GB18030; the web UI turns
 * xlsx into CSV in the browser) with a dry run that only validates, and export the
 * member or org ledger of a subtree as CSV or xlsx.
 *   POST /api/v1/members/import?dry_run=1&skip_invalid=1   (text/csv body)
 *   POST /api/v1/orgs/import?dry_run=1&skip_invalid=1
 *   GET  /api/v1/members/export?org=CODE&subtree=1&format=xlsx
 *   GET  /api/v1/orgs/export?org=CODE&subtree=1&format=csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/app.h"
#include "core/audit_ctx.h"
#include "modules/members/member_export.h"
#include "modules/members/member_import.h"
#include "modules/orgs/org_import.h"
#include "modules/registry.h"
#include "util/enc.h"

#define IMPORT_MAX_BODY (64u * 1024 * 1024)
#define IMPORT_MAX_ERRORS 1000

typedef struct error_list {
    jbuf *b;
    long n;
} error_list;

static void add_error(void *arg, long line, const char *column, const jc_err *e)
{
    error_list *l = arg;
    if (l->n++ >= IMPORT_MAX_ERRORS) return;
    jb_obj_open(l->b);
    jb_kint(l->b, "line", line);
    jb_kstr(l->b, "column", column);
    jb_kstr(l->b, "field", e->field[0] ? e->field : NULL);
    jb_kstr(l->b, "rule", e->rule[0] ? e->rule : NULL);
    jb_kstr(l->b, "code", e->code);
    jb_key(l->b, "message");
    jb_obj_open(l->b);
    jb_kstr(l->b, "zh", e->zh);
    jb_kstr(l->b, "en", e->en);
    jb_obj_close(l->b);
    jb_obj_close(l->b);
}

static int flag(const jc_http_req *req, const char *name)
{
    const char *v = jc_http_query(req, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true"));
}

/* A dry run validates everything inside a transaction that is always rolled back. */
static int run_import(jc_http_req *req, jc_http_resp *resp, int members, jc_err *err)
{
    jc_ctx ctx;
    jc_import_report rep;
    error_list errors;
    int dry = flag(req, "dry_run"), skip = flag(req, "skip_invalid"), rc;
    if (!req->body || !req->body_len)
        return jc_fail(err, 400, "BODY_REQUIRED", "file", "", "请上传文件内容", "the file is required");
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin(ctx.db, err) != JC_OK) return JC_FAIL;
    errors.b = &resp->body;
    errors.n = 0;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "errors");
    jb_arr_open(&resp->body);
    rc = members ? jc_members_import(&ctx, req->body, req->body_len, "upload", skip, add_error,
                                     &errors, &rep, err)
                 : jc_orgs_import(&ctx, req->body, req->body_len, skip, add_error, &errors, &rep, err);
    jb_arr_close(&resp->body);
    if (rc != JC_OK || dry || (rep.bad && !skip)) {
        jc_db_rollback(ctx.db);
        rep.written = 0;
    } else {
        rc = jc_db_commit(ctx.db, err);
        rep.written = rc == JC_OK && rep.ok > 0;
    }
    if (rc != JC_OK) return JC_FAIL;
    jb_kint(&resp->body, "rows", rep.rows);
    jb_kint(&resp->body, "valid", rep.ok);
    jb_kint(&resp->body, "invalid", rep.bad);
    jb_kbool(&resp->body, "written", rep.written);
    jb_kbool(&resp->body, "dry_run", dry);
    jb_kbool(&resp->body, "errors_truncated", errors.n > IMPORT_MAX_ERRORS);
    jb_obj_close(&resp->body);
    /* Bad rows are the data's fault, not the request's: 422 so clients notice. */
    resp->status = rep.bad && !skip ? 422 : 200;
    return JC_OK;
}

static int h_import_members(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return run_import(req, resp, 1, err);
}

static int h_import_orgs(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return run_import(req, resp, 0, err);
}

/* An export with personal fields unmasked is a pii_read of its rows. */
static int audit_export(jc_ctx *ctx, const char *org, int64_t rows, jc_err *err)
{
    jc_org_row row;
    jbuf d;
    int rc;
    if (jc_orgs_get(ctx, org, "org", &row, err) != JC_OK) return JC_FAIL;
    jb_init(&d);
    jb_obj_open(&d);
    jb_kstr(&d, "export", "members");
    jb_kstr(&d, "org", org);
    jb_kint(&d, "count", rows);
    jb_obj_close(&d);
    rc = jc_audit_pii_read(ctx, "export:members", row.path, d.p, err);
    jb_free(&d);
    return rc;
}

/* Export into a private temporary file, then into the response body. */
static int run_export(jc_http_req *req, jc_http_resp *resp, int members, jc_err *err)
{
    jc_ctx ctx;
    const char *org = jc_http_query(req, "org"), *format = jc_http_query(req, "format");
    char path[] = "/tmp/jiceng-export-XXXXXX", cd[160];
    char *data = NULL;
    size_t len = 0;
    int64_t rows = 0;
    int fd, rc;
    if (!format || !*format) format = "xlsx";
    if (!org || !*org)
        return jc_fail(err, 400, "BAD_PARAM", "org", "", "请指定党组织（org）", "org is required");
    if (strcmp(format, "csv") && strcmp(format, "xlsx"))
        return jc_fail(err, 400, "BAD_PARAM", "format", "", "格式应为 csv 或 xlsx", "format must be csv or xlsx");
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    fd = mkstemp(path);
    if (fd < 0) return jc_fail_internal(err, "export", "mkstemp");
    close(fd);
    rc = members ? jc_members_export(&ctx, org, !jc_http_query(req, "subtree") || flag(req, "subtree"),
                                     format, path, &rows, err)
                 : jc_orgs_export(&ctx, org, !jc_http_query(req, "subtree") || flag(req, "subtree"),
                                  format, path, &rows, err);
    if (rc == JC_OK) rc = jc_read_file(path, (size_t)1 << 31, &data, &len, err);
    unlink(path);
    if (rc == JC_OK && members && ctx.reveal) rc = audit_export(&ctx, org, rows, err);
    if (rc != JC_OK) {
        free(data);
        return JC_FAIL;
    }
    jb_append(&resp->body, data, len);
    free(data);
    resp->content_type = !strcmp(format, "csv")
                             ? "text/csv; charset=utf-8"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    snprintf(cd, sizeof cd, "attachment; filename=\"%s-%s.%s\"", members ? "members" : "orgs", org,
             format);
    resp->owned_content_disposition = strdup(cd);
    return JC_OK;
}

static int h_export_members(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return run_export(req, resp, 1, err);
}

static int h_export_orgs(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return run_export(req, resp, 0, err);
}

static const jc_route routes[] = {
    {"POST", "/api/v1/members/import", h_import_members, "member.import", IMPORT_MAX_BODY, 0, NULL},
    {"POST", "/api/v1/orgs/import", h_import_orgs, "org.import", IMPORT_MAX_BODY, 0, NULL},
    {"GET", "/api/v1/members/export", h_export_members, "member.export", 0, 0, NULL},
    {"GET", "/api/v1/orgs/export", h_export_orgs, "org.export", 0, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_ledgers = {"ledgers", routes, NULL};
