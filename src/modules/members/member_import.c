/*
 * member_import.c — importing member ledgers (CSV, UTF-8 or GB18030; Chinese or English
 * header). Every row is validated as an API create would be; without skip_invalid
 * nothing is written when any row fails, and with it the good rows are. All in one
 * transaction. For speed on million-row files the org and group codes are resolved
 * through an in-memory cache, ID numbers already seen in the file through a hash set,
 * and the roll-up deltas are summed per org and applied once at the end.
 */
#include "modules/members/member_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_ctx.h"
#include "domain/idnum.h"
#include "domain/rollup.h"
#include "modules/stats/stats.h"
#include "util/mem.h"
#include "util/strmap.h"

typedef struct org_entry {
    int64_t id;
    int ok;                      /* an active branch (members may join) */
    int64_t parent_id;
    char type[24], field[24];
    char path[JC_PATH_MAX];
    jc_rollup delta;             /* what this import adds under it */
    int touched;
} org_entry;

typedef struct import_state {
    jc_ctx *ctx;
    jc_strmap orgs;              /* code → org_entry* (owned) */
    jc_strmap names;             /* name → org_entry* (borrowed), for files that name the branch */
    jc_strmap ids;               /* ID numbers seen in this file → (void*)1 */
    int64_t batch;
} import_state;

/* The orgs a row may name: those of the importing account's subtree (a row naming any
 * other org is told it does not exist, as for a missing one). */
static int load_orgs(import_state *s, jc_err *err)
{
    static const char *SQL =
        "SELECT id, code, name, type, coalesce(field,''), path, coalesce(parent_id,0), "
        "dissolved_on IS NULL FROM org WHERE path >= ?1 AND path < ?2";
    const char *lo = s->ctx->scope_path ? s->ctx->scope_path : "/";
    char hi[JC_PATH_MAX + 2];
    jc_stmt *st;
    int rc;
    jc_orgs_subtree_bounds(lo, hi, sizeof hi);
    if (jc_db_stmt(s->ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, lo);
    jc_bind_text(st, 2, hi);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        org_entry *e = xcalloc(1, sizeof *e);
        const char *name = jc_col_text(st, 2);
        e->id = jc_col_int(st, 0);
        snprintf(e->type, sizeof e->type, "%s", jc_col_text(st, 3));
        snprintf(e->field, sizeof e->field, "%s", jc_col_text(st, 4));
        snprintf(e->path, sizeof e->path, "%s", jc_col_text(st, 5));
        e->parent_id = jc_col_int(st, 6);
        e->ok = (int)jc_col_int(st, 7);
        free(jc_strmap_put(&s->orgs, jc_col_text(st, 1), e));
        /* a name shared by two orgs cannot identify one: mark it ambiguous */
        if (e->ok) jc_strmap_put(&s->names, name, jc_strmap_get(&s->names, name) ? (void *)1 : e);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static org_entry *find_org(import_state *s, const char *code_or_name)
{
    org_entry *e = jc_strmap_get(&s->orgs, code_or_name);
    if (e) return e;
    e = jc_strmap_get(&s->names, code_or_name);
    return e == (void *)1 ? NULL : e;
}

static int resolve(import_state *s, jc_member *m, org_entry **org, jc_err *err)
{
    org_entry *e = find_org(s, m->org_code), *g;
    if (!e)
        return jc_failf(err, 422, "ORG_NOT_FOUND", "org", "", "所在党支部「%s」不存在（按组织代码或唯一名称查找）",
                        "org \"%s\" not found (by code or unique name)", m->org_code);
    if (!e->ok || !jc_org_is_branch(e->type))
        return jc_failf(err, 422, "ORG_NOT_BRANCH", "org", "ID-04",
                        "所在党支部「%s」不是未撤销的党支部", "org \"%s\" is not an active branch", m->org_code);
    m->org_id = e->id;
    m->group_id = 0;
    if (m->group_code[0]) {
        g = find_org(s, m->group_code);
        if (!g || !g->ok || strcmp(g->type, "group") || g->parent_id != e->id)
            return jc_failf(err, 422, "GROUP_NOT_IN_BRANCH", "group", "",
                            "党小组「%s」不是该党支部下的党小组", "group \"%s\" is not a group of the branch",
                            m->group_code);
        m->group_id = g->id;
    }
    *org = e;
    return JC_OK;
}

static int id_taken(import_state *s, const char *idn, jc_err *err)
{
    static const char *SQL = "SELECT 1 FROM member WHERE id_number = ?1";
    jc_stmt *st;
    int rc;
    if (jc_strmap_get(&s->ids, idn))
        return jc_fail(err, 409, "ID_NUMBER_TAKEN", "id_number", "ID-01",
                       "公民身份号码在本文件中重复出现", "id_number: appears twice in this file");
    if (jc_db_stmt(s->ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, idn);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc == JC_ROW)
        return jc_fail(err, 409, "ID_NUMBER_TAKEN", "id_number", "ID-01",
                       "公民身份号码已登记在另一名党员名下", "id_number: already recorded for another member");
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* Validate one parsed row; on success *org is its branch. While rows are being
 * written (writing != 0), ID numbers already in the database or earlier in the file are
 * caught by the UNIQUE index at insert time, which saves a lookup per row; once writing
 * stops (a bad row without skip_invalid) they are looked up. */
static int check_row(import_state *s, jc_member *m, org_entry **org, int writing, jc_err *err)
{
    if (jc_member_prepare(m, s->ctx->today, err) != JC_OK) return JC_FAIL;
    if (jc_member_validate(m, s->ctx->today, err) != JC_OK) return JC_FAIL;
    if (resolve(s, m, org, err) != JC_OK) return JC_FAIL;
    return writing ? JC_OK : id_taken(s, m->id_number, err);
}

/* Insert a checked row; an ID number the UNIQUE index refuses is the row's error. */
static int insert_row(import_state *s, const jc_member *m, int *dup, jc_err *err)
{
    *dup = 0;
    if (jc_members_insert(s->ctx, m, s->batch, NULL, err) == JC_OK) return JC_OK;
    if (err->status != JC_HTTP_CONFLICT) return JC_FAIL;
    *dup = 1;
    return jc_fail(err, 409, "ID_NUMBER_TAKEN", "id_number", "ID-01",
                   "公民身份号码重复：已登记在另一名党员名下，或在本文件中出现两次",
                   "id_number: already recorded for another member, or twice in this file");
}

static void count_row(import_state *s, const jc_member *m, org_entry *org)
{
    jc_member_facts f;
    f.category = m->category;
    f.sex = m->sex;
    f.education = m->education;
    f.ethnicity = m->ethnicity;
    f.status = m->status[0] ? m->status : "normal";
    f.field = org->field;
    f.birth_date = m->birth_date;
    f.mobile = m->mobile;
    f.lost_contact = m->lost_contact;
    jc_rollup_add_member(&org->delta, &f, s->ctx->today, +1);
    org->touched = 1;
}

static int apply_deltas(import_state *s, jc_err *err)
{
    size_t i;
    for (i = 0; i < s->orgs.cap; i++) {
        org_entry *e = s->orgs.vals[i];
        if (!s->orgs.keys[i] || !e->touched) continue;
        if (jc_stats_apply(s->ctx->db, e->path, &e->delta, err) != JC_OK) return JC_FAIL;
    }
    return JC_OK;
}

static int new_batch(import_state *s, const char *file_name, jc_err *err)
{
    static const char *SQL =
        "INSERT INTO import_batch(kind, file_name, rows_ok, rows_bad, at, actor) "
        "VALUES ('members', ?1, 0, 0, ?2, ?3) RETURNING id";
    jc_stmt *st;
    char now[32];
    int rc;
    if (jc_db_stmt(s->ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    jc_bind_text_empty(st, 1, file_name ? file_name : "");
    jc_bind_text(st, 2, now);
    jc_bind_text(st, 3, s->ctx->actor);
    rc = jc_step(st, err);
    if (rc == JC_ROW) s->batch = jc_col_int(st, 0);
    jc_stmt_reset(st);
    return rc == JC_ROW ? JC_OK : JC_FAIL;
}

static int finish_batch(import_state *s, const jc_import_report *r, jc_err *err)
{
    static const char *SQL = "UPDATE import_batch SET rows_ok = ?1, rows_bad = ?2 WHERE id = ?3";
    jc_stmt *st;
    if (jc_db_stmt(s->ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, r->ok);
    jc_bind_int(st, 2, r->bad);
    jc_bind_int(st, 3, s->batch);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

static const char *const IGNORED[] = {"id", "org_name", "所在党支部名称", "age", "version", NULL};
static const char *const OPTIONAL[] = {NULL};

/* Read every row; insert the good ones while no row has failed (or always with
 * skip_invalid). Returns JC_FAIL only for a broken file or a database fault. */
static int run_rows(import_state *s, jc_import_file *f, int skip_invalid, jc_import_err_fn on_err,
                    void *arg, jc_import_report *rep, jc_err *err)
{
    for (;;) {
        jc_member m;
        org_entry *org = NULL;
        jc_err rowerr;
        long line;
        int bad, rc;
        jc_member_init(&m);
        jc_err_clear(&rowerr);
        rc = jc_import_next(f, &m, &line, &bad, err);
        if (rc == 0) return JC_OK;
        if (rc < 0) return JC_FAIL;
        int writing = !rep->bad || skip_invalid, dup = 0;
        rep->rows++;
        if (!bad && check_row(s, &m, &org, writing, &rowerr) != JC_OK) {
            if (rowerr.status >= 500) { *err = rowerr; return JC_FAIL; }
            bad = 1;
        }
        if (!bad && writing && insert_row(s, &m, &dup, &rowerr) != JC_OK) {
            if (!dup) { *err = rowerr; return JC_FAIL; }
            bad = 1;
        }
        if (bad) {
            jc_err *e = jc_err_is_set(&rowerr) ? &rowerr : err;
            rep->bad++;
            if (on_err) on_err(arg, line, jc_import_column(f, e->field), e);
            continue;
        }
        rep->ok++;
        if (!writing) {
            jc_strmap_put(&s->ids, m.id_number, (void *)1); /* seen, not written */
            continue;
        }
        count_row(s, &m, org);
    }
}

int jc_members_import(jc_ctx *ctx, const char *data, size_t len, const char *file_name,
                      int skip_invalid, jc_import_err_fn on_err, void *arg,
                      jc_import_report *rep, jc_err *err)
{
    import_state s;
    jc_import_file f;
    int rc, own = 0;
    memset(rep, 0, sizeof *rep);
    memset(&s, 0, sizeof s);
    s.ctx = ctx;
    jc_strmap_init(&s.orgs);
    jc_strmap_init(&s.names);
    jc_strmap_init(&s.ids);
    rc = jc_import_open(data, len, jc_member_field_table, jc_member_field_count, OPTIONAL, IGNORED,
                        &f, err);
    if (rc == JC_OK) rc = jc_tx_begin(ctx->db, &own, err);
    if (rc == JC_OK) rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = load_orgs(&s, err);
    if (rc == JC_OK) rc = new_batch(&s, file_name, err);
    if (rc == JC_OK) rc = run_rows(&s, &f, skip_invalid, on_err, arg, rep, err);
    if (rc == JC_OK) rc = apply_deltas(&s, err);
    if (rc == JC_OK) rc = finish_batch(&s, rep, err);
    if (rc == JC_OK && !(rep->bad && !skip_invalid))
        rc = jc_audit_import(ctx, "member.import", file_name, rep->rows, rep->ok, rep->bad,
                             skip_invalid, s.batch, err);
    /* Nothing is written when a row failed and skip_invalid is off. */
    if (rc == JC_OK && rep->bad && !skip_invalid) {
        rc = jc_tx_end(ctx->db, own, JC_FAIL, err);
        rc = JC_OK;
    } else {
        rc = jc_tx_end(ctx->db, own, rc, err);
        rep->written = rc == JC_OK && rep->ok > 0;
    }
    jc_import_close(&f);
    jc_strmap_free(&s.orgs, free);
    jc_strmap_free(&s.names, NULL);
    jc_strmap_free(&s.ids, NULL);
    return rc;
}
