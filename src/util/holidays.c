/*
 * holidays.c — the working-day rule over the generated holiday tables (see
 * holidays.h): holidays are off, adjusted working days are on, otherwise weekends are
 * off. Dates are handled as day numbers (days since 1970-01-01) for stepping and the
 * weekday; the tables are searched by binary search on YYYYMMDD.
 */
#include "util/holidays.h"

#include "util/err.h"

#define MIN_YEAR 1900
#define MAX_YEAR 2199

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int date_valid(int y, int m, int d)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return 0;
    int n = mdays[m - 1] + (m == 2 && is_leap(y));
    return d <= n;
}

/* Days since 1970-01-01 (H. Hinnant's days_from_civil); y-m-d must be valid. */
static long to_days(int y, int m, int d)
{
    long yy = y - (m <= 2);
    long era = (yy >= 0 ? yy : yy - 399) / 400;
    long yoe = yy - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int in_sorted(const int *a, size_t n, int key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && a[lo] == key;
}

/* The rule for a valid date, given as its day number. */
static int working(long days)
{
    int y, m, d;
    from_days(days, &y, &m, &d);
    int ymd = y * 10000 + m * 100 + d;
    if (in_sorted(jc_holidays, jc_holidays_count, ymd)) return 0;
    if (in_sorted(jc_adjusted_workdays, jc_adjusted_workdays_count, ymd)) return 1;
    /* 1970-01-01 was a Thursday: weekday 0 = Monday ... 6 = Sunday. */
    long wd = ((days % 7) + 7 + 3) % 7;
    return wd < 5;
}

int jc_holidays_known(int y)
{
    return y >= jc_holiday_first_year && y <= jc_holiday_last_year;
}

int jc_is_holiday(int y, int m, int d)
{
    if (!date_valid(y, m, d)) return 0;
    return in_sorted(jc_holidays, jc_holidays_count, y * 10000 + m * 100 + d);
}

int jc_is_adjusted_workday(int y, int m, int d)
{
    if (!date_valid(y, m, d)) return 0;
    return in_sorted(jc_adjusted_workdays, jc_adjusted_workdays_count, y * 10000 + m * 100 + d);
}

int jc_is_working_day(int y, int m, int d)
{
    if (!date_valid(y, m, d)) return 0;
    return working(to_days(y, m, d));
}

int jc_add_working_days(int y, int m, int d, int n, int *oy, int *om, int *od)
{
    if (!date_valid(y, m, d)) return JC_FAIL;
    long lo = to_days(MIN_YEAR, 1, 1), hi = to_days(MAX_YEAR, 12, 31);
    long day = to_days(y, m, d);
    if (n == 0) {
        while (day <= hi && !working(day)) day++;
    } else {
        int step = n > 0 ? 1 : -1;
        /* Counted in long so that n == INT_MIN has a magnitude. */
        long left = n > 0 ? (long)n : -(long)n;
        while (left > 0) {
            day += step;
            if (day < lo || day > hi) return JC_FAIL;
            if (working(day)) left--;
        }
    }
    if (day > hi) return JC_FAIL;
    from_days(day, oy, om, od);
    return JC_OK;
}
