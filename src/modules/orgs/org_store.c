/*
 * org_store.c — the org tree's operations (see orgs.h). The tree is a materialized path
 * per node, so a subtree is one index range and a move rewrites the paths of the moved
 * subtree in one UPDATE. Roll-up rows are adjusted by deltas: a move subtracts the
 * subtree's row from the old ancestors and adds it to the new ones.
 */
#include "modules/orgs/orgs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_ctx.h"
#include "core/jfields.h"
#include "domain/codes.h"
#include "domain/rollup.h"
#include "modules/members/members.h"
#include "modules/stats/stats.h"
#include "util/mem.h"

#define ORG_COLS                                                                            \
    "o.id, o.code, o.name, o.type, coalesce(o.field,''), coalesce(o.parent_id,0), "         \
    "coalesce(p.code,''), o.path, o.depth, coalesce(o.unit_name,''), o.unit_count, "       \
    "o.founded_on, o.dissolved_on, o.term_start, o.term_end, coalesce(o.committee_size,-1), " \
    "coalesce(o.secretary,''), o.sort_order, o.version, "                                   \
    "(SELECT count(*) FROM org c WHERE c.parent_id = o.id AND c.dissolved_on IS NULL), "    \
    "(SELECT count(*) FROM member m WHERE m.org_id = o.id) "

static const char *SQL_BY_CODE =
    "SELECT " ORG_COLS "FROM org o LEFT JOIN org p ON p.id = o.parent_id WHERE o.code = ?1";
static const char *SQL_BY_ID =
    "SELECT " ORG_COLS "FROM org o LEFT JOIN org p ON p.id = o.parent_id WHERE o.id = ?1";

static void read_row(jc_stmt *st, jc_org_row *r)
{
    jc_org *o = &r->org;
    memset(r, 0, sizeof *r);
    jc_org_init(o);
    o->id = jc_col_int(st, 0);
    snprintf(o->code, sizeof o->code, "%s", jc_col_text(st, 1));
    snprintf(o->name, sizeof o->name, "%s", jc_col_text(st, 2));
    snprintf(o->type, sizeof o->type, "%s", jc_col_text(st, 3));
    snprintf(o->field, sizeof o->field, "%s", jc_col_text(st, 4));
    o->parent_id = jc_col_int(st, 5);
    snprintf(o->parent_code, sizeof o->parent_code, "%s", jc_col_text(st, 6));
    snprintf(r->path, sizeof r->path, "%s", jc_col_text(st, 7));
    r->depth = (int)jc_col_int(st, 8);
    snprintf(o->unit_name, sizeof o->unit_name, "%s", jc_col_text(st, 9));
    o->unit_count = (int)jc_col_int(st, 10);
    o->founded_on = jc_col_date(st, 11);
    o->dissolved_on = jc_col_date(st, 12);
    o->term_start = jc_col_date(st, 13);
    o->term_end = jc_col_date(st, 14);
    o->committee_size = (int)jc_col_int(st, 15);
    snprintf(o->secretary, sizeof o->secretary, "%s", jc_col_text(st, 16));
    o->sort_order = (int)jc_col_int(st, 17);
    o->version = (int)jc_col_int(st, 18);
    r->children = jc_col_int(st, 19);
    r->members = jc_col_int(st, 20);
}

static int load(jc_ctx *ctx, const char *sql, const char *code, int64_t id, const char *field,
                jc_org_row *out, jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, sql, &st, err) != JC_OK) return JC_FAIL;
    if (code) jc_bind_text(st, 1, code);
    else jc_bind_int(st, 1, id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) read_row(st, out);
    jc_stmt_reset(st);
    /* Outside the account's subtree is the same answer as missing (no IDOR oracle). */
    if (rc == JC_ROW && !jc_ctx_in_scope(ctx, out->path)) rc = JC_DONE;
    if (rc == JC_DONE) {
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "%lld", (long long)id);
        return jc_failf(err, JC_HTTP_NOT_FOUND, "ORG_NOT_FOUND", field, "",
                        "党组织不存在：%s", "org not found: %s", code ? code : idbuf);
    }
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_orgs_get(jc_ctx *ctx, const char *code, const char *field, jc_org_row *out, jc_err *err)
{
    return load(ctx, SQL_BY_CODE, code, 0, field ? field : "org", out, err);
}

int jc_orgs_get_by_id(jc_ctx *ctx, int64_t id, jc_org_row *out, jc_err *err)
{
    return load(ctx, SQL_BY_ID, NULL, id, "org", out, err);
}

void jc_orgs_subtree_bounds(const char *path, char *hi, size_t cap)
{
    snprintf(hi, cap, "%s~", path);
}

/* ---- JSON of an org, for the API and the history --------------------------------- */

static void write_fields(jbuf *b, const jc_org_row *row)
{
    jb_kint(b, "id", row->org.id);
    jc_fields_to_json(b, jc_org_field_table, jc_org_field_count, &row->org, 0);
    jb_kint(b, "version", row->org.version);
}

void jc_orgs_write_json(jbuf *b, const jc_org_row *row)
{
    jc_date due = jc_org_term_due(&row->org);
    char d[16];
    jb_obj_open(b);
    write_fields(b, row);
    jb_kint(b, "depth", row->depth);
    jb_kint(b, "children", row->children);
    jb_kint(b, "direct_members", row->members);
    jb_key(b, "term_due");
    if (jc_date_is_set(due)) {
        jc_date_format(due, d);
        jb_str(b, d);
    } else {
        jb_null(b);
    }
    jb_obj_close(b);
}

static char *history_json(const jc_org_row *row)
{
    jbuf b;
    jb_init(&b);
    jb_obj_open(&b);
    write_fields(&b, row);
    jb_obj_close(&b);
    return jb_steal(&b, NULL);
}

/* The audit entry of an org change, in its transaction: "org.<action>", the fields that
 * changed (all of them at creation). */
static int audit_org(jc_ctx *ctx, const char *action, const jc_org_row *before,
                     const jc_org_row *after, const char *note, jc_err *err)
{
    const jc_org_row *r = after ? after : before;
    char act[48], object[64];
    jbuf d;
    int rc;
    jb_init(&d);
    jc_audit_diff(&d, jc_org_field_table, jc_org_field_count, before ? &before->org : NULL,
                  after ? &after->org : NULL, note);
    snprintf(act, sizeof act, "org.%s", action);
    snprintf(object, sizeof object, "org:%s", r->org.code);
    rc = jc_audit_ctx(ctx, act, object, r->path, d.p, err);
    jb_free(&d);
    return rc;
}

static int add_history(jc_ctx *ctx, int64_t org_id, int version, const char *action,
                       const jc_org_row *before, const jc_org_row *after, const char *note,
                       jc_err *err)
{
    static const char *SQL =
        "INSERT INTO org_history(org_id, version, at, actor, action, before, after, note) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    jc_stmt *st;
    char now[32];
    char *jb = before ? history_json(before) : NULL, *ja = after ? history_json(after) : NULL;
    int rc = JC_FAIL;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) goto cleanup;
    jc_db_now(now);
    jc_bind_int(st, 1, org_id);
    jc_bind_int(st, 2, version);
    jc_bind_text(st, 3, now);
    jc_bind_text(st, 4, ctx->actor);
    jc_bind_text(st, 5, action);
    jc_bind_text(st, 6, jb);
    jc_bind_text(st, 7, ja);
    jc_bind_text(st, 8, note);
    rc = jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
    if (rc == JC_OK) rc = audit_org(ctx, action, before, after, note, err);
cleanup:
    free(jb);
    free(ja);
    return rc;
}

/* ---- create ------------------------------------------------------------------------ */

static int check_parent(jc_ctx *ctx, const char *parent_code, const char *type, jc_org_row *parent,
                        jc_err *err)
{
    if (!parent_code || !*parent_code) {
        memset(parent, 0, sizeof *parent);
        return jc_org_parent_allowed(NULL, type, err);
    }
    if (jc_orgs_get(ctx, parent_code, "parent", parent, err) != JC_OK) {
        if (err && err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
        return JC_FAIL;
    }
    if (jc_date_is_set(parent->org.dissolved_on))
        return jc_failf(err, 422, "ORG_DISSOLVED", "parent", "", "上级党组织已撤销：%s",
                        "the parent org is dissolved: %s", parent_code);
    return jc_org_parent_allowed(parent->org.type, type, err);
}

static int code_free(jc_ctx *ctx, const char *code, jc_err *err)
{
    static const char *SQL = "SELECT 1 FROM org WHERE code = ?1";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, code);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc == JC_ROW)
        return jc_failf(err, JC_HTTP_CONFLICT, "ORG_CODE_TAKEN", "code", "",
                        "组织代码已被使用：%s", "org code already in use: %s", code);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int insert_org(jc_ctx *ctx, const jc_org *o, const jc_org_row *parent, int64_t *id,
                      jc_err *err)
{
    static const char *SQL =
        "INSERT INTO org(code, name, type, field, parent_id, path, depth, unit_name, unit_count, "
        "founded_on, term_start, term_end, committee_size, secretary, sort_order, created_at, "
        "updated_at, dissolved_on) VALUES (?1, ?2, ?3, ?4, ?5, '#' || ?1, ?6, ?7, ?8, ?9, ?10, ?11, "
        "?12, ?13, ?14, ?15, ?15, ?16) RETURNING id";
    static const char *SQL_PATH = "UPDATE org SET path = ?1 || id || '/' WHERE id = ?2";
    jc_stmt *st;
    char now[32];
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    jc_bind_text(st, 1, o->code);
    jc_bind_text(st, 2, o->name);
    jc_bind_text(st, 3, o->type);
    jc_bind_text(st, 4, o->field);
    if (parent->org.id) jc_bind_int(st, 5, parent->org.id);
    jc_bind_int(st, 6, parent->org.id ? parent->depth + 1 : 0);
    jc_bind_text(st, 7, o->unit_name);
    jc_bind_int(st, 8, o->unit_count > 0 ? o->unit_count : 1);
    jc_bind_date(st, 9, o->founded_on);
    jc_bind_date(st, 10, o->term_start);
    jc_bind_date(st, 11, o->term_end);
    if (o->committee_size >= 0) jc_bind_int(st, 12, o->committee_size);
    jc_bind_text(st, 13, o->secretary);
    jc_bind_int(st, 14, o->sort_order);
    jc_bind_text(st, 15, now);
    jc_bind_date(st, 16, o->dissolved_on); /* only imports of old ledgers set it */
    rc = jc_step(st, err);
    if (rc == JC_ROW) *id = jc_col_int(st, 0);
    jc_stmt_reset(st);
    if (rc != JC_ROW) return JC_FAIL;
    if (jc_db_stmt(ctx->db, SQL_PATH, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text_empty(st, 1, parent->org.id ? parent->path : "/");
    jc_bind_int(st, 2, *id);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

static int apply_org_delta(jc_ctx *ctx, const char *path, const char *type, const char *field,
                           int sign, jc_err *err)
{
    jc_rollup d;
    memset(&d, 0, sizeof d);
    jc_rollup_add_org(&d, type, field, sign);
    return jc_stats_apply(ctx->db, path, &d, err);
}

/* A subtree-bound account works inside its subtree: it cannot add a root, nor move,
 * merge or dissolve the org its subtree hangs from. */
static int scope_root_refused(jc_ctx *ctx, const jc_org_row *org, jc_err *err)
{
    if (!jc_ctx_scoped(ctx) || org->org.id != ctx->scope_org_id) return JC_OK;
    return jc_failf(err, 422, "ORG_SCOPE_ROOT", "org", "",
                    "%s 是您账户管辖范围的顶层组织，不能移动、合并或撤销",
                    "%s is the top org of your account's scope: it cannot be moved, merged or "
                    "dissolved", org->org.code);
}

int jc_orgs_create(jc_ctx *ctx, const jc_org *in, jc_org_row *out, jc_err *err)
{
    jc_org_row parent, row;
    int64_t id = 0;
    int own, rc;
    if (jc_ctx_scoped(ctx) && !in->parent_code[0])
        return jc_fail(err, 422, "ORG_ROOT_REFUSED", "parent", "",
                       "只能在您账户管辖范围内新建组织：请指定上级党组织",
                       "you can only add orgs inside your account's scope: give the parent");
    if (jc_org_validate(in, ctx->today, err) != JC_OK) return JC_FAIL;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = check_parent(ctx, in->parent_code, in->type, &parent, err);
    if (rc == JC_OK) rc = code_free(ctx, in->code, err);
    if (rc == JC_OK) rc = insert_org(ctx, in, &parent, &id, err);
    if (rc == JC_OK) rc = jc_stats_init_org(ctx->db, id, err);
    if (rc == JC_OK) rc = jc_orgs_get_by_id(ctx, id, &row, err);
    if (rc == JC_OK && !jc_date_is_set(in->dissolved_on))
        rc = apply_org_delta(ctx, row.path, in->type, in->field, +1, err);
    if (rc == JC_OK) rc = add_history(ctx, id, 1, "create", NULL, &row, NULL, err);
    rc = jc_tx_end(ctx->db, own, rc, err);
    if (rc == JC_OK && out) *out = row;
    return rc;
}

/* ---- update ------------------------------------------------------------------------ */

static int children_fit(jc_ctx *ctx, const jc_org_row *cur, const char *new_type, jc_err *err)
{
    static const char *SQL =
        "SELECT DISTINCT type FROM org WHERE parent_id = ?1 AND dissolved_on IS NULL";
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, cur->org.id);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        char t[24];
        snprintf(t, sizeof t, "%s", jc_col_text(st, 0));
        if (jc_org_parent_allowed(new_type, t, NULL) != JC_OK) {
            rc = jc_failf(err, 422, "PARENT_TYPE", "type", "",
                          "类别不能改为该值：其下级组织（%s）不能隶属于它",
                          "type: the org's children (%s) cannot sit under that type", t);
            break;
        }
    }
    jc_stmt_reset(st);
    if (rc == JC_FAIL) return JC_FAIL;
    if (cur->members > 0 && !jc_org_is_branch(new_type))
        return jc_fail(err, JC_HTTP_CONFLICT, "ORG_HAS_MEMBERS", "type", "",
                       "该组织有党员，只能是党支部类别", "the org has members, so it must stay a branch type");
    return JC_OK;
}

static int write_update(jc_ctx *ctx, int64_t id, int version, const jc_org *o, jc_err *err)
{
    static const char *SQL =
        "UPDATE org SET name=?1, type=?2, field=?3, unit_name=?4, unit_count=?5, founded_on=?6, "
        "term_start=?7, term_end=?8, committee_size=?9, secretary=?10, sort_order=?11, "
        "version=version+1, updated_at=?12 WHERE id=?13 AND version=?14";
    jc_stmt *st;
    char now[32];
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    jc_bind_text(st, 1, o->name);
    jc_bind_text(st, 2, o->type);
    jc_bind_text(st, 3, o->field);
    jc_bind_text(st, 4, o->unit_name);
    jc_bind_int(st, 5, o->unit_count > 0 ? o->unit_count : 1);
    jc_bind_date(st, 6, o->founded_on);
    jc_bind_date(st, 7, o->term_start);
    jc_bind_date(st, 8, o->term_end);
    if (o->committee_size >= 0) jc_bind_int(st, 9, o->committee_size);
    else jc_bind_null(st, 9);
    jc_bind_text(st, 10, o->secretary);
    jc_bind_int(st, 11, o->sort_order);
    jc_bind_text(st, 12, now);
    jc_bind_int(st, 13, id);
    jc_bind_int(st, 14, version);
    if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    if (jc_db_changes(ctx->db) != 1)
        return jc_fail(err, JC_HTTP_CONFLICT, "VERSION_CONFLICT", "version", "",
                       "记录已被他人修改，请刷新后重试", "the record was changed by someone else; reload and retry");
    return JC_OK;
}

static int reroll_if_changed(jc_ctx *ctx, const jc_org_row *cur, const jc_org *next, jc_err *err)
{
    if (!strcmp(cur->org.type, next->type) && !strcmp(cur->org.field, next->field)) return JC_OK;
    if (apply_org_delta(ctx, cur->path, cur->org.type, cur->org.field, -1, err) != JC_OK)
        return JC_FAIL;
    if (apply_org_delta(ctx, cur->path, next->type, next->field, +1, err) != JC_OK) return JC_FAIL;
    if (strcmp(cur->org.field, next->field))
        return jc_members_refield(ctx, cur->org.id, cur->path, cur->org.field, next->field, err);
    return JC_OK;
}

int jc_orgs_update(jc_ctx *ctx, const jc_org_row *cur, const jc_org *next, int expected_version,
                   jc_err *err)
{
    jc_org_row after;
    int own, rc;
    if (strcmp(cur->org.code, next->code))
        return jc_fail(err, 422, "CODE_IMMUTABLE", "code", "", "组织代码不可修改",
                       "the org code cannot change");
    if (strcmp(cur->org.parent_code, next->parent_code))
        return jc_fail(err, 422, "USE_MOVE", "parent", "", "调整隶属关系请使用“移动”",
                       "use move to change the parent");
    if (expected_version > 0 && expected_version != cur->org.version)
        return jc_failf(err, JC_HTTP_CONFLICT, "VERSION_CONFLICT", "version", "",
                        "记录已被他人修改（当前版本%d），请刷新后重试",
                        "the record was changed by someone else (now version %d); reload and retry",
                        cur->org.version);
    if (jc_org_validate(next, ctx->today, err) != JC_OK) return JC_FAIL;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK && strcmp(cur->org.type, next->type)) {
        jc_org_row parent;
        rc = check_parent(ctx, cur->org.parent_code, next->type, &parent, err);
        if (rc == JC_OK) rc = children_fit(ctx, cur, next->type, err);
    }
    if (rc == JC_OK) rc = write_update(ctx, cur->org.id, cur->org.version, next, err);
    if (rc == JC_OK) rc = reroll_if_changed(ctx, cur, next, err);
    if (rc == JC_OK) rc = jc_orgs_get_by_id(ctx, cur->org.id, &after, err);
    if (rc == JC_OK)
        rc = add_history(ctx, cur->org.id, after.org.version, "update", cur, &after, NULL, err);
    return jc_tx_end(ctx->db, own, rc, err);
}

/* ---- move -------------------------------------------------------------------------- */

static int is_within(const char *path, const char *ancestor_path)
{
    return !strncmp(path, ancestor_path, strlen(ancestor_path));
}

static int rewrite_paths(jc_ctx *ctx, const jc_org_row *org, const jc_org_row *parent, jc_err *err)
{
    static const char *SQL =
        "UPDATE org SET path = ?1 || substr(path, ?2), depth = depth + ?3, "
        "updated_at = ?6 WHERE path >= ?4 AND path < ?5";
    static const char *SQL_PARENT =
        "UPDATE org SET parent_id = ?1, version = version + 1 WHERE id = ?2";
    jc_stmt *st;
    char newprefix[JC_PATH_MAX + 32], hi[JC_PATH_MAX + 2], now[32];
    snprintf(newprefix, sizeof newprefix, "%s%lld/", parent->path, (long long)org->org.id);
    jc_orgs_subtree_bounds(org->path, hi, sizeof hi);
    jc_db_now(now);
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, newprefix);
    jc_bind_int(st, 2, (int64_t)strlen(org->path) + 1);
    jc_bind_int(st, 3, parent->depth + 1 - org->depth);
    jc_bind_text(st, 4, org->path);
    jc_bind_text(st, 5, hi);
    jc_bind_text(st, 6, now);
    if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    if (jc_db_stmt(ctx->db, SQL_PARENT, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, parent->org.id);
    jc_bind_int(st, 2, org->org.id);
    return jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
}

static int move_locked(jc_ctx *ctx, const jc_org_row *org, const char *new_parent, jc_err *err)
{
    jc_org_row parent, after;
    jc_rollup sub, neg;
    if (check_parent(ctx, new_parent, org->org.type, &parent, err) != JC_OK) return JC_FAIL;
    if (!parent.org.id)
        return jc_fail(err, 422, "REQUIRED", "parent", "", "请指定新的上级党组织",
                       "the new parent is required");
    if (is_within(parent.path, org->path))
        return jc_failf(err, 422, "ORG_MOVE_CYCLE", "parent", "",
                        "不能把党组织移动到它自己或它的下级组织之下：%s",
                        "cannot move an org under itself or one of its descendants: %s", new_parent);
    if (parent.org.id == org->org.parent_id) return JC_OK;
    if (jc_stats_get(ctx->db, org->org.id, &sub, err) != JC_OK) return JC_FAIL;
    neg = sub;
    {
        /* the old ancestors are the org's path without its own last id */
        char old_parent_path[JC_PATH_MAX];
        size_t n = strlen(org->path);
        snprintf(old_parent_path, sizeof old_parent_path, "%s", org->path);
        if (n >= 2) {
            old_parent_path[n - 1] = '\0';
            *(strrchr(old_parent_path, '/') + 1) = '\0';
        }
        if (jc_stats_apply(ctx->db, old_parent_path, &(jc_rollup){{0}}, err) != JC_OK) return JC_FAIL;
        jc_rollup_merge(&neg, &sub, -2); /* neg = -sub */
        if (jc_stats_apply(ctx->db, old_parent_path, &neg, err) != JC_OK) return JC_FAIL;
    }
    if (rewrite_paths(ctx, org, &parent, err) != JC_OK) return JC_FAIL;
    if (jc_stats_apply(ctx->db, parent.path, &sub, err) != JC_OK) return JC_FAIL;
    if (jc_orgs_get_by_id(ctx, org->org.id, &after, err) != JC_OK) return JC_FAIL;
    return add_history(ctx, org->org.id, after.org.version, "move", org, &after, NULL, err);
}

int jc_orgs_move(jc_ctx *ctx, const char *code, const char *new_parent, jc_err *err)
{
    jc_org_row org;
    int own, rc;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = jc_orgs_get(ctx, code, "org", &org, err);
    if (rc == JC_OK) rc = scope_root_refused(ctx, &org, err);
    if (rc == JC_OK && jc_date_is_set(org.org.dissolved_on))
        rc = jc_failf(err, 422, "ORG_DISSOLVED", "org", "", "党组织已撤销：%s",
                      "the org is dissolved: %s", code);
    if (rc == JC_OK) rc = move_locked(ctx, &org, new_parent, err);
    return jc_tx_end(ctx->db, own, rc, err);
}

/* ---- dissolve and merge ------------------------------------------------------------- */

static int mark_dissolved(jc_ctx *ctx, const jc_org_row *org, jc_date on, const char *action,
                          const char *note, jc_err *err)
{
    static const char *SQL =
        "UPDATE org SET dissolved_on = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3";
    jc_stmt *st;
    jc_org_row after;
    char now[32];
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_db_now(now);
    jc_bind_date(st, 1, on);
    jc_bind_text(st, 2, now);
    jc_bind_int(st, 3, org->org.id);
    if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    if (apply_org_delta(ctx, org->path, org->org.type, org->org.field, -1, err) != JC_OK)
        return JC_FAIL;
    if (jc_orgs_get_by_id(ctx, org->org.id, &after, err) != JC_OK) return JC_FAIL;
    return add_history(ctx, org->org.id, after.org.version, action, org, &after, note, err);
}

static int take_members(jc_ctx *ctx, const jc_org_row *from, const char *to_code, jc_err *err)
{
    jc_org_row to;
    if (jc_orgs_get(ctx, to_code, "move_members_to", &to, err) != JC_OK) {
        if (err && err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
        return JC_FAIL;
    }
    if (to.org.id == from->org.id)
        return jc_fail(err, 422, "SAME_ORG", "move_members_to", "", "不能转入被撤销的组织本身",
                       "cannot move members into the org being dissolved");
    if (jc_date_is_set(to.org.dissolved_on) || !jc_org_is_branch(to.org.type))
        return jc_failf(err, 422, "ORG_NOT_BRANCH", "move_members_to", "",
                        "党员只能转入未撤销的党支部：%s", "members can only go to an active branch: %s",
                        to_code);
    return jc_members_move_all(ctx, from, &to, err);
}

static int dissolve_locked(jc_ctx *ctx, const jc_org_row *org, jc_date on, const char *move_to,
                           const char *action, const char *note, jc_err *err)
{
    if (jc_date_is_set(org->org.dissolved_on))
        return jc_failf(err, 422, "ORG_DISSOLVED", "org", "", "党组织已撤销：%s",
                        "the org is already dissolved: %s", org->org.code);
    if (org->children > 0)
        return jc_failf(err, JC_HTTP_CONFLICT, "ORG_HAS_CHILDREN", "org", "",
                        "该组织还有%lld个下级组织，请先移动或撤销",
                        "the org still has %lld child orgs; move or dissolve them first",
                        (long long)org->children);
    if (org->members > 0 && (!move_to || !*move_to))
        return jc_failf(err, JC_HTTP_CONFLICT, "ORG_HAS_MEMBERS", "move_members_to", "",
                        "该组织还有%lld名党员，请指定转入的党支部",
                        "the org still has %lld members; name the branch they move to",
                        (long long)org->members);
    if (org->members > 0 && take_members(ctx, org, move_to, err) != JC_OK) return JC_FAIL;
    if (!jc_date_is_set(on)) on = ctx->today;
    if (jc_date_cmp(on, ctx->today) > 0)
        return jc_fail(err, 422, "DATE_FUTURE", "date", "", "撤销日期不能晚于今天",
                       "the dissolution date cannot be in the future");
    return mark_dissolved(ctx, org, on, action, note, err);
}

int jc_orgs_dissolve(jc_ctx *ctx, const char *code, jc_date on, const char *move_members_to,
                     jc_err *err)
{
    jc_org_row org;
    int own, rc;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = jc_orgs_get(ctx, code, "org", &org, err);
    if (rc == JC_OK) rc = scope_root_refused(ctx, &org, err);
    if (rc == JC_OK) rc = dissolve_locked(ctx, &org, on, move_members_to, "dissolve", NULL, err);
    return jc_tx_end(ctx->db, own, rc, err);
}

static int move_children(jc_ctx *ctx, const jc_org_row *from, const jc_org_row *into, jc_err *err)
{
    static const char *SQL =
        "SELECT code FROM org WHERE parent_id = ?1 AND dissolved_on IS NULL ORDER BY id";
    jc_stmt *st;
    char (*codes)[JC_ORG_CODE_MAX] = NULL;
    size_t n = 0, cap = 0, i;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, from->org.id);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            codes = xrealloc(codes, cap * sizeof *codes);
        }
        snprintf(codes[n++], JC_ORG_CODE_MAX, "%s", jc_col_text(st, 0));
    }
    jc_stmt_reset(st);
    for (i = 0; rc == JC_DONE && i < n; i++) {
        jc_org_row child;
        if (jc_orgs_get(ctx, codes[i], "org", &child, err) != JC_OK ||
            move_locked(ctx, &child, into->org.code, err) != JC_OK)
            rc = JC_FAIL;
    }
    free(codes);
    return rc == JC_DONE ? JC_OK : JC_FAIL;
}

int jc_orgs_merge(jc_ctx *ctx, const char *code, const char *into_code, jc_err *err)
{
    jc_org_row org, into, after;
    char note[128];
    int own, rc;
    if (jc_tx_begin(ctx->db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(ctx->db, ctx->today, err);
    if (rc == JC_OK) rc = jc_orgs_get(ctx, code, "org", &org, err);
    if (rc == JC_OK) rc = scope_root_refused(ctx, &org, err);
    if (rc == JC_OK && jc_orgs_get(ctx, into_code, "into", &into, err) != JC_OK) {
        if (err && err->status == JC_HTTP_NOT_FOUND) err->status = JC_HTTP_UNPROCESSABLE;
        rc = JC_FAIL;
    }
    if (rc == JC_OK && (is_within(into.path, org.path)))
        rc = jc_fail(err, 422, "ORG_MERGE_CYCLE", "into", "",
                     "不能并入自身或自己的下级组织", "cannot merge an org into itself or its descendant");
    if (rc == JC_OK && jc_date_is_set(into.org.dissolved_on))
        rc = jc_failf(err, 422, "ORG_DISSOLVED", "into", "", "党组织已撤销：%s",
                      "the org is dissolved: %s", into_code);
    if (rc == JC_OK) rc = move_children(ctx, &org, &into, err);
    if (rc == JC_OK) rc = jc_orgs_get(ctx, code, "org", &org, err); /* counts changed */
    snprintf(note, sizeof note, "merged into %s", into_code);
    if (rc == JC_OK)
        rc = dissolve_locked(ctx, &org, ctx->today, org.members ? into_code : NULL, "merge_into",
                             note, err);
    if (rc == JC_OK) rc = jc_orgs_get(ctx, into_code, "into", &after, err);
    snprintf(note, sizeof note, "merged from %s", code);
    if (rc == JC_OK)
        rc = add_history(ctx, after.org.id, after.org.version, "merged_from", &into, &after, note, err);
    return jc_tx_end(ctx->db, own, rc, err);
}
