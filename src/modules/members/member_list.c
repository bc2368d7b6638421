/*
 * member_list.c — the member list: filters (org and subtree, text, category, status,
 * sex, age band, education, mobile, lost contact), sort and paging, as one SQL
 * statement built from the filters present (cached per distinct shape). A subtree is a
 * path range on org, so the walk is one index range whatever the depth. The total is
 * counted up to a cap: past it the page says "more than N" instead of scanning millions.
 */
#include "modules/members/member_list.h"

#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "modules/members/member_sql.h"
#include "util/jbuf.h"

#define COUNT_CAP 100000

typedef struct sqlbuf {
    char s[4096];
    size_t n;
    const char *texts[16]; /* bound parameters, in order ?1.. */
    int ntexts;
} sqlbuf;

static void add(sqlbuf *q, const char *s)
{
    q->n += (size_t)snprintf(q->s + q->n, sizeof q->s - q->n, "%s", s);
}

/* Append a condition with one text parameter; `fmt` has one %d for its number. */
static void cond(sqlbuf *q, const char *fmt, const char *value)
{
    char part[256];
    q->texts[q->ntexts++] = value;
    snprintf(part, sizeof part, fmt, q->ntexts);
    add(q, " AND ");
    add(q, part);
}

static int check_code(const jc_code_table *t, const char *name, const char *v, jc_err *err)
{
    if (!v || !*v || jc_code_by_code(t, v)) return JC_OK;
    return jc_failf(err, 400, "BAD_FILTER", name, "", "筛选条件 %s 的值「%s」无效",
                    "filter %s: unknown value \"%s\"", name, v);
}

static void age_bounds(jc_date today, const char *band, char *lo, char *hi)
{
    /* age in [a, b]  ⇔  birth in (today - (b+1) years, today - a years] */
    static const struct { const char *k; int a, b; } bands[] = {
        {"le30", 0, 30}, {"31_40", 31, 40}, {"41_50", 41, 50}, {"51_60", 51, 60},
        {"61_70", 61, 70}, {"gt70", 71, 200}, {"ge60", 60, 200},
    };
    size_t i;
    lo[0] = hi[0] = '\0';
    for (i = 0; i < sizeof bands / sizeof bands[0]; i++) {
        if (strcmp(band, bands[i].k)) continue;
        /* open-ended bands (gt70, ge60) have no lower birth date */
        if (bands[i].b >= 200) snprintf(lo, 16, "0000-00-00");
        else jc_date_format(jc_date_add_years(today, -(bands[i].b + 1)), lo);
        jc_date_format(jc_date_add_years(today, -bands[i].a), hi);
    }
}

static void like_escape(const char *in, char *out, size_t cap)
{
    size_t k = 0;
    for (; *in && k + 2 < cap; in++) {
        if (*in == '%' || *in == '_' || *in == '\\') out[k++] = '\\';
        out[k++] = *in;
    }
    out[k] = '\0';
}

static int is_all(const char *s, int (*pred)(int))
{
    if (!*s) return 0;
    for (; *s; s++)
        if (!pred((unsigned char)*s)) return 0;
    return 1;
}

static int is_digitx(int c) { return (c >= '0' && c <= '9') || c == 'X' || c == 'x'; }
static int is_alpha(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ' '; }

static int build_where(jc_ctx *ctx, const jc_member_query *f, sqlbuf *q, jc_member_list_state *s,
                       jc_err *err)
{
    if (check_code(&jc_categories, "category", f->category, err) ||
        check_code(&jc_statuses, "status", f->status, err) ||
        check_code(&jc_sexes, "sex", f->sex, err) ||
        check_code(&jc_educations, "education", f->education, err))
        return JC_FAIL;
    add(q, " WHERE 1=1");
    if (f->org_path[0] && f->subtree) {
        cond(q, "o.path >= ?%d", f->org_path);
        cond(q, "o.path < ?%d", s->hi);
    } else if (f->org_path[0]) {
        cond(q, "m.org_id = CAST(?%d AS INTEGER)", s->org_id_text);
    }
    if (f->q && *f->q) {
        like_escape(f->q, s->qesc, sizeof s->qesc);
        /* A role without pii.read finds a member by the whole ID number only: a prefix
         * search would read the masked digits out one at a time. */
        if (is_all(f->q, is_digitx) && !ctx->pii) cond(q, "m.id_number = upper(?%d)", f->q);
        else if (is_all(f->q, is_digitx)) cond(q, "m.id_number LIKE ?%d || '%%' ESCAPE '\\'", s->qesc);
        else if (is_all(f->q, is_alpha)) cond(q, "m.name_pinyin LIKE '%%' || lower(?%d) || '%%' ESCAPE '\\'", s->qesc);
        else cond(q, "m.name LIKE '%%' || ?%d || '%%' ESCAPE '\\'", s->qesc);
    }
    if (f->category && *f->category) cond(q, "m.category = ?%d", f->category);
    if (f->status && *f->status) cond(q, "m.status = ?%d", f->status);
    if (f->sex && *f->sex) cond(q, "m.sex = ?%d", f->sex);
    if (f->education && *f->education) cond(q, "m.education = ?%d", f->education);
    if (f->mobile) add(q, " AND m.mobile = 1");
    if (f->lost) add(q, " AND m.lost_contact = 1");
    if (f->age && *f->age) {
        age_bounds(ctx->today, f->age, s->age_lo, s->age_hi);
        if (!s->age_lo[0])
            return jc_failf(err, 400, "BAD_FILTER", "age", "", "筛选条件 age 的值「%s」无效",
                            "filter age: unknown value \"%s\"", f->age);
        cond(q, "m.birth_date > ?%d", s->age_lo);
        cond(q, "m.birth_date <= ?%d", s->age_hi);
    }
    return JC_OK;
}

static const char *order_by(const char *sort, jc_err *err)
{
    static const struct { const char *k, *sql; } sorts[] = {
        {"", " ORDER BY o.path, m.id"},
        {"org", " ORDER BY o.path, m.id"},
        {"org_code", " ORDER BY o.code, m.id"},
        {"name", " ORDER BY m.name_pinyin, m.id"},
        {"-name", " ORDER BY m.name_pinyin DESC, m.id DESC"},
        {"birth_date", " ORDER BY m.birth_date, m.id"},
        {"-birth_date", " ORDER BY m.birth_date DESC, m.id DESC"},
        {"joined_on", " ORDER BY m.joined_on, m.id"},
        {"-joined_on", " ORDER BY m.joined_on DESC, m.id DESC"},
        {"id", " ORDER BY m.id"},
        {"-id", " ORDER BY m.id DESC"},
    };
    size_t i;
    for (i = 0; i < sizeof sorts / sizeof sorts[0]; i++)
        if (!strcmp(sorts[i].k, sort ? sort : "")) return sorts[i].sql;
    jc_failf(err, 400, "BAD_PARAM", "sort", "", "不支持的排序：%s", "unsupported sort: %s", sort);
    return NULL;
}

static int run_count(jc_ctx *ctx, const sqlbuf *where, int64_t *total, jc_err *err)
{
    char sql[4600];
    jc_stmt *st;
    int i, rc;
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT 1 FROM member m JOIN org o ON "
             "o.id = m.org_id%s LIMIT %d)", where->s, COUNT_CAP + 1);
    if (jc_db_stmt_dyn(ctx->db, sql, &st, err) != JC_OK) return JC_FAIL;
    for (i = 0; i < where->ntexts; i++) jc_bind_text(st, i + 1, where->texts[i]);
    rc = jc_step(st, err);
    if (rc == JC_ROW) *total = jc_col_int(st, 0);
    jc_stmt_reset(st);
    jc_stmt_free(st);
    return rc == JC_ROW ? JC_OK : JC_FAIL;
}

int jc_member_list(jc_ctx *ctx, const jc_member_query *f, jc_member_row_fn fn, void *arg,
                   int64_t *total, int *capped, jc_err *err)
{
    jc_member_list_state s;
    sqlbuf where = {0};
    char sql[4800];
    const char *order = order_by(f->sort, err);
    jc_stmt *st;
    int i, rc;
    if (!order) return JC_FAIL;
    memset(&s, 0, sizeof s);
    snprintf(s.hi, sizeof s.hi, "%s~", f->org_path);
    snprintf(s.org_id_text, sizeof s.org_id_text, "%lld", (long long)f->org_id);
    if (build_where(ctx, f, &where, &s, err) != JC_OK) return JC_FAIL;
    if (total) {
        if (f->total_hint >= 0) *total = f->total_hint;
        else if (run_count(ctx, &where, total, err) != JC_OK) return JC_FAIL;
        if (capped) *capped = *total > COUNT_CAP;
        if (*total > COUNT_CAP) *total = COUNT_CAP;
    }
    snprintf(sql, sizeof sql, "SELECT " JC_MEMBER_COLS JC_MEMBER_FROM "%s%s LIMIT %ld OFFSET %ld",
             where.s, order, f->size, f->offset);
    if (jc_db_stmt_dyn(ctx->db, sql, &st, err) != JC_OK) return JC_FAIL;
    for (i = 0; i < where.ntexts; i++) jc_bind_text(st, i + 1, where.texts[i]);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jc_member_row row;
        jc_member_row_read(st, &row);
        if (fn(arg, &row)) break;
    }
    jc_stmt_reset(st);
    jc_stmt_free(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}
