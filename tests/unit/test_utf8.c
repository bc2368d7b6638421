/*
 * test_utf8.c — the strict UTF-8 validator and decoder (src/util/utf8.c): overlongs,
 * surrogates, values above U+10FFFF, truncated sequences, the word-at-a-time ASCII path
 * at every alignment, and an exhaustive comparison against a naive reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/err.h"
#include "util/utf8.h"

#define V(lit) jc_utf8_valid(lit, sizeof(lit) - 1)

static void test_valid_basic(void **state)
{
    assert_true(jc_utf8_valid(NULL, 0));
    assert_true(V(""));
    assert_true(V("hello, world"));
    assert_true(V("张伟,汉族"));
    assert_true(V("\x00"));                 /* NUL is a code point */
    assert_true(V("\x7F"));
    assert_true(V("\xC2\x80"));             /* U+0080, smallest 2-byte */
    assert_true(V("\xDF\xBF"));             /* U+07FF */
    assert_true(V("\xE0\xA0\x80"));         /* U+0800, smallest 3-byte */
    assert_true(V("\xED\x9F\xBF"));         /* U+D7FF, just below surrogates */
    assert_true(V("\xEE\x80\x80"));         /* U+E000, just above */
    assert_true(V("\xEF\xBF\xBF"));         /* U+FFFF */
    assert_true(V("\xF0\x90\x80\x80"));     /* U+10000 */
    assert_true(V("\xF0\xA0\x80\x80"));     /* U+20000 𠀀 (CJK Ext. B) */
    assert_true(V("\xF4\x8F\xBF\xBF"));     /* U+10FFFF */
    assert_true(V("\xEF\xBB\xBF" "abc"));   /* BOM is a valid character */
}

static void test_overlong(void **state)
{
    assert_false(V("\xC0\x80"));             /* overlong NUL */
    assert_false(V("\xC0\xAF"));             /* overlong '/' */
    assert_false(V("\xC1\xBF"));
    assert_false(V("\xE0\x80\x80"));
    assert_false(V("\xE0\x9F\xBF"));         /* overlong U+07FF */
    assert_false(V("\xF0\x80\x80\x80"));
    assert_false(V("\xF0\x8F\xBF\xBF"));     /* overlong U+FFFF */
    assert_false(V("\xF8\x88\x80\x80\x80")); /* 5-byte forms are gone */
    assert_false(V("\xFC\x84\x80\x80\x80\x80"));
}

static void test_surrogates_and_range(void **state)
{
    assert_false(V("\xED\xA0\x80"));         /* U+D800 */
    assert_false(V("\xED\xAD\xBF"));         /* U+DB7F */
    assert_false(V("\xED\xB0\x80"));         /* U+DC00 */
    assert_false(V("\xED\xBF\xBF"));         /* U+DFFF */
    assert_false(V("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
    assert_false(V("\xF4\x90\x80\x80"));     /* U+110000 */
    assert_false(V("\xF5\x80\x80\x80"));
    assert_false(V("\xFE"));
    assert_false(V("\xFF"));
}

static void test_truncated(void **state)
{
    assert_false(V("\xE5"));                 /* 张 = E5 BC A0 */
    assert_false(V("\xE5\xBC"));
    assert_true(V("\xE5\xBC\xA0"));
    assert_false(V("\xF0\xA0\x80"));
    assert_false(V("\x80"));                 /* lone continuation */
    assert_false(V("a\xBF" "b"));
    assert_false(V("\xE5\xBC" "a"));         /* continuation replaced by ASCII */
    assert_false(V("\xC2"));
    assert_int_equal(jc_utf8_prefix("ab\xE5\xBC", 4), 2);
    assert_int_equal(jc_utf8_prefix("张伟\xE5\xBC", 8), 6);
}

/* The ASCII fast path reads 8 bytes at a time; put a bad byte at every position. */
static void test_fast_path_alignment(void **state)
{
    char s[70];
    size_t i, n = sizeof s;

    for (i = 0; i < n; i++) {
        memset(s, 'a', n);
        s[i] = (char)0xFF;
        assert_false(jc_utf8_valid(s, n));
        assert_int_equal(jc_utf8_prefix(s, n), i);
        assert_int_equal(jc_utf8_count(s, n), n);
    }
    for (i = 0; i + 3 <= n; i++) {
        memset(s, 'a', n);
        memcpy(s + i, "\xE4\xB8\xAD", 3); /* 中 */
        assert_true(jc_utf8_valid(s, n));
        assert_int_equal(jc_utf8_count(s, n), n - 2);
        assert_int_equal(jc_utf8_prefix(s, i + 2), i); /* cut inside 中 */
    }
}

static void test_count(void **state)
{
    assert_int_equal(jc_utf8_count(NULL, 0), 0);
    assert_int_equal(jc_utf8_count("abc", 3), 3);
    assert_int_equal(jc_utf8_count("a张b", 5), 3);
    assert_int_equal(jc_utf8_count("张伟,汉族", 13), 5);
    assert_int_equal(jc_utf8_count("\xF0\xA0\x80\x80", 4), 1);
    /* invalid: one per maximal subpart */
    assert_int_equal(jc_utf8_count("\xF0\x90\x80" "A", 4), 2);
    assert_int_equal(jc_utf8_count("\xE0\x80", 2), 2);
    assert_int_equal(jc_utf8_count("\xFF\xFF", 2), 2);
}

static void test_next(void **state)
{
    const char s[] = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";
    const char *p = s, *end = s + sizeof s - 1;
    uint32_t cp;

    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_OK);
    assert_int_equal(cp, 'a');
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_OK);
    assert_int_equal(cp, 0xE9);
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_OK);
    assert_int_equal(cp, 0x4E2D);
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_OK);
    assert_int_equal(cp, 0x1F600);
    assert_ptr_equal(p, end);
}

/* Invalid input: U+FFFD per maximal subpart (Unicode 15 §3.9, Table 3-8's example). */
static void test_next_maximal_subpart(void **state)
{
    const char s[] = "\xC0\xAF\xE0\x80\xBF\xF0\x81\x82\x41";
    const char *p = s, *end = s + sizeof s - 1;
    uint32_t cp;
    int bad = 0, n = 0;

    while (p < end) {
        if (jc_utf8_next(&p, end, &cp) != JC_OK) {
            assert_int_equal(cp, JC_UTF8_REPLACEMENT);
            bad++;
        }
        n++;
    }
    assert_int_equal(bad, 8); /* every byte but the final A is its own subpart */
    assert_int_equal(n, 9);

    p = "\xF1\x80\x80\xE1\x80\xC2\x41";
    end = p + 7;
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_FAIL); /* F1 80 80 */
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_FAIL); /* E1 80 */
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_FAIL); /* C2 */
    assert_int_equal(jc_utf8_next(&p, end, &cp), JC_OK);
    assert_int_equal(cp, 'A');
    assert_ptr_equal(p, end);
}

static void test_encode_roundtrip_all(void **state)
{
    char out[4];
    uint32_t cp, got;
    size_t n;
    const char *p;

    for (cp = 0; cp <= 0x10FFFF; cp++) {
        n = jc_utf8_encode(cp, out);
        if (cp >= 0xD800 && cp <= 0xDFFF) {
            assert_int_equal(n, 0);
            continue;
        }
        assert_int_equal(n, cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
        assert_true(jc_utf8_valid(out, n));
        p = out;
        assert_int_equal(jc_utf8_next(&p, out + n, &got), JC_OK);
        assert_int_equal(got, cp);
        assert_ptr_equal(p, out + n);
    }
    assert_int_equal(jc_utf8_encode(0x110000, out), 0);
}

/* Naive reference: decode by bit pattern, then reject what the standard rejects. */
static int ref_valid3(const unsigned char *s, size_t n)
{
    uint32_t cp;
    size_t i;
    if (n == 2) {
        if ((s[0] & 0xE0) != 0xC0 || (s[1] & 0xC0) != 0x80) return 0;
        cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return cp >= 0x80;
    }
    if ((s[0] & 0xF0) != 0xE0) return 0;
    for (i = 1; i < 3; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
}

static void test_exhaustive_2_and_3_byte(void **state)
{
    unsigned char s[3];
    unsigned a, b, c;

    for (a = 0xC0; a < 0xE0; a++)
        for (b = 0; b < 0x100; b++) {
            s[0] = (unsigned char)a;
            s[1] = (unsigned char)b;
            assert_int_equal(jc_utf8_valid((char *)s, 2), ref_valid3(s, 2));
        }
    for (a = 0x80; a < 0x100; a++) { /* continuations and F5..FF never lead */
        if (a >= 0xC0 && a < 0xF5) continue;
        s[0] = (unsigned char)a;
        s[1] = 0x80;
        assert_false(jc_utf8_valid((char *)s, 2));
    }
    for (a = 0xE0; a < 0xF0; a++)
        for (b = 0; b < 0x100; b++)
            for (c = 0; c < 0x100; c++) {
                s[0] = (unsigned char)a;
                s[1] = (unsigned char)b;
                s[2] = (unsigned char)c;
                assert_int_equal(jc_utf8_valid((char *)s, 3), ref_valid3(s, 3));
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_basic),
        cmocka_unit_test(test_overlong),
        cmocka_unit_test(test_surrogates_and_range),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_fast_path_alignment),
        cmocka_unit_test(test_count),
        cmocka_unit_test(test_next),
        cmocka_unit_test(test_next_maximal_subpart),
        cmocka_unit_test(test_encode_roundtrip_all),
        cmocka_unit_test(test_exhaustive_2_and_3_byte),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
