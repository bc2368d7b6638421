/*
 * date.c — calendar dates for the domain rules: parsing the forms people type in
 * spreadsheets and forms, strict ISO for what the database stores, day arithmetic,
 * month and year arithmetic with end-of-month clamping, and ages. Everything here is
 * pure except jc_today(), which reads the clock (or the JICENG_TODAY override) so that
 * every other function can take "today" as an argument and stay testable.
 *
 * Day numbers use the proleptic Gregorian calendar with the algorithm of H. Hinnant
 * ("chrono-compatible low-level date algorithms"): exact for any year, no tables, no
 * dependence on the C library's time zone handling.
 */
#include "domain/date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/err.h"

/* China has had one time zone without daylight saving since 1991; a fixed offset is
 * exact for "today" and avoids depending on the host's TZ database. */
#define CST_OFFSET_SECONDS (8L * 3600L)

/* UTF-8 of the characters a Chinese date may contain. */
#define U_NIAN "\xE5\xB9\xB4"   /* 年 */
#define U_YUE "\xE6\x9C\x88"    /* 月 */
#define U_RI "\xE6\x97\xA5"     /* 日 */
#define U_IDEO_SPACE "\xE3\x80\x80" /* full-width space, common in pasted cells */

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && is_leap(y)) return 29;
    return mdays[m - 1];
}

int jc_date_is_set(jc_date d)
{
    return d.y != 0;
}

int jc_date_exists(int y, int m, int d)
{
    if (y < 1 || y > 9999 || m < 1 || m > 12) return 0;
    return d >= 1 && d <= days_in_month(y, m);
}

int jc_date_valid(int y, int m, int d)
{
    return y >= 1900 && y <= 2199 && jc_date_exists(y, m, d);
}

/* ---- parsing -------------------------------------------------------------------- */

static int is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

static int starts_with(const char *p, const char *end, const char *lit)
{
    size_t n = strlen(lit);
    return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Narrow [*pp, *pe) past ASCII and full-width spaces at both ends. */
static void trim(const char **pp, const char **pe)
{
    const char *p = *pp, *e = *pe;
    for (;;) {
        if (p < e && is_ascii_space(*p)) { p++; continue; }
        if (starts_with(p, e, U_IDEO_SPACE)) { p += 3; continue; }
        break;
    }
    for (;;) {
        if (e > p && is_ascii_space(e[-1])) { e--; continue; }
        if (e - p >= 3 && memcmp(e - 3, U_IDEO_SPACE, 3) == 0) { e -= 3; continue; }
        break;
    }
    *pp = p;
    *pe = e;
}

/* Read between min and max ASCII digits at *pp; advance *pp. JC_FAIL if fewer than min. */
static int read_digits(const char **pp, const char *end, int min, int max, int *out)
{
    const char *p = *pp;
    int n = 0, v = 0;
    while (p < end && n < max && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        p++;
        n++;
    }
    if (n < min) return JC_FAIL;
    *pp = p;
    *out = v;
    return JC_OK;
}

/* The separator after the year decides the one after the month: "-", "/", "." repeat
 * themselves; 年 is followed by 月 and an optional 日. Mixed separators ("2020-3/5")
 * are refused because they are more likely a typing slip than a date. */
static int parse_separated(const char *p, const char *end, jc_date *out)
{
    int rc = JC_FAIL, y = 0, m = 0, d = 0;
    char sep = 0;
    int chinese = 0;

    if (read_digits(&p, end, 4, 4, &y) != JC_OK) goto cleanup;
    if (starts_with(p, end, U_NIAN)) {
        chinese = 1;
        p += 3;
    } else if (p < end && (*p == '-' || *p == '/' || *p == '.')) {
        sep = *p++;
    } else {
        goto cleanup;
    }
    if (read_digits(&p, end, 1, 2, &m) != JC_OK) goto cleanup;
    if (chinese && !starts_with(p, end, U_YUE)) goto cleanup;
    if (!chinese && (p >= end || *p != sep)) goto cleanup;
    p += chinese ? 3 : 1;
    if (read_digits(&p, end, 1, 2, &d) != JC_OK) goto cleanup;
    if (chinese && starts_with(p, end, U_RI)) p += 3;
    if (p != end || !jc_date_valid(y, m, d)) goto cleanup;
    *out = (jc_date){y, m, d};
    rc = JC_OK;
cleanup:
    return rc;
}

int jc_date_parse(const char *s, jc_date *out)
{
    int rc = JC_FAIL, y = 0, m = 0, d = 0;
    const char *p, *end, *q;

    if (!s || !out) goto cleanup;
    p = s;
    end = s + strlen(s);
    trim(&p, &end);
    if (p == end) {
        *out = JC_DATE_NONE;
        rc = JC_OK;
        goto cleanup;
    }
    if (end - p != 8) {
        rc = parse_separated(p, end, out);
        goto cleanup;
    }
    /* Exactly 8 characters: "20200305", or a separated form such as "2020-3-5". */
    q = p;
    if (read_digits(&q, end, 8, 8, &y) != JC_OK) {
        rc = parse_separated(p, end, out);
        goto cleanup;
    }
    d = y % 100;
    m = (y / 100) % 100;
    y /= 10000;
    if (!jc_date_valid(y, m, d)) goto cleanup;
    *out = (jc_date){y, m, d};
    rc = JC_OK;
cleanup:
    return rc;
}

int jc_date_parse_iso(const char *s, jc_date *out)
{
    int rc = JC_FAIL, y = 0, m = 0, d = 0;
    const char *p, *end;

    if (!s || !out) goto cleanup;
    if (s[0] == '\0') {
        *out = JC_DATE_NONE;
        rc = JC_OK;
        goto cleanup;
    }
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-') goto cleanup;
    p = s;
    end = s + 10;
    if (read_digits(&p, end, 4, 4, &y) != JC_OK || *p++ != '-') goto cleanup;
    if (read_digits(&p, end, 2, 2, &m) != JC_OK || *p++ != '-') goto cleanup;
    if (read_digits(&p, end, 2, 2, &d) != JC_OK || p != end) goto cleanup;
    if (!jc_date_valid(y, m, d)) goto cleanup;
    *out = (jc_date){y, m, d};
    rc = JC_OK;
cleanup:
    return rc;
}

void jc_date_format(jc_date d, char *out)
{
    if (!jc_date_is_set(d) || !jc_date_valid(d.y, d.m, d.d)) {
        out[0] = '\0';
        return;
    }
    /* By hand rather than snprintf: the ranges are known (valid date), and the compiler
     * cannot see that, so snprintf draws a truncation warning at -O2. */
    out[0] = (char)('0' + d.y / 1000);
    out[1] = (char)('0' + d.y / 100 % 10);
    out[2] = (char)('0' + d.y / 10 % 10);
    out[3] = (char)('0' + d.y % 10);
    out[4] = '-';
    out[5] = (char)('0' + d.m / 10);
    out[6] = (char)('0' + d.m % 10);
    out[7] = '-';
    out[8] = (char)('0' + d.d / 10);
    out[9] = (char)('0' + d.d % 10);
    out[10] = '\0';
}

int jc_date_cmp(jc_date a, jc_date b)
{
    int sa = jc_date_is_set(a), sb = jc_date_is_set(b);
    if (!sa || !sb) return sa - sb;
    if (a.y != b.y) return a.y < b.y ? -1 : 1;
    if (a.m != b.m) return a.m < b.m ? -1 : 1;
    if (a.d != b.d) return a.d < b.d ? -1 : 1;
    return 0;
}

/* ---- arithmetic ----------------------------------------------------------------- */

long jc_date_to_days(jc_date dt)
{
    long y = dt.y - (dt.m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (dt.m + 9) % 12; /* March = 0 */
    long doy = (153 * mp + 2) / 5 + dt.d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

jc_date jc_date_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    return (jc_date){(int)y, (int)m, (int)d};
}

jc_date jc_date_add_months(jc_date d, int months)
{
    long idx, y, m;
    int dim;

    if (!jc_date_is_set(d)) return d;
    idx = (long)d.y * 12 + (d.m - 1) + months;
    y = idx >= 0 ? idx / 12 : (idx - 11) / 12;
    m = idx - y * 12 + 1;
    dim = days_in_month((int)y, (int)m);
    return (jc_date){(int)y, (int)m, d.d > dim ? dim : d.d};
}

jc_date jc_date_add_years(jc_date d, int years)
{
    jc_date r = d;
    if (!jc_date_is_set(d)) return d;
    r.y = d.y + years;
    if (r.m == 2 && r.d == 29 && !is_leap(r.y)) r.d = 28;
    return r;
}

/* Comparing (month, day) pairs gives the Feb 29 rule for free: in a non-leap year
 * (2, 28) < (2, 29) so the birthday is not yet reached, and (3, 1) > (2, 29). An unset
 * date gives -1, so a missing birth date can never pass an age check. */
int jc_age_on(jc_date birth, jc_date on)
{
    int age;
    if (!jc_date_is_set(birth) || !jc_date_is_set(on)) return -1;
    age = on.y - birth.y;
    if (on.m < birth.m || (on.m == birth.m && on.d < birth.d)) age--;
    return age;
}

/* An override that does not parse is ignored rather than fatal: jc_today() has no
 * error channel, and the clock is the safer fallback than a made-up date. */
jc_date jc_today(void)
{
    const char *env = getenv("JICENG_TODAY");
    jc_date d = JC_DATE_NONE;
    long long secs, days;

    if (env && jc_date_parse_iso(env, &d) == JC_OK && jc_date_is_set(d)) return d;
    secs = (long long)time(NULL) + CST_OFFSET_SECONDS;
    days = secs / 86400LL;
    if (secs % 86400LL < 0) days--; /* floor, not truncation */
    return jc_date_from_days((long)days);
}
