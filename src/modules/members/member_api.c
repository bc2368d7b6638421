/*
 * member_api.c — the member archive's HTTP handlers and routes. Personal fields (ID
 * number, phone, address: JC_FF_PII) go out masked unless the role holds pii.read and
 * the request asks reveal=1 (ctx.reveal); every unmasked answer is a pii_read entry of
 * the audit trail, written before the answer leaves (no entry, no answer).
 */
#include <stdio.h>
#include <string.h>

#include "core/app.h"
#include "core/audit_ctx.h"
#include "core/import.h"
#include "core/jfields.h"
#include "modules/members/member_list.h"
#include "modules/members/members.h"
#include "modules/registry.h"
#include "modules/stats/stats.h"

extern const jc_alert_rule jc_member_alert_rules[];

void jc_members_write_json(jbuf *b, const jc_member_row *r, jc_date today, int masked)
{
    const jc_member *m = &r->m;
    jb_obj_open(b);
    jb_kint(b, "id", m->id);
    jc_fields_to_json(b, jc_member_field_table, jc_member_field_count, m, masked);
    jb_kstr(b, "org_name", r->org_name);
    jb_kint(b, "age", jc_date_is_set(m->birth_date) ? jc_age_on(m->birth_date, today) : 0);
    /* DEV-16: Party standing counts from the day probation ends. */
    jb_key(b, "standing_since");
    if (jc_date_is_set(m->full_on)) {
        char d[16];
        jc_date_format(m->full_on, d);
        jb_str(b, d);
    } else {
        jb_null(b);
    }
    jb_kint(b, "version", m->version);
    jb_kstr(b, "created_at", r->created_at);
    jb_kstr(b, "created_by", r->created_by);
    jb_kstr(b, "updated_at", r->updated_at);
    jb_obj_close(b);
}

typedef struct page_writer {
    jbuf *b;
    jc_date today;
    int sparse;                              /* only the fields asked for */
    unsigned char want[JC_IMPORT_MAX_COLS];  /* per member field */
    int want_org_name, want_age;
    int masked;                              /* personal fields masked */
    jbuf ids;                                /* unmasked: the ids that went out ("1,2,3") */
    int64_t n;
} page_writer;

static int write_row(void *arg, const jc_member_row *row)
{
    page_writer *w = arg;
    size_t i;
    if (!w->masked) jb_printf(&w->ids, "%s%lld", w->n ? "," : "", (long long)row->m.id);
    w->n++;
    if (!w->sparse) {
        jc_members_write_json(w->b, row, w->today, w->masked);
        return 0;
    }
    jb_obj_open(w->b);
    jb_kint(w->b, "id", row->m.id);
    for (i = 0; i < jc_member_field_count; i++)
        if (w->want[i]) jc_fields_to_json(w->b, &jc_member_field_table[i], 1, &row->m, w->masked);
    if (w->want_org_name) jb_kstr(w->b, "org_name", row->org_name);
    if (w->want_age) jb_kint(w->b, "age", jc_age_on(row->m.birth_date, w->today));
    jb_obj_close(w->b);
    return 0;
}

/* fields=name,sex,org_name,...: a sparse row for list views (id always included). */
static int parse_fields(const char *list, page_writer *w, jc_err *err)
{
    char buf[1024], *save = NULL, *tok;
    if (!list || !*list) return JC_OK;
    w->sparse = 1;
    snprintf(buf, sizeof buf, "%s", list);
    for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        const jc_field *f = jc_field_find(jc_member_field_table, jc_member_field_count, tok);
        if (f) w->want[f - jc_member_field_table] = 1;
        else if (!strcmp(tok, "org_name")) w->want_org_name = 1;
        else if (!strcmp(tok, "age")) w->want_age = 1;
        else if (strcmp(tok, "id"))
            return jc_failf(err, 400, "BAD_PARAM", "fields", "", "未知字段：%s", "unknown field: %s", tok);
    }
    return JC_OK;
}

static int flag(const jc_http_req *req, const char *name, int def)
{
    const char *v = jc_http_query(req, name);
    if (!v || !*v) return def;
    return !strcmp(v, "1") || !strcmp(v, "true");
}

/* Query parameters → query. Fills org_path via the org code when given. */
static int parse_query(jc_http_req *req, jc_ctx *ctx, jc_member_query *f, long *page, jc_err *err)
{
    const char *org = jc_http_query(req, "org");
    memset(f, 0, sizeof *f);
    f->subtree = flag(req, "subtree", 1);
    f->q = jc_http_query(req, "q");
    f->category = jc_http_query(req, "category");
    f->status = jc_http_query(req, "status");
    f->sex = jc_http_query(req, "sex");
    f->education = jc_http_query(req, "education");
    f->age = jc_http_query(req, "age");
    f->mobile = flag(req, "mobile", 0);
    f->lost = flag(req, "lost_contact", 0);
    f->sort = jc_http_query(req, "sort");
    f->total_hint = -1;
    if (jc_param_int(jc_http_query(req, "page"), "page", 1, 1, 1000000, page, err) != JC_OK ||
        jc_param_int(jc_http_query(req, "size"), "size", 50, 1, 500, &f->size, err) != JC_OK)
        return JC_FAIL;
    f->offset = (*page - 1) * f->size;
    if ((org && *org) || jc_ctx_scoped(ctx)) {
        jc_org_row row;
        jc_rollup r;
        /* No org: a subtree-bound account lists its own subtree. */
        if (org && *org ? jc_orgs_get(ctx, org, "org", &row, err) != JC_OK
                        : jc_orgs_get_by_id(ctx, ctx->scope_org_id, &row, err) != JC_OK)
            return JC_FAIL;
        snprintf(f->org_path, sizeof f->org_path, "%s", row.path);
        f->org_id = row.org.id;
        if (!f->subtree) f->total_hint = -1;
        else if (jc_stats_get(ctx->db, row.org.id, &r, err) != JC_OK) return JC_FAIL;
        else f->total_hint = r.v[JC_RU_m_all];
    }
    /* Any filter beyond the org makes the roll-up total inapplicable. */
    if ((f->q && *f->q) || (f->category && *f->category) || (f->status && *f->status) ||
        (f->sex && *f->sex) || (f->education && *f->education) || (f->age && *f->age) ||
        f->mobile || f->lost)
        f->total_hint = -1;
    return JC_OK;
}

/* pii_read for the members whose personal fields went out: their ids (a page holds at
 * most 500) under the subtree asked for. */
static int audit_page(jc_ctx *ctx, const jc_member_query *f, const page_writer *w, jc_err *err)
{
    jbuf d;
    int rc;
    jb_init(&d);
    jb_printf(&d, "{\"count\":%lld,\"ids\":[%s]}", (long long)w->n, w->ids.p ? w->ids.p : "");
    rc = jc_audit_pii_read(ctx, "members", f->org_path[0] ? f->org_path : NULL, d.p, err);
    jb_free(&d);
    return rc;
}

static int h_list(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    jc_member_query f;
    page_writer w;
    int64_t total = 0;
    int capped = 0, rc;
    long page;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin_read(ctx.db, err) != JC_OK) return JC_FAIL;
    memset(&w, 0, sizeof w);
    jb_init(&w.ids);
    w.masked = !ctx.reveal;
    rc = parse_query(req, &ctx, &f, &page, err);
    if (rc == JC_OK) rc = parse_fields(jc_http_query(req, "fields"), &w, err);
    w.b = &resp->body;
    w.today = ctx.today;
    if (rc == JC_OK) {
        jb_obj_open(&resp->body);
        jb_key(&resp->body, "items");
        jb_arr_open(&resp->body);
        rc = jc_member_list(&ctx, &f, write_row, &w, &total, &capped, err);
        jb_arr_close(&resp->body);
        jb_kint(&resp->body, "total", total);
        jb_kbool(&resp->body, "total_capped", capped);
        jb_kint(&resp->body, "page", page);
        jb_kint(&resp->body, "size", f.size);
        jb_obj_close(&resp->body);
    }
    if (rc == JC_OK) rc = jc_db_commit(ctx.db, err);
    else jc_db_rollback(ctx.db);
    if (rc == JC_OK && !w.masked) rc = audit_page(&ctx, &f, &w, err);
    jb_free(&w.ids);
    return rc;
}

/* pii_read of one member's record (or history). */
static int audit_member(jc_ctx *ctx, const jc_member_row *row, const char *what, jc_err *err)
{
    char object[48], detail[96];
    snprintf(object, sizeof object, "member:%lld", (long long)row->m.id);
    snprintf(detail, sizeof detail, "{\"count\":1,\"ids\":[%lld],\"what\":\"%s\"}",
             (long long)row->m.id, what);
    return jc_audit_pii_read(ctx, object, row->org_path, detail, err);
}

static int respond_member(jc_ctx *ctx, int64_t id, int status, jc_http_resp *resp, jc_err *err)
{
    jc_member_row row;
    if (jc_members_get(ctx, id, &row, err) != JC_OK) return JC_FAIL;
    resp->status = status;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "member");
    jc_members_write_json(&resp->body, &row, ctx->today, !ctx->reveal);
    jb_obj_close(&resp->body);
    return ctx->reveal ? audit_member(ctx, &row, "record", err) : JC_OK;
}

static int h_get(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    int64_t id;
    if (jc_path_id(req->params[0], "member", &id, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    return respond_member(&ctx, id, 200, resp, err);
}

static const char *const MEMBER_EXTRA[] = {"version", NULL};

static int h_create(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const char *allowed[64];
    json_t *body = NULL;
    jc_ctx ctx;
    jc_member m;
    jc_member_row row;
    int rc = JC_FAIL;
    jc_fields_allowed(jc_member_field_table, jc_member_field_count, NULL, allowed, 64);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    jc_member_init(&m);
    if (jc_json_to_fields(body, jc_member_field_table, jc_member_field_count, &m, err) != JC_OK)
        goto cleanup;
    if (jc_json_require(body, jc_member_field_table, jc_member_field_count, err) != JC_OK)
        goto cleanup;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_members_create(&ctx, &m, 0, &row, err) != JC_OK) goto cleanup;
    rc = respond_member(&ctx, row.m.id, 201, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_update(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const char *allowed[64];
    json_t *body = NULL, *ver;
    jc_ctx ctx;
    jc_member_row cur;
    jc_member next;
    int64_t id;
    int rc = JC_FAIL;
    if (jc_path_id(req->params[0], "member", &id, err) != JC_OK) return JC_FAIL;
    jc_fields_allowed(jc_member_field_table, jc_member_field_count, MEMBER_EXTRA, allowed, 64);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    ver = json_object_get(body, "version");
    if (ver && !json_is_integer(ver)) {
        jc_fail(err, 400, "JSON_TYPE", "version", "", "version：应为整数", "version: must be an integer");
        goto cleanup;
    }
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_members_get(&ctx, id, &cur, err) != JC_OK) goto cleanup;
    next = cur.m;
    if (jc_json_to_fields(body, jc_member_field_table, jc_member_field_count, &next, err) != JC_OK)
        goto cleanup;
    if (jc_members_update(&ctx, &cur, &next, ver ? (int)json_integer_value(ver) : 0, err) != JC_OK)
        goto cleanup;
    rc = respond_member(&ctx, id, 200, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_history(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *SQL =
        "SELECT version, at, actor, action, before, after FROM member_history "
        "WHERE member_id = ?1 ORDER BY id";
    jc_ctx ctx;
    jc_member_row row;
    jc_stmt *st;
    int64_t id;
    int rc;
    jbuf *b = &resp->body;
    if (jc_path_id(req->params[0], "member", &id, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_members_get(&ctx, id, &row, err) != JC_OK) return JC_FAIL;
    jb_obj_open(b);
    jb_key(b, "items");
    jb_arr_open(b);
    /* version 1: the record as created (its row; later changes record their before). */
    jb_obj_open(b);
    jb_kint(b, "version", 1);
    jb_kstr(b, "at", row.created_at);
    jb_kstr(b, "actor", row.created_by);
    jb_kstr(b, "action", "create");
    jb_knull(b, "before");
    jb_knull(b, "after");
    jb_obj_close(b);
    if (jc_db_stmt(ctx.db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jb_obj_open(b);
        jb_kint(b, "version", jc_col_int(st, 0));
        jb_kstr(b, "at", jc_col_text(st, 1));
        jb_kstr(b, "actor", jc_col_text(st, 2));
        jb_kstr(b, "action", jc_col_text(st, 3));
        jb_key(b, "before");
        if (ctx.reveal) jb_raw_value(b, jc_col_text(st, 4));
        else jc_json_write_masked(b, jc_col_text(st, 4), jc_member_field_table, jc_member_field_count);
        jb_key(b, "after");
        if (ctx.reveal) jb_raw_value(b, jc_col_text(st, 5));
        else jc_json_write_masked(b, jc_col_text(st, 5), jc_member_field_table, jc_member_field_count);
        jb_obj_close(b);
    }
    jc_stmt_reset(st);
    jb_arr_close(b);
    jb_obj_close(b);
    if (rc < 0) return JC_FAIL;
    return ctx.reveal ? audit_member(&ctx, &row, "history", err) : JC_OK;
}

const jc_route jc_members_routes[] = {
    {"GET", "/api/v1/members", h_list, "member.read", 0, 1, NULL},
    {"POST", "/api/v1/members", h_create, "member.write", 0, 0, NULL},
    {"GET", "/api/v1/members/:id", h_get, "member.read", 0, 1, "self.read"},
    {"PATCH", "/api/v1/members/:id", h_update, "member.write", 0, 0, NULL},
    {"GET", "/api/v1/members/:id/history", h_history, "member.read", 0, 0, "self.read"},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_members = {"members", jc_members_routes, jc_member_alert_rules};
