/*
 * member_store.c — reading and writing member records (see members.h). A record's
 * first version is its row (created_at, created_by, import_batch); every later change
 * adds a member_history row holding the changed fields before and after, so the whole
 * history is readable. Roll-up deltas go with each change.
 */
#include "modules/members/members.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_ctx.h"
#include "core/jfields.h"
#include "domain/codes.h"
#include "domain/idnum.h"
#include "domain/rollup.h"
#include "modules/members/member_sql.h"
#include "modules/stats/stats.h"
#include "util/mem.h"
#include "util/pinyin.h"

/* Bounded copy without printf: row reading is on the list endpoint's hot path. */
static void copy(char *dst, size_t cap, const char *src)
{
    size_t n = src ? strlen(src) : 0;
    if (n >= cap) n = cap - 1;
    memcpy(dst, src ? src : "", n);
    dst[n] = '\0';
}

void jc_member_row_read(jc_stmt *st, jc_member_row *r)
{
    jc_member *m = &r->m;
    jc_member_init(m);
    m->id = jc_col_int(st, 0);
    m->org_id = jc_col_int(st, 1);
    m->group_id = jc_col_int(st, 2);
    copy(m->org_code, sizeof m->org_code, jc_col_text(st, 3));
    copy(m->group_code, sizeof m->group_code, jc_col_text(st, 4));
    copy(r->org_name, sizeof r->org_name, jc_col_text(st, 5));
    copy(r->org_path, sizeof r->org_path, jc_col_text(st, 6));
    copy(r->org_field, sizeof r->org_field, jc_col_text(st, 7));
    copy(m->name, sizeof m->name, jc_col_text(st, 8));
    copy(m->sex, sizeof m->sex, jc_col_text(st, 9));
    copy(m->ethnicity, sizeof m->ethnicity, jc_col_text(st, 10));
    copy(m->id_number, sizeof m->id_number, jc_col_text(st, 11));
    m->birth_date = jc_col_date(st, 12);
    copy(m->education, sizeof m->education, jc_col_text(st, 13));
    copy(m->degree, sizeof m->degree, jc_col_text(st, 14));
    copy(m->category, sizeof m->category, jc_col_text(st, 15));
    m->joined_on = jc_col_date(st, 16);
    m->full_on = jc_col_date(st, 17);
    copy(m->job, sizeof m->job, jc_col_text(st, 18));
    copy(m->phone, sizeof m->phone, jc_col_text(st, 19));
    copy(m->address, sizeof m->address, jc_col_text(st, 20));
    copy(m->status, sizeof m->status, jc_col_text(st, 21));
    m->lost_contact = (int)jc_col_int(st, 22);
    m->lost_on = jc_col_date(st, 23);
    m->mobile = (int)jc_col_int(st, 24);
    copy(m->mobile_destination, sizeof m->mobile_destination, jc_col_text(st, 25));
    copy(m->native_place, sizeof m->native_place, jc_col_text(st, 26));
    m->work_started_on = jc_col_date(st, 27);
    m->version = (int)jc_col_int(st, 28);
    copy(r->created_at, sizeof r->created_at, jc_col_text(st, 29));
    copy(r->created_by, sizeof r->created_by, jc_col_text(st, 30));
    copy(r->updated_at, sizeof r->updated_at, jc_col_text(st, 31));
}

static int not_found(int64_t id, jc_err *err)
{
    return jc_failf(err, JC_HTTP_NOT_FOUND, "MEMBER_NOT_FOUND", "id", "", "党员不存在：%lld",
                    "member not found: %lld", (long long)id);
}

int jc_members_get(jc_ctx *ctx, int64_t id, jc_member_row *out, jc_err *err)
{
    static const char *SQL = "SELECT " JC_MEMBER_COLS JC_MEMBER_FROM " WHERE m.id = ?1";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    if (ctx->self_member_id && id != ctx->self_member_id) return not_found(id, err); /* self */
    rc = jc_step(st, err);
    if (rc == JC_ROW) jc_member_row_read(st, out);
    jc_stmt_reset(st);
    /* Outside the account's subtree is the same answer as missing (no IDOR oracle). */
    if (rc == JC_ROW && !jc_ctx_in_scope(ctx, out->org_path)) rc = JC_DONE;
    if (rc == JC_DONE) return not_found(id, err);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* ---- checks ------------------------------------------------------------------------ */

static int resolve_org(jc_ctx *ctx, jc_member *m, jc_org_row *org, jc_err *err)
{
    if (!m->org_code[0])
        return jc_fail(err, 422, "REQUIRED", "org", "ID-04", "所在党支部：必填", "org: required");
    if (jc_orgs_get(ctx, m->org_code, "org", org, err) != JC_OK) {
        if (err && err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
        return JC_FAIL;
    }
    if (jc_date_is_set(org->org.dissolved_on))
        return jc_failf(err, 422, "ORG_DISSOLVED", "org", "", "所在党支部已撤销：%s",
                        "org: %s is dissolved", m->org_code);
    if (!jc_org_is_branch(org->org.type))
        return jc_failf(err, 422, "ORG_NOT_BRANCH", "org", "ID-04",
                        "所在党支部：%s 不是党支部（党员编入党支部）",
                        "org: %s is not a branch (members belong to a branch)", m->org_code);
    m->org_id = org->org.id;
    return JC_OK;
}

static int resolve_group(jc_ctx *ctx, jc_member *m, jc_err *err)
{
    jc_org_row g;
    m->group_id = 0;
    if (!m->group_code[0]) return JC_OK;
    if (jc_orgs_get(ctx, m->group_code, "group", &g, err) != JC_OK) {
        if (err && err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
        return JC_FAIL;
    }
    if (strcmp(g.org.type, "group") || g.org.parent_id != m->org_id ||
        jc_date_is_set(g.org.dissolved_on))
        return jc_failf(err, 422, "GROUP_NOT_IN_BRANCH", "group", "",
                        "党小组：%s 不是该党支部下的党小组", "group: %s is not a group of the member's branch",
                        m->group_code);
    m->group_id = g.org.id;
    return JC_OK;
}

static int id_number_free(jc_ctx *ctx, const char *idn, int64_t self_id, jc_err *err)
{
    static const char *SQL = "SELECT id FROM member WHERE id_number = ?1 AND id <> ?2";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, idn);
    jc_bind_int(st, 2, self_id);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc == JC_ROW)
        return jc_fail(err, JC_HTTP_CONFLICT, "ID_NUMBER_TAKEN", "id_number", "ID-01",
                       "公民身份号码已登记在另一名党员名下", "id_number: already recorded for another member");
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_members_check(jc_ctx *ctx, jc_member *m, int64_t self_id, jc_org_row *org, jc_err *err)
{
    if (jc_member_prepare(m, ctx->today, err) != JC_OK) return JC_FAIL;
    if (jc_member_validate(m, ctx->today, err) != JC_OK) return JC_FAIL;
    if (resolve_org(ctx, m, org, err) != JC_OK) return JC_FAIL;
    if (resolve_group(ctx, m, err) != JC_OK) return JC_FAIL;
    return id_number_free(ctx, m->id_number, self_id, err);
}

/* ---- writing ------------------------------------------------------------------------ */

/* Binds point into m (no copies): m must outlive the step. */
static void bind_record(jc_stmt *st, const jc_member *m)
{
    char py[JC_PINYIN_KEY_CAP];
    jc_pinyin_key(m->name, py, sizeof py);
    jc_bind_int(st, 1, m->org_id);
    if (m->group_id) jc_bind_int(st, 2, m->group_id);
    else jc_bind_null(st, 2);
    jc_bind_text_static(st, 3, m->name);
    jc_bind_text_empty(st, 4, py); /* local buffer: copied; never NULL */
    jc_bind_text_static(st, 5, m->sex);
    jc_bind_text_static(st, 6, m->ethnicity);
    jc_bind_text_static(st, 7, m->id_number);
    jc_bind_date(st, 8, m->birth_date);
    jc_bind_text_static(st, 9, m->education);
    jc_bind_text_static(st, 10, m->degree);
    jc_bind_text_static(st, 11, m->category);
    jc_bind_date(st, 12, m->joined_on);
    jc_bind_date(st, 13, m->full_on);
    jc_bind_text_static(st, 14, m->job);
    jc_bind_text_static(st, 15, m->phone);
    jc_bind_text_static(st, 16, m->address);
    jc_bind_text_static(st, 17, m->status[0] ? m->status : "normal");
    jc_bind_int(st, 18, m->lost_contact);
    jc_bind_date(st, 19, m->lost_on);
    jc_bind_int(st, 20, m->mobile);
    jc_bind_text_static(st, 21, m->mobile_destination);
    jc_bind_text_static(st, 22, m->native_place);
    jc_bind_date(st, 23, m->work_started_on);
}

int jc_members_insert(jc_ctx *ctx, const jc_member *m, int64_t import_batch, int64_t *id,
                      jc_err *err)
{
    static const char *SQL =
        "INSERT INTO member(org_id, group_id, name, name_pinyin, sex, ethnicity, id_number, "
        "birth_date, education, degree, category, joined_on, full_on, job, phone, address, status, "
        "lost_contact, lost_on, mobile, mobile_destination, native_place, work_started_on, "
        "version, created_at, created_by, updated_at, import_batch) VALUES (?1, ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, 1, "
        "?24, ?25, ?24, ?26) RETURNING id";
    jc_stmt *st;
    char now[32];
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    bind_record(st, m);
    jc_bind_text(st, 24, now);
    jc_bind_text(st, 25, ctx->actor);
    if (import_batch) jc_bind_int(st, 26, import_batch);
    rc = jc_step(st, err);
    if (rc == JC_ROW && id) *id = jc_col_int(st, 0);
    jc_stmt_reset(st);
    return rc == JC_ROW ? JC_OK : JC_FAIL;
}

static jc_member_facts facts_of(const jc_member *m, const char *field)
{
    jc_member_facts f;
    f.category = m->category;
    f.sex = m->sex;
    f.education = m->education;
    f.ethnicity = m->ethnicity;
    f.status = m->status[0] ? m->status : "normal";
    f.field = field;
    f.birth_date = m->birth_date;
    f.mobile = m->mobile;
    f.lost_contact = m->lost_contact;
    return f;
}

static int apply_member(jc_ctx *ctx, const jc_member *m, const char *path, const char *field,
                        int sign, jc_err *err)
{
    jc_rollup d;
    jc_member_facts f = facts_of(m, field);
    memset(&d, 0, sizeof d);
    jc_rollup_add_member(&d, &f, ctx->today, sign);
    return jc_stats_apply(ctx->db, path, &d, err);
}

/* The audit entry of a member change, in its transaction: "member.<action>", the fields
 * that changed (all at creation), personal fields masked; under the org the member was
 * in (a move: the org it left; the detail names both). */
static int audit_member(jc_ctx *ctx, const char *action, int64_t id, const char *org_path,
                        const jc_member *before, const jc_member *after, jc_err *err)
{
    char act[48], object[48];
    jbuf d;
    int rc;
    jb_init(&d);
    jc_audit_diff(&d, jc_member_field_table, jc_member_field_count, before, after, NULL);
    snprintf(act, sizeof act, "member.%s", action);
    snprintf(object, sizeof object, "member:%lld", (long long)id);
    rc = jc_audit_ctx(ctx, act, object, org_path, d.p, err);
    jb_free(&d);
    return rc;
}

int jc_members_create(jc_ctx *ctx, const jc_member *in, int64_t import_batch, jc_member_row *out,
                      jc_err *err)
{
    jc_member m = *in;
    jc_org_row org;
    int64_t id = 0;
    int own, rc;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = jc_members_check(ctx, &m, 0, &org, err);
    if (rc == JC_OK) rc = jc_members_insert(ctx, &m, import_batch, &id, err);
    if (rc == JC_OK) rc = apply_member(ctx, &m, org.path, org.org.field, +1, err);
    if (rc == JC_OK) rc = audit_member(ctx, "create", id, org.path, NULL, &m, err);
    if (rc == JC_OK && out) rc = jc_members_get(ctx, id, out, err);
    return jc_tx_end(ctx->db, own, rc, err);
}

/* ---- update and history ---------------------------------------------------------- */

/* JSON objects of the fields that differ between a and b. Returns the count. */
static int diff_fields(const jc_member *a, const jc_member *b, jbuf *before, jbuf *after)
{
    size_t i;
    int n = 0;
    jb_obj_open(before);
    jb_obj_open(after);
    for (i = 0; i < jc_member_field_count; i++) {
        const jc_field *f = &jc_member_field_table[i];
        char va[JC_TEXT_MAX], vb[JC_TEXT_MAX];
        jc_field_format(f, a, va, sizeof va);
        jc_field_format(f, b, vb, sizeof vb);
        if (!strcmp(va, vb)) continue;
        jc_fields_to_json(before, f, 1, a, 0);
        jc_fields_to_json(after, f, 1, b, 0);
        n++;
    }
    jb_obj_close(before);
    jb_obj_close(after);
    return n;
}

static int add_history(jc_ctx *ctx, int64_t id, int version, const char *action, const char *before,
                       const char *after, jc_err *err)
{
    static const char *SQL =
        "INSERT INTO member_history(member_id, version, at, actor, action, before, after) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    jc_stmt *st;
    char now[32];
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    jc_bind_int(st, 1, id);
    jc_bind_int(st, 2, version);
    jc_bind_text(st, 3, now);
    jc_bind_text(st, 4, ctx->actor);
    jc_bind_text(st, 5, action);
    jc_bind_text_empty(st, 6, before);
    jc_bind_text_empty(st, 7, after);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

/* Write m over the row; refused (409) when the row is no longer at `version` (someone
 * else changed it between our read and this write). */
static int write_update(jc_ctx *ctx, const jc_member *m, int64_t id, int version, jc_err *err)
{
    static const char *SQL =
        "UPDATE member SET org_id=?1, group_id=?2, name=?3, name_pinyin=?4, sex=?5, ethnicity=?6, "
        "id_number=?7, birth_date=?8, education=?9, degree=?10, category=?11, joined_on=?12, "
        "full_on=?13, job=?14, phone=?15, address=?16, status=?17, lost_contact=?18, lost_on=?19, "
        "mobile=?20, mobile_destination=?21, native_place=?22, work_started_on=?23, "
        "version=version+1, updated_at=?24 WHERE id=?25 AND version=?26";
    jc_stmt *st;
    char now[32];
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    bind_record(st, m);
    jc_bind_text(st, 24, now);
    jc_bind_int(st, 25, id);
    jc_bind_int(st, 26, version);
    if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    if (jc_db_changes(ctx->db) != 1)
        return jc_fail(err, JC_HTTP_CONFLICT, "VERSION_CONFLICT", "version", "",
                       "记录已被他人修改，请刷新后重试", "the record was changed by someone else; reload and retry");
    return JC_OK;
}

/* Write `next` over `cur` with its history row and roll-up deltas (inside a tx). */
static int update_locked(jc_ctx *ctx, const jc_member_row *cur, jc_member *next,
                         const jc_org_row *org, const char *action, jc_err *err)
{
    jbuf before, after;
    int rc = JC_OK, changed;
    jb_init(&before);
    jb_init(&after);
    changed = diff_fields(&cur->m, next, &before, &after);
    if (!changed) goto cleanup;
    rc = write_update(ctx, next, cur->m.id, cur->m.version, err);
    if (rc == JC_OK)
        rc = add_history(ctx, cur->m.id, cur->m.version + 1, action, before.p, after.p, err);
    if (rc == JC_OK) rc = apply_member(ctx, &cur->m, cur->org_path, cur->org_field, -1, err);
    if (rc == JC_OK) rc = apply_member(ctx, next, org->path, org->org.field, +1, err);
    if (rc == JC_OK) rc = audit_member(ctx, action, cur->m.id, cur->org_path, &cur->m, next, err);
cleanup:
    jb_free(&before);
    jb_free(&after);
    return rc;
}

int jc_members_update(jc_ctx *ctx, const jc_member_row *cur, const jc_member *next_in,
                      int expected_version, jc_err *err)
{
    jc_member next = *next_in;
    jc_org_row org;
    int own, rc;
    if (expected_version > 0 && expected_version != cur->m.version)
        return jc_failf(err, JC_HTTP_CONFLICT, "VERSION_CONFLICT", "version", "",
                        "记录已被他人修改（当前版本%d），请刷新后重试",
                        "the record was changed by someone else (now version %d); reload and retry",
                        cur->m.version);
    next.id = cur->m.id;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = jc_members_check(ctx, &next, cur->m.id, &org, err);
    if (rc == JC_OK)
        rc = update_locked(ctx, cur, &next, &org, cur->m.org_id == next.org_id ? "update" : "move",
                           err);
    return jc_tx_end(ctx->db, own, rc, err);
}

int jc_members_move_all(jc_ctx *ctx, const jc_org_row *from, const jc_org_row *to, jc_err *err)
{
    static const char *SQL = "SELECT id FROM member WHERE org_id = ?1 ORDER BY id";
    jc_stmt *st;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0, i;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, from->org.id);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        if (n == cap) ids = xrealloc(ids, (cap = cap ? cap * 2 : 64) * sizeof *ids);
        ids[n++] = jc_col_int(st, 0);
    }
    jc_stmt_reset(st);
    for (i = 0; rc == JC_DONE && i < n; i++) {
        jc_member_row cur;
        jc_member next;
        if (jc_members_get(ctx, ids[i], &cur, err) != JC_OK) { rc = JC_FAIL; break; }
        next = cur.m;
        next.org_id = to->org.id;
        snprintf(next.org_code, sizeof next.org_code, "%s", to->org.code);
        next.group_id = 0;
        next.group_code[0] = '\0';
        if (update_locked(ctx, &cur, &next, to, "move", err) != JC_OK) rc = JC_FAIL;
    }
    free(ids);
    return rc == JC_DONE ? JC_OK : JC_FAIL;
}

int jc_members_refield(jc_ctx *ctx, int64_t org_id, const char *org_path, const char *old_field,
                       const char *new_field, jc_err *err)
{
    static const char *SQL = "SELECT count(*) FROM member WHERE org_id = ?1";
    jc_stmt *st;
    jc_rollup d;
    int64_t n = 0;
    int rc, oc = -1, nc = -1, i;
    char okey[24], nkey[24];
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) n = jc_col_int(st, 0);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (!n) return JC_OK;
    snprintf(okey, sizeof okey, "%s", old_field && *old_field ? old_field : "none");
    snprintf(nkey, sizeof nkey, "%s", new_field && *new_field ? new_field : "none");
    for (i = 0; i < JC_RU_COUNT; i++) {
        if (strcmp(jc_rollup_buckets[i].dim, "field")) continue;
        if (!strcmp(jc_rollup_buckets[i].key, okey)) oc = i;
        if (!strcmp(jc_rollup_buckets[i].key, nkey)) nc = i;
    }
    memset(&d, 0, sizeof d);
    if (oc >= 0) d.v[oc] -= n;
    if (nc >= 0) d.v[nc] += n;
    return jc_stats_apply(ctx->db, org_path, &d, err);
}
