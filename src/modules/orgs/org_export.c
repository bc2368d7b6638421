/*
 * org_export.c — the org ledger as CSV or xlsx,
 * in code order; the importer recreates the tree as it was.
 */
#include "modules/orgs/org_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/table_out.h"
#include "util/mem.h"

static int write_org(jc_table_out *t, const jc_org_row *row, jc_err *err)
{
    char vals[32][256];
    const char *cells[32];
    size_t i;
    for (i = 0; i < jc_org_field_count && i < 32; i++) {
        jc_field_format_zh(&jc_org_field_table[i], &row->org, vals[i], sizeof vals[i]);
        cells[i] = vals[i];
    }
    return jc_table_row(t, cells, i, err);
}

/* Ids of the org and, with subtree, every org below it (without: its direct children),
 * in path order. Caller frees *ids. */
static int collect(jc_ctx *ctx, const jc_org_row *org, int subtree, int64_t **ids, size_t *n,
                   jc_err *err)
{
    /* Ordered by code: codes survive export → import (ids do not), so a round trip gives
     * the same file; the importer takes parents in any order. */
    static const char *SQL_SUB = "SELECT id FROM org WHERE path >= ?1 AND path < ?2 ORDER BY code";
    static const char *SQL_KIDS =
        "SELECT id FROM org WHERE id = ?3 OR parent_id = ?3 ORDER BY code";
    jc_stmt *st;
    char hi[JC_PATH_MAX + 2];
    size_t cap = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    jc_orgs_subtree_bounds(org->path, hi, sizeof hi);
    if (jc_db_stmt(ctx->db, subtree ? SQL_SUB : SQL_KIDS, &st, err) != JC_OK) return JC_FAIL;
    if (subtree) {
        jc_bind_text(st, 1, org->path);
        jc_bind_text(st, 2, hi);
    } else {
        jc_bind_int(st, 3, org->org.id);
    }
    while ((rc = jc_step(st, err)) == JC_ROW) {
        if (*n == cap) *ids = xrealloc(*ids, (cap = cap ? cap * 2 : 256) * sizeof **ids);
        (*ids)[(*n)++] = jc_col_int(st, 0);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_orgs_export(jc_ctx *ctx, const char *org_code, int subtree, const char *format,
                   const char *path, int64_t *rows, jc_err *err)
{
    jc_org_row org;
    jc_table_out *t = NULL;
    const char *head[32];
    int64_t *ids = NULL;
    size_t n = 0, i;
    int rc;
    if (rows) *rows = 0;
    if (jc_orgs_get(ctx, org_code, "org", &org, err) != JC_OK) return JC_FAIL;
    for (i = 0; i < jc_org_field_count; i++) head[i] = jc_org_field_table[i].zh;
    rc = jc_db_begin_read(ctx->db, err);
    if (rc == JC_OK) rc = collect(ctx, &org, subtree, &ids, &n, err);
    if (rc == JC_OK) rc = jc_table_open(path, format, "党组织信息", &t, err);
    if (rc == JC_OK) rc = jc_table_row(t, head, jc_org_field_count, err);
    for (i = 0; rc == JC_OK && i < n; i++) {
        jc_org_row row;
        rc = jc_orgs_get_by_id(ctx, ids[i], &row, err);
        /* the top org of an export of part of the tree becomes a root on import */
        if (rc == JC_OK && ids[i] == org.org.id) row.org.parent_code[0] = '\0';
        if (rc == JC_OK) rc = write_org(t, &row, err);
    }
    if (jc_db_in_tx(ctx->db)) {
        if (rc == JC_OK) rc = jc_db_commit(ctx->db, err);
        else jc_db_rollback(ctx->db);
    }
    if (t && jc_table_close(t, err) != JC_OK) rc = JC_FAIL;
    if (rows && rc == JC_OK) *rows = (int64_t)n;
    free(ids);
    return rc;
}
