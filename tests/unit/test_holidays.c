/*
 * test_holidays.c — unit tests for util/holidays: the working-day rule over the tables
 * generated from chinese-days (National Day 2025 and its 调休 Sunday, ordinary weekends,
 * years without data), stepping by working days across the holiday week, and invalid
 * input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "util/err.h"
#include "util/holidays.h"

static void test_tables_sorted(void **state)
{
    assert_true(jc_holidays_count > 100);
    assert_true(jc_adjusted_workdays_count > 20);
    for (size_t i = 1; i < jc_holidays_count; i++) assert_true(jc_holidays[i - 1] < jc_holidays[i]);
    for (size_t i = 1; i < jc_adjusted_workdays_count; i++) {
        assert_true(jc_adjusted_workdays[i - 1] < jc_adjusted_workdays[i]);
    }
    assert_true(jc_holiday_first_year <= 2025 && jc_holiday_last_year >= 2025);
    assert_true(jc_holidays_known(2025));
    assert_false(jc_holidays_known(jc_holiday_last_year + 1));
}

static void test_national_day_2025(void **state)
{
    for (int d = 1; d <= 8; d++) {
        assert_true(jc_is_holiday(2025, 10, d));
        assert_false(jc_is_working_day(2025, 10, d));
    }
    assert_false(jc_is_holiday(2025, 10, 9));
    assert_true(jc_is_working_day(2025, 10, 9)); /* Thursday after the week */
}

static void test_adjusted_working_days(void **state)
{
    /* Sunday 2025-09-28 and Saturday 2025-10-11 are worked (调休). */
    assert_true(jc_is_adjusted_workday(2025, 9, 28));
    assert_true(jc_is_working_day(2025, 9, 28));
    assert_true(jc_is_working_day(2025, 10, 11));
    assert_false(jc_is_holiday(2025, 9, 28));
}

static void test_ordinary_days(void **state)
{
    assert_false(jc_is_working_day(2025, 9, 20)); /* ordinary Saturday */
    assert_false(jc_is_working_day(2025, 9, 21)); /* ordinary Sunday */
    assert_true(jc_is_working_day(2025, 9, 22));  /* Monday */
    assert_false(jc_is_adjusted_workday(2025, 9, 20));
    /* A year without data: only the weekend rule. 2199-12-31 is a Tuesday. */
    assert_true(jc_is_working_day(2199, 12, 31));
    assert_false(jc_is_working_day(1900, 1, 6)); /* Saturday */
}

static void test_invalid_dates(void **state)
{
    assert_false(jc_is_working_day(2025, 2, 29));
    assert_false(jc_is_working_day(2025, 13, 1));
    assert_false(jc_is_working_day(2025, 0, 1));
    assert_false(jc_is_working_day(1899, 12, 29));
    assert_false(jc_is_holiday(2025, 10, 32));
    assert_true(jc_is_working_day(2024, 2, 29)); /* leap day, a Thursday */
}

static void expect_add(int y, int m, int d, int n, int wy, int wm, int wd)
{
    int oy = 0, om = 0, od = 0;
    assert_int_equal(jc_add_working_days(y, m, d, n, &oy, &om, &od), JC_OK);
    assert_int_equal(oy, wy);
    assert_int_equal(om, wm);
    assert_int_equal(od, wd);
}

static void test_add_across_national_day(void **state)
{
    expect_add(2025, 9, 30, 1, 2025, 10, 9);   /* Tue → over the holiday week */
    expect_add(2025, 9, 30, 2, 2025, 10, 10);
    expect_add(2025, 9, 30, 3, 2025, 10, 11);  /* the 调休 Saturday */
    expect_add(2025, 9, 30, 4, 2025, 10, 13);  /* Sunday 10-12 is off */
    expect_add(2025, 9, 26, 1, 2025, 9, 28);   /* Fri → the 调休 Sunday */
    expect_add(2025, 10, 3, 1, 2025, 10, 9);   /* from inside the holiday */
    expect_add(2025, 10, 9, -1, 2025, 9, 30);
    expect_add(2025, 9, 29, -1, 2025, 9, 28);
    expect_add(2025, 10, 3, 0, 2025, 10, 9);   /* n = 0 rolls forward */
    expect_add(2025, 9, 30, 0, 2025, 9, 30);
    expect_add(2025, 12, 31, 1, 2026, 1, 4);   /* 2026 New Year, then a 调休 Sunday */
}

static void test_add_failures(void **state)
{
    int y = 1, m = 2, d = 3;
    assert_int_equal(jc_add_working_days(2025, 2, 29, 1, &y, &m, &d), JC_FAIL);
    assert_int_equal(jc_add_working_days(2199, 12, 31, 1, &y, &m, &d), JC_FAIL);
    assert_int_equal(jc_add_working_days(1900, 1, 1, -1, &y, &m, &d), JC_FAIL);
    assert_int_equal(jc_add_working_days(2025, 1, 1, -2147483647 - 1, &y, &m, &d), JC_FAIL);
    assert_int_equal(jc_add_working_days(2025, 1, 1, 2147483647, &y, &m, &d), JC_FAIL);
    assert_int_equal(y, 1);
    assert_int_equal(m, 2);
    assert_int_equal(d, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tables_sorted),
        cmocka_unit_test(test_national_day_2025),
        cmocka_unit_test(test_adjusted_working_days),
        cmocka_unit_test(test_ordinary_days),
        cmocka_unit_test(test_invalid_dates),
        cmocka_unit_test(test_add_across_national_day),
        cmocka_unit_test(test_add_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
