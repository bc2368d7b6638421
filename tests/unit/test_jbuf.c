/*
 * test_jbuf.c — the buffer and streaming JSON writer (src/util/jbuf.c): comma placement
 * in nested containers, string escaping (every control character, quotes, backslash,
 * CJK passthrough, invalid UTF-8 → U+FFFD), integers and shortest round-trip doubles,
 * buffer growth and ownership transfer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/jbuf.h"
#include "util/utf8.h"

#define FFFD "\xEF\xBF\xBD"

/* The string value s as the writer encodes it, as a freshly reset buffer's contents. */
static const char *enc_str(jbuf *b, const char *s, size_t n)
{
    jb_reset(b);
    jb_strn(b, s, n);
    return b->p;
}

static void test_empty_and_steal(void **state)
{
    jbuf b;
    size_t len = 99;
    char *s;

    jb_init(&b);
    s = jb_steal(&b, &len);
    assert_string_equal(s, "");
    assert_int_equal(len, 0);
    free(s);

    jb_puts(&b, "abc");
    s = jb_steal(&b, &len);
    assert_string_equal(s, "abc");
    assert_int_equal(len, 3);
    assert_null(b.p); /* stolen: b is empty again */
    assert_int_equal(b.len, 0);
    free(s);
    jb_free(&b);
}

static void test_nested_commas(void **state)
{
    jbuf b;
    jb_init(&b);
    jb_obj_open(&b);
    jb_kint(&b, "a", 1);
    jb_key(&b, "b");
    jb_arr_open(&b);
    jb_int(&b, 1);
    jb_int(&b, 2);
    jb_obj_open(&b);
    jb_knull(&b, "c");
    jb_key(&b, "d");
    jb_arr_open(&b);
    jb_arr_close(&b);
    jb_obj_close(&b);
    jb_arr_open(&b);
    jb_arr_close(&b);
    jb_arr_open(&b);
    jb_arr_open(&b);
    jb_str(&b, "x");
    jb_arr_close(&b);
    jb_str(&b, "y");
    jb_arr_close(&b);
    jb_arr_close(&b);
    jb_key(&b, "e");
    jb_obj_open(&b);
    jb_obj_close(&b);
    jb_kbool(&b, "f", 1);
    jb_kbool(&b, "g", 0);
    jb_kstr(&b, "h", NULL);
    jb_key(&b, "i");
    jb_raw_value(&b, "{\"pre\":[1]}");
    jb_obj_close(&b);
    assert_string_equal(b.p, "{\"a\":1,\"b\":[1,2,{\"c\":null,\"d\":[]},[],[[\"x\"],\"y\"]],"
                             "\"e\":{},\"f\":true,\"g\":false,\"h\":null,\"i\":{\"pre\":[1]}}");
    assert_int_equal(b.depth, 0);
    assert_int_equal(strlen(b.p), b.len);

    /* reset keeps memory and starts a fresh document */
    {
        char *p = b.p;
        size_t cap = b.cap;
        jb_reset(&b);
        assert_ptr_equal(b.p, p);
        assert_int_equal(b.cap, cap);
        assert_string_equal(b.p, "");
    }
    jb_arr_open(&b);
    jb_raw_value(&b, "1");
    jb_raw_value(&b, "2");
    jb_null(&b);
    jb_arr_close(&b);
    assert_string_equal(b.p, "[1,2,null]");
    jb_free(&b);
}

/* The shape of a list page: many rows of several fields. */
static void test_list_page_and_growth(void **state)
{
    jbuf b;
    char expect[64];
    size_t i, pos;

    jb_init(&b);
    jb_obj_open(&b);
    jb_key(&b, "items");
    jb_arr_open(&b);
    for (i = 0; i < 5000; i++) {
        jb_obj_open(&b);
        jb_kint(&b, "id", (int64_t)i);
        jb_kstr(&b, "name", "张伟");
        jb_obj_close(&b);
    }
    jb_arr_close(&b);
    jb_kint(&b, "total", 5000);
    jb_obj_close(&b);
    assert_int_equal(strlen(b.p), b.len);
    assert_true(b.cap > b.len);
    assert_memory_equal(b.p, "{\"items\":[{\"id\":0,\"name\":\"张伟\"},{\"id\":1,", 41);
    pos = 10;
    for (i = 0; i < 5000; i++) {
        int n = snprintf(expect, sizeof expect, "%s{\"id\":%zu,\"name\":\"张伟\"}",
                         i ? "," : "", i);
        assert_memory_equal(b.p + pos, expect, (size_t)n);
        pos += (size_t)n;
    }
    assert_string_equal(b.p + pos, "],\"total\":5000}");
    jb_free(&b);
}

static void test_escape_controls(void **state)
{
    static const char *want[32] = {
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006",
        "\\u0007", "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f",
        "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016",
        "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b", "\\u001c", "\\u001d",
        "\\u001e", "\\u001f",
    };
    char in[3], expect[16];
    jbuf b;
    int c;

    jb_init(&b);
    for (c = 0; c < 32; c++) {
        in[0] = 'a';
        in[1] = (char)c;
        in[2] = 'z';
        snprintf(expect, sizeof expect, "\"a%sz\"", want[c]);
        assert_string_equal(enc_str(&b, in, 3), expect);
    }
    assert_string_equal(enc_str(&b, "\"", 1), "\"\\\"\"");
    assert_string_equal(enc_str(&b, "\\", 1), "\"\\\\\"");
    assert_string_equal(enc_str(&b, "say \"hi\"\\n", 10), "\"say \\\"hi\\\"\\\\n\"");
    assert_string_equal(enc_str(&b, "a/b\x7F", 4), "\"a/b\x7F\""); /* no escape needed */
    assert_string_equal(enc_str(&b, "", 0), "\"\"");
    /* jb_str stops at NUL, jb_strn does not */
    jb_reset(&b);
    jb_str(&b, "ab\0cd");
    assert_string_equal(b.p, "\"ab\"");
    jb_free(&b);
}

static void test_utf8_passthrough(void **state)
{
    jbuf b;
    jb_init(&b);
    assert_string_equal(enc_str(&b, "张伟", 6), "\"张伟\"");
    assert_string_equal(enc_str(&b, "中国共产党第一支部", strlen("中国共产党第一支部")),
                        "\"中国共产党第一支部\"");
    assert_string_equal(enc_str(&b, "é\"ü", 5), "\"é\\\"ü\"");
    assert_string_equal(enc_str(&b, "\xF0\xA0\x80\x80😀", 8), "\"\xF0\xA0\x80\x80😀\"");
    assert_string_equal(enc_str(&b, "\xEF\xBB\xBF", 3), "\"\xEF\xBB\xBF\"");
    jb_free(&b);
}

static void test_invalid_utf8(void **state)
{
    jbuf b;
    jb_init(&b);
    assert_string_equal(enc_str(&b, "a\xFF" "b", 3), "\"a" FFFD "b\"");
    assert_string_equal(enc_str(&b, "\xC0\xAF", 2), "\"" FFFD FFFD "\""); /* overlong */
    assert_string_equal(enc_str(&b, "\xED\xA0\x80", 3), "\"" FFFD FFFD FFFD "\"");
    assert_string_equal(enc_str(&b, "张\xE4\xB8", 5), "\"张" FFFD "\""); /* truncated */
    assert_string_equal(enc_str(&b, "\xE4\xB8" "a", 3), "\"" FFFD "a\"");
    assert_string_equal(enc_str(&b, "\xF0\x9F\x98" "伟", 6), "\"" FFFD "伟\"");
    assert_string_equal(enc_str(&b, "\xF4\x90\x80\x80", 4), "\"" FFFD FFFD FFFD FFFD "\"");
    /* GBK bytes of 张伟: D5 and C5 are cut-off leads; CE B0 happens to be U+03B0 */
    assert_string_equal(enc_str(&b, "\xD5\xC5\xCE\xB0", 4), "\"" FFFD FFFD "\xCE\xB0\"");
    /* keys are cleaned the same way */
    jb_reset(&b);
    jb_obj_open(&b);
    jb_kint(&b, "k\xFF\n", 1);
    jb_obj_close(&b);
    assert_string_equal(b.p, "{\"k" FFFD "\\n\":1}");
    jb_free(&b);
}

/* Whatever bytes come in, what goes out is valid UTF-8 with no raw control character. */
static void test_random_bytes_always_clean(void **state)
{
    unsigned char in[64];
    jbuf b;
    int round;
    size_t i, n;

    jb_init(&b);
    srand(7);
    for (round = 0; round < 20000; round++) {
        n = (size_t)(rand() % (int)sizeof in);
        for (i = 0; i < n; i++) in[i] = (unsigned char)(rand() % 4 ? rand() : 0x80 + rand() % 0x80);
        enc_str(&b, (const char *)in, n);
        assert_true(jc_utf8_valid(b.p, b.len));
        for (i = 0; i < b.len; i++) assert_true((unsigned char)b.p[i] >= 0x20);
        if (jc_utf8_valid((const char *)in, n) && !memchr(in, '"', n) && !memchr(in, '\\', n)) {
            int ctl = 0;
            for (i = 0; i < n; i++) ctl |= in[i] < 0x20;
            if (!ctl) {
                assert_int_equal(b.len, n + 2);
                assert_memory_equal(b.p + 1, in, n);
            }
        }
    }
    jb_free(&b);
}

static void test_int(void **state)
{
    jbuf b;
    static const int64_t v[] = {0, 1, -1, 9, 10, 99, 100, 101, 12345, -987654321,
                                1000000000000LL, INT64_MAX, INT64_MIN, INT64_MIN + 1};
    char expect[32];
    size_t i;

    jb_init(&b);
    for (i = 0; i < sizeof v / sizeof v[0]; i++) {
        jb_reset(&b);
        jb_int(&b, v[i]);
        snprintf(expect, sizeof expect, "%lld", (long long)v[i]);
        assert_string_equal(b.p, expect);
    }
    jb_reset(&b);
    jb_arr_open(&b);
    for (i = 0; i < 3; i++) jb_int(&b, (int64_t)i * 50);
    jb_arr_close(&b);
    assert_string_equal(b.p, "[0,50,100]");
    jb_free(&b);
}

static const char *dbl(jbuf *b, double v)
{
    jb_reset(b);
    jb_double(b, v);
    return b->p;
}

static void test_double(void **state)
{
    jbuf b;
    jb_init(&b);
    assert_string_equal(dbl(&b, 0.0), "0");
    assert_string_equal(dbl(&b, -0.0), "-0");
    assert_string_equal(dbl(&b, 1.0), "1");
    assert_string_equal(dbl(&b, 0.1), "0.1");
    assert_string_equal(dbl(&b, -2.5), "-2.5");
    assert_string_equal(dbl(&b, 123.456), "123.456");
    assert_string_equal(dbl(&b, 0.1 + 0.2), "0.30000000000000004");
    assert_string_equal(dbl(&b, 1.0 / 3.0), "0.3333333333333333");
    assert_string_equal(dbl(&b, 2.0 / 3.0), "0.6666666666666666");
    assert_string_equal(dbl(&b, 1e21), "1e+21");
    assert_string_equal(dbl(&b, 1e-7), "1e-07");
    assert_string_equal(dbl(&b, 98.6), "98.6");
    assert_string_equal(dbl(&b, 0.05), "0.05");
    assert_string_equal(dbl(&b, -0.0001), "-0.0001");
    assert_string_equal(dbl(&b, 0.00001), "1e-05");
    assert_string_equal(dbl(&b, 1234.5678), "1234.5678");
    assert_string_equal(dbl(&b, 100.0), "100");
    assert_string_equal(dbl(&b, 999999999999999.0), "999999999999999");
    assert_string_equal(dbl(&b, 1e15), "1e+15");
    assert_string_equal(dbl(&b, 0.123456789), "0.123456789");
    assert_string_equal(dbl(&b, 9007199254740993.0), "9007199254740992");
    assert_string_equal(dbl(&b, DBL_MAX), "1.7976931348623157e+308");
    assert_string_equal(dbl(&b, 5e-324), "5e-324"); /* subnormals: fewer digits */
    assert_string_equal(dbl(&b, -1e-310), "-1e-310");
    assert_string_equal(dbl(&b, DBL_MIN), "2.2250738585072014e-308");
    assert_string_equal(dbl(&b, NAN), "null");
    assert_string_equal(dbl(&b, INFINITY), "null");
    assert_string_equal(dbl(&b, -INFINITY), "null");

    jb_reset(&b);
    jb_obj_open(&b);
    jb_key(&b, "rate");
    jb_double(&b, 0.75);
    jb_key(&b, "bad");
    jb_double(&b, NAN);
    jb_obj_close(&b);
    assert_string_equal(b.p, "{\"rate\":0.75,\"bad\":null}");
    jb_free(&b);
}

/* Fewest significant digits with which %g reads back as v. */
static int min_digits(double v)
{
    char out[40];
    int prec;
    for (prec = 1; prec < 17; prec++) {
        snprintf(out, sizeof out, "%.*g", prec, v);
        if (strtod(out, NULL) == v) break;
    }
    return prec;
}

/* Significant digits of a %g-style mantissa (which never ends in a zero after '.'). */
static int sig_digits(const char *s)
{
    int digits = 0;
    for (; *s && *s != 'e'; s++)
        if (*s >= '0' && *s <= '9' && (digits || *s != '0')) digits++;
    return digits;
}

/* Every finite double survives the trip with the fewest significant digits, formatted
 * as %g would at that (or, for normal doubles, at least 15 digits') precision. */
static void test_double_roundtrip_random(void **state)
{
    jbuf b;
    uint64_t bits = 0x9E3779B97F4A7C15ull;
    double v;
    char ref[40];
    int i, prec;
    const char *s;

    jb_init(&b);
    for (i = 0; i < 40000; i++) {
        bits ^= bits << 13;
        bits ^= bits >> 7;
        bits ^= bits << 17;
        memcpy(&v, &bits, sizeof v);
        if (i % 4 == 1) v = (double)(bits % 100000) / 100.0; /* money-like values */
        if (i % 4 == 2) v = -(double)(bits % 100000000) / 1e6;
        if (i % 4 == 3) v = (double)(bits >> 11) / (double)(1ull << (bits % 60));
        s = dbl(&b, v);
        if (!isfinite(v)) {
            assert_string_equal(s, "null");
            continue;
        }
        assert_true(strtod(s, NULL) == v);
        if (v == 0) continue;
        for (prec = fabs(v) < DBL_MIN ? 1 : 15; prec < 17; prec++) {
            snprintf(ref, sizeof ref, "%.*g", prec, v);
            if (strtod(ref, NULL) == v) break;
        }
        snprintf(ref, sizeof ref, "%.*g", prec, v);
        assert_string_equal(s, ref);
        if (strchr(s, 'e') || strchr(s, '.')) assert_int_equal(sig_digits(s), min_digits(v));
    }
    jb_free(&b);
}

static void test_raw_and_printf(void **state)
{
    jbuf b;
    char big[300];

    jb_init(&b);
    jb_append(&b, "ab", 2);
    jb_puts(&b, "cd");
    jb_printf(&b, "-%d-%s", 42, "x");
    assert_string_equal(b.p, "abcd-42-x");
    memset(big, 'q', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    jb_printf(&b, "[%s]", big); /* longer than the first attempt's room */
    assert_int_equal(b.len, 9 + 2 + 299);
    assert_int_equal(b.p[b.len - 1], ']');
    assert_int_equal(b.p[b.len], '\0');
    jb_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_and_steal),
        cmocka_unit_test(test_nested_commas),
        cmocka_unit_test(test_list_page_and_growth),
        cmocka_unit_test(test_escape_controls),
        cmocka_unit_test(test_utf8_passthrough),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_random_bytes_always_clean),
        cmocka_unit_test(test_int),
        cmocka_unit_test(test_double),
        cmocka_unit_test(test_double_roundtrip_random),
        cmocka_unit_test(test_raw_and_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
