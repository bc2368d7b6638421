/*
 * idnum.c — the 18-character 公民身份号码 of GB 11643-1999 (RULES ID-01..ID-03):
 * its ISO 7064 MOD 11-2 check character, its structure and the birth date and sex it
 * encodes. Every member record carries one and it is the archive's natural key, so a
 * wrong number must be refused at the door rather than found in a report later.
 *
 * What is deliberately not checked (ID-03): the 6-digit address code against today's
 * GB/T 2260 table. Abolished divisions' codes are never reused, and people born there
 * keep their numbers for life, so an "unknown" address code is normal, not an error.
 */
#include "domain/idnum.h"

#include <stdio.h>
#include <string.h>

#define ID_LEN 18
#define RULE_ID01 "ID-01"

/* 18-digit numbers carry the century; no holder was born before 1800, so an earlier
 * year is a typing slip. */
#define ID_YEAR_MIN 1800

/* ISO 7064 MOD 11-2 as GB 11643 states it (ID-01): weight 2^(17-i) mod 11 for the
 * i-th character, remainder of the weighted sum mod 11 mapped through this table. */
static const int id_weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char id_check_map[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int two(const char *p)
{
    return (p[0] - '0') * 10 + (p[1] - '0');
}

char jc_idnum_check_char(const char *first17)
{
    int sum = 0;
    for (int i = 0; i < 17; i++) sum += (first17[i] - '0') * id_weights[i];
    return id_check_map[sum % 11];
}

/* Every ID failure has the same shape: status 422, rule ID-01, the field named in
 * English, the rule id appended to both messages. zh and en are already formatted
 * (jc_failf would feed both formats the same arguments, and zh has no English field). */
static int id_fail(jc_err *err, const char *code, const char *field, const char *zh,
                   const char *en)
{
    char zbuf[320], ebuf[320];
    snprintf(zbuf, sizeof zbuf, "%s（%s）", zh, RULE_ID01);
    snprintf(ebuf, sizeof ebuf, "%s: %s (%s)", field, en, RULE_ID01);
    return jc_fail(err, JC_HTTP_UNPROCESSABLE, code, field, RULE_ID01, zbuf, ebuf);
}

/* Structure only: length, digits, check character's alphabet. Split out so that the
 * message can say what is wrong, since a clerk copying from a paper form needs to know
 * whether a digit is missing or a letter is wrong. */
static int check_format(const char *id, const char *field, jc_err *err)
{
    char zh[128], en[128];
    size_t n = id ? strlen(id) : 0;
    int rc = JC_FAIL, bad = -1;

    if (n == 15) {
        id_fail(err, "ID_FORMAT", field, "公民身份号码为15位旧号码，请填写18位号码",
                "a 15-digit number of the old format; enter the 18-character number");
        goto cleanup;
    }
    if (n != ID_LEN) {
        snprintf(zh, sizeof zh, "公民身份号码应为18位，实为%zu位", n);
        snprintf(en, sizeof en, "must be 18 characters, got %zu", n);
        id_fail(err, "ID_FORMAT", field, zh, en);
        goto cleanup;
    }
    for (int i = 16; i >= 0; i--) {
        if (!is_digit(id[i])) bad = i;
    }
    if (bad >= 0) {
        snprintf(zh, sizeof zh, "公民身份号码前17位应为数字，第%d位不是", bad + 1);
        snprintf(en, sizeof en, "the first 17 characters must be digits; character %d is not",
                 bad + 1);
        id_fail(err, "ID_FORMAT", field, zh, en);
        goto cleanup;
    }
    if (id[17] == 'x') {
        id_fail(err, "ID_FORMAT", field, "公民身份号码末位应为大写X",
                "the check character must be an upper-case X");
        goto cleanup;
    }
    if (!is_digit(id[17]) && id[17] != 'X') {
        id_fail(err, "ID_FORMAT", field, "公民身份号码末位应为数字或X",
                "the last character must be a digit or X");
        goto cleanup;
    }
    rc = JC_OK;
cleanup:
    return rc;
}

int jc_idnum_validate(const char *id, jc_date today, const char *field, jc_err *err)
{
    int rc;
    jc_date birth;
    char expect, zh[128], en[128];

    if (!field) field = "id_number";
    rc = check_format(id, field, err);
    if (rc != JC_OK) goto cleanup;

    /* The date is checked before the check character: a mistyped date digit also breaks
     * the checksum, and "impossible date" points the clerk at the right digits. */
    birth = jc_idnum_birth(id);
    if (!jc_date_is_set(birth)) {
        snprintf(zh, sizeof zh, "公民身份号码中的出生日期%.8s不存在", id + 6);
        snprintf(en, sizeof en, "the birth date %.8s in the number is not a real date", id + 6);
        rc = id_fail(err, "ID_DATE", field, zh, en);
        goto cleanup;
    }
    if (jc_date_is_set(today) && jc_date_cmp(birth, today) > 0) {
        snprintf(zh, sizeof zh, "公民身份号码中的出生日期%.8s晚于今天", id + 6);
        snprintf(en, sizeof en, "the birth date %.8s in the number is after today", id + 6);
        rc = id_fail(err, "ID_DATE", field, zh, en);
        goto cleanup;
    }
    expect = jc_idnum_check_char(id);
    if (id[17] != expect) {
        snprintf(zh, sizeof zh, "公民身份号码校验位错误（应为%c）", expect);
        snprintf(en, sizeof en, "check character is wrong (expected %c)", expect);
        rc = id_fail(err, "ID_CHECKSUM", field, zh, en);
        goto cleanup;
    }
    rc = JC_OK;
cleanup:
    return rc;
}

void jc_idnum_normalize(char *id)
{
    size_t n, start = 0;

    if (!id) return;
    n = strlen(id);
    while (start < n && (id[start] == ' ' || id[start] == '\t')) start++;
    while (n > start && (id[n - 1] == ' ' || id[n - 1] == '\t' || id[n - 1] == '\r' ||
                         id[n - 1] == '\n'))
        n--;
    memmove(id, id + start, n - start);
    n -= start;
    id[n] = '\0';
    if (n > 0 && id[n - 1] == 'x') id[n - 1] = 'X';
}

/* Returns JC_DATE_NONE when the eight characters are not digits or not a real date
 * from ID_YEAR_MIN on, so callers can use it as a check too. Deliberately wider than
 * jc_date_valid's 1900: the standard's own example (440524188001010014) is born in
 * 1880, and the number itself is valid; whether a member can have been born then is
 * the member record's question, not the ID number's. */
jc_date jc_idnum_birth(const char *id)
{
    int y, m, d;

    if (!id || strlen(id) < 14) return JC_DATE_NONE;
    for (int i = 6; i < 14; i++) {
        if (!is_digit(id[i])) return JC_DATE_NONE;
    }
    y = two(id + 6) * 100 + two(id + 8);
    m = two(id + 10);
    d = two(id + 12);
    if (y < ID_YEAR_MIN || !jc_date_exists(y, m, d)) return JC_DATE_NONE;
    return (jc_date){y, m, d};
}

char jc_idnum_sex(const char *id)
{
    return ((id[16] - '0') % 2) ? 'M' : 'F';
}
