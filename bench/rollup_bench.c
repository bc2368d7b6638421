/*
 * rollup_bench.c — issue 2's roll-up figure: the stats of the root and of a mid-level
 * node read from org_rollup (p50/p99 over many calls), beside the same figures computed
 * by one plain GROUP BY over the member table for that subtree. The two are compared
 * field by field, so the benchmark is also a check that the roll-up is exact.
 *   rollup_bench DB [iterations]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/codes.h"
#include "modules/stats/stats.h"
#include "store/migrate.h"

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void pick(jc_db *db, const char *sql, char *code, char *path)
{
    jc_stmt *st;
    jc_err err;
    if (jc_db_prepare(db, sql, &st, &err) != JC_OK || jc_step(st, &err) != JC_ROW) {
        fprintf(stderr, "no org found: %s\n", sql);
        exit(1);
    }
    snprintf(code, 64, "%s", jc_col_text(st, 0));
    snprintf(path, 512, "%s", jc_col_text(st, 1));
    jc_stmt_free(st);
}

static void time_rollup(jc_ctx *ctx, const char *code, int n, double *p50, double *p99, size_t *bytes)
{
    double *t = calloc((size_t)n, sizeof *t);
    jbuf b;
    jc_err err;
    int i;
    jb_init(&b);
    for (i = 0; i < n; i++) {
        double t0 = now_ms();
        jb_reset(&b);
        if (jc_stats_write_json(ctx, code, &b, &err) != JC_OK) {
            fprintf(stderr, "stats failed: %s\n", err.en);
            exit(1);
        }
        t[i] = now_ms() - t0;
    }
    *bytes = b.len;
    qsort(t, (size_t)n, sizeof *t, cmp_d);
    *p50 = t[n / 2];
    *p99 = t[(n * 99) / 100];
    jb_free(&b);
    free(t);
}

/* One GROUP BY over the subtree's members, folded into a jc_rollup (member columns). */
static double group_by(jc_db *db, const char *path, jc_date today, jc_rollup *out)
{
    static const char *SQL =
        "SELECT m.category, m.sex, m.birth_date, m.education, m.ethnicity, m.status, m.mobile, "
        "m.lost_contact, coalesce(o.field,''), count(*) FROM member m JOIN org o ON o.id = m.org_id "
        "WHERE o.path >= ?1 AND o.path < ?2 GROUP BY m.category, m.sex, m.birth_date, m.education, "
        "m.ethnicity = '01', m.status, m.mobile, m.lost_contact, o.field";
    jc_stmt *st;
    jc_err err;
    char hi[520];
    double t0 = now_ms();
    memset(out, 0, sizeof *out);
    snprintf(hi, sizeof hi, "%s~", path);
    if (jc_db_prepare(db, SQL, &st, &err) != JC_OK) exit(1);
    jc_bind_text(st, 1, path);
    jc_bind_text(st, 2, hi);
    while (jc_step(st, &err) == JC_ROW) {
        jc_member_facts f;
        jc_rollup one;
        int64_t n = jc_col_int(st, 9);
        int i;
        memset(&one, 0, sizeof one);
        jc_stats_read_facts(st, 0, &f); /* the GROUP BY's first 8 columns, same order */
        f.field = jc_col_text(st, 8);
        jc_rollup_add_member(&one, &f, today, 1);
        for (i = 0; i < JC_RU_COUNT; i++) out->v[i] += one.v[i] * n;
    }
    jc_stmt_free(st);
    return now_ms() - t0;
}

static int compare(const char *what, jc_db *db, int64_t org_id, const jc_rollup *g)
{
    jc_rollup r;
    jc_err err;
    int i, bad = 0;
    jc_stats_get(db, org_id, &r, &err);
    for (i = 0; i < JC_RU_COUNT; i++) {
        if (jc_rollup_buckets[i].col[0] != 'm') continue;
        if (r.v[i] != g->v[i]) {
            printf("  MISMATCH %s %s: roll-up %lld, GROUP BY %lld\n", what, jc_rollup_buckets[i].col,
                   (long long)r.v[i], (long long)g->v[i]);
            bad = 1;
        }
    }
    return bad;
}

static int64_t org_id_of(jc_db *db, const char *code)
{
    jc_stmt *st;
    jc_err err;
    int64_t id = 0;
    jc_db_prepare(db, "SELECT id FROM org WHERE code = ?1", &st, &err);
    jc_bind_text(st, 1, code);
    if (jc_step(st, &err) == JC_ROW) id = jc_col_int(st, 0);
    jc_stmt_free(st);
    return id;
}

int main(int argc, char **argv)
{
    jc_db *db;
    jc_ctx ctx;
    jc_err err;
    jc_db_opts o = {0};
    char root[64], rootp[512], mid[64], midp[512];
    int n = argc > 2 ? atoi(argv[2]) : 1000, bad = 0;
    int64_t members = 0, orgs = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: rollup_bench DB [iterations]\n");
        return 2;
    }
    if (jc_db_open(argv[1], &o, &db, &err) != JC_OK || jc_migrate(db, NULL, &err) != JC_OK) {
        fprintf(stderr, "%s\n", err.en);
        return 1;
    }
    memset(&ctx, 0, sizeof ctx); /* no scope: the whole tree, as the CLI sees it */
    ctx.db = db;
    ctx.actor = "bench";
    ctx.today = jc_today();
    jc_stats_advance(db, ctx.today, &err);
    jc_db_query_int(db, "SELECT count(*) FROM member", &members, &err);
    jc_db_query_int(db, "SELECT count(*) FROM org", &orgs, &err);
    pick(db, "SELECT code, path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1", root, rootp);
    pick(db, "SELECT o.code, o.path FROM org o JOIN org_rollup r ON r.org_id = o.id "
             "WHERE o.depth = 1 ORDER BY r.m_all DESC LIMIT 1", mid, midp);
    printf("roll-up benchmark: %lld orgs, %lld members, %d calls per node\n", (long long)orgs,
           (long long)members, n);
    {
        const char *codes[2] = {root, mid}, *paths[2] = {rootp, midp}, *names[2] = {"root", "mid-level"};
        int k;
        for (k = 0; k < 2; k++) {
            double p50, p99, gb;
            size_t bytes;
            jc_rollup g;
            time_rollup(&ctx, codes[k], n, &p50, &p99, &bytes);
            gb = group_by(db, paths[k], ctx.today, &g);
            printf("  %-9s %-22s roll-up p50 %.3f ms  p99 %.3f ms  (%zu-byte document, with children)"
                   "   | plain GROUP BY %.1f ms (%lld members)   speed-up x%.0f\n",
                   names[k], codes[k], p50, p99, bytes, gb, (long long)g.v[JC_RU_m_all], gb / p50);
            bad |= compare(names[k], db, org_id_of(db, codes[k]), &g);
        }
    }
    printf("  figures %s\n", bad ? "DIFFER (bug)" : "identical to the GROUP BY for every member column");
    jc_db_close(db);
    return bad;
}
