/*
 * stats_json.c — the stats document of one org: the roll-up counts grouped by dimension
 * (rollup.def order), the B8 shares, and each direct child's totals for drill-down.
 * The same document is printed by `jiceng stats` and served at /api/v1/stats/:code, so
 * the dashboard and the command line cannot disagree.
 */
#include "modules/stats/stats.h"

#include <string.h>

#include "domain/codes.h"

#define STATS_MAX_CHILDREN 500

/* The org of code inside ctx's subtree (outside it: the same 404 as missing). */
static int find_org(jc_ctx *ctx, const char *code, int64_t *id, jc_err *err)
{
    static const char *SQL = "SELECT id, path FROM org WHERE code = ?1";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, code);
    rc = jc_step(st, err);
    if (rc == JC_ROW) *id = jc_col_int(st, 0);
    if (rc == JC_ROW && !jc_ctx_in_scope(ctx, jc_col_text(st, 1))) rc = JC_DONE;
    jc_stmt_reset(st);
    if (rc == JC_DONE)
        return jc_failf(err, JC_HTTP_NOT_FOUND, "ORG_NOT_FOUND", "org", "",
                        "党组织不存在：%s", "org not found: %s", code);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : 0.0;
}

static void write_counts(jbuf *b, const jc_rollup *r)
{
    const char *dim = NULL;
    int i;
    jb_key(b, "counts");
    jb_obj_open(b);
    for (i = 0; i < JC_RU_COUNT; i++) {
        const jc_bucket *k = &jc_rollup_buckets[i];
        if (!dim || strcmp(dim, k->dim)) {
            if (dim) jb_obj_close(b);
            dim = k->dim;
            jb_key(b, dim);
            jb_obj_open(b);
        }
        jb_kint(b, k->key, r->v[i]);
    }
    if (dim) jb_obj_close(b);
    jb_obj_close(b);
}

static void write_shares(jbuf *b, const jc_rollup *r)
{
    int64_t all = r->v[JC_RU_m_all];
    jb_key(b, "shares");
    jb_obj_open(b);
    jb_key(b, "age_ge60");
    jb_double(b, share(r->v[JC_RU_m_age_ge60], all));
    jb_key(b, "education_le_junior");
    jb_double(b, share(r->v[JC_RU_m_edu_le_junior], all));
    jb_key(b, "women");
    jb_double(b, share(r->v[JC_RU_m_female], all));
    jb_key(b, "minority");
    jb_double(b, share(r->v[JC_RU_m_minority], all));
    jb_key(b, "probationary");
    jb_double(b, share(r->v[JC_RU_m_probationary], all));
    jb_obj_close(b);
}

static int write_children(jc_db *db, int64_t org_id, jbuf *b, jc_err *err)
{
    static const char *SQL =
        "SELECT o.code, o.name, o.type, r.m_all, r.o_all, r.m_probationary, r.m_mobile, r.m_lost "
        "FROM org o JOIN org_rollup r ON r.org_id = o.id "
        "WHERE o.parent_id = ?1 AND o.dissolved_on IS NULL ORDER BY o.sort_order, o.id LIMIT ?2";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    jc_bind_int(st, 2, STATS_MAX_CHILDREN);
    jb_key(b, "children");
    jb_arr_open(b);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jb_obj_open(b);
        jb_kstr(b, "code", jc_col_text(st, 0));
        jb_kstr(b, "name", jc_col_text(st, 1));
        jb_kstr(b, "type", jc_col_text(st, 2));
        jb_kint(b, "members", jc_col_int(st, 3));
        jb_kint(b, "orgs", jc_col_int(st, 4));
        jb_kint(b, "probationary", jc_col_int(st, 5));
        jb_kint(b, "mobile", jc_col_int(st, 6));
        jb_kint(b, "lost_contact", jc_col_int(st, 7));
        jb_obj_close(b);
    }
    jc_stmt_reset(st);
    jb_arr_close(b);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int write_org_head(jc_db *db, int64_t org_id, jbuf *b, jc_err *err)
{
    static const char *SQL = "SELECT code, name, type, coalesce(field,'') FROM org WHERE id=?1";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        jb_key(b, "org");
        jb_obj_open(b);
        jb_kstr(b, "code", jc_col_text(st, 0));
        jb_kstr(b, "name", jc_col_text(st, 1));
        jb_kstr(b, "type", jc_col_text(st, 2));
        jb_kstr(b, "field", jc_col_text(st, 3));
        jb_obj_close(b);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_stats_write_json(jc_ctx *ctx, const char *org_code, jbuf *b, jc_err *err)
{
    int64_t org_id = 0;
    jc_rollup r;
    char today[16];
    int rc = JC_FAIL;
    if (jc_stats_advance(ctx->db, ctx->today, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin_read(ctx->db, err) != JC_OK) return JC_FAIL;
    if (find_org(ctx, org_code, &org_id, err) != JC_OK) goto cleanup;
    if (jc_stats_get(ctx->db, org_id, &r, err) != JC_OK) goto cleanup;
    jc_date_format(ctx->today, today);
    jb_obj_open(b);
    if (write_org_head(ctx->db, org_id, b, err) != JC_OK) goto cleanup;
    jb_kstr(b, "as_of", today);
    jb_kint(b, "members", r.v[JC_RU_m_all]);
    jb_kint(b, "orgs", r.v[JC_RU_o_all]);
    write_counts(b, &r);
    write_shares(b, &r);
    if (write_children(ctx->db, org_id, b, err) != JC_OK) goto cleanup;
    jb_obj_close(b);
    rc = JC_OK;
cleanup:
    if (rc == JC_OK) rc = jc_db_commit(ctx->db, err);
    else jc_db_rollback(ctx->db);
    return rc;
}
