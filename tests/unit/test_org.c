/*
 * test_org.c — the org record and the tree (domain/org.c): the parent matrix, ORG-06
 * term years and term ends, the code format and the record's own checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/org.h"
#include "domain/rules.h"

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const jc_date TODAY = {2025, 6, 1};

static jc_date D(int y, int m, int d)
{
    return (jc_date){y, m, d};
}

static void village_branch(jc_org *o)
{
    jc_org_init(o);
    SET(o->code, "xz.cun-01");
    SET(o->name, "中共某某村支部委员会");
    SET(o->type, "branch");
    SET(o->field, "village");
    o->parent_id = 3;
    SET(o->unit_name, "某某村");
    o->founded_on = D(1952, 3, 1);
    o->term_start = D(2021, 1, 15);
    o->term_end = D(2026, 1, 15);
    o->committee_size = 5;
    SET(o->secretary, "王建国");
}

static void expect_error(const jc_org *o, const char *code, const char *field)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_org_validate(o, TODAY, &err) != JC_FAIL) fail_msg("accepted; expected %s", code);
    if (strcmp(err.code, code) != 0 || strcmp(err.field, field) != 0)
        fail_msg("got %s on %s (%s), expected %s on %s", err.code, err.field, err.en, code, field);
    assert_int_equal(err.status, 422);
    assert_int_equal(strncmp(err.en, field, strlen(field)), 0);
    assert_true(strlen(err.zh) > 0);
}

static void expect_ok(const jc_org *o)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_org_validate(o, TODAY, &err) != JC_OK) fail_msg("refused: %s %s", err.code, err.en);
}

static void test_init_defaults(void **state)
{
    jc_org o;
    memset(&o, 0x5a, sizeof o);
    jc_org_init(&o);
    assert_int_equal(o.unit_count, 1);
    assert_int_equal(o.committee_size, -1);
    assert_int_equal(o.parent_id, 0);
    assert_string_equal(o.code, "");
    assert_false(jc_date_is_set(o.term_start));
}

static void test_valid_org(void **state)
{
    jc_org o;
    village_branch(&o);
    expect_ok(&o);
    SET(o.field, ""); /* field is optional */
    expect_ok(&o);
}

static void test_code_format(void **state)
{
    jc_org o;
    char code39[40];
    static const char *const good[] = {"a", "A.b_c-9", "jd-001", "2024.new_branch"};
    static const char *const bad[] = {"a b", "中文", "a/b", "a:b", "a'b", " a", "a+b"};

    village_branch(&o);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        SET(o.code, good[i]);
        expect_ok(&o);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SET(o.code, bad[i]);
        expect_error(&o, "CODE_FORMAT", "code");
    }
    memset(code39, 'z', 39);
    code39[39] = '\0';
    SET(o.code, code39);
    expect_ok(&o);
    memset(o.code, 'z', sizeof o.code); /* 40 without terminator */
    expect_error(&o, "TOO_LONG", "code");
    SET(o.code, "");
    expect_error(&o, "REQUIRED", "code");
}

static void test_record_checks(void **state)
{
    jc_org o;
    village_branch(&o);
    SET(o.name, " ");
    expect_error(&o, "REQUIRED", "name");
    village_branch(&o);
    SET(o.type, "");
    expect_error(&o, "REQUIRED", "type");
    SET(o.type, "cell");
    expect_error(&o, "CODE_UNKNOWN", "type");
    village_branch(&o);
    SET(o.field, "farm");
    expect_error(&o, "CODE_UNKNOWN", "field");
    village_branch(&o);
    o.unit_count = 0;
    expect_error(&o, "RANGE", "unit_count");
    village_branch(&o);
    o.committee_size = -2;
    expect_error(&o, "RANGE", "committee_size");
    o.committee_size = 32;
    expect_error(&o, "RANGE", "committee_size");
    o.committee_size = -1;
    expect_ok(&o);
    o.committee_size = 0;
    expect_ok(&o);
    o.committee_size = 31;
    expect_ok(&o);
}

static void test_dates(void **state)
{
    jc_org o;
    village_branch(&o);
    o.founded_on = D(2025, 6, 2);
    expect_error(&o, "DATE_FUTURE", "founded_on");
    village_branch(&o);
    o.term_start = D(2025, 6, 2);
    o.term_end = D(2030, 6, 2);
    expect_error(&o, "DATE_FUTURE", "term_start");
    village_branch(&o);
    o.term_end = D(2030, 1, 1); /* the planned end of the term is normally ahead */
    expect_ok(&o);
    o.term_end = o.term_start;
    expect_error(&o, "DATE_ORDER", "term_end");
    o.term_end = D(2020, 1, 1);
    expect_error(&o, "DATE_ORDER", "term_end");
    village_branch(&o);
    o.dissolved_on = D(1950, 1, 1);
    expect_error(&o, "DATE_ORDER", "dissolved_on");
    o.dissolved_on = o.founded_on;
    expect_error(&o, "DATE_ORDER", "dissolved_on");
    o.dissolved_on = D(2020, 1, 1);
    expect_ok(&o);
    o.dissolved_on = D(2026, 1, 1);
    expect_error(&o, "DATE_FUTURE", "dissolved_on");
    village_branch(&o);
    o.founded_on = D(2021, 2, 29);
    expect_error(&o, "DATE_INVALID", "founded_on");
}

/* The parent matrix: rows are the parent (NULL = root), columns the child, in the order
 * of the org type table. */
static void test_parent_matrix(void **state)
{
    static const char *const types[7] = {"committee", "working_committee", "general_branch",
                                         "branch", "joint_branch", "temporary_branch", "group"};
    static const char *const parents[8] = {NULL, "committee", "working_committee",
                                           "general_branch", "branch", "joint_branch",
                                           "temporary_branch", "group"};
    /*                          com wc  gb  br  jb  tb  grp */
    static const int allowed[8][7] = {
        /* root          */ {1, 1, 1, 1, 1, 1, 1},
        /* committee     */ {1, 1, 1, 1, 1, 1, 0},
        /* working_comm. */ {1, 1, 1, 1, 1, 1, 0},
        /* general_branch*/ {0, 0, 0, 1, 1, 1, 0},
        /* branch        */ {0, 0, 0, 0, 0, 0, 1},
        /* joint_branch  */ {0, 0, 0, 0, 0, 0, 1},
        /* temp_branch   */ {0, 0, 0, 0, 0, 0, 1},
        /* group         */ {0, 0, 0, 0, 0, 0, 0},
    };
    jc_err err;

    for (int p = 0; p < 8; p++) {
        for (int c = 0; c < 7; c++) {
            int rc;
            jc_err_clear(&err);
            rc = jc_org_parent_allowed(parents[p], types[c], &err);
            if ((rc == JC_OK) != allowed[p][c])
                fail_msg("%s under %s: got %s", types[c], parents[p] ? parents[p] : "(root)",
                         rc == JC_OK ? "allowed" : "refused");
            if (rc == JC_OK) continue;
            assert_string_equal(err.code, "PARENT_TYPE");
            assert_string_equal(err.field, "parent");
            assert_int_equal(err.status, 422);
            assert_int_equal(strncmp(err.en, "parent: ", 8), 0);
        }
    }
    assert_int_equal(jc_org_parent_allowed("", "group", NULL), JC_OK); /* "" is a root too */
}

static void test_parent_messages_and_unknown_types(void **state)
{
    jc_err err;
    jc_org_parent_allowed("committee", "group", &err);
    assert_string_equal(err.zh, "党小组不能隶属于党委");
    jc_err_clear(&err);
    assert_int_equal(jc_org_parent_allowed("committee", "cell", &err), JC_FAIL);
    assert_string_equal(err.code, "PARENT_TYPE");
    jc_err_clear(&err);
    assert_int_equal(jc_org_parent_allowed("cell", "branch", &err), JC_FAIL);
    assert_string_equal(err.code, "PARENT_TYPE");
    assert_int_equal(jc_org_parent_allowed(NULL, NULL, &err), JC_FAIL);
}

static void test_is_branch(void **state)
{
    assert_true(jc_org_is_branch("branch"));
    assert_true(jc_org_is_branch("joint_branch"));
    assert_true(jc_org_is_branch("temporary_branch"));
    assert_false(jc_org_is_branch("general_branch"));
    assert_false(jc_org_is_branch("group"));
    assert_false(jc_org_is_branch("committee"));
    assert_false(jc_org_is_branch(NULL));
}

/* ORG-06 */
static void test_org06_term_years(void **state)
{
    assert_int_equal(jc_org_term_years("branch", "village"), 5);
    assert_int_equal(jc_org_term_years("branch", "community"), 5);
    assert_int_equal(jc_org_term_years("joint_branch", "village"), 5);
    assert_int_equal(jc_org_term_years("temporary_branch", "community"), 5);
    assert_int_equal(jc_org_term_years("branch", "soe"), 3);
    assert_int_equal(jc_org_term_years("branch", ""), 3);
    assert_int_equal(jc_org_term_years("branch", NULL), 3);
    assert_int_equal(jc_org_term_years("joint_branch", "private_enterprise"), 3);
    assert_int_equal(jc_org_term_years("general_branch", "university"), 3);
    assert_int_equal(jc_org_term_years("general_branch", "village"), 3);
    assert_int_equal(jc_org_term_years("committee", "government"), 5);
    assert_int_equal(jc_org_term_years("committee", "village"), 5);
    assert_int_equal(jc_org_term_years("working_committee", ""), 5);
    assert_int_equal(jc_org_term_years("group", "village"), 0);
    assert_int_equal(jc_org_term_years("cell", "village"), 0);
    assert_int_equal(jc_org_term_years(NULL, NULL), 0);
    /* the numbers come from the rule table */
    assert_int_equal(jc_param_default("ORG-06.term_years_village"), 5);
    assert_int_equal(jc_param_default("ORG-06.term_years_other_branch"), 3);
    assert_int_equal(jc_param_default("ORG-06.term_years_committee"), 5);
}

static void test_org06_term_due(void **state)
{
    jc_org o;
    jc_date due;

    village_branch(&o);
    due = jc_org_term_due(&o); /* explicit term_end wins */
    assert_int_equal(jc_date_cmp(due, D(2026, 1, 15)), 0);
    o.term_end = JC_DATE_NONE;
    due = jc_org_term_due(&o);
    assert_int_equal(jc_date_cmp(due, D(2026, 1, 15)), 0);
    SET(o.field, "soe");
    due = jc_org_term_due(&o);
    assert_int_equal(jc_date_cmp(due, D(2024, 1, 15)), 0);
    o.term_start = D(2020, 2, 29);
    due = jc_org_term_due(&o);
    assert_int_equal(jc_date_cmp(due, D(2023, 2, 28)), 0);
    o.term_start = JC_DATE_NONE;
    assert_false(jc_date_is_set(jc_org_term_due(&o)));
    SET(o.type, "group");
    o.term_start = D(2020, 1, 1);
    assert_false(jc_date_is_set(jc_org_term_due(&o)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_defaults),
        cmocka_unit_test(test_valid_org),
        cmocka_unit_test(test_code_format),
        cmocka_unit_test(test_record_checks),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_parent_matrix),
        cmocka_unit_test(test_parent_messages_and_unknown_types),
        cmocka_unit_test(test_is_branch),
        cmocka_unit_test(test_org06_term_years),
        cmocka_unit_test(test_org06_term_due),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
