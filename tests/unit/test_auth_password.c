/*
 * test_auth_password.c — the password policy (length in code points with CJK at the
 * 7/8/128/129 edges, the account name, cracklib's dictionary), one-time password
 * generation, Argon2id hash and verify, and the production cost (measured always,
 * asserted to lie in 50–250 ms only under JICENG_BENCH_PWHASH=1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "auth/password.h"

/* 32 CJK characters, 3 bytes each in UTF-8. */
static const char POOL[] = "党员组织建设学习教育组织生活会议民主评议发展对象积极分子支部委员书记";

/* The first n code points of POOL repeated, into out. */
static void cjk(char *out, size_t cap, size_t n)
{
    size_t pool_chars = (sizeof POOL - 1) / 3, i;
    assert_true(3 * n < cap);
    for (i = 0; i < n; i++) memcpy(out + 3 * i, POOL + 3 * (i % pool_chars), 3);
    out[3 * n] = '\0';
}

static void expect_code(const char *pw, const char *name, const char *code)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_password_check(pw, name, &err) != JC_FAIL)
        fail_msg("accepted \"%s\"; expected %s", pw, code);
    if (strcmp(err.code, code) != 0) fail_msg("\"%s\": got %s (%s), expected %s", pw, err.code, err.en, code);
    assert_int_equal(err.status, 422);
    assert_string_equal(err.field, "password");
    assert_true(strlen(err.zh) > 0);
    assert_int_equal(strncmp(err.en, "password", 8), 0);
}

static void expect_ok(const char *pw, const char *name)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_password_check(pw, name, &err) != JC_OK)
        fail_msg("refused \"%s\": %s %s", pw, err.code, err.en);
}

static void test_length_edges_cjk(void **state)
{
    char buf[4 * 200];
    (void)state;
    cjk(buf, sizeof buf, 7);
    expect_code(buf, "zhangwei", "PASSWORD_TOO_SHORT");
    cjk(buf, sizeof buf, 8);
    expect_ok(buf, "zhangwei");
    cjk(buf, sizeof buf, 128);
    expect_ok(buf, "zhangwei");
    cjk(buf, sizeof buf, 129);
    expect_code(buf, "zhangwei", "PASSWORD_TOO_LONG");
}

static void test_length_edges_ascii(void **state)
{
    char buf[300];
    size_t i;
    (void)state;
    expect_code("", NULL, "PASSWORD_TOO_SHORT");
    expect_code(NULL, NULL, "PASSWORD_TOO_SHORT");
    expect_code("9kR3mX!", NULL, "PASSWORD_TOO_SHORT");   /* 7 */
    expect_ok("9kR3mX!q", NULL);                          /* 8 */
    for (i = 0; i < 129; i++) buf[i] = "9kR3mX!qTz"[i % 10] + (char)(i / 10 % 3);
    buf[128] = '\0';
    expect_ok(buf, NULL);
    buf[128] = 'w';
    buf[129] = '\0';
    expect_code(buf, NULL, "PASSWORD_TOO_LONG");
}

static void test_length_counts_code_points_not_bytes(void **state)
{
    /* 8 code points of 4 bytes each (CJK Extension B): 32 bytes, still 8 characters. */
    const char *ext_b = "\xF0\xA0\x80\x80\xF0\xA0\x80\x81\xF0\xA0\x80\x82\xF0\xA0\x80\x83"
                        "\xF0\xA0\x80\x84\xF0\xA0\x80\x85\xF0\xA0\x80\x86\xF0\xA0\x80\x87";
    char big[4 * 130 + 1];
    size_t i;
    (void)state;
    expect_ok(ext_b, NULL);
    for (i = 0; i < 129; i++) {
        memcpy(big + 4 * i, "\xF0\xA0\x80\x80", 4);
        big[4 * i + 3] = (char)(0x80 + i % 64);
    }
    big[4 * 129] = '\0';
    expect_code(big, NULL, "PASSWORD_TOO_LONG");      /* 516 bytes: refused before counting */
    big[4 * 128] = '\0';
    expect_ok(big, NULL);                             /* 512 bytes, 128 code points */
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect_code("abc\xC3\x28xyz12", NULL, "PASSWORD_INVALID");
    expect_code("\xED\xA0\x80secret-word1", NULL, "PASSWORD_INVALID"); /* surrogate */
}

static void test_dictionary_and_name(void **state)
{
    jc_err err;
    (void)state;
    expect_code("password", NULL, "PASSWORD_WEAK");
    expect_code("Password1", NULL, "PASSWORD_WEAK");
    expect_code("iloveyou1", NULL, "PASSWORD_WEAK");
    expect_code("drowssap", NULL, "PASSWORD_WEAK");      /* reversed */
    expect_code("12345678", NULL, "PASSWORD_WEAK");      /* systematic */
    expect_code("aaaaaaaa", NULL, "PASSWORD_WEAK");
    expect_code("党党党党党党党党", NULL, "PASSWORD_WEAK");   /* one character 8 times */
    expect_code("zhangwei2024", "zhangwei2024", "PASSWORD_WEAK");
    expect_code("ZhangWei2024", "zhangwei2024", "PASSWORD_WEAK");
    expect_code("zhangwei123", "zhangwei", "PASSWORD_WEAK"); /* cracklib: based on the name */
    expect_ok("zhangwei123", "lisi");

    jc_err_clear(&err);
    assert_int_equal(jc_password_check("password", NULL, &err), JC_FAIL);
    assert_non_null(strstr(err.en, "dictionary word"));
    assert_non_null(strstr(err.zh, "常见单词"));     /* translated reason */
    jc_err_clear(&err);
    assert_int_equal(jc_password_check("zhangwei2024", "zhangwei2024", &err), JC_FAIL);
    assert_non_null(strstr(err.zh, "账户名"));
}

static void test_generate(void **state)
{
    static const char allowed[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
    char a[JC_PW_GEN_LEN + 1], b[JC_PW_GEN_LEN + 1], small[8];
    jc_err err;
    int i;
    (void)state;
    for (i = 0; i < 50; i++) {
        jc_err_clear(&err);
        assert_int_equal(jc_password_generate(a, sizeof a, &err), JC_OK);
        assert_int_equal(strlen(a), JC_PW_GEN_LEN);
        assert_int_equal(strspn(a, allowed), JC_PW_GEN_LEN);
        expect_ok(a, "someone");
        assert_int_equal(jc_password_generate(b, sizeof b, &err), JC_OK);
        assert_string_not_equal(a, b);
    }
    assert_int_equal(jc_password_generate(small, sizeof small, &err), JC_FAIL);
}

static void test_hash_verify(void **state)
{
    char hash[JC_PWHASH_SIZE], hash2[JC_PWHASH_SIZE];
    jc_err err;
    (void)state;
    jc_err_clear(&err);
    assert_int_equal(jc_password_hash("学习教育组织生活会", hash, &err), JC_OK);
    assert_int_equal(strncmp(hash, "$argon2id$v=19$", 15), 0);
    assert_int_equal(jc_password_verify(hash, "学习教育组织生活会"), JC_OK);
    assert_int_equal(jc_password_verify(hash, "学习教育组织生活"), JC_FAIL);
    assert_int_equal(jc_password_verify(hash, ""), JC_FAIL);
    assert_int_equal(jc_password_verify("not a hash", "x"), JC_FAIL);
    assert_int_equal(jc_password_verify(NULL, "x"), JC_FAIL);
    /* Salted: the same password hashes differently. */
    assert_int_equal(jc_password_hash("学习教育组织生活会", hash2, &err), JC_OK);
    assert_string_not_equal(hash, hash2);
    jc_password_verify_dummy("anything"); /* must not crash, twice (cached) */
    jc_password_verify_dummy(NULL);
}

static double ms_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* The production cost, measured with the production parameters whatever the
 * environment says; asserted only when asked (a loaded CI machine may be slower). */
static void test_production_cost(void **state)
{
    char hash[JC_PWHASH_SIZE], *saved = NULL;
    const char *fast = getenv("JICENG_PWHASH_FAST"), *bench = getenv("JICENG_BENCH_PWHASH");
    unsigned long long ops;
    size_t mem;
    double t0, best = 1e9, verify_ms;
    jc_err err;
    int i;
    (void)state;
    if (fast) saved = strdup(fast);
    unsetenv("JICENG_PWHASH_FAST");
    jc_password_params(&ops, &mem);
    for (i = 0; i < 3; i++) {
        t0 = ms_now();
        assert_int_equal(jc_password_hash("correct horse battery", hash, &err), JC_OK);
        t0 = ms_now() - t0;
        if (t0 < best) best = t0;
    }
    t0 = ms_now();
    assert_int_equal(jc_password_verify(hash, "correct horse battery"), JC_OK);
    verify_ms = ms_now() - t0;
    assert_int_equal(jc_password_needs_rehash(hash), 0);
    printf("argon2id t=%llu m=%zu MiB p=1: hash %.1f ms (best of 3), verify %.1f ms\n", ops,
           mem >> 20, best, verify_ms);
    if (saved) {
        setenv("JICENG_PWHASH_FAST", saved, 1);
        /* A production hash stays: fast mode never "upgrades" it downwards. */
        assert_int_equal(jc_password_needs_rehash(hash), 0);
        free(saved);
    }
    if (bench && strcmp(bench, "1") == 0) {
        assert_true(best >= 50.0);
        assert_true(best <= 250.0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_edges_cjk),
        cmocka_unit_test(test_length_edges_ascii),
        cmocka_unit_test(test_length_counts_code_points_not_bytes),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_dictionary_and_name),
        cmocka_unit_test(test_generate),
        cmocka_unit_test(test_hash_verify),
        cmocka_unit_test(test_production_cost),
    };
    setenv("JICENG_PWHASH_FAST", "1", 0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
