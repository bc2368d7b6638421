/*
 * test_member.c — the member record's validation (domain/member.c): each error code with
 * the field and rule it names (ID-01, ID-02, ID-04, DEV-01, DEV-13, DEV-14), the order
 * of checks (form order, first error wins), and a fully valid full and probationary
 * member.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/idnum.h"
#include "domain/member.h"
#include "domain/rules.h"

#define SET(dst, s) snprintf((dst), sizeof(dst), "%s", (s))

static const jc_date TODAY = {2025, 6, 1};

static jc_date D(int y, int m, int d)
{
    return (jc_date){y, m, d};
}

/* A full member: born 1949-12-31 (the ID-01 vector, female), joined 1975, converted a
 * year later. */
static void full_member(jc_member *m)
{
    jc_member_init(m);
    m->org_id = 7;
    SET(m->org_code, "jd.branch-1");
    SET(m->name, "张秀英");
    SET(m->id_number, "11010519491231002X");
    jc_member_derive_from_id(m);
    SET(m->ethnicity, "01");
    SET(m->education, "20");
    SET(m->degree, "bachelor");
    SET(m->category, "full");
    m->joined_on = D(1975, 7, 1);
    m->full_on = D(1976, 7, 1);
    SET(m->job, "退休");
    SET(m->phone, "+86 138-0013-8000");
    SET(m->address, "北京市朝阳区");
    SET(m->status, "normal");
    SET(m->native_place, "河北保定");
    m->work_started_on = D(1968, 9, 1);
}

/* A probationary member: born 1999-01-01, male, joined 2024-09-01. */
static void probationary_member(jc_member *m)
{
    char first17[] = "11010519990101001";
    jc_member_init(m);
    m->org_id = 7;
    SET(m->name, "阿卜杜热合曼·买买提");
    memcpy(m->id_number, first17, 17);
    m->id_number[17] = jc_idnum_check_char(first17);
    m->id_number[18] = '\0';
    jc_member_derive_from_id(m);
    SET(m->ethnicity, "05");
    SET(m->education, "30");
    SET(m->category, "probationary");
    m->joined_on = D(2024, 9, 1);
    SET(m->status, "normal");
}

/* Validation fails with code, field and rule; status 422; both messages name the field
 * (en starts with the API name) and end with the rule when there is one. */
static void expect_error(const jc_member *m, const char *code, const char *field, const char *rule)
{
    jc_err err;
    char tail[32];

    jc_err_clear(&err);
    if (jc_member_validate(m, TODAY, &err) != JC_FAIL) fail_msg("accepted; expected %s", code);
    if (strcmp(err.code, code) != 0 || strcmp(err.field, field) != 0)
        fail_msg("got %s on %s (%s), expected %s on %s", err.code, err.field, err.en, code, field);
    assert_string_equal(err.rule, rule);
    assert_int_equal(err.status, 422);
    assert_int_equal(strncmp(err.en, field, strlen(field)), 0);
    assert_true(strlen(err.zh) > 0);
    if (rule[0]) {
        snprintf(tail, sizeof tail, "(%s)", rule);
        assert_non_null(strstr(err.en, tail));
        snprintf(tail, sizeof tail, "（%s）", rule);
        assert_non_null(strstr(err.zh, tail));
    }
}

static void expect_ok(const jc_member *m)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_member_validate(m, TODAY, &err) != JC_OK) fail_msg("refused: %s %s", err.code, err.en);
    assert_false(jc_err_is_set(&err));
}

/* ---- valid records -------------------------------------------------------------- */

static void test_valid_full_member(void **state)
{
    jc_member m;
    full_member(&m);
    assert_int_equal(m.sex[0], 'F');
    assert_int_equal(m.birth_date.y, 1949);
    expect_ok(&m);
}

static void test_valid_probationary_member(void **state)
{
    jc_member m;
    probationary_member(&m);
    assert_int_equal(m.sex[0], 'M');
    expect_ok(&m);
}

static void test_init_defaults(void **state)
{
    jc_member m;
    memset(&m, 0x5a, sizeof m);
    jc_member_init(&m);
    assert_string_equal(m.status, "normal");
    assert_string_equal(m.category, "full");
    assert_string_equal(m.name, "");
    assert_false(jc_date_is_set(m.joined_on));
    assert_int_equal(m.lost_contact, 0);
    assert_int_equal(m.id, 0);
}

static void test_derive_from_id_keeps_what_is_set(void **state)
{
    jc_member m;
    jc_member_init(&m);
    SET(m.id_number, "11010519491231002X");
    m.birth_date = D(1950, 1, 1);
    SET(m.sex, "M");
    jc_member_derive_from_id(&m);
    assert_int_equal(m.birth_date.y, 1950);
    assert_string_equal(m.sex, "M");

    jc_member_init(&m);
    SET(m.id_number, "123"); /* not an ID number: nothing is made up from it */
    jc_member_derive_from_id(&m);
    assert_false(jc_date_is_set(m.birth_date));
    assert_string_equal(m.sex, "");
}

/* ---- ID-04: required items -------------------------------------------------------- */

static void test_id04_name_required(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.name, "");
    expect_error(&m, "REQUIRED", "name", "ID-04");
    SET(m.name, "  \t");
    expect_error(&m, "REQUIRED", "name", "ID-04");
}

static void test_name_too_long(void **state)
{
    jc_member m;
    jc_err err;
    full_member(&m);
    memset(m.name, 'a', sizeof m.name); /* no terminator: a parser let an overflow through */
    expect_error(&m, "TOO_LONG", "name", "");
    jc_member_validate(&m, TODAY, &err);
    assert_non_null(strstr(err.en, "95"));
    full_member(&m);
    memset(m.name, 'a', sizeof m.name - 1);
    m.name[sizeof m.name - 1] = '\0';
    expect_ok(&m); /* JC_NAME_MAX-1 bytes is the limit, and allowed */
}

static void test_id04_required_codes(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.sex, "");
    expect_error(&m, "REQUIRED", "sex", "ID-04");
    full_member(&m);
    SET(m.ethnicity, "");
    expect_error(&m, "REQUIRED", "ethnicity", "ID-04");
    full_member(&m);
    SET(m.id_number, "");
    expect_error(&m, "REQUIRED", "id_number", "ID-04");
    full_member(&m);
    m.birth_date = JC_DATE_NONE;
    expect_error(&m, "REQUIRED", "birth_date", "ID-04");
    full_member(&m);
    SET(m.education, "");
    expect_error(&m, "REQUIRED", "education", "ID-04");
    full_member(&m);
    SET(m.category, "");
    expect_error(&m, "REQUIRED", "category", "ID-04");
    full_member(&m);
    m.joined_on = JC_DATE_NONE;
    expect_error(&m, "REQUIRED", "joined_on", "ID-04");
    full_member(&m);
    SET(m.status, "");
    expect_error(&m, "REQUIRED", "status", "ID-04");
}

static void test_id04_lost_contact_requires_lost_on(void **state)
{
    jc_member m;
    full_member(&m);
    m.lost_contact = 1;
    expect_error(&m, "REQUIRED", "lost_on", "ID-04");
    m.lost_on = D(2023, 3, 1);
    expect_ok(&m);
    m.lost_on = D(1970, 1, 1); /* before joining */
    expect_error(&m, "DATE_ORDER", "lost_on", "");
    m.lost_on = D(2025, 6, 2);
    expect_error(&m, "DATE_FUTURE", "lost_on", "");
}

static void test_id04_mobile_requires_destination(void **state)
{
    jc_member m;
    full_member(&m);
    m.mobile = 1;
    expect_error(&m, "REQUIRED", "mobile_destination", "ID-04");
    SET(m.mobile_destination, "  ");
    expect_error(&m, "REQUIRED", "mobile_destination", "ID-04");
    SET(m.mobile_destination, "广东省深圳市");
    expect_ok(&m);
}

static void test_degree_optional(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.degree, "");
    expect_ok(&m);
    SET(m.degree, "phd");
    expect_error(&m, "CODE_UNKNOWN", "degree", "");
}

/* ---- codes ---------------------------------------------------------------------- */

static void test_code_unknown(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.sex, "X");
    expect_error(&m, "CODE_UNKNOWN", "sex", "");
    full_member(&m);
    SET(m.ethnicity, "57");
    expect_error(&m, "CODE_UNKNOWN", "ethnicity", "");
    full_member(&m);
    SET(m.ethnicity, "1"); /* the stored code, not what people type */
    expect_error(&m, "CODE_UNKNOWN", "ethnicity", "");
    full_member(&m);
    SET(m.education, "21");
    expect_error(&m, "CODE_UNKNOWN", "education", "");
    full_member(&m);
    SET(m.category, "candidate");
    expect_error(&m, "CODE_UNKNOWN", "category", "");
    full_member(&m);
    SET(m.status, "expelled");
    expect_error(&m, "CODE_UNKNOWN", "status", "");
}

/* ---- ID-01 / ID-02 ---------------------------------------------------------------- */

static void test_id01_errors_pass_through(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.id_number, "110105194912310021");
    expect_error(&m, "ID_CHECKSUM", "id_number", "ID-01");
    SET(m.id_number, "110105491231002");
    expect_error(&m, "ID_FORMAT", "id_number", "ID-01");
    SET(m.id_number, "11010519491231002x");
    expect_error(&m, "ID_FORMAT", "id_number", "ID-01");
    SET(m.id_number, "11010520300101002X");
    expect_error(&m, "ID_DATE", "id_number", "ID-01");
}

static void test_id02_sex_mismatch(void **state)
{
    jc_member m;
    jc_err err;
    full_member(&m);
    SET(m.sex, "M");
    expect_error(&m, "ID_SEX_MISMATCH", "sex", "ID-02");
    jc_member_validate(&m, TODAY, &err);
    assert_non_null(strstr(err.zh, "性别"));
    assert_non_null(strstr(err.en, "female"));
}

static void test_id02_birth_mismatch(void **state)
{
    jc_member m;
    jc_err err;
    full_member(&m);
    m.birth_date = D(1949, 12, 30);
    expect_error(&m, "ID_BIRTH_MISMATCH", "birth_date", "ID-02");
    jc_member_validate(&m, TODAY, &err);
    assert_non_null(strstr(err.en, "1949-12-31"));
    assert_non_null(strstr(err.zh, "出生日期"));
}

/* ---- dates ---------------------------------------------------------------------- */

static void test_date_future(void **state)
{
    jc_member m;
    full_member(&m);
    m.work_started_on = D(2025, 6, 2);
    expect_error(&m, "DATE_FUTURE", "work_started_on", "");
    m.work_started_on = TODAY;
    expect_ok(&m);
    probationary_member(&m);
    m.joined_on = D(2025, 6, 2);
    expect_error(&m, "DATE_FUTURE", "joined_on", "");
    full_member(&m);
    m.full_on = D(2030, 1, 1);
    m.joined_on = D(2029, 1, 1);
    expect_error(&m, "DATE_FUTURE", "joined_on", "");
}

static void test_date_invalid_in_struct(void **state)
{
    jc_member m;
    full_member(&m);
    m.work_started_on = D(2021, 2, 29);
    expect_error(&m, "DATE_INVALID", "work_started_on", "");
}

/* DEV-01: on or after the 18th birthday. Born 1949-12-31 → 18 on 1967-12-31. */
static void test_dev01_under_18(void **state)
{
    jc_member m;
    jc_err err;
    full_member(&m);
    m.joined_on = D(1967, 12, 30);
    m.full_on = D(1968, 12, 30);
    expect_error(&m, "UNDER_18", "joined_on", "DEV-01");
    jc_member_validate(&m, TODAY, &err);
    assert_string_equal(err.zh, "入党时未满18周岁（DEV-01）");
    assert_string_equal(err.en, "joined_on: must be on or after the 18th birthday (DEV-01)");
    m.joined_on = D(1967, 12, 31);
    m.full_on = D(1968, 12, 31);
    expect_ok(&m);
    assert_int_equal(jc_param_default("DEV-01.min_age"), 18);
}

/* DEV-13/DEV-14: a probationary member joined at most 12 + 12 months ago. */
static void test_dev14_probation_too_long(void **state)
{
    jc_member m;
    probationary_member(&m);
    m.joined_on = D(2023, 6, 1); /* exactly 24 months before TODAY: last allowed day */
    expect_ok(&m);
    m.joined_on = D(2023, 5, 31);
    expect_error(&m, "PROBATION_TOO_LONG", "joined_on", "DEV-14");
}

static void test_dev13_probationary_has_no_full_on(void **state)
{
    jc_member m;
    probationary_member(&m);
    m.full_on = D(2025, 5, 1);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-13");
}

static void test_full_member_needs_full_on(void **state)
{
    jc_member m;
    full_member(&m);
    m.full_on = JC_DATE_NONE;
    expect_error(&m, "REQUIRED", "full_on", "ID-04");
}

/* DEV-13: not before a year of probation; DEV-14: not after one extension of at most a
 * year. joined 1975-07-01 → full_on in [1976-07-01, 1977-07-01]. */
static void test_dev13_dev14_full_on_window(void **state)
{
    jc_member m;
    full_member(&m);
    m.full_on = D(1976, 6, 30);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-13");
    m.full_on = D(1975, 7, 1);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-13");
    m.full_on = D(1976, 7, 1);
    expect_ok(&m);
    m.full_on = D(1977, 1, 1); /* extended by 6 months */
    expect_ok(&m);
    m.full_on = D(1977, 7, 1);
    expect_ok(&m);
    m.full_on = D(1977, 7, 2);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-14");
    m.full_on = D(1990, 1, 1);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-14");
}

/* Month ends: joined on Feb 29 → a year later is Feb 28. */
static void test_dev13_leap_day_joining(void **state)
{
    jc_member m;
    full_member(&m);
    m.joined_on = D(1976, 2, 29);
    m.full_on = D(1977, 2, 28);
    expect_ok(&m);
    m.full_on = D(1977, 2, 27);
    expect_error(&m, "FULL_DATE_RULE", "full_on", "DEV-13");
}

/* ---- phone ---------------------------------------------------------------------- */

static void test_phone_format(void **state)
{
    jc_member m;
    static const char *const good[] = {"13800138000", "0571-8888 8888", "+86 138 0013 8000",
                                       "12345", "12345678901234567890", ""};
    static const char *const bad[] = {"abc", "1234", "123456789012345678901", "138001380OO",
                                      "+ - - - - -", "138.0013.8000", "(010)12345678"};
    full_member(&m);
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        SET(m.phone, good[i]);
        expect_ok(&m);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        SET(m.phone, bad[i]);
        expect_error(&m, "PHONE_FORMAT", "phone", "");
    }
}

/* ---- order ---------------------------------------------------------------------- */

/* The first field in form order wins. */
static void test_first_error_in_form_order_wins(void **state)
{
    jc_member m;
    full_member(&m);
    SET(m.name, "");
    SET(m.phone, "x");
    SET(m.status, "x");
    expect_error(&m, "REQUIRED", "name", "ID-04");
    SET(m.name, "李四");
    expect_error(&m, "PHONE_FORMAT", "phone", "");
    full_member(&m);
    SET(m.ethnicity, "99");
    SET(m.sex, "M"); /* also wrong, but ethnicity comes first on the form */
    expect_error(&m, "CODE_UNKNOWN", "ethnicity", "");
    full_member(&m);
    SET(m.education, "99");
    m.joined_on = D(1960, 1, 1);
    expect_error(&m, "CODE_UNKNOWN", "education", "");
}

static void test_too_long_text_fields(void **state)
{
    jc_member m;
    full_member(&m);
    memset(m.address, 'x', sizeof m.address);
    expect_error(&m, "TOO_LONG", "address", "");
    full_member(&m);
    memset(m.job, 'x', sizeof m.job);
    expect_error(&m, "TOO_LONG", "job", "");
    full_member(&m);
    memset(m.native_place, 'x', sizeof m.native_place);
    expect_error(&m, "TOO_LONG", "native_place", "");
    full_member(&m);
    memset(m.org_code, 'x', sizeof m.org_code);
    expect_error(&m, "TOO_LONG", "org", "");
    full_member(&m);
    memset(m.sex, 'F', sizeof m.sex);
    expect_error(&m, "TOO_LONG", "sex", "");
}

/* ---- field names (ID-04) --------------------------------------------------------- */

static void test_id04_field_names(void **state)
{
    static const char *const en[] = {
        "org", "name", "sex", "ethnicity", "id_number", "birth_date", "education", "degree",
        "category", "joined_on", "full_on", "job", "phone", "address", "status",
        "lost_contact", "lost_on", "mobile", "mobile_destination", "native_place",
        "work_started_on", "group"};
    static const char *const zh[] = {
        "所在党支部", "姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "学位",
        "人员类别", "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址",
        "党籍状态", "是否失联党员", "失去联系日期", "是否流动党员", "外出流向", "籍贯",
        "参加工作日期", "党小组"};
    size_t n = sizeof en / sizeof en[0];

    for (size_t i = 0; i < n; i++) {
        assert_non_null(jc_member_fields_en[i]);
        assert_non_null(jc_member_fields_zh[i]);
        assert_string_equal(jc_member_fields_en[i], en[i]);
        assert_string_equal(jc_member_fields_zh[i], zh[i]);
    }
    assert_null(jc_member_fields_en[n]);
    assert_null(jc_member_fields_zh[n]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_full_member),
        cmocka_unit_test(test_valid_probationary_member),
        cmocka_unit_test(test_init_defaults),
        cmocka_unit_test(test_derive_from_id_keeps_what_is_set),
        cmocka_unit_test(test_id04_name_required),
        cmocka_unit_test(test_name_too_long),
        cmocka_unit_test(test_id04_required_codes),
        cmocka_unit_test(test_id04_lost_contact_requires_lost_on),
        cmocka_unit_test(test_id04_mobile_requires_destination),
        cmocka_unit_test(test_degree_optional),
        cmocka_unit_test(test_code_unknown),
        cmocka_unit_test(test_id01_errors_pass_through),
        cmocka_unit_test(test_id02_sex_mismatch),
        cmocka_unit_test(test_id02_birth_mismatch),
        cmocka_unit_test(test_date_future),
        cmocka_unit_test(test_date_invalid_in_struct),
        cmocka_unit_test(test_dev01_under_18),
        cmocka_unit_test(test_dev14_probation_too_long),
        cmocka_unit_test(test_dev13_probationary_has_no_full_on),
        cmocka_unit_test(test_full_member_needs_full_on),
        cmocka_unit_test(test_dev13_dev14_full_on_window),
        cmocka_unit_test(test_dev13_leap_day_joining),
        cmocka_unit_test(test_phone_format),
        cmocka_unit_test(test_first_error_in_form_order_wins),
        cmocka_unit_test(test_too_long_text_fields),
        cmocka_unit_test(test_id04_field_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
