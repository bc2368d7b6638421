/*
 * org_api.c — the org tree's HTTP handlers and routes. Each handler: parse → (check
 * permission: the accounts issue) → call the module → write the response.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/app.h"
#include "core/jfields.h"
#include "domain/codes.h"
#include "modules/orgs/orgs.h"
#include "modules/registry.h"
#include "modules/stats/stats.h"

extern const jc_alert_rule jc_org_alert_rules[];

/* The org's ancestors inside ctx's subtree (an account does not see above its org). */
static int write_ancestors(jc_ctx *ctx, const char *path, jbuf *b, jc_err *err)
{
    static const char *SQL = "SELECT code, name, path FROM org WHERE id = ?1";
    const char *p = path;
    jb_key(b, "ancestors");
    jb_arr_open(b);
    while (*p) {
        char *end;
        long long id;
        jc_stmt *st;
        if (*p == '/') { p++; continue; }
        id = strtoll(p, &end, 10);
        p = end;
        if (!*p || !p[1]) break; /* the last id is the org itself */
        if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
        jc_bind_int(st, 1, id);
        if (jc_step(st, err) == JC_ROW && jc_ctx_in_scope(ctx, jc_col_text(st, 2))) {
            jb_obj_open(b);
            jb_kstr(b, "code", jc_col_text(st, 0));
            jb_kstr(b, "name", jc_col_text(st, 1));
            jb_obj_close(b);
        }
        jc_stmt_reset(st);
    }
    jb_arr_close(b);
    return JC_OK;
}

static int h_get(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    jc_org_row row;
    jc_rollup r;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_orgs_get(&ctx, req->params[0], "code", &row, err) != JC_OK) return JC_FAIL;
    if (jc_stats_get(ctx.db, row.org.id, &r, err) != JC_OK) return JC_FAIL;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "org");
    jc_orgs_write_json(&resp->body, &row);
    jb_kint(&resp->body, "members", r.v[JC_RU_m_all]);
    jb_kint(&resp->body, "orgs", r.v[JC_RU_o_all]);
    if (write_ancestors(&ctx, row.path, &resp->body, err) != JC_OK) return JC_FAIL;
    jb_obj_close(&resp->body);
    return JC_OK;
}

static void write_child(jbuf *b, jc_stmt *st)
{
    jb_obj_open(b);
    jb_kstr(b, "code", jc_col_text(st, 0));
    jb_kstr(b, "name", jc_col_text(st, 1));
    jb_kstr(b, "type", jc_col_text(st, 2));
    jb_key(b, "field");
    if (jc_col_is_null(st, 3)) jb_null(b);
    else jb_str(b, jc_col_text(st, 3));
    jb_kbool(b, "children", (int)jc_col_int(st, 4));
    jb_kint(b, "members", jc_col_int(st, 5));
    jb_kint(b, "orgs", jc_col_int(st, 6));
    jb_key(b, "dissolved_on");
    if (jc_col_is_null(st, 7)) jb_null(b);
    else jb_str(b, jc_col_text(st, 7));
    jb_obj_close(b);
}

#define CHILD_COLS                                                                         \
    "o.code, o.name, o.type, o.field, (r.o_all - CASE WHEN o.dissolved_on IS NULL THEN 1 " \
    "ELSE 0 END) > 0, r.m_all, r.o_all, o.dissolved_on "

static int h_children(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *SQL =
        "SELECT " CHILD_COLS "FROM org o JOIN org_rollup r ON r.org_id = o.id "
        "WHERE o.parent_id = ?1 AND (?2 OR o.dissolved_on IS NULL) "
        "ORDER BY o.sort_order, o.id LIMIT ?3 OFFSET ?4";
    static const char *SQL_COUNT =
        "SELECT count(*) FROM org o WHERE o.parent_id = ?1 AND (?2 OR o.dissolved_on IS NULL)";
    jc_ctx ctx;
    jc_org_row row;
    jc_stmt *st;
    long limit, offset;
    int rc, all = jc_http_query(req, "include_dissolved") &&
                  !strcmp(jc_http_query(req, "include_dissolved"), "1");
    if (jc_param_int(jc_http_query(req, "limit"), "limit", 2000, 1, 20000, &limit, err) != JC_OK ||
        jc_param_int(jc_http_query(req, "offset"), "offset", 0, 0, 100000000, &offset, err) != JC_OK)
        return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_orgs_get(&ctx, req->params[0], "code", &row, err) != JC_OK) return JC_FAIL;
    jb_obj_open(&resp->body);
    if (jc_db_stmt(ctx.db, SQL_COUNT, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, row.org.id);
    jc_bind_int(st, 2, all);
    if (jc_step(st, err) != JC_ROW) return JC_FAIL;
    jb_kint(&resp->body, "total", jc_col_int(st, 0));
    jc_stmt_reset(st);
    if (jc_db_stmt(ctx.db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, row.org.id);
    jc_bind_int(st, 2, all);
    jc_bind_int(st, 3, limit);
    jc_bind_int(st, 4, offset);
    jb_key(&resp->body, "items");
    jb_arr_open(&resp->body);
    while ((rc = jc_step(st, err)) == JC_ROW) write_child(&resp->body, st);
    jc_stmt_reset(st);
    jb_arr_close(&resp->body);
    jb_obj_close(&resp->body);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* GET /orgs?q=...: search by code prefix, name or pinyin-less substring; ?roots=1 lists
 * the roots. Optional under=CODE limits to a subtree. */
static int h_search(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *SQL =
        "SELECT " CHILD_COLS ", o.path FROM org o JOIN org_rollup r ON r.org_id = o.id "
        "WHERE o.path >= ?1 AND o.path < ?2 AND (?3 = '' OR o.code LIKE ?3 || '%' ESCAPE '\\' OR "
        "o.name LIKE '%' || ?3 || '%' ESCAPE '\\') AND (?5 OR o.dissolved_on IS NULL) "
        "ORDER BY o.depth, o.path LIMIT ?4";
    static const char *SQL_ROOTS =
        "SELECT " CHILD_COLS ", o.path FROM org o JOIN org_rollup r ON r.org_id = o.id "
        "WHERE o.parent_id IS NULL ORDER BY o.sort_order, o.id LIMIT ?1";
    /* A subtree-bound account's only root is its own org. */
    static const char *SQL_SCOPE_ROOT =
        "SELECT " CHILD_COLS ", o.path FROM org o JOIN org_rollup r ON r.org_id = o.id "
        "WHERE o.id = ?2 LIMIT ?1";
    jc_ctx ctx;
    jc_stmt *st;
    const char *q = jc_http_query(req, "q"), *under = jc_http_query(req, "under");
    char lo[JC_PATH_MAX] = "/", hi[JC_PATH_MAX + 2] = "/~", esc[256];
    long limit;
    size_t i, k = 0;
    int rc;
    if (jc_param_int(jc_http_query(req, "limit"), "limit", 50, 1, 1000, &limit, err) != JC_OK)
        return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    for (i = 0; q && q[i] && k + 2 < sizeof esc; i++) {
        if (q[i] == '%' || q[i] == '_' || q[i] == '\\') esc[k++] = '\\';
        esc[k++] = q[i];
    }
    esc[k] = '\0';
    if (under && *under) {
        jc_org_row row;
        if (jc_orgs_get(&ctx, under, "under", &row, err) != JC_OK) return JC_FAIL;
        snprintf(lo, sizeof lo, "%s", row.path);
        jc_orgs_subtree_bounds(row.path, hi, sizeof hi);
    } else if (jc_ctx_scoped(&ctx)) {
        snprintf(lo, sizeof lo, "%s", ctx.scope_path);
        jc_orgs_subtree_bounds(ctx.scope_path, hi, sizeof hi);
    }
    if (!q && !under) {
        if (jc_db_stmt(ctx.db, jc_ctx_scoped(&ctx) ? SQL_SCOPE_ROOT : SQL_ROOTS, &st, err) != JC_OK)
            return JC_FAIL;
        jc_bind_int(st, 1, limit);
        if (jc_ctx_scoped(&ctx)) jc_bind_int(st, 2, ctx.scope_org_id);
    } else {
        if (jc_db_stmt(ctx.db, SQL, &st, err) != JC_OK) return JC_FAIL;
        jc_bind_text(st, 1, lo);
        jc_bind_text(st, 2, hi);
        jc_bind_text_empty(st, 3, esc);
        jc_bind_int(st, 4, limit);
        jc_bind_int(st, 5, 0);
    }
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "items");
    jb_arr_open(&resp->body);
    while ((rc = jc_step(st, err)) == JC_ROW) write_child(&resp->body, st);
    jc_stmt_reset(st);
    jb_arr_close(&resp->body);
    jb_obj_close(&resp->body);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static const char *const ORG_EXTRA[] = {"version", NULL};

static int respond_org(jc_ctx *ctx, const char *code, int status, jc_http_resp *resp, jc_err *err)
{
    jc_org_row row;
    if (jc_orgs_get(ctx, code, "code", &row, err) != JC_OK) return JC_FAIL;
    resp->status = status;
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "org");
    jc_orgs_write_json(&resp->body, &row);
    jb_obj_close(&resp->body);
    return JC_OK;
}

static int h_create(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const char *allowed[64];
    json_t *body = NULL;
    jc_ctx ctx;
    jc_org o;
    int rc = JC_FAIL;
    jc_fields_allowed(jc_org_field_table, jc_org_field_count, NULL, allowed, 64);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    jc_org_init(&o);
    if (jc_json_to_fields(body, jc_org_field_table, jc_org_field_count, &o, err) != JC_OK)
        goto cleanup;
    if (jc_json_require(body, jc_org_field_table, jc_org_field_count, err) != JC_OK)
        goto cleanup;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_orgs_create(&ctx, &o, NULL, err) != JC_OK) goto cleanup;
    rc = respond_org(&ctx, o.code, 201, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_update(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const char *allowed[64];
    json_t *body = NULL, *ver;
    jc_ctx ctx;
    jc_org_row cur;
    jc_org next;
    int rc = JC_FAIL, version = 0;
    jc_fields_allowed(jc_org_field_table, jc_org_field_count, ORG_EXTRA, allowed, 64);
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_orgs_get(&ctx, req->params[0], "code", &cur, err) != JC_OK) goto cleanup;
    ver = json_object_get(body, "version");
    if (ver && !json_is_integer(ver)) {
        jc_fail(err, 400, "JSON_TYPE", "version", "", "version：应为整数", "version: must be an integer");
        goto cleanup;
    }
    version = ver ? (int)json_integer_value(ver) : 0;
    next = cur.org;
    if (jc_json_to_fields(body, jc_org_field_table, jc_org_field_count, &next, err) != JC_OK)
        goto cleanup;
    if (jc_orgs_update(&ctx, &cur, &next, version, err) != JC_OK) goto cleanup;
    rc = respond_org(&ctx, cur.org.code, 200, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

/* Body {"<key>": "<string>"} with one required string key; copies the value to out. */
static int body_string(json_t *body, const char *key, int required, char *out, size_t cap,
                       jc_err *err)
{
    json_t *v = json_object_get(body, key);
    out[0] = '\0';
    if (!v || json_is_null(v)) {
        if (!required) return JC_OK;
        return jc_failf(err, 422, "REQUIRED", key, "", "%s：必填", "%s: required", key);
    }
    if (!json_is_string(v))
        return jc_failf(err, 400, "JSON_TYPE", key, "", "%s：应为字符串", "%s: must be a string", key);
    snprintf(out, cap, "%s", json_string_value(v));
    return JC_OK;
}

static int h_move(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"parent", NULL};
    json_t *body = NULL;
    jc_ctx ctx;
    char parent[JC_ORG_CODE_MAX + 8];
    int rc = JC_FAIL;
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (body_string(body, "parent", 1, parent, sizeof parent, err) != JC_OK) goto cleanup;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_orgs_move(&ctx, req->params[0], parent, err) != JC_OK) goto cleanup;
    rc = respond_org(&ctx, req->params[0], 200, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_merge(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"into", NULL};
    json_t *body = NULL;
    jc_ctx ctx;
    char into[JC_ORG_CODE_MAX + 8];
    int rc = JC_FAIL;
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (body_string(body, "into", 1, into, sizeof into, err) != JC_OK) goto cleanup;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_orgs_merge(&ctx, req->params[0], into, err) != JC_OK) goto cleanup;
    rc = respond_org(&ctx, into, 200, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_dissolve(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"date", "move_members_to", NULL};
    json_t *body = NULL;
    jc_ctx ctx;
    char date[32], to[JC_ORG_CODE_MAX + 8];
    jc_date on = JC_DATE_NONE;
    int rc = JC_FAIL;
    if (jc_http_json_body(req, allowed, &body, err) != JC_OK) return JC_FAIL;
    if (body_string(body, "date", 0, date, sizeof date, err) != JC_OK) goto cleanup;
    if (body_string(body, "move_members_to", 0, to, sizeof to, err) != JC_OK) goto cleanup;
    if (date[0] && jc_date_parse(date, &on) != JC_OK) {
        jc_failf(err, 422, "DATE_FORMAT", "date", "", "撤销日期「%s」不是有效日期",
                 "date \"%s\" is not a valid date", date);
        goto cleanup;
    }
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) goto cleanup;
    if (jc_orgs_dissolve(&ctx, req->params[0], on, to, err) != JC_OK) goto cleanup;
    rc = respond_org(&ctx, req->params[0], 200, resp, err);
cleanup:
    json_decref(body);
    return rc;
}

static int h_history(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *SQL =
        "SELECT version, at, actor, action, before, after, note FROM org_history "
        "WHERE org_id = ?1 ORDER BY id";
    jc_ctx ctx;
    jc_org_row row;
    jc_stmt *st;
    int rc;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_orgs_get(&ctx, req->params[0], "code", &row, err) != JC_OK) return JC_FAIL;
    if (jc_db_stmt(ctx.db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, row.org.id);
    jb_obj_open(&resp->body);
    jb_key(&resp->body, "items");
    jb_arr_open(&resp->body);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jb_obj_open(&resp->body);
        jb_kint(&resp->body, "version", jc_col_int(st, 0));
        jb_kstr(&resp->body, "at", jc_col_text(st, 1));
        jb_kstr(&resp->body, "actor", jc_col_text(st, 2));
        jb_kstr(&resp->body, "action", jc_col_text(st, 3));
        jb_key(&resp->body, "before");
        jb_raw_value(&resp->body, jc_col_is_null(st, 4) ? "null" : jc_col_text(st, 4));
        jb_key(&resp->body, "after");
        jb_raw_value(&resp->body, jc_col_is_null(st, 5) ? "null" : jc_col_text(st, 5));
        jb_key(&resp->body, "note");
        if (jc_col_is_null(st, 6)) jb_null(&resp->body);
        else jb_str(&resp->body, jc_col_text(st, 6));
        jb_obj_close(&resp->body);
    }
    jc_stmt_reset(st);
    jb_arr_close(&resp->body);
    jb_obj_close(&resp->body);
    return rc < 0 ? JC_FAIL : JC_OK;
}

const jc_route jc_orgs_routes[] = {
    {"GET", "/api/v1/orgs", h_search, "org.read", 0, 1, NULL},
    {"POST", "/api/v1/orgs", h_create, "org.write", 0, 0, NULL},
    {"GET", "/api/v1/orgs/:code", h_get, "org.read", 0, 1, NULL},
    {"PATCH", "/api/v1/orgs/:code", h_update, "org.write", 0, 0, NULL},
    {"GET", "/api/v1/orgs/:code/children", h_children, "org.read", 0, 1, NULL},
    {"GET", "/api/v1/orgs/:code/history", h_history, "org.read", 0, 0, NULL},
    {"POST", "/api/v1/orgs/:code/move", h_move, "org.write", 0, 0, NULL},
    {"POST", "/api/v1/orgs/:code/merge", h_merge, "org.write", 0, 0, NULL},
    {"POST", "/api/v1/orgs/:code/dissolve", h_dissolve, "org.write", 0, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_orgs = {"orgs", jc_orgs_routes, jc_org_alert_rules};
