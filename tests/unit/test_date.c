/*
 * test_date.c — date parsing, formatting, arithmetic and ages (domain/date.c). These
 * are the ground under DEV-01 (age at joining), DEV-13/DEV-14 (probation periods) and
 * ORG-06 (terms), so the edge cases are the ones those rules meet: month ends, Feb 29,
 * birthdays on the day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "domain/date.h"
#include "util/err.h"

static jc_date D(int y, int m, int d)
{
    return (jc_date){y, m, d};
}

static void assert_date(jc_date got, int y, int m, int d)
{
    assert_int_equal(got.y, y);
    assert_int_equal(got.m, m);
    assert_int_equal(got.d, d);
}

static void assert_parses(const char *s, int y, int m, int d)
{
    jc_date out = D(1, 1, 1);
    if (jc_date_parse(s, &out) != JC_OK) fail_msg("did not parse: \"%s\"", s);
    assert_date(out, y, m, d);
}

static void assert_refused(const char *s)
{
    jc_date out = D(1, 1, 1);
    if (jc_date_parse(s, &out) == JC_OK) fail_msg("parsed but should not: \"%s\"", s);
}

static void test_parse_every_input_format(void **state)
{
    assert_parses("2020-03-05", 2020, 3, 5);
    assert_parses("2020-3-5", 2020, 3, 5);
    assert_parses("2020/3/5", 2020, 3, 5);
    assert_parses("2020/03/05", 2020, 3, 5);
    assert_parses("2020.3.5", 2020, 3, 5);
    assert_parses("2020.12.31", 2020, 12, 31);
    assert_parses("2020年3月5日", 2020, 3, 5);
    assert_parses("2020年03月05日", 2020, 3, 5);
    assert_parses("2020年3月5", 2020, 3, 5);
    assert_parses("20200305", 2020, 3, 5);
    assert_parses("  2020-03-05\t", 2020, 3, 5);
    assert_parses("\xE3\x80\x80" "2020年3月5日" "\xE3\x80\x80", 2020, 3, 5); /* full-width spaces */
    assert_parses("1900-01-01", 1900, 1, 1);
    assert_parses("2199-12-31", 2199, 12, 31);
}

static void test_parse_empty_is_no_date(void **state)
{
    jc_date out = D(1, 1, 1);
    assert_int_equal(jc_date_parse("", &out), JC_OK);
    assert_false(jc_date_is_set(out));
    out = D(1, 1, 1);
    assert_int_equal(jc_date_parse("   ", &out), JC_OK);
    assert_false(jc_date_is_set(out));
}

static void test_parse_refuses_impossible_dates(void **state)
{
    assert_refused("2021-02-29");
    assert_refused("2020-13-01");
    assert_refused("2020年2月30日");
    assert_refused("2020-00-10");
    assert_refused("2020-01-00");
    assert_refused("2020-01-32");
    assert_refused("2020-04-31");
    assert_refused("20210229");
    assert_refused("20201301");
    assert_refused("1899-12-31"); /* outside 1900..2199 */
    assert_refused("2200-01-01");
}

static void test_parse_refuses_malformed_input(void **state)
{
    jc_date out;
    assert_refused("2020-3/5");     /* mixed separators */
    assert_refused("2020年3-5");
    assert_refused("2020-03-05x");
    assert_refused("2020--03-05");
    assert_refused("20-03-05");
    assert_refused("2020-003-05");
    assert_refused("2020");
    assert_refused("202003051");
    assert_refused("2020030");
    assert_refused("abc");
    assert_refused("2020-03-05 12:00");
    assert_refused("2020年3月");
    assert_int_equal(jc_date_parse(NULL, &out), JC_FAIL);
}

static void test_leap_years(void **state)
{
    assert_true(jc_date_valid(2000, 2, 29));  /* divisible by 400 */
    assert_false(jc_date_valid(1900, 2, 29)); /* by 100, not 400 */
    assert_false(jc_date_valid(2100, 2, 29));
    assert_true(jc_date_valid(2024, 2, 29));
    assert_false(jc_date_valid(2023, 2, 29));
    assert_parses("2000-02-29", 2000, 2, 29);
    assert_parses("2024年2月29日", 2024, 2, 29);
    assert_refused("1900-02-29");
}

/* jc_date_exists has no 1900..2199 window: GB 11643's own example is born in 1880. */
static void test_exists_wider_than_valid(void **state)
{
    assert_true(jc_date_exists(1880, 1, 1));
    assert_false(jc_date_valid(1880, 1, 1));
    assert_true(jc_date_exists(1600, 2, 29));
    assert_false(jc_date_exists(1700, 2, 29));
    assert_false(jc_date_exists(0, 1, 1));
    assert_false(jc_date_exists(2021, 2, 29));
    assert_false(jc_date_exists(2020, 13, 1));
    assert_false(jc_date_exists(10000, 1, 1));
}

static void test_parse_iso_is_strict(void **state)
{
    jc_date out;
    assert_int_equal(jc_date_parse_iso("2020-03-05", &out), JC_OK);
    assert_date(out, 2020, 3, 5);
    assert_int_equal(jc_date_parse_iso("", &out), JC_OK);
    assert_false(jc_date_is_set(out));
    assert_int_equal(jc_date_parse_iso("2020-3-5", &out), JC_FAIL);
    assert_int_equal(jc_date_parse_iso("2020/03/05", &out), JC_FAIL);
    assert_int_equal(jc_date_parse_iso("20200305", &out), JC_FAIL);
    assert_int_equal(jc_date_parse_iso(" 2020-03-05", &out), JC_FAIL);
    assert_int_equal(jc_date_parse_iso("2021-02-29", &out), JC_FAIL);
    assert_int_equal(jc_date_parse_iso("2020-+3-05", &out), JC_FAIL);
}

static void test_format(void **state)
{
    char buf[11];
    jc_date_format(D(2020, 3, 5), buf);
    assert_string_equal(buf, "2020-03-05");
    jc_date_format(D(1900, 12, 31), buf);
    assert_string_equal(buf, "1900-12-31");
    jc_date_format(JC_DATE_NONE, buf);
    assert_string_equal(buf, "");
}

static void test_cmp_unset_first(void **state)
{
    assert_true(jc_date_cmp(D(2020, 1, 1), D(2020, 1, 2)) < 0);
    assert_true(jc_date_cmp(D(2020, 2, 1), D(2020, 1, 31)) > 0);
    assert_true(jc_date_cmp(D(2019, 12, 31), D(2020, 1, 1)) < 0);
    assert_int_equal(jc_date_cmp(D(2020, 1, 1), D(2020, 1, 1)), 0);
    assert_true(jc_date_cmp(JC_DATE_NONE, D(1900, 1, 1)) < 0);
    assert_true(jc_date_cmp(D(1900, 1, 1), JC_DATE_NONE) > 0);
    assert_int_equal(jc_date_cmp(JC_DATE_NONE, JC_DATE_NONE), 0);
}

static void test_days_round_trip(void **state)
{
    char buf[11];
    jc_date d;

    assert_int_equal(jc_date_to_days(D(1970, 1, 1)), 0);
    assert_int_equal(jc_date_to_days(D(2000, 3, 1)), 11017);
    assert_int_equal(jc_date_to_days(D(1969, 12, 31)), -1);
    assert_date(jc_date_from_days(-25567), 1900, 1, 1);
    /* Every day of the supported range, in order, with no gap: a wrong leap rule
     * anywhere would break the chain. */
    d = D(1900, 1, 1);
    for (long n = jc_date_to_days(d); n <= jc_date_to_days(D(2199, 12, 31)); n++) {
        jc_date r = jc_date_from_days(n);
        if (!jc_date_valid(r.y, r.m, r.d) || jc_date_to_days(r) != n) {
            jc_date_format(r, buf);
            fail_msg("day %ld gave %s", n, buf);
        }
        if (n > jc_date_to_days(D(1900, 1, 1))) assert_true(jc_date_cmp(d, r) < 0);
        d = r;
    }
    assert_date(d, 2199, 12, 31);
}

/* DEV-13/DEV-14 measure probation in months from a resolution date that may be the
 * 29th, 30th or 31st. */
static void test_add_months_clamps_to_month_end(void **state)
{
    assert_date(jc_date_add_months(D(2020, 1, 31), 1), 2020, 2, 29);
    assert_date(jc_date_add_months(D(2021, 1, 31), 1), 2021, 2, 28);
    assert_date(jc_date_add_months(D(2020, 3, 31), 1), 2020, 4, 30);
    assert_date(jc_date_add_months(D(2020, 3, 31), -1), 2020, 2, 29);
    assert_date(jc_date_add_months(D(2020, 12, 15), 1), 2021, 1, 15);
    assert_date(jc_date_add_months(D(2020, 1, 15), -1), 2019, 12, 15);
    assert_date(jc_date_add_months(D(2020, 2, 29), 12), 2021, 2, 28);
    assert_date(jc_date_add_months(D(2020, 2, 29), 48), 2024, 2, 29);
    assert_date(jc_date_add_months(D(2019, 8, 31), 24), 2021, 8, 31);
    assert_date(jc_date_add_months(D(2020, 5, 10), -17), 2018, 12, 10);
    assert_date(jc_date_add_months(D(2020, 5, 10), 0), 2020, 5, 10);
    assert_false(jc_date_is_set(jc_date_add_months(JC_DATE_NONE, 3)));
}

static void test_add_years_feb29(void **state)
{
    assert_date(jc_date_add_years(D(2020, 2, 29), 1), 2021, 2, 28);
    assert_date(jc_date_add_years(D(2020, 2, 29), 4), 2024, 2, 29);
    assert_date(jc_date_add_years(D(2020, 2, 29), 80), 2100, 2, 28);
    assert_date(jc_date_add_years(D(2021, 6, 30), 5), 2026, 6, 30);
    assert_date(jc_date_add_years(D(2021, 6, 30), -3), 2018, 6, 30);
    assert_false(jc_date_is_set(jc_date_add_years(JC_DATE_NONE, 3)));
}

/* DEV-01: 18 on the day of the 18th birthday, not the day before. */
static void test_age_on_birthday_dev01(void **state)
{
    assert_int_equal(jc_age_on(D(2000, 6, 15), D(2018, 6, 15)), 18);
    assert_int_equal(jc_age_on(D(2000, 6, 15), D(2018, 6, 14)), 17);
    assert_int_equal(jc_age_on(D(2000, 6, 15), D(2018, 5, 31)), 17);
    assert_int_equal(jc_age_on(D(2000, 6, 15), D(2018, 7, 1)), 18);
    assert_int_equal(jc_age_on(D(2000, 6, 15), D(2000, 6, 15)), 0);
    assert_int_equal(jc_age_on(D(2000, 12, 31), D(2019, 1, 1)), 18);
    assert_int_equal(jc_age_on(JC_DATE_NONE, D(2019, 1, 1)), -1);
    assert_int_equal(jc_age_on(D(2000, 1, 1), JC_DATE_NONE), -1);
}

static void test_age_on_feb29_birthday(void **state)
{
    jc_date b = D(2000, 2, 29);
    assert_int_equal(jc_age_on(b, D(2018, 2, 28)), 17); /* non-leap year: not yet */
    assert_int_equal(jc_age_on(b, D(2018, 3, 1)), 18);  /* reached on Mar 1 */
    assert_int_equal(jc_age_on(b, D(2016, 2, 28)), 15);
    assert_int_equal(jc_age_on(b, D(2016, 2, 29)), 16); /* leap year: on the day */
}

static void test_today_override(void **state)
{
    jc_date t;

    setenv("JICENG_TODAY", "2024-02-29", 1);
    assert_date(jc_today(), 2024, 2, 29);
    /* A malformed override falls back to the clock, never to a made-up date. */
    setenv("JICENG_TODAY", "2024-02-30", 1);
    t = jc_today();
    assert_true(jc_date_valid(t.y, t.m, t.d));
    assert_true(t.y >= 2024);
    unsetenv("JICENG_TODAY");
}

/* China Standard Time: the date at UTC+8, whatever the host's TZ says. */
static void test_today_is_cst(void **state)
{
    time_t now;
    struct tm tm;
    jc_date t, expect;

    unsetenv("JICENG_TODAY");
    now = time(NULL) + 8 * 3600;
    gmtime_r(&now, &tm);
    expect = D(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    t = jc_today();
    /* the clock may tick over midnight between the two reads */
    assert_true(jc_date_cmp(t, expect) == 0 ||
                jc_date_to_days(t) == jc_date_to_days(expect) + 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_every_input_format),
        cmocka_unit_test(test_parse_empty_is_no_date),
        cmocka_unit_test(test_parse_refuses_impossible_dates),
        cmocka_unit_test(test_parse_refuses_malformed_input),
        cmocka_unit_test(test_leap_years),
        cmocka_unit_test(test_exists_wider_than_valid),
        cmocka_unit_test(test_parse_iso_is_strict),
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_cmp_unset_first),
        cmocka_unit_test(test_days_round_trip),
        cmocka_unit_test(test_add_months_clamps_to_month_end),
        cmocka_unit_test(test_add_years_feb29),
        cmocka_unit_test(test_age_on_birthday_dev01),
        cmocka_unit_test(test_age_on_feb29_birthday),
        cmocka_unit_test(test_today_override),
        cmocka_unit_test(test_today_is_cst),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
