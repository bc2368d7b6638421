/*
 * test_demo.c — the demo-data generator (modules/demo): the same options give the same
 * rows byte for byte and another seed other rows; the counts are exact; every org and
 * member passes the domain's own record checks (jc_org_validate, jc_member_validate:
 * ID-01, ID-02, DEV-01, DEV-13/14), the tree is consistent (paths, depths, parent types,
 * groups under their member's branch); the share of women is near the published 30.9%;
 * the records that make the alerts (ORG-02/03/05/06, DEV-13, MOB-03) are there; and a
 * database that already holds orgs is refused with 409 DB_NOT_EMPTY.
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
#include "domain/member.h"
#include "domain/org.h"
#include "modules/demo/demo.h"
#include "store/db.h"
#include "store/migrate.h"

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const jc_date TODAY = {2025, 6, 30};

/* A fresh migrated in-memory database. */
static jc_db *fresh_db(void)
{
    jc_db *db = NULL;
    jc_err err;
    jc_err_clear(&err);
    if (jc_db_open(":memory:", NULL, &db, &err) != JC_OK) fail_msg("open: %s", err.en);
    if (jc_migrate(db, NULL, &err) != JC_OK) fail_msg("migrate: %s", err.en);
    return db;
}

static jc_db *generated(long orgs, long members, uint64_t seed, int district)
{
    jc_db *db = fresh_db();
    jc_demo_opts o = {orgs, members, seed, district, TODAY};
    jc_err err;
    jc_err_clear(&err);
    if (jc_demo_generate(db, &o, &err) != JC_OK)
        fail_msg("generate %ld/%ld: %s %s", orgs, members, err.code, err.en);
    return db;
}

static int64_t count(jc_db *db, const char *sql)
{
    int64_t n = -1;
    jc_err err;
    if (jc_db_query_int(db, sql, &n, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
    return n;
}

/* FNV-1a over every column of every row, NULL distinct from "". */
static void hash_query(jc_db *db, const char *sql, uint64_t *h)
{
    jc_stmt *st;
    jc_err err;
    int rc;
    if (jc_db_prepare(db, sql, &st, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
    while ((rc = jc_step(st, &err)) == JC_ROW) {
        int c, n = jc_col_count(st);
        for (c = 0; c < n; c++) {
            const char *v = jc_col_is_null(st, c) ? "\x01NULL" : jc_col_text(st, c);
            const unsigned char *p = (const unsigned char *)v;
            for (; *p; p++) *h = (*h ^ *p) * 0x100000001B3ull;
            *h = (*h ^ 0x1F) * 0x100000001B3ull; /* column separator */
        }
        *h = (*h ^ 0x1E) * 0x100000001B3ull;
    }
    jc_stmt_free(st);
    assert_int_equal(rc, JC_DONE);
}

static uint64_t checksum(jc_db *db)
{
    uint64_t h = 0xCBF29CE484222325ull;
    hash_query(db, "SELECT * FROM org ORDER BY id", &h);
    hash_query(db, "SELECT * FROM member ORDER BY id", &h);
    return h;
}

static void same_seed_same_rows(void **state)
{
    jc_db *a = generated(300, 5000, 42, 0), *b = generated(300, 5000, 42, 320703);
    assert_true(checksum(a) == checksum(b));
    jc_db_close(a);
    jc_db_close(b);
}

static void other_seed_other_rows(void **state)
{
    jc_db *a = generated(300, 5000, 42, 0), *b = generated(300, 5000, 43, 0);
    assert_true(checksum(a) != checksum(b));
    jc_db_close(a);
    jc_db_close(b);
}

static void counts_are_exact(void **state)
{
    static const long cases[][3] = {
        {300, 5000, 320703}, {1, 0, 320703},    {2, 1, 320703},    {2, 37, 450102},
        {17, 0, 320703},     {60, 200, 310115}, {1000, 100, 320703}, {900, 30000, 450102},
        {2500, 4000, 310115},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        jc_db *db = generated(cases[i][0], cases[i][1], 7 + i, (int)cases[i][2]);
        assert_int_equal(count(db, "SELECT count(*) FROM org"), cases[i][0]);
        assert_int_equal(count(db, "SELECT count(*) FROM member"), cases[i][1]);
        /* members sit in branches; the tree has one root */
        assert_int_equal(count(db, "SELECT count(*) FROM member m JOIN org o ON o.id = m.org_id "
                                   "WHERE o.type NOT IN "
                                   "('branch','joint_branch','temporary_branch')"),
                         0);
        assert_int_equal(count(db, "SELECT count(*) FROM org WHERE parent_id IS NULL"), 1);
        /* loaded with foreign keys off: every reference must still hold, and the setting
         * is back on */
        assert_int_equal(count(db, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
        assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
        jc_db_close(db);
    }
}

/* Every member passes the domain's own record check, and the ID number agrees with the
 * birth date and sex (ID-01, ID-02); joined at 18 or later (DEV-01). */
static void members_are_valid(void **state)
{
    jc_db *db = generated(300, 5000, 42, 0);
    jc_stmt *st;
    jc_err err;
    long n = 0;
    int rc;
    if (jc_db_prepare(db,
                      "SELECT name, sex, ethnicity, id_number, birth_date, education, "
                      "coalesce(degree,''), category, joined_on, full_on, job, phone, address, "
                      "status, lost_contact, lost_on, mobile, coalesce(mobile_destination,''), "
                      "native_place, work_started_on, name_pinyin FROM member ORDER BY id",
                      &st, &err) != JC_OK)
        fail_msg("%s", err.en);
    while ((rc = jc_step(st, &err)) == JC_ROW) {
        jc_member m;
        jc_member_init(&m);
        m.org_id = 1;
        SET(m.name, jc_col_text(st, 0));
        SET(m.sex, jc_col_text(st, 1));
        SET(m.ethnicity, jc_col_text(st, 2));
        SET(m.id_number, jc_col_text(st, 3));
        m.birth_date = jc_col_date(st, 4);
        SET(m.education, jc_col_text(st, 5));
        SET(m.degree, jc_col_text(st, 6));
        SET(m.category, jc_col_text(st, 7));
        m.joined_on = jc_col_date(st, 8);
        m.full_on = jc_col_date(st, 9);
        SET(m.job, jc_col_text(st, 10));
        SET(m.phone, jc_col_text(st, 11));
        SET(m.address, jc_col_text(st, 12));
        SET(m.status, jc_col_text(st, 13));
        m.lost_contact = (int)jc_col_int(st, 14);
        m.lost_on = jc_col_date(st, 15);
        m.mobile = (int)jc_col_int(st, 16);
        SET(m.mobile_destination, jc_col_text(st, 17));
        SET(m.native_place, jc_col_text(st, 18));
        m.work_started_on = jc_col_date(st, 19);
        jc_err_clear(&err);
        if (jc_idnum_validate(m.id_number, TODAY, "id_number", &err) != JC_OK)
            fail_msg("%s: %s", m.id_number, err.en);
        assert_int_equal(jc_date_cmp(jc_idnum_birth(m.id_number), m.birth_date), 0);
        assert_int_equal(jc_idnum_sex(m.id_number), m.sex[0]);
        assert_true(jc_date_cmp(m.joined_on, jc_date_add_years(m.birth_date, 18)) >= 0);
        if (strcmp(m.category, "full") == 0)
            assert_int_equal(jc_date_cmp(m.full_on, jc_date_add_years(m.joined_on, 1)), 0);
        if (jc_member_validate(&m, TODAY, &err) != JC_OK)
            fail_msg("member %s %s: %s %s (%s)", m.name, m.id_number, err.code, err.field, err.en);
        assert_true(strlen(m.phone) == 11 && m.phone[0] == '1' && m.phone[1] >= '3');
        assert_true(jc_col_text(st, 20)[0] != '\0'); /* name_pinyin */
        n++;
    }
    jc_stmt_free(st);
    assert_int_equal(rc, JC_DONE);
    assert_int_equal(n, 5000);
    assert_int_equal(count(db, "SELECT count(DISTINCT id_number) FROM member"), 5000);
    jc_db_close(db);
}

/* Every org passes jc_org_validate, sits under an allowed parent type, and its path and
 * depth follow from its parent's. */
static void orgs_are_valid(void **state)
{
    jc_db *db = generated(300, 5000, 42, 0);
    jc_stmt *st;
    jc_err err;
    int rc;
    if (jc_db_prepare(db,
                      "SELECT o.code, o.name, o.type, coalesce(o.field,''), "
                      "coalesce(o.parent_id,0), "
                      "coalesce(o.unit_name,''), o.unit_count, o.founded_on, o.term_start, "
                      "coalesce(o.committee_size,-1), coalesce(o.secretary,''), o.path, o.depth, "
                      "coalesce(p.type,''), coalesce(p.path,'/'), coalesce(p.depth,-1), o.id "
                      "FROM org o LEFT JOIN org p ON p.id = o.parent_id ORDER BY o.id",
                      &st, &err) != JC_OK)
        fail_msg("%s", err.en);
    while ((rc = jc_step(st, &err)) == JC_ROW) {
        jc_org o;
        char path[600];
        jc_org_init(&o);
        SET(o.code, jc_col_text(st, 0));
        SET(o.name, jc_col_text(st, 1));
        SET(o.type, jc_col_text(st, 2));
        SET(o.field, jc_col_text(st, 3));
        o.parent_id = jc_col_int(st, 4);
        SET(o.unit_name, jc_col_text(st, 5));
        o.unit_count = (int)jc_col_int(st, 6);
        o.founded_on = jc_col_date(st, 7);
        o.term_start = jc_col_date(st, 8);
        o.committee_size = (int)jc_col_int(st, 9);
        SET(o.secretary, jc_col_text(st, 10));
        jc_err_clear(&err);
        if (jc_org_validate(&o, TODAY, &err) != JC_OK)
            fail_msg("org %s %s: %s %s", o.code, o.name, err.code, err.en);
        if (jc_org_parent_allowed(o.parent_id ? jc_col_text(st, 13) : NULL, o.type, &err) != JC_OK)
            fail_msg("org %s under %s: %s", o.type, jc_col_text(st, 13), err.en);
        snprintf(path, sizeof path, "%s%lld/", jc_col_text(st, 14), (long long)jc_col_int(st, 16));
        assert_string_equal(jc_col_text(st, 11), path);
        assert_int_equal(jc_col_int(st, 12), jc_col_int(st, 15) + 1);
        assert_true(strlen(o.code) <= 39);
    }
    jc_stmt_free(st);
    assert_int_equal(rc, JC_DONE);
    /* codes are hierarchical: a child's code starts with its parent's */
    assert_int_equal(count(db, "SELECT count(*) FROM org o JOIN org p ON p.id = o.parent_id "
                               "WHERE substr(o.code, 1, length(p.code) + 1) <> p.code || '.'"),
                     0);
    /* a member's group is a group of the member's own branch */
    assert_int_equal(count(db, "SELECT count(*) FROM member m JOIN org g ON g.id = m.group_id "
                               "WHERE g.type <> 'group' OR g.parent_id <> m.org_id"),
                     0);
    /* branches with groups have all their members in groups */
    assert_int_equal(count(db, "SELECT count(*) FROM member m WHERE m.group_id IS NULL AND "
                               "EXISTS (SELECT 1 FROM org g WHERE g.parent_id = m.org_id AND "
                               "g.type = 'group')"),
                     0);
    assert_true(count(db, "SELECT count(*) FROM org WHERE type = 'group'") > 0);
    assert_int_equal(count(db, "SELECT count(*) FROM org WHERE code = 'D320703' AND "
                               "name = '中共连云港市连云区委员会'"),
                     1);
    jc_db_close(db);
}

/* Published figure: women are 30.9% of members (bulletin of 2025-06-30). */
static void women_share_near_published(void **state)
{
    jc_db *db = generated(300, 5000, 42, 0);
    int64_t women = count(db, "SELECT count(*) FROM member WHERE sex = 'F'");
    double share = 100.0 * (double)women / 5000.0;
    if (share < 27.9 || share > 33.9) fail_msg("women %.1f%%, published 30.9%%", share);
    jc_db_close(db);
}

/* The records that make each alert rule fire are present. */
static void alert_material_present(void **state)
{
    jc_db *db = generated(300, 5000, 42, 0);
    /* ORG-02: a branch over 50 members */
    assert_true(count(db, "SELECT count(*) FROM (SELECT org_id FROM member GROUP BY org_id "
                          "HAVING count(*) > 50)") > 0);
    /* ORG-03: a joint branch over 5 units */
    assert_true(count(db, "SELECT count(*) FROM org WHERE type = 'joint_branch' AND "
                          "unit_count > 5") > 0);
    /* ORG-05: 7+ full members, no committee */
    assert_true(count(db, "SELECT count(*) FROM org o WHERE o.committee_size < 3 AND "
                          "(SELECT count(*) FROM member m WHERE m.org_id = o.id AND "
                          "m.category = 'full') >= 7") > 0);
    /* ORG-06: a term over (5 years for committees and village/community branches) */
    assert_true(count(db, "SELECT count(*) FROM org WHERE term_start < '2020-06-30'") > 0);
    /* DEV-13: probationary for more than a year */
    assert_true(count(db, "SELECT count(*) FROM member WHERE category = 'probationary' AND "
                          "joined_on <= '2024-06-30'") > 0);
    /* MOB-03: lost contact 6 months or more */
    assert_true(count(db, "SELECT count(*) FROM member WHERE lost_contact = 1 AND "
                          "lost_on <= '2024-12-30'") > 0);
    assert_true(count(db, "SELECT count(*) FROM member WHERE mobile = 1") > 0);
    /* the roll-up was rebuilt */
    assert_int_equal(count(db, "SELECT m_all FROM org_rollup WHERE org_id = 1"), 5000);
    jc_db_close(db);
}

static void refuses_non_empty_and_bad_options(void **state)
{
    jc_db *db = generated(30, 100, 1, 0);
    jc_demo_opts o = {30, 100, 1, 0, TODAY};
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_demo_generate(db, &o, &err), JC_FAIL);
    assert_int_equal(err.status, 409);
    assert_string_equal(err.code, "DB_NOT_EMPTY");
    assert_int_equal(count(db, "SELECT count(*) FROM org"), 30);
    assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
    jc_db_close(db);

    db = fresh_db();
    o.orgs = 0;
    assert_int_equal(jc_demo_generate(db, &o, &err), JC_FAIL);
    assert_int_equal(err.status, 400);
    o.orgs = 1; /* members need a branch */
    assert_int_equal(jc_demo_generate(db, &o, &err), JC_FAIL);
    assert_int_equal(err.status, 400);
    o.orgs = 30;
    o.district = 110105; /* a real district without street data */
    assert_int_equal(jc_demo_generate(db, &o, &err), JC_FAIL);
    assert_string_equal(err.code, "DEMO_DISTRICT");
    o.district = 0;
    o.today = JC_DATE_NONE;
    assert_int_equal(jc_demo_generate(db, &o, &err), JC_FAIL);
    assert_int_equal(err.status, 400);
    assert_int_equal(count(db, "SELECT count(*) FROM org"), 0);
    jc_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_seed_same_rows),
        cmocka_unit_test(other_seed_other_rows),
        cmocka_unit_test(counts_are_exact),
        cmocka_unit_test(members_are_valid),
        cmocka_unit_test(orgs_are_valid),
        cmocka_unit_test(women_share_near_published),
        cmocka_unit_test(alert_material_present),
        cmocka_unit_test(refuses_non_empty_and_bad_options),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
