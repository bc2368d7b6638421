/*
 * test_auth_totp.c — TOTP (auth/totp.c): the RFC 6238 appendix B vectors for SHA-1
 * (8-digit values truncated to their last 6 digits, as a 6-digit generator yields
 * them), the ±1-step window, replay refusal, malformed codes, secrets and the
 * otpauth:// URI.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "auth/totp.h"

/* base32 of the RFC's ASCII secret "12345678901234567890". */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static void code_at(int64_t t, char out[7])
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_totp_code(RFC_SECRET, t, out, &err) != JC_OK) fail_msg("%s", err.en);
}

static void test_rfc6238_vectors(void **state)
{
    static const struct {
        int64_t t;
        const char *code;
    } v[] = {
        {59, "287082"},          /* 94287082 */
        {1111111109, "081804"},  /* 07081804 */
        {1111111111, "050471"},  /* 14050471 */
        {1234567890, "005924"},  /* 89005924 */
        {2000000000, "279037"},  /* 69279037 */
        {20000000000LL, "353130"}, /* 65353130: past 2038 */
    };
    char out[7];
    size_t i;
    (void)state;
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        code_at(v[i].t, out);
        if (strcmp(out, v[i].code) != 0)
            fail_msg("T=%lld: got %s, expected %s", (long long)v[i].t, out, v[i].code);
    }
}

static void test_verify_and_window(void **state)
{
    const int64_t now = 1111111111, step = now / 30;
    char c[7];
    int64_t used = 0;
    jc_err err;
    (void)state;
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify(RFC_SECRET, "050471", now, -1, &used, &err), JC_OK);
    assert_int_equal(used, step);
    /* One step either side is accepted ... */
    code_at(now - 30, c);
    assert_int_equal(jc_totp_verify(RFC_SECRET, c, now, -1, &used, &err), JC_OK);
    assert_int_equal(used, step - 1);
    code_at(now + 30, c);
    assert_int_equal(jc_totp_verify(RFC_SECRET, c, now, -1, &used, &err), JC_OK);
    assert_int_equal(used, step + 1);
    /* ... two are not. */
    code_at(now - 60, c);
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify(RFC_SECRET, c, now, -1, &used, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_INVALID");
    assert_int_equal(err.status, 401);
    assert_string_equal(err.field, "totp_code");
    code_at(now + 60, c);
    assert_int_equal(jc_totp_verify(RFC_SECRET, c, now, -1, &used, &err), JC_FAIL);
    /* Spaces as apps show them ("050 471") are fine. */
    assert_int_equal(jc_totp_verify(RFC_SECRET, "050 471", now, -1, &used, &err), JC_OK);
}

static void test_replay_refused(void **state)
{
    const int64_t now = 1234567890, step = now / 30;
    int64_t used = -1;
    char next[7];
    jc_err err;
    (void)state;
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify(RFC_SECRET, "005924", now, -1, &used, &err), JC_OK);
    assert_int_equal(used, step);
    /* The same code again (same step, or seconds later in the window) is a replay. */
    assert_int_equal(jc_totp_verify(RFC_SECRET, "005924", now, used, &used, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_REPLAYED");
    assert_int_equal(err.status, 401);
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify(RFC_SECRET, "005924", now + 30, step, &used, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_REPLAYED");
    /* An earlier step than the last used one is a replay too. */
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify(RFC_SECRET, "005924", now, step + 1, &used, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_REPLAYED");
    /* The next step's code is fresh. */
    code_at(now + 30, next);
    assert_int_equal(jc_totp_verify(RFC_SECRET, next, now + 30, step, &used, &err), JC_OK);
    assert_int_equal(used, step + 1);
}

static void test_malformed_codes(void **state)
{
    static const char *bad[] = {"", "12345", "1234567", "abcdef", "05047l", "-50471",
                                "0504711", "０５０４７１"};
    jc_err err;
    size_t i;
    (void)state;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jc_err_clear(&err);
        assert_int_equal(jc_totp_verify(RFC_SECRET, bad[i], 1111111111, -1, NULL, &err),
                         JC_FAIL);
        assert_string_equal(err.code, "TOTP_INVALID");
    }
    assert_int_equal(jc_totp_verify(RFC_SECRET, NULL, 1111111111, -1, NULL, &err), JC_FAIL);
    /* A broken stored secret is an internal error, not a wrong code. */
    jc_err_clear(&err);
    assert_int_equal(jc_totp_verify("not base32!", "050471", 1111111111, -1, NULL, &err),
                     JC_FAIL);
    assert_int_equal(err.status, 500);
}

static void test_secret_and_uri(void **state)
{
    char a[JC_TOTP_SECRET_B32], b[JC_TOTP_SECRET_B32], uri[256], code[7];
    jc_err err;
    int64_t used;
    (void)state;
    jc_err_clear(&err);
    assert_int_equal(jc_totp_secret_new(a, &err), JC_OK);
    assert_int_equal(jc_totp_secret_new(b, &err), JC_OK);
    assert_int_equal(strlen(a), 32);
    assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), 32);
    assert_string_not_equal(a, b);
    assert_int_equal(jc_totp_code(a, 1700000000, code, &err), JC_OK);
    assert_int_equal(jc_totp_verify(a, code, 1700000000, -1, &used, &err), JC_OK);

    assert_int_equal(jc_totp_uri("zhang.wei", RFC_SECRET, uri, sizeof uri, &err), JC_OK);
    assert_string_equal(uri, "otpauth://totp/Jiceng:zhang.wei?secret=" RFC_SECRET
                             "&issuer=Jiceng");
    assert_int_equal(jc_totp_uri("a b@x", RFC_SECRET, uri, sizeof uri, &err), JC_OK);
    assert_string_equal(uri, "otpauth://totp/Jiceng:a%20b%40x?secret=" RFC_SECRET
                             "&issuer=Jiceng");
    assert_int_equal(jc_totp_uri("zhang.wei", RFC_SECRET, uri, 20, &err), JC_FAIL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc6238_vectors),
        cmocka_unit_test(test_verify_and_window),
        cmocka_unit_test(test_replay_refused),
        cmocka_unit_test(test_malformed_codes),
        cmocka_unit_test(test_secret_and_uri),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
