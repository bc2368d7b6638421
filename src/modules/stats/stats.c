/*
 * stats.c — the roll-up table org_rollup (see stats.h). Each org's row counts its
 * whole subtree, so reading the figures of any node, the root of a national tree
 * included, is one primary-key lookup. Writers keep it exact: every change adds a
 * delta to the changed org and its ancestors (their ids are in its materialized path)
 * inside the change's own transaction. Bulk loads rebuild it in one pass.
 */
#include "modules/stats/stats.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/codes.h"
#include "util/mem.h"

/* ---- SQL built once from rollup.def ---------------------------------------------- */

static char sql_apply[4096];   /* UPDATE org_rollup SET c=c+?i ... WHERE org_id=?N */
static char sql_insert[4096];  /* INSERT INTO org_rollup(org_id, c...) VALUES (?1, ...) */
static char sql_select[4096];  /* SELECT c... FROM org_rollup WHERE org_id=?1 */
static pthread_once_t sql_once = PTHREAD_ONCE_INIT;

static void build_sql(void)
{
    size_t a, b, c;
    int i;
    a = (size_t)snprintf(sql_apply, sizeof sql_apply, "UPDATE org_rollup SET ");
    b = (size_t)snprintf(sql_insert, sizeof sql_insert, "INSERT INTO org_rollup(org_id");
    c = (size_t)snprintf(sql_select, sizeof sql_select, "SELECT ");
    for (i = 0; i < JC_RU_COUNT; i++) {
        const char *col = jc_rollup_buckets[i].col;
        a += (size_t)snprintf(sql_apply + a, sizeof sql_apply - a, "%s%s=%s+?%d",
                              i ? "," : "", col, col, i + 1);
        b += (size_t)snprintf(sql_insert + b, sizeof sql_insert - b, ",%s", col);
        c += (size_t)snprintf(sql_select + c, sizeof sql_select - c, "%s%s", i ? "," : "", col);
    }
    snprintf(sql_apply + a, sizeof sql_apply - a, " WHERE org_id=?%d", JC_RU_COUNT + 1);
    b += (size_t)snprintf(sql_insert + b, sizeof sql_insert - b, ") VALUES (?1");
    for (i = 0; i < JC_RU_COUNT; i++)
        b += (size_t)snprintf(sql_insert + b, sizeof sql_insert - b, ",?%d", i + 2);
    snprintf(sql_insert + b, sizeof sql_insert - b, ")");
    snprintf(sql_select + c, sizeof sql_select - c, " FROM org_rollup WHERE org_id=?1");
}

static void sql_ready(void)
{
    pthread_once(&sql_once, build_sql);
}

/* ---- applying deltas --------------------------------------------------------------- */

static int apply_one(jc_db *db, int64_t org_id, const jc_rollup *d, jc_err *err)
{
    jc_stmt *st;
    int i;
    if (jc_db_stmt(db, sql_apply, &st, err) != JC_OK) return JC_FAIL;
    for (i = 0; i < JC_RU_COUNT; i++) jc_bind_int(st, i + 1, d->v[i]);
    jc_bind_int(st, JC_RU_COUNT + 1, org_id);
    if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    jc_stmt_reset(st);
    return JC_OK;
}

int jc_stats_apply(jc_db *db, const char *path, const jc_rollup *delta, jc_err *err)
{
    const char *p = path;
    sql_ready();
    if (jc_rollup_is_zero(delta)) return JC_OK;
    while (p && *p) {
        char *end;
        long long id;
        if (*p == '/') { p++; continue; }
        id = strtoll(p, &end, 10);
        if (end == p) return jc_fail_internal(err, "stats_apply", "malformed path");
        if (apply_one(db, id, delta, err) != JC_OK) return JC_FAIL;
        p = end;
    }
    return JC_OK;
}

int jc_stats_init_org(jc_db *db, int64_t org_id, jc_err *err)
{
    static const char *SQL = "INSERT INTO org_rollup(org_id) VALUES (?1)";
    jc_stmt *st;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

int jc_stats_get(jc_db *db, int64_t org_id, jc_rollup *out, jc_err *err)
{
    jc_stmt *st;
    int i, rc;
    sql_ready();
    memset(out, 0, sizeof *out);
    if (jc_db_stmt(db, sql_select, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW)
        for (i = 0; i < JC_RU_COUNT; i++) out->v[i] = jc_col_int(st, i);
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* ---- meta: the date the age bands are computed for ---------------------------------- */

static int meta_get_date(jc_db *db, jc_date *out, jc_err *err)
{
    static const char *SQL = "SELECT value FROM meta WHERE key='rollup_as_of'";
    jc_stmt *st;
    int rc;
    *out = JC_DATE_NONE;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) *out = jc_col_date(st, 0);
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int meta_set_date(jc_db *db, jc_date d, jc_err *err)
{
    static const char *SQL = "INSERT INTO meta(key, value) VALUES ('rollup_as_of', ?1) "
                             "ON CONFLICT(key) DO UPDATE SET value=excluded.value";
    jc_stmt *st;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_date(st, 1, d);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

/* ---- rebuild ------------------------------------------------------------------------ */

typedef struct org_slot {
    int64_t parent;      /* index+1 of the parent in the slot array, 0 for a root */
    int depth;
    int active;
    char type[24], field[24];
    jc_rollup *r;        /* owned; NULL until something is counted */
} org_slot;

typedef struct rebuild_state {
    org_slot *slots;     /* indexed by org id */
    int64_t max_id;
    int max_depth;
} rebuild_state;

static jc_rollup *slot_vec(org_slot *s)
{
    if (!s->r) s->r = xcalloc(1, sizeof *s->r);
    return s->r;
}

static int load_orgs(jc_db *db, rebuild_state *rs, jc_err *err)
{
    static const char *SQL =
        "SELECT id, coalesce(parent_id, 0), depth, dissolved_on IS NULL, type, coalesce(field,'') "
        "FROM org";
    jc_stmt *st;
    int rc;
    if (jc_db_query_int(db, "SELECT coalesce(max(id),0) FROM org", &rs->max_id, err) != JC_OK)
        return JC_FAIL;
    rs->slots = xcalloc((size_t)rs->max_id + 1, sizeof *rs->slots);
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    while ((rc = jc_step(st, err)) == JC_ROW) {
        org_slot *s = &rs->slots[jc_col_int(st, 0)];
        s->parent = jc_col_int(st, 1);
        s->depth = (int)jc_col_int(st, 2);
        s->active = (int)jc_col_int(st, 3);
        snprintf(s->type, sizeof s->type, "%s", jc_col_text(st, 4));
        snprintf(s->field, sizeof s->field, "%s", jc_col_text(st, 5));
        if (s->depth > rs->max_depth) rs->max_depth = s->depth;
        if (s->active) jc_rollup_add_org(slot_vec(s), s->type, s->field, +1);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

void jc_stats_read_facts(jc_stmt *st, int col, jc_member_facts *f)
{
    f->category = jc_col_text(st, col);
    f->sex = jc_col_text(st, col + 1);
    f->birth_date = jc_col_date(st, col + 2);
    f->education = jc_col_text(st, col + 3);
    f->ethnicity = jc_col_text(st, col + 4);
    f->status = jc_col_text(st, col + 5);
    f->mobile = (int)jc_col_int(st, col + 6);
    f->lost_contact = (int)jc_col_int(st, col + 7);
    f->field = NULL;
}

static int count_members(jc_db *db, rebuild_state *rs, jc_date as_of, jc_err *err)
{
    static const char *SQL = "SELECT org_id, " JC_FACT_COLS " FROM member";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    while ((rc = jc_step(st, err)) == JC_ROW) {
        int64_t org = jc_col_int(st, 0);
        jc_member_facts f;
        if (org < 1 || org > rs->max_id) continue;
        jc_stats_read_facts(st, 1, &f);
        f.field = rs->slots[org].field;
        jc_rollup_add_member(slot_vec(&rs->slots[org]), &f, as_of, +1);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* Add every org's counts to its parent, deepest level first. */
static void propagate(rebuild_state *rs)
{
    int depth;
    int64_t id;
    for (depth = rs->max_depth; depth > 0; depth--)
        for (id = 1; id <= rs->max_id; id++) {
            org_slot *s = &rs->slots[id];
            if (s->depth != depth || !s->r || !s->parent) continue;
            jc_rollup_merge(slot_vec(&rs->slots[s->parent]), s->r, +1);
        }
}

static int write_rows(jc_db *db, rebuild_state *rs, jc_err *err)
{
    jc_stmt *st;
    int64_t id;
    int i;
    static const jc_rollup zero;
    if (jc_db_exec(db, "DELETE FROM org_rollup", err) != JC_OK) return JC_FAIL;
    for (id = 1; id <= rs->max_id; id++) {
        org_slot *s = &rs->slots[id];
        const jc_rollup *r = s->r ? s->r : &zero;
        if (!s->type[0]) continue; /* no org with this id */
        if (jc_db_stmt(db, sql_insert, &st, err) != JC_OK) return JC_FAIL;
        jc_bind_int(st, 1, id);
        for (i = 0; i < JC_RU_COUNT; i++) jc_bind_int(st, i + 2, r->v[i]);
        if (jc_step(st, err) != JC_DONE) return JC_FAIL;
        jc_stmt_reset(st);
    }
    return JC_OK;
}

int jc_stats_rebuild(jc_db *db, jc_date as_of, jc_err *err)
{
    rebuild_state rs = {0};
    int rc = JC_FAIL, own_tx = !jc_db_in_tx(db);
    int64_t id;
    sql_ready();
    if (own_tx && jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    if (load_orgs(db, &rs, err) != JC_OK) goto cleanup;
    if (count_members(db, &rs, as_of, err) != JC_OK) goto cleanup;
    propagate(&rs);
    if (write_rows(db, &rs, err) != JC_OK) goto cleanup;
    if (meta_set_date(db, as_of, err) != JC_OK) goto cleanup;
    rc = JC_OK;
cleanup:
    for (id = 0; rs.slots && id <= rs.max_id; id++) free(rs.slots[id].r);
    free(rs.slots);
    if (own_tx) {
        if (rc == JC_OK) rc = jc_db_commit(db, err);
        else jc_db_rollback(db);
    }
    return rc;
}

/* ---- advancing age bands day by day -------------------------------------------------- */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Members born on month-day md who, on day `on`, reach an age at which their band moves. */
static int advance_birthday(jc_db *db, const char *md, jc_date on, jc_err *err)
{
    static const char *SQL =
        "SELECT m.birth_date, o.path FROM member m JOIN org o ON o.id = m.org_id "
        "WHERE substr(m.birth_date, 6, 5) = ?1";
    jc_stmt *st;
    int rc, nb, k;
    const int *bounds = jc_rollup_boundary_ages(&nb);
    char path[512];
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, md);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jc_date birth = jc_col_date(st, 0);
        int age = jc_age_on(birth, on);
        jc_rollup d;
        for (k = 0; k < nb && bounds[k] != age; k++) {}
        if (k == nb) continue;
        memset(&d, 0, sizeof d);
        d.v[jc_rollup_age_col(age - 1)] -= 1;
        d.v[jc_rollup_age_col(age)] += 1;
        if (age == 60) d.v[JC_RU_m_age_ge60] += 1;
        snprintf(path, sizeof path, "%s", jc_col_text(st, 1));
        /* apply_one runs other statements; this cursor stays valid in SQLite. */
        if (jc_stats_apply(db, path, &d, err) != JC_OK) {
            jc_stmt_reset(st);
            return JC_FAIL;
        }
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static pthread_mutex_t advance_lock = PTHREAD_MUTEX_INITIALIZER;

static int advance_locked(jc_db *db, jc_date today, jc_err *err)
{
    jc_date as_of;
    long day, from, to;
    if (meta_get_date(db, &as_of, err) != JC_OK) return JC_FAIL;
    if (jc_date_is_set(as_of) && jc_date_cmp(as_of, today) == 0) return JC_OK;
    /* Behind by more than ~a year, or ahead (a clock set back): recompute. */
    if (jc_date_is_set(as_of) && jc_date_cmp(as_of, today) > 0) return jc_stats_rebuild(db, today, err);
    from = jc_date_is_set(as_of) ? jc_date_to_days(as_of) : 0;
    to = jc_date_to_days(today);
    if (!from || to - from > 400) return jc_stats_rebuild(db, today, err);
    for (day = from + 1; day <= to; day++) {
        jc_date d = jc_date_from_days(day);
        char md[8];
        snprintf(md, sizeof md, "%02d-%02d", d.m, d.d);
        if (advance_birthday(db, md, d, err) != JC_OK) return JC_FAIL;
        /* In a common year, a Feb 29 birthday is reached on Mar 1 (jc_age_on). */
        if (d.m == 3 && d.d == 1 && !is_leap(d.y) && advance_birthday(db, "02-29", d, err) != JC_OK)
            return JC_FAIL;
    }
    return meta_set_date(db, today, err);
}

int jc_stats_advance(jc_db *db, jc_date today, jc_err *err)
{
    int rc, own_tx = !jc_db_in_tx(db);
    jc_date as_of;
    /* Fast path without the write lock: already current. */
    if (own_tx) {
        if (meta_get_date(db, &as_of, err) != JC_OK) return JC_FAIL;
        if (jc_date_is_set(as_of) && jc_date_cmp(as_of, today) == 0) return JC_OK;
    }
    sql_ready();
    pthread_mutex_lock(&advance_lock);
    if (own_tx && jc_db_begin(db, err) != JC_OK) {
        pthread_mutex_unlock(&advance_lock);
        return JC_FAIL;
    }
    rc = advance_locked(db, today, err);
    if (own_tx) {
        if (rc == JC_OK) rc = jc_db_commit(db, err);
        else jc_db_rollback(db);
    }
    pthread_mutex_unlock(&advance_lock);
    return rc;
}
