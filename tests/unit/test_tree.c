/*
 * test_tree.c — the org tree and member archive through their module functions on a
 * real (in-memory) SQLite database: creation rules, moves (ORG cycle refusal), merges,
 * dissolution, member versions, and — after every change — that the incrementally
 * kept roll-up equals a full rebuild (issue 2 §5).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "domain/idnum.h"
#include "modules/members/members.h"
#include "modules/orgs/orgs.h"
#include "modules/stats/stats.h"
#include "store/migrate.h"

static jc_ctx ctx;

static int setup(void **state)
{
    jc_err err;
    jc_db_opts o = {0};
    (void)state;
    setenv("JICENG_TODAY", "2026-06-30", 1);
    assert_int_equal(jc_db_open(":memory:", &o, &ctx.db, &err), JC_OK);
    assert_int_equal(jc_migrate(ctx.db, NULL, &err), JC_OK);
    ctx.actor = "test";
    ctx.today = jc_today();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    jc_db_close(ctx.db);
    return 0;
}

static void mk_org(const char *code, const char *type, const char *field, const char *parent)
{
    jc_org o;
    jc_err err;
    jc_org_init(&o);
    snprintf(o.code, sizeof o.code, "%s", code);
    snprintf(o.name, sizeof o.name, "组织%s", code);
    snprintf(o.type, sizeof o.type, "%s", type);
    snprintf(o.field, sizeof o.field, "%s", field);
    snprintf(o.parent_code, sizeof o.parent_code, "%s", parent ? parent : "");
    if (jc_orgs_create(&ctx, &o, NULL, &err) != JC_OK) fail_msg("create %s: %s", code, err.en);
}

/* A valid ID number for a birth date and sequence (sex from parity). */
static void make_id(char *out, const char *birth8, int seq)
{
    snprintf(out, 19, "320703%s%03d", birth8, seq);
    out[17] = jc_idnum_check_char(out);
    out[18] = '\0';
}

static int64_t mk_member(const char *org, const char *name, const char *birth8, int seq,
                         const char *joined)
{
    jc_member m;
    jc_member_row row;
    jc_err err;
    jc_member_init(&m);
    snprintf(m.org_code, sizeof m.org_code, "%s", org);
    snprintf(m.name, sizeof m.name, "%s", name);
    snprintf(m.ethnicity, sizeof m.ethnicity, "01");
    snprintf(m.education, sizeof m.education, "20");
    snprintf(m.category, sizeof m.category, "full");
    make_id(m.id_number, birth8, seq);
    assert_int_equal(jc_date_parse(joined, &m.joined_on), JC_OK);
    m.full_on = jc_date_add_years(m.joined_on, 1);
    if (jc_members_create(&ctx, &m, 0, &row, &err) != JC_OK) fail_msg("member %s: %s", name, err.en);
    return row.m.id;
}

/* Every org's roll-up row equals what a full rebuild computes. */
static void assert_rollup_exact(void)
{
    static const char *SNAP = "CREATE TEMP TABLE snap AS SELECT * FROM org_rollup";
    static const char *DIFF =
        "SELECT count(*) FROM (SELECT * FROM snap EXCEPT SELECT * FROM org_rollup) x";
    jc_err err;
    int64_t n = -1;
    assert_int_equal(jc_db_exec(ctx.db, "DROP TABLE IF EXISTS temp.snap", &err), JC_OK);
    assert_int_equal(jc_db_exec(ctx.db, SNAP, &err), JC_OK);
    assert_int_equal(jc_stats_rebuild(ctx.db, ctx.today, &err), JC_OK);
    assert_int_equal(jc_db_query_int(ctx.db, DIFF, &n, &err), JC_OK);
    assert_int_equal(n, 0);
}

static int64_t members_under(const char *code)
{
    jc_org_row row;
    jc_rollup r;
    jc_err err;
    assert_int_equal(jc_orgs_get(&ctx, code, "org", &row, &err), JC_OK);
    assert_int_equal(jc_stats_get(ctx.db, row.org.id, &r, &err), JC_OK);
    return r.v[JC_RU_m_all];
}

static void build_tree(void)
{
    mk_org("D", "committee", "", NULL);
    mk_org("S1", "working_committee", "", "D");
    mk_org("S2", "working_committee", "", "D");
    mk_org("C1", "committee", "community", "S1");
    mk_org("B1", "branch", "community", "C1");
    mk_org("B2", "branch", "community", "C1");
    mk_org("B3", "branch", "village", "S2");
    mk_org("G1", "group", "community", "B1");
    mk_member("B1", "张伟", "19800101", 11, "2005-07-01");
    mk_member("B1", "王芳", "19900202", 22, "2012-07-01");
    mk_member("B2", "李娜", "19600303", 44, "1990-07-01");
    mk_member("B3", "刘洋", "19950404", 13, "2018-07-01");
}

static void test_create_and_rollup(void **state)
{
    (void)state;
    build_tree();
    assert_int_equal(members_under("D"), 4);
    assert_int_equal(members_under("C1"), 3);
    assert_int_equal(members_under("S2"), 1);
    assert_rollup_exact();
}

static void test_parent_type_refused(void **state)
{
    jc_org o;
    jc_err err;
    (void)state;
    jc_org_init(&o);
    snprintf(o.code, sizeof o.code, "X1");
    snprintf(o.name, sizeof o.name, "错误的组织");
    snprintf(o.type, sizeof o.type, "committee");
    snprintf(o.parent_code, sizeof o.parent_code, "B1"); /* a committee under a branch */
    assert_int_equal(jc_orgs_create(&ctx, &o, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "PARENT_TYPE");
    snprintf(o.type, sizeof o.type, "branch");
    snprintf(o.parent_code, sizeof o.parent_code, "NOPE");
    assert_int_equal(jc_orgs_create(&ctx, &o, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_NOT_FOUND");
    assert_int_equal(err.status, 422);
    snprintf(o.code, sizeof o.code, "B1"); /* taken */
    snprintf(o.parent_code, sizeof o.parent_code, "C1");
    assert_int_equal(jc_orgs_create(&ctx, &o, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_CODE_TAKEN");
}

static void test_move_cycle_refused(void **state)
{
    jc_err err;
    int64_t before;
    (void)state;
    before = members_under("S1");
    /* S1 under its own descendant C1 would make a cycle. */
    assert_int_equal(jc_orgs_move(&ctx, "S1", "C1", &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_MOVE_CYCLE");
    assert_int_equal(jc_orgs_move(&ctx, "S1", "S1", &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_MOVE_CYCLE");
    assert_int_equal(members_under("S1"), before);
}

static void test_move_subtree(void **state)
{
    jc_err err;
    jc_org_row g;
    (void)state;
    assert_int_equal(jc_orgs_move(&ctx, "C1", "S2", &err), JC_OK);
    assert_int_equal(members_under("S1"), 0);
    assert_int_equal(members_under("S2"), 4);
    assert_int_equal(members_under("D"), 4);
    /* the whole subtree went along: the group's path starts with S2's */
    assert_int_equal(jc_orgs_get(&ctx, "G1", "org", &g, &err), JC_OK);
    assert_int_equal(g.depth, 4);
    assert_rollup_exact();
}

static void test_member_update_and_move(void **state)
{
    jc_member_row cur, after;
    jc_member next;
    jc_err err;
    int64_t id = mk_member("B2", "赵敏", "19850505", 24, "2010-07-01"), n = 0;
    (void)state;
    assert_int_equal(jc_members_get(&ctx, id, &cur, &err), JC_OK);
    next = cur.m;
    snprintf(next.org_code, sizeof next.org_code, "B3");
    snprintf(next.education, sizeof next.education, "10");
    if (jc_members_update(&ctx, &cur, &next, cur.m.version, &err) != JC_OK)
        fail_msg("update: %s %s", err.code, err.en);
    assert_int_equal(jc_members_get(&ctx, id, &after, &err), JC_OK);
    assert_int_equal(after.m.version, 2);
    assert_string_equal(after.m.org_code, "B3");
    assert_int_equal(jc_db_query_int(ctx.db, "SELECT count(*) FROM member_history", &n, &err), JC_OK);
    assert_int_equal(n, 1);
    /* a stale version is refused and nothing changes */
    assert_int_equal(jc_members_update(&ctx, &cur, &next, 1, &err), JC_FAIL);
    assert_string_equal(err.code, "VERSION_CONFLICT");
    assert_rollup_exact();
}

static void test_duplicate_id_refused(void **state)
{
    jc_member m;
    jc_err err;
    int64_t before = members_under("D");
    (void)state;
    jc_member_init(&m);
    snprintf(m.org_code, sizeof m.org_code, "B1");
    snprintf(m.name, sizeof m.name, "重复");
    snprintf(m.ethnicity, sizeof m.ethnicity, "01");
    snprintf(m.education, sizeof m.education, "20");
    snprintf(m.category, sizeof m.category, "full");
    make_id(m.id_number, "19800101", 11); /* 张伟's */
    jc_date_parse("2005-07-01", &m.joined_on);
    m.full_on = jc_date_add_years(m.joined_on, 1);
    assert_int_equal(jc_members_create(&ctx, &m, 0, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "ID_NUMBER_TAKEN");
    assert_int_equal(members_under("D"), before);
}

static void test_dissolve_rules(void **state)
{
    jc_err err;
    (void)state;
    assert_int_equal(jc_orgs_dissolve(&ctx, "C1", JC_DATE_NONE, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_HAS_CHILDREN");
    assert_int_equal(jc_orgs_dissolve(&ctx, "B2", JC_DATE_NONE, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "ORG_HAS_MEMBERS");
    if (jc_orgs_dissolve(&ctx, "B2", JC_DATE_NONE, "B1", &err) != JC_OK)
        fail_msg("dissolve: %s %s", err.code, err.en);
    assert_int_equal(members_under("B1"), 3);
    assert_int_equal(members_under("B2"), 0);
    assert_rollup_exact();
}

static void test_merge(void **state)
{
    jc_err err;
    jc_org_row b1;
    int64_t total = members_under("D");
    (void)state;
    mk_org("B4", "branch", "village", "S2");
    assert_int_equal(jc_orgs_merge(&ctx, "B1", "B4", &err), JC_OK);
    assert_int_equal(jc_orgs_get(&ctx, "B1", "org", &b1, &err), JC_OK);
    assert_true(jc_date_is_set(b1.org.dissolved_on));
    assert_int_equal(members_under("B4"), 3);
    assert_int_equal(members_under("D"), total);
    assert_rollup_exact();
}

static void test_age_advance(void **state)
{
    jc_err err;
    int64_t n = 0;
    (void)state;
    mk_member("B4", "周杰", "19950315", 33, "2016-07-01");  /* turns 31 on 2026-03-15 */
    mk_member("B4", "吴敏", "19660201", 42, "1990-07-01");  /* turns 60 on 2026-02-01 */
    /* Rewind the roll-up a year and let it advance day by day: same as a rebuild. */
    assert_int_equal(jc_stats_rebuild(ctx.db, jc_date_add_years(ctx.today, -1), &err), JC_OK);
    assert_int_equal(jc_stats_advance(ctx.db, ctx.today, &err), JC_OK);
    assert_int_equal(jc_db_query_int(ctx.db, "SELECT count(*) FROM meta WHERE key='rollup_as_of' "
                                     "AND value='2026-06-30'", &n, &err), JC_OK);
    assert_int_equal(n, 1);
    assert_rollup_exact();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_and_rollup),
        cmocka_unit_test(test_parent_type_refused),
        cmocka_unit_test(test_move_cycle_refused),
        cmocka_unit_test(test_move_subtree),
        cmocka_unit_test(test_member_update_and_move),
        cmocka_unit_test(test_duplicate_id_refused),
        cmocka_unit_test(test_dissolve_rules),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_age_advance),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
