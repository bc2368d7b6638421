/*
 * member_export.c — the member ledger as CSV or xlsx: the columns of the member field
 * table with Chinese headers and people's values (汉族, 大学本科, 是/否), which the
 * importer reads back, so export → import into an empty database gives the same data.
 */
#include "modules/members/member_export.h"

#include <stdio.h>
#include <string.h>

#include "core/jfields.h"
#include "core/table_out.h"
#include "modules/members/member_list.h"

typedef struct export_state {
    jc_table_out *t;
    jc_err *err;
    int64_t rows;
    int failed;
    int masked;           /* personal fields masked (the ctx does not reveal them) */
} export_state;

static int write_member(void *arg, const jc_member_row *row)
{
    export_state *s = arg;
    char vals[JC_IMPORT_MAX_COLS][JC_TEXT_MAX];
    const char *cells[JC_IMPORT_MAX_COLS];
    size_t i;
    for (i = 0; i < jc_member_field_count; i++) {
        const jc_field *f = &jc_member_field_table[i];
        jc_field_format_zh(f, &row->m, vals[i], sizeof vals[i]);
        if (s->masked && (f->flags & JC_FF_PII)) {
            char m[64];
            jc_mask_plain(vals[i], m, sizeof m);
            snprintf(vals[i], sizeof vals[i], "%s", m);
        }
        cells[i] = vals[i];
    }
    if (jc_table_row(s->t, cells, jc_member_field_count, s->err) != JC_OK) {
        s->failed = 1;
        return 1;
    }
    s->rows++;
    return 0;
}

int jc_members_export(jc_ctx *ctx, const char *org_code, int subtree, const char *format,
                      const char *path, int64_t *rows, jc_err *err)
{
    jc_member_query q;
    jc_org_row org;
    export_state s = {0};
    const char *head[JC_IMPORT_MAX_COLS];
    size_t i;
    int rc;
    memset(&q, 0, sizeof q);
    if (jc_orgs_get(ctx, org_code, "org", &org, err) != JC_OK) return JC_FAIL;
    snprintf(q.org_path, sizeof q.org_path, "%s", org.path);
    q.org_id = org.org.id;
    q.subtree = subtree;
    q.size = 1000000000L;
    q.total_hint = 0;
    q.sort = "org_code"; /* stable across export → import: codes survive, ids do not */
    if (!strcmp(format, "xlsx")) {
        jc_rollup r;
        int64_t n = org.members;
        if (subtree && jc_stats_get(ctx->db, org.org.id, &r, err) != JC_OK) return JC_FAIL;
        if (subtree) n = r.v[JC_RU_m_all];
        if (n > 1048575)
            return jc_fail(err, 422, "XLSX_TOO_LARGE", "format", "",
                           "超过xlsx的最大行数（1048575），请改用csv或缩小范围",
                           "more rows than xlsx allows (1048575): use csv or a smaller subtree");
    }
    for (i = 0; i < jc_member_field_count; i++) head[i] = jc_member_field_table[i].zh;
    if (jc_table_open(path, format, "党员信息", &s.t, err) != JC_OK) return JC_FAIL;
    s.err = err;
    s.masked = !ctx->reveal;
    rc = jc_table_row(s.t, head, jc_member_field_count, err);
    if (rc == JC_OK) rc = jc_db_begin_read(ctx->db, err);
    if (rc == JC_OK) {
        rc = jc_member_list(ctx, &q, write_member, &s, NULL, NULL, err);
        if (s.failed) rc = JC_FAIL;
        if (rc == JC_OK) rc = jc_db_commit(ctx->db, err);
        else jc_db_rollback(ctx->db);
    }
    if (jc_table_close(s.t, err) != JC_OK) rc = JC_FAIL;
    if (rows) *rows = s.rows;
    return rc;
}
