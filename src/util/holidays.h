/*
 * holidays.h — China's working-day calendar: which days are worked, given the official
 * public holidays (法定节假日) and the adjusted working days (调休上班日) that the State
 * Council publishes each year. Used for deadlines counted in working days (e.g. "within
 * N working days of the application"). The holiday tables are generated at build time
 * from the chinese-days npm package by tools/refdata/gen-holidays.mjs into
 * build/gen/holidays.c (never typed by hand). Outside the years the package covers only
 * the weekend rule applies; jc_holidays_known() tells a caller whether that is the case.
 * Dates are Gregorian y-m-d ints, valid for 1900..2199 like domain/date.h. Pure: no I/O,
 * no allocation, no clock.
 */
#ifndef JC_HOLIDAYS_H
#define JC_HOLIDAYS_H

#include <stddef.h>

/* ---- Generated tables (build/gen/holidays.c) ----------------------------------------- */

/* First and last year the package has data for. */
extern const int jc_holiday_first_year;
extern const int jc_holiday_last_year;

/* Official holidays, YYYYMMDD ints, sorted ascending; includes the weekend days that
 * fall inside a holiday period. */
extern const int jc_holidays[];
extern const size_t jc_holidays_count;

/* Adjusted working days (weekend days that are worked), YYYYMMDD ints, sorted. */
extern const int jc_adjusted_workdays[];
extern const size_t jc_adjusted_workdays_count;

/* ---- Queries (src/util/holidays.c) --------------------------------------------------- */

/* True (1) when y is within the years the holiday tables cover. */
int jc_holidays_known(int y);

/* True (1) when y-m-d is an official holiday. 0 otherwise, also for an invalid date. */
int jc_is_holiday(int y, int m, int d);

/* True (1) when y-m-d is an adjusted working day (调休上班). 0 otherwise. */
int jc_is_adjusted_workday(int y, int m, int d);

/* True (1) when y-m-d is a working day: an adjusted working day, or a Monday..Friday
 * that is not an official holiday. 0 for days off, and for an invalid date. */
int jc_is_working_day(int y, int m, int d);

/* The date n working days after y-m-d (n > 0) or |n| working days before it (n < 0),
 * not counting y-m-d itself; so from Friday 2025-09-26, n = 1 gives Sunday 2025-09-28
 * (a 调休 working day). n = 0 gives y-m-d itself when it is a working day, else the next
 * working day. On JC_OK *oy, *om, *od hold the result; JC_FAIL (outputs untouched) for
 * an invalid date or a result outside 1900..2199. Out-params are borrowed. */
int jc_add_working_days(int y, int m, int d, int n, int *oy, int *om, int *od);

#endif
