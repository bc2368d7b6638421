/*
 * member.c — the member record's own rules: what a record must hold to enter the
 * archive (RULES ID-04, the 2017 form), its agreement with the ID number (ID-01, ID-02),
 * the age at joining (DEV-01) and the probation dates (DEV-13, DEV-14). The same
 * function serves the form, the API and the spreadsheet import, so a record is judged
 * the same way whichever door it came through.
 *
 * Checks run in the order of the form's fields and the first failure is returned, so
 * the message a clerk sees is about the first field they would look at. Each field's
 * checks are a function in the `checks` table below; the order of that table is the
 * order of the form.
 */
#include "domain/member.h"

#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/idnum.h"
#include "domain/rules.h"

#define N_ITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* Form order (ID-04 items plus degree, native place, work start and group), with the
 * Chinese column names of the 2017 form. The CSV header and the API use these. */
const char *const jc_member_fields_en[] = {
    "org", "name", "sex", "ethnicity", "id_number", "birth_date", "education", "degree",
    "category", "joined_on", "full_on", "job", "phone", "address", "status", "lost_contact",
    "lost_on", "mobile", "mobile_destination", "native_place", "work_started_on", "group",
    NULL,
};
const char *const jc_member_fields_zh[] = {
    "所在党支部", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "学位",
    "人员类别", "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址",
    "党籍状态", "是否失联党员", "失去联系日期", "是否流动党员", "外出流向", "籍贯",
    "参加工作日期", "党小组",
    NULL,
};

#define PHONE_MIN 5
#define PHONE_MAX 20

void jc_member_init(jc_member *m)
{
    memset(m, 0, sizeof *m);
    snprintf(m->status, sizeof m->status, "%s", "normal");
    snprintf(m->category, sizeof m->category, "%s", "full");
}

void jc_member_derive_from_id(jc_member *m)
{
    const char *id = m->id_number;

    /* Defensive even though the caller validated: a record with a bad ID must not get
     * a birth date or sex made up from it. */
    if (strnlen(id, sizeof m->id_number) != 18) return;
    if (!jc_date_is_set(m->birth_date)) m->birth_date = jc_idnum_birth(id);
    if (m->sex[0] == '\0' && id[16] >= '0' && id[16] <= '9') {
        m->sex[0] = jc_idnum_sex(id);
        m->sex[1] = '\0';
    }
}

/* ---- failures ------------------------------------------------------------------- */

static const char *field_zh(const char *field)
{
    for (size_t i = 0; jc_member_fields_en[i]; i++) {
        if (strcmp(jc_member_fields_en[i], field) == 0) return jc_member_fields_zh[i];
    }
    return field;
}

/* Every failure is 422 and has the same shape: the English message starts with the
 * field's API name, and both messages end with the rule id when there is one. */
static int fail(jc_err *err, const char *code, const char *field, const char *rule,
                const char *zh, const char *en)
{
    char zbuf[320], ebuf[320];

    if (rule && rule[0]) {
        snprintf(zbuf, sizeof zbuf, "%s（%s）", zh, rule);
        snprintf(ebuf, sizeof ebuf, "%s: %s (%s)", field, en, rule);
    } else {
        snprintf(zbuf, sizeof zbuf, "%s", zh);
        snprintf(ebuf, sizeof ebuf, "%s: %s", field, en);
    }
    return jc_fail(err, JC_HTTP_UNPROCESSABLE, code, field, rule, zbuf, ebuf);
}

static int fail_required(jc_err *err, const char *field, const char *rule)
{
    char zh[128];
    snprintf(zh, sizeof zh, "%s不能为空", field_zh(field));
    return fail(err, "REQUIRED", field, rule, zh, "required");
}

/* ---- field helpers ------------------------------------------------------------- */

/* The struct's buffers are filled by parsers that should refuse overflow; a buffer
 * without a terminator means one did not, and is refused here rather than read past. */
static int check_len(const char *buf, size_t cap, const char *field, jc_err *err)
{
    char zh[128], en[128];
    if (strnlen(buf, cap) < cap) return JC_OK;
    snprintf(zh, sizeof zh, "%s过长（最多%zu字节）", field_zh(field), cap - 1);
    snprintf(en, sizeof en, "too long (at most %zu bytes)", cap - 1);
    return fail(err, "TOO_LONG", field, NULL, zh, en);
}

static int is_blank(const char *s)
{
    for (; *s; s++) {
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n') return 0;
    }
    return 1;
}

/* A stored code: required or optional, and from its table (by stored code only: the
 * parsers map labels and synonyms to codes before the record gets here). */
static int check_code(const char *val, size_t cap, const jc_code_table *t, int required,
                      const char *field, jc_err *err)
{
    char zh[160], en[160];
    int rc = check_len(val, cap, field, err);

    if (rc != JC_OK || jc_code_by_code(t, val)) goto cleanup;
    if (val[0] == '\0') {
        if (required) rc = fail_required(err, field, "ID-04");
        goto cleanup;
    }
    snprintf(zh, sizeof zh, "%s代码“%.24s”无法识别", field_zh(field), val);
    snprintf(en, sizeof en, "unknown %s code \"%.24s\"", t->name, val);
    rc = fail(err, "CODE_UNKNOWN", field, NULL, zh, en);
cleanup:
    return rc;
}

/* A date: required or optional, a real date, not after today. */
static int check_date(jc_date d, jc_date today, int required, const char *field, jc_err *err)
{
    char zh[128];
    int rc = JC_OK;

    if (!jc_date_is_set(d)) {
        if (required) rc = fail_required(err, field, "ID-04");
        goto cleanup;
    }
    if (!jc_date_valid(d.y, d.m, d.d)) {
        snprintf(zh, sizeof zh, "%s不是1900年至2199年间的有效日期", field_zh(field));
        rc = fail(err, "DATE_INVALID", field, NULL, zh, "must be a real date from 1900 to 2199");
        goto cleanup;
    }
    if (jc_date_cmp(d, today) > 0) {
        snprintf(zh, sizeof zh, "%s晚于今天", field_zh(field));
        rc = fail(err, "DATE_FUTURE", field, NULL, zh, "must not be after today");
    }
cleanup:
    return rc;
}

static int is_probationary(const jc_member *m)
{
    return strcmp(m->category, "probationary") == 0;
}

/* ---- the fields, in form order ------------------------------------------------- */

typedef int (*field_check)(const jc_member *m, jc_date today, jc_err *err);

/* org and group are codes the caller resolves to ids (and so checks for existence);
 * here only that the buffer holds a string. */
static int check_org(const jc_member *m, jc_date today, jc_err *err)
{
    return check_len(m->org_code, sizeof m->org_code, "org", err);
}

static int check_name(const jc_member *m, jc_date today, jc_err *err)
{
    int rc = check_len(m->name, sizeof m->name, "name", err);
    if (rc == JC_OK && is_blank(m->name)) rc = fail_required(err, "name", "ID-04");
    return rc;
}

static int check_sex(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->sex, sizeof m->sex, &jc_sexes, 1, "sex", err);
}

static int check_ethnicity(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->ethnicity, sizeof m->ethnicity, &jc_ethnicities, 1, "ethnicity", err);
}

/* ID-01, then ID-02 for sex. The sex recorded is reported as the wrong field: the ID
 * number has just passed its own check character, the sex was typed by hand. */
static int check_id_number(const jc_member *m, jc_date today, jc_err *err)
{
    char zh[128], en[128];
    char want;
    int rc = check_len(m->id_number, sizeof m->id_number, "id_number", err);

    if (rc != JC_OK) goto cleanup;
    if (m->id_number[0] == '\0') {
        rc = fail_required(err, "id_number", "ID-04");
        goto cleanup;
    }
    rc = jc_idnum_validate(m->id_number, today, "id_number", err);
    if (rc != JC_OK) goto cleanup;
    want = jc_idnum_sex(m->id_number);
    if (m->sex[0] == want) goto cleanup;
    snprintf(zh, sizeof zh, "性别与公民身份号码不一致（号码显示为%s）", want == 'M' ? "男" : "女");
    snprintf(en, sizeof en, "does not agree with the ID number (which says %s)",
             want == 'M' ? "male" : "female");
    rc = fail(err, "ID_SEX_MISMATCH", "sex", "ID-02", zh, en);
cleanup:
    return rc;
}

static int check_birth_date(const jc_member *m, jc_date today, jc_err *err)
{
    char zh[128], en[128], want[11];
    jc_date from_id;
    int rc = check_date(m->birth_date, today, 1, "birth_date", err);

    if (rc != JC_OK) goto cleanup;
    from_id = jc_idnum_birth(m->id_number);
    if (jc_date_cmp(m->birth_date, from_id) == 0) goto cleanup;
    jc_date_format(from_id, want);
    snprintf(zh, sizeof zh, "出生日期与公民身份号码不一致（号码显示为%s）", want);
    snprintf(en, sizeof en, "does not agree with the ID number (which says %s)", want);
    rc = fail(err, "ID_BIRTH_MISMATCH", "birth_date", "ID-02", zh, en);
cleanup:
    return rc;
}

static int check_education(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->education, sizeof m->education, &jc_educations, 1, "education", err);
}

static int check_degree(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->degree, sizeof m->degree, &jc_degrees, 0, "degree", err);
}

static int check_category(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->category, sizeof m->category, &jc_categories, 1, "category", err);
}

/* DEV-01 on the joining date: the application came earlier still, so a member who
 * joined before 18 certainly applied before 18. DEV-13 + DEV-14: a probation can last
 * at most a year plus one extension of at most a year; past that, the member should
 * have been converted or had the status cancelled, and the record is refused. */
static int check_joined_on(const jc_member *m, jc_date today, jc_err *err)
{
    char zh[200], en[200];
    long min_age = jc_param_default("DEV-01.min_age");
    long longest = jc_param_default("DEV-13.probation_months") +
                   jc_param_default("DEV-14.extend_max_months");
    int rc = check_date(m->joined_on, today, 1, "joined_on", err);

    if (rc != JC_OK) goto cleanup;
    if (jc_age_on(m->birth_date, m->joined_on) < min_age) {
        snprintf(zh, sizeof zh, "入党时未满%ld周岁", min_age);
        snprintf(en, sizeof en, "must be on or after the %ldth birthday", min_age);
        rc = fail(err, "UNDER_18", "joined_on", "DEV-01", zh, en);
        goto cleanup;
    }
    if (!is_probationary(m)) goto cleanup;
    if (jc_date_cmp(today, jc_date_add_months(m->joined_on, (int)longest)) <= 0) goto cleanup;
    snprintf(zh, sizeof zh, "预备党员加入党组织已超过%ld个月，预备期最多延长一次且不超过1年", longest);
    snprintf(en, sizeof en,
             "a probationary member cannot have joined more than %ld months ago "
             "(probation is extended once at most, by at most a year)", longest);
    rc = fail(err, "PROBATION_TOO_LONG", "joined_on", "DEV-14", zh, en);
cleanup:
    return rc;
}

/* DEV-13 sets the earliest conversion date, DEV-14 the latest. Records from before
 * about 1990 sometimes break these; they are refused all the same, and the import
 * report tells the clerk which rule, so the paper file can be checked. */
static int check_full_on(const jc_member *m, jc_date today, jc_err *err)
{
    char zh[200], en[200];
    long probation = jc_param_default("DEV-13.probation_months");
    long longest = probation + jc_param_default("DEV-14.extend_max_months");
    int rc = JC_OK;

    if (is_probationary(m)) {
        if (jc_date_is_set(m->full_on))
            rc = fail(err, "FULL_DATE_RULE", "full_on", "DEV-13", "预备党员不应填写转为正式党员日期",
                      "must be empty for a probationary member");
        goto cleanup;
    }
    rc = check_date(m->full_on, today, 1, "full_on", err);
    if (rc != JC_OK) goto cleanup;
    if (jc_date_cmp(m->full_on, jc_date_add_months(m->joined_on, (int)probation)) < 0) {
        snprintf(zh, sizeof zh, "转为正式党员日期早于预备期满（加入党组织%ld个月后）", probation);
        snprintf(en, sizeof en, "must be at least %ld months after joined_on, when probation ends",
                 probation);
        rc = fail(err, "FULL_DATE_RULE", "full_on", "DEV-13", zh, en);
        goto cleanup;
    }
    if (jc_date_cmp(m->full_on, jc_date_add_months(m->joined_on, (int)longest)) > 0) {
        snprintf(zh, sizeof zh, "转为正式党员日期晚于加入党组织%ld个月（预备期最多延长一次且不超过1年）",
                 longest);
        snprintf(en, sizeof en,
                 "must be at most %ld months after joined_on (probation is extended once at "
                 "most, by at most a year)", longest);
        rc = fail(err, "FULL_DATE_RULE", "full_on", "DEV-14", zh, en);
    }
cleanup:
    return rc;
}

static int check_job(const jc_member *m, jc_date today, jc_err *err)
{
    return check_len(m->job, sizeof m->job, "job", err);
}

/* Landlines with area codes and extensions ("0571-8888 8888", "+86 138 0013 8000")
 * are as common as mobiles in branch records, so the format is loose: only the
 * characters a phone number is written with, 5..20 of them, and at least 5 digits. */
static int check_phone(const jc_member *m, jc_date today, jc_err *err)
{
    size_t n, digits = 0, others = 0;
    int rc = check_len(m->phone, sizeof m->phone, "phone", err);

    if (rc != JC_OK) goto cleanup;
    n = strlen(m->phone);
    if (n == 0) goto cleanup;
    for (size_t i = 0; i < n; i++) {
        char c = m->phone[i];
        if (c >= '0' && c <= '9') digits++;
        else if (c != ' ' && c != '+' && c != '-') others++;
    }
    if (others == 0 && n >= PHONE_MIN && n <= PHONE_MAX && digits >= PHONE_MIN) goto cleanup;
    rc = fail(err, "PHONE_FORMAT", "phone", NULL, "联系电话格式不正确（5至20位数字，可含空格、+、-）",
              "must be 5 to 20 digits, spaces, '+' or '-'");
cleanup:
    return rc;
}

static int check_address(const jc_member *m, jc_date today, jc_err *err)
{
    return check_len(m->address, sizeof m->address, "address", err);
}

static int check_status(const jc_member *m, jc_date today, jc_err *err)
{
    return check_code(m->status, sizeof m->status, &jc_statuses, 1, "status", err);
}

/* ID-04 pairs 是否失联党员 with 失去联系日期: the date is what MOB-03's alert counts
 * from, so a lost member without it could never be followed up. */
static int check_lost_on(const jc_member *m, jc_date today, jc_err *err)
{
    int rc = check_date(m->lost_on, today, m->lost_contact, "lost_on", err);

    if (rc != JC_OK || !jc_date_is_set(m->lost_on)) goto cleanup;
    if (jc_date_cmp(m->lost_on, m->joined_on) < 0)
        rc = fail(err, "DATE_ORDER", "lost_on", NULL, "失去联系日期早于加入党组织日期",
                  "must not be before joined_on");
cleanup:
    return rc;
}

static int check_mobile_destination(const jc_member *m, jc_date today, jc_err *err)
{
    int rc = check_len(m->mobile_destination, sizeof m->mobile_destination,
                       "mobile_destination", err);
    if (rc == JC_OK && m->mobile && is_blank(m->mobile_destination))
        rc = fail_required(err, "mobile_destination", "ID-04");
    return rc;
}

static int check_native_place(const jc_member *m, jc_date today, jc_err *err)
{
    return check_len(m->native_place, sizeof m->native_place, "native_place", err);
}

static int check_work_started_on(const jc_member *m, jc_date today, jc_err *err)
{
    return check_date(m->work_started_on, today, 0, "work_started_on", err);
}

static int check_group(const jc_member *m, jc_date today, jc_err *err)
{
    return check_len(m->group_code, sizeof m->group_code, "group", err);
}

/* The form's order: jc_member_fields_en. lost_contact and mobile have no check of their
 * own; their rules are the ones on lost_on and mobile_destination. */
static const field_check checks[] = {
    check_org,        check_name,         check_sex,          check_ethnicity,
    check_id_number,  check_birth_date,   check_education,    check_degree,
    check_category,   check_joined_on,    check_full_on,      check_job,
    check_phone,      check_address,      check_status,       check_lost_on,
    check_mobile_destination, check_native_place, check_work_started_on, check_group,
};

int jc_member_validate(const jc_member *m, jc_date today, jc_err *err)
{
    int rc = JC_OK;

    for (size_t i = 0; i < N_ITEMS(checks); i++) {
        rc = checks[i](m, today, err);
        if (rc != JC_OK) goto cleanup;
    }
cleanup:
    return rc;
}

int jc_member_prepare(jc_member *m, jc_date today, jc_err *err)
{
    jc_err id_err;
    jc_idnum_normalize(m->id_number);
    if (jc_idnum_validate(m->id_number, today, "id_number", &id_err) == JC_OK) {
        jc_member_derive_from_id(m);
        return JC_OK;
    }
    /* Without a valid ID number there is nothing to derive sex and birth date from:
     * report the ID number, which is the real mistake, rather than "sex: required". */
    if (!m->sex[0] || !jc_date_is_set(m->birth_date)) {
        if (err) *err = id_err;
        return JC_FAIL;
    }
    return JC_OK;
}
