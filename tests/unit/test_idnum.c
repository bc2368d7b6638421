/*
 * test_idnum.c — 公民身份号码 (RULES ID-01..ID-03, domain/idnum.c): the standard's
 * test vectors, every single-character corruption of a valid number, the lower-case x,
 * the old 15-digit numbers, impossible and future birth dates.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "domain/idnum.h"

#define V1 "11010519491231002X" /* ID-01 test vector, female, born 1949-12-31 */
#define V2 "440524188001010014" /* ID-01 test vector, male, born 1880-01-01 */

static const jc_date TODAY = {2025, 6, 1};

/* Build an 18-character number from 17 digits with the right check character. */
static void make_id(const char *first17, char out[19])
{
    memcpy(out, first17, 17);
    out[17] = jc_idnum_check_char(first17);
    out[18] = '\0';
}

static void assert_refused_with(const char *id, const char *code)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_idnum_validate(id, TODAY, "id_number", &err) != JC_FAIL)
        fail_msg("accepted: %s", id ? id : "(null)");
    assert_string_equal(err.code, code);
    assert_int_equal(err.status, 422);
    assert_string_equal(err.field, "id_number");
    assert_string_equal(err.rule, "ID-01");
    assert_non_null(strstr(err.en, "id_number: "));
    assert_non_null(strstr(err.en, "(ID-01)"));
    assert_non_null(strstr(err.zh, "公民身份号码"));
}

/* ID-01: the check character of both vectors. */
static void test_id01_check_char_vectors(void **state)
{
    assert_int_equal(jc_idnum_check_char(V1), 'X');
    assert_int_equal(jc_idnum_check_char(V2), '4');
}

/* ID-01: both vectors of RULES.md are valid, including the standard's own 1880 example
 * (an ID number's date is checked as a real date, not against the member archive's
 * 1900 floor). */
static void test_id01_valid_vectors(void **state)
{
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_idnum_validate(V1, TODAY, "id_number", &err), JC_OK);
    assert_false(jc_err_is_set(&err));
    assert_int_equal(jc_idnum_validate(V2, TODAY, "id_number", &err), JC_OK);
    assert_false(jc_err_is_set(&err));
}

/* ID-01: ISO 7064 MOD 11-2 detects every single substitution. Each position, each
 * other character: the number must be refused, whatever the reason. */
static void test_id01_every_single_corruption_detected(void **state)
{
    const char *alphabet = "0123456789Xx";
    char id[19];
    int tried = 0, checksum = 0;
    jc_err err;

    for (int pos = 0; pos < 18; pos++) {
        for (const char *c = alphabet; *c; c++) {
            memcpy(id, V1, 19);
            if (id[pos] == *c) continue;
            id[pos] = *c;
            jc_err_clear(&err);
            if (jc_idnum_validate(id, TODAY, "id_number", &err) == JC_OK)
                fail_msg("corruption at %d to '%c' accepted: %s", pos, *c, id);
            assert_string_equal(err.rule, "ID-01");
            tried++;
            if (strcmp(err.code, "ID_CHECKSUM") == 0) checksum++;
        }
    }
    assert_int_equal(tried, 18 * 12 - 18);
    assert_true(checksum > 100); /* most corruptions keep a real date: the checksum catches them */
}

/* Transposed neighbours are the other common typing slip; MOD 11-2 catches them too
 * when the two digits differ. */
static void test_id01_adjacent_transpositions_detected(void **state)
{
    char id[19];
    jc_err err;
    for (int pos = 0; pos < 17; pos++) {
        memcpy(id, V1, 19);
        if (id[pos] == id[pos + 1]) continue;
        id[pos] = V1[pos + 1];
        id[pos + 1] = V1[pos];
        if (jc_idnum_validate(id, TODAY, "id_number", &err) == JC_OK)
            fail_msg("transposition at %d accepted: %s", pos, id);
    }
}

static void test_id01_lower_x_refused_then_normalized(void **state)
{
    char id[32] = "  11010519491231002x \t";
    assert_refused_with("11010519491231002x", "ID_FORMAT");
    jc_idnum_normalize(id);
    assert_string_equal(id, V1);
    assert_int_equal(jc_idnum_validate(id, TODAY, "id_number", NULL), JC_OK);
}

static void test_normalize_edges(void **state)
{
    char a[8] = "x", b[4] = "", c[24] = "1x1";
    jc_idnum_normalize(a);
    assert_string_equal(a, "X");
    jc_idnum_normalize(b);
    assert_string_equal(b, "");
    jc_idnum_normalize(c); /* only a trailing x is the check character */
    assert_string_equal(c, "1x1");
    jc_idnum_normalize(NULL);
}

static void test_id01_15_digit_refused(void **state)
{
    jc_err err;
    assert_refused_with("110105491231002", "ID_FORMAT");
    jc_idnum_validate("110105491231002", TODAY, "id_number", &err);
    assert_non_null(strstr(err.zh, "15位"));
}

static void test_id01_format_errors(void **state)
{
    jc_err err;
    assert_refused_with("", "ID_FORMAT");
    assert_refused_with(NULL, "ID_FORMAT");
    assert_refused_with("11010519491231002", "ID_FORMAT");
    assert_refused_with("11010519491231002XX", "ID_FORMAT");
    assert_refused_with("1101051949123100X2", "ID_FORMAT");
    assert_refused_with("11010519491231002Y", "ID_FORMAT");
    assert_refused_with("110105 9491231002X", "ID_FORMAT");
    jc_idnum_validate("1101051949A231002X", TODAY, "id_number", &err);
    assert_non_null(strstr(err.en, "character 11"));
}

static void test_id01_checksum_message_names_expected(void **state)
{
    jc_err err;
    jc_idnum_validate("110105194912310021", TODAY, "id_number", &err);
    assert_string_equal(err.code, "ID_CHECKSUM");
    assert_string_equal(err.zh, "公民身份号码校验位错误（应为X）（ID-01）");
    assert_string_equal(err.en, "id_number: check character is wrong (expected X) (ID-01)");
}

static void test_id01_impossible_date_in_id(void **state)
{
    char id[19];
    make_id("11010519490230002", id); /* Feb 30 */
    assert_refused_with(id, "ID_DATE");
    make_id("11010519491301002", id); /* month 13 */
    assert_refused_with(id, "ID_DATE");
    make_id("11010519010229002", id); /* 1901 is not a leap year */
    assert_refused_with(id, "ID_DATE");
    make_id("11010517991231002", id); /* before 1800: a typing slip */
    assert_refused_with(id, "ID_DATE");
    make_id("11010500000101002", id); /* year 0 */
    assert_refused_with(id, "ID_DATE");
    make_id("11010520000229002", id); /* 2000 is a leap year */
    assert_int_equal(jc_idnum_validate(id, TODAY, "id_number", NULL), JC_OK);
}

static void test_id01_future_birth_refused(void **state)
{
    char id[19];
    make_id("11010520250602001", id); /* the day after TODAY */
    assert_refused_with(id, "ID_DATE");
    make_id("11010520250601001", id); /* born today: a real, if young, person */
    assert_int_equal(jc_idnum_validate(id, TODAY, "id_number", NULL), JC_OK);
}

/* ID-03: address codes of abolished divisions, or any code not in today's GB/T 2260,
 * are accepted. */
static void test_id03_unknown_address_code_accepted(void **state)
{
    char id[19];
    make_id("99999919800101001", id);
    assert_int_equal(jc_idnum_validate(id, TODAY, "id_number", NULL), JC_OK);
    make_id("00000019800101001", id);
    assert_int_equal(jc_idnum_validate(id, TODAY, "id_number", NULL), JC_OK);
}

static void test_field_name_is_the_callers(void **state)
{
    jc_err err;
    jc_idnum_validate("123", TODAY, "sponsor_id_number", &err);
    assert_string_equal(err.field, "sponsor_id_number");
    assert_non_null(strstr(err.en, "sponsor_id_number: "));
}

/* ID-02 rests on these two. */
static void test_id02_birth_and_sex(void **state)
{
    jc_date b = jc_idnum_birth(V1);
    assert_int_equal(b.y, 1949);
    assert_int_equal(b.m, 12);
    assert_int_equal(b.d, 31);
    assert_int_equal(jc_idnum_sex(V1), 'F'); /* sequence 002: even */
    assert_int_equal(jc_idnum_sex(V2), 'M'); /* sequence 001: odd */
    assert_false(jc_date_is_set(jc_idnum_birth("110105")));
    assert_false(jc_date_is_set(jc_idnum_birth("11010519490230002X")));
    b = jc_idnum_birth(V2);
    assert_int_equal(b.y, 1880);
    assert_int_equal(b.m, 1);
    assert_int_equal(b.d, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_id01_check_char_vectors),
        cmocka_unit_test(test_id01_valid_vectors),
        cmocka_unit_test(test_id01_every_single_corruption_detected),
        cmocka_unit_test(test_id01_adjacent_transpositions_detected),
        cmocka_unit_test(test_id01_lower_x_refused_then_normalized),
        cmocka_unit_test(test_normalize_edges),
        cmocka_unit_test(test_id01_15_digit_refused),
        cmocka_unit_test(test_id01_format_errors),
        cmocka_unit_test(test_id01_checksum_message_names_expected),
        cmocka_unit_test(test_id01_impossible_date_in_id),
        cmocka_unit_test(test_id01_future_birth_refused),
        cmocka_unit_test(test_id03_unknown_address_code_accepted),
        cmocka_unit_test(test_field_name_is_the_callers),
        cmocka_unit_test(test_id02_birth_and_sex),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
