/*
 * date.h — calendar dates as the domain uses them: parsing what people type, ISO
 * formatting, ages and periods. Pure: no I/O, no clock except jc_today().
 */
#ifndef JC_DATE_H
#define JC_DATE_H

typedef struct jc_date {
    int y, m, d; /* y == 0 means "no date" */
} jc_date;

#define JC_DATE_NONE ((jc_date){0, 0, 0})

/* True when the date is set (y != 0). */
int jc_date_is_set(jc_date d);

/* True when y-m-d is a real Gregorian date with 1900 <= y <= 2199. */
int jc_date_valid(int y, int m, int d);

/* True when y-m-d exists in the Gregorian calendar, for 1 <= y <= 9999: for dates that
 * may lie outside jc_date_valid's range, like the 1880 of GB 11643's own example.
 * (Added for idnum.c.) */
int jc_date_exists(int y, int m, int d);

/* Parse a date as people type it: "2020-03-05", "2020/3/5", "2020.3.5", "2020年3月5日",
 * "20200305"; surrounding spaces ignored. Returns JC_OK and fills *out, or JC_FAIL for
 * a malformed or impossible date (2021-02-29). An empty string gives JC_OK and
 * JC_DATE_NONE. s is borrowed. */
int jc_date_parse(const char *s, jc_date *out);

/* Parse a strict ISO "YYYY-MM-DD" (what the database stores). Same returns. */
int jc_date_parse_iso(const char *s, jc_date *out);

/* Write "YYYY-MM-DD" (or "" for no date) into out, which holds at least 11 bytes. */
void jc_date_format(jc_date d, char *out);

/* <0, 0, >0 like strcmp. An unset date sorts first. */
int jc_date_cmp(jc_date a, jc_date b);

/* Days since 1970-01-01 and back. */
long jc_date_to_days(jc_date d);
jc_date jc_date_from_days(long days);

/* Add months; the day is clamped to the month's end (2020-01-31 + 1 month = 2020-02-29). */
jc_date jc_date_add_months(jc_date d, int months);

/* Add years; Feb 29 becomes Feb 28 in a non-leap year. */
jc_date jc_date_add_years(jc_date d, int years);

/* Whole years of age on `on` for someone born on `birth` (birthday counts on the day;
 * a Feb 29 birthday is reached on Mar 1 in non-leap years). */
int jc_age_on(jc_date birth, jc_date on);

/* Today in China Standard Time (UTC+8). The environment variable JICENG_TODAY
 * (YYYY-MM-DD), when set, overrides it, so tests and demos are reproducible. */
jc_date jc_today(void);

#endif
