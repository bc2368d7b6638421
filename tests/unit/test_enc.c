/*
 * test_enc.c — encoding detection, GB18030 → UTF-8 conversion and whole-file reads
 * (src/util/enc.c). The GB18030 bytes are built two ways: by iconv from a UTF-8 literal,
 * and as the explicit hex of the standard (张 = D5C5, 伟 = CEB0), so a broken iconv
 * setup cannot make the test agree with itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/enc.h"
#include "util/err.h"

#define ZW_GB "\xD5\xC5\xCE\xB0,\xBA\xBA\xD7\xE5" /* 张伟,汉族 in GB18030 */
#define ZW_U8 "张伟,汉族"

/* Encode UTF-8 text to GB18030 with iconv; caller frees. */
static char *to_gb(const char *s, size_t *len)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    size_t il = strlen(s), ol = il * 2 + 8, cap = ol;
    char *out = malloc(cap), *ip = (char *)s, *op = out;

    assert_true(cd != (iconv_t)-1);
    assert_true(iconv(cd, &ip, &il, &op, &ol) != (size_t)-1);
    iconv_close(cd);
    *len = cap - ol;
    return out;
}

static void test_detect(void **state)
{
    assert_int_equal(jc_enc_detect("", 0), JC_ENC_UTF8);
    assert_int_equal(jc_enc_detect(NULL, 0), JC_ENC_UTF8);
    assert_int_equal(jc_enc_detect("name,age\n", 9), JC_ENC_UTF8);
    assert_int_equal(jc_enc_detect(ZW_U8, strlen(ZW_U8)), JC_ENC_UTF8);
    assert_int_equal(jc_enc_detect(ZW_GB, strlen(ZW_GB)), JC_ENC_GB18030);
    /* a BOM decides, even if what follows is broken */
    assert_int_equal(jc_enc_detect("\xEF\xBB\xBF\xD5\xC5", 5), JC_ENC_UTF8);
    assert_string_equal(jc_enc_name(JC_ENC_UTF8), "UTF-8");
    assert_string_equal(jc_enc_name(JC_ENC_GB18030), "GB18030");
}

static void test_gb18030_two_byte(void **state)
{
    size_t gblen, len;
    char *gb = to_gb(ZW_U8, &gblen), *out = NULL;
    jc_err err;

    jc_err_clear(&err);
    assert_int_equal(gblen, strlen(ZW_GB));
    assert_memory_equal(gb, ZW_GB, gblen);
    assert_int_equal(jc_enc_detect(gb, gblen), JC_ENC_GB18030);
    assert_int_equal(jc_enc_to_utf8(gb, gblen, JC_ENC_GB18030, &out, &len, &err), JC_OK);
    assert_int_equal(len, strlen(ZW_U8));
    assert_string_equal(out, ZW_U8);
    assert_false(jc_err_is_set(&err));
    free(out);
    free(gb);
}

static void test_gb18030_four_byte(void **state)
{
    /* U+3400 㐀 = 81 39 EE 39; U+20000 𠀀 = 95 32 82 36; € = A2 E3 */
    static const char in[] = "\x81\x39\xEE\x39\x95\x32\x82\x36\xA2\xE3";
    size_t len, gblen;
    char *out = NULL, *gb;

    assert_int_equal(jc_enc_detect(in, sizeof in - 1), JC_ENC_GB18030);
    assert_int_equal(jc_enc_to_utf8(in, sizeof in - 1, JC_ENC_GB18030, &out, &len, NULL),
                     JC_OK);
    assert_string_equal(out, "㐀𠀀€");
    assert_int_equal(len, 3 + 4 + 3);
    free(out);

    gb = to_gb("𠀀", &gblen);
    assert_int_equal(gblen, 4);
    assert_memory_equal(gb, "\x95\x32\x82\x36", 4);
    free(gb);
}

static void test_gb18030_bom_and_size(void **state)
{
    char *in, *out = NULL, *p;
    size_t i, n = 10000, unit = strlen(ZW_GB) + 1, len;

    /* GB18030's BOM (U+FEFF = 84 31 95 33) is dropped like UTF-8's */
    assert_int_equal(jc_enc_to_utf8("\x84\x31\x95\x33" "A", 5, JC_ENC_GB18030, &out, &len,
                                    NULL), JC_OK);
    assert_string_equal(out, "A");
    assert_int_equal(len, 1);
    free(out);

    in = malloc(n * unit);
    for (i = 0, p = in; i < n; i++, p += unit) {
        memcpy(p, ZW_GB, unit - 1);
        p[unit - 1] = '\n';
    }
    assert_int_equal(jc_enc_detect(in, n * unit), JC_ENC_GB18030);
    assert_int_equal(jc_enc_to_utf8(in, n * unit, JC_ENC_GB18030, &out, &len, NULL), JC_OK);
    assert_int_equal(len, n * (strlen(ZW_U8) + 1));
    assert_int_equal(strlen(out), len);
    assert_memory_equal(out + len - strlen(ZW_U8) - 1, ZW_U8 "\n", strlen(ZW_U8) + 1);
    free(out);
    free(in);
}

static void test_gb18030_invalid(void **state)
{
    jc_err err;
    char *out = (char *)1;
    size_t len = 7;

    jc_err_clear(&err);
    assert_int_equal(jc_enc_detect("ab\xFF" "cd", 5), JC_ENC_GB18030);
    assert_int_equal(jc_enc_to_utf8("ab\xFF" "cd", 5, JC_ENC_GB18030, &out, &len, &err),
                     JC_FAIL);
    assert_null(out);
    assert_int_equal(err.status, 422);
    assert_string_equal(err.code, "ENCODING");
    assert_string_equal(err.field, "file");
    assert_string_equal(err.zh, "文件编码无法识别：第3字节处既不是UTF-8也不是GB18030");
    assert_non_null(strstr(err.en, "byte 3"));
    assert_non_null(strstr(err.en, "GB18030"));

    /* a lead byte whose trail byte is not a GB18030 trail */
    jc_err_clear(&err);
    assert_int_equal(jc_enc_to_utf8(ZW_GB "\x81\x20", strlen(ZW_GB) + 2, JC_ENC_GB18030,
                                    &out, &len, &err), JC_FAIL);
    assert_string_equal(err.zh, "文件编码无法识别：第10字节处既不是UTF-8也不是GB18030");

    /* truncated at the end: 张 then half of 伟 */
    jc_err_clear(&err);
    assert_int_equal(jc_enc_to_utf8("\xD5\xC5\xCE", 3, JC_ENC_GB18030, &out, &len, &err),
                     JC_FAIL);
    assert_string_equal(err.code, "ENCODING");
    assert_non_null(strstr(err.zh, "第3字节"));

    /* err may be NULL */
    assert_int_equal(jc_enc_to_utf8("\xFF", 1, JC_ENC_GB18030, &out, &len, NULL), JC_FAIL);
}

static void test_utf8_copy(void **state)
{
    jc_err err;
    char *out = NULL;
    size_t len;

    assert_int_equal(jc_enc_to_utf8("\xEF\xBB\xBF" ZW_U8, 3 + strlen(ZW_U8), JC_ENC_UTF8,
                                    &out, &len, NULL), JC_OK);
    assert_string_equal(out, ZW_U8);
    assert_int_equal(len, strlen(ZW_U8));
    free(out);

    assert_int_equal(jc_enc_to_utf8("a\0b", 3, JC_ENC_UTF8, &out, &len, NULL), JC_OK);
    assert_int_equal(len, 3);
    assert_memory_equal(out, "a\0b", 4);
    free(out);

    assert_int_equal(jc_enc_to_utf8("", 0, JC_ENC_GB18030, &out, &len, NULL), JC_OK);
    assert_string_equal(out, "");
    assert_int_equal(len, 0);
    free(out);

    /* BOM says UTF-8 but the body is GBK: refused, position counted from the file start */
    jc_err_clear(&err);
    assert_int_equal(jc_enc_to_utf8("\xEF\xBB\xBF" "ab" ZW_GB, 5 + strlen(ZW_GB), JC_ENC_UTF8,
                                    &out, &len, &err), JC_FAIL);
    assert_null(out);
    assert_int_equal(err.status, 422);
    assert_string_equal(err.code, "ENCODING");
    assert_string_equal(err.zh, "文件编码无法识别：第6字节处不是有效的UTF-8");
}

static char *write_temp(const char *content, size_t n)
{
    char *path = strdup("/tmp/jc_test_enc_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, content, n), (ssize_t)n);
    close(fd);
    return path;
}

static void test_read_file(void **state)
{
    jc_err err;
    char *path = write_temp(ZW_GB "\n", strlen(ZW_GB) + 1), *out = NULL;
    size_t len = 0;

    jc_err_clear(&err);
    assert_int_equal(jc_read_file(path, 1 << 20, &out, &len, &err), JC_OK);
    assert_int_equal(len, strlen(ZW_GB) + 1);
    assert_memory_equal(out, ZW_GB "\n", len + 1); /* NUL-terminated */
    free(out);

    /* exactly at the limit is fine, one byte over is not */
    assert_int_equal(jc_read_file(path, len, &out, &len, &err), JC_OK);
    free(out);
    assert_int_equal(jc_read_file(path, len - 1, &out, &len, &err), JC_FAIL);
    assert_null(out);
    assert_int_equal(err.status, 413);
    assert_string_equal(err.code, "FILE_TOO_LARGE");
    unlink(path);
    free(path);

    path = write_temp("", 0);
    assert_int_equal(jc_read_file(path, 100, &out, &len, &err), JC_OK);
    assert_int_equal(len, 0);
    assert_string_equal(out, "");
    free(out);
    unlink(path);
    free(path);
}

static void test_read_file_errors(void **state)
{
    jc_err err;
    char *out = (char *)1;
    size_t len;

    jc_err_clear(&err);
    assert_int_equal(jc_read_file("/nonexistent/dir/members.csv", 100, &out, &len, &err),
                     JC_FAIL);
    assert_null(out);
    assert_int_equal(err.status, 400);
    assert_string_equal(err.code, "FILE_OPEN");
    assert_string_equal(err.field, "file");
    assert_non_null(strstr(err.en, strerror(ENOENT)));
    assert_non_null(strstr(err.en, "/nonexistent/dir/members.csv"));
    assert_non_null(strstr(err.zh, strerror(ENOENT)));

    jc_err_clear(&err);
    assert_int_equal(jc_read_file("/tmp", 100, &out, &len, &err), JC_FAIL);
    assert_string_equal(err.code, "FILE_OPEN");
    assert_non_null(strstr(err.en, strerror(EISDIR)));

    /* a device of unknown size is read only up to the limit */
    jc_err_clear(&err);
    assert_int_equal(jc_read_file("/dev/zero", 100000, &out, &len, &err), JC_FAIL);
    assert_int_equal(err.status, 413);
    assert_string_equal(err.code, "FILE_TOO_LARGE");
}

/* Files whose stat size is 0 but which have content (/proc) are read in full. */
static void test_read_file_proc(void **state)
{
    char *out = NULL;
    size_t len = 0;
    if (access("/proc/self/status", R_OK) != 0) skip();
    assert_int_equal(jc_read_file("/proc/self/status", 1 << 20, &out, &len, NULL), JC_OK);
    assert_true(len > 0);
    assert_int_equal(strlen(out), len);
    assert_non_null(strstr(out, "Name:"));
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_gb18030_two_byte),
        cmocka_unit_test(test_gb18030_four_byte),
        cmocka_unit_test(test_gb18030_bom_and_size),
        cmocka_unit_test(test_gb18030_invalid),
        cmocka_unit_test(test_utf8_copy),
        cmocka_unit_test(test_read_file),
        cmocka_unit_test(test_read_file_errors),
        cmocka_unit_test(test_read_file_proc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
