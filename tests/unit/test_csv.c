/*
 * test_csv.c — the RFC 4180 reader and writer (src/util/csv.c): quoting, "" escapes,
 * embedded newlines, CRLF, BOM, empty fields and lines, the unterminated-quote error
 * with its line number, and writer → reader round trips on random fields.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "util/csv.h"
#include "util/jbuf.h"

/* Read the next record and check it: want is the field list, NULL-terminated. */
static void expect_rec(jc_csv *c, long want_line, const char *const *want)
{
    char **f = NULL;
    size_t n = 0, i, nw = 0;
    long line = 0;

    while (want[nw]) nw++;
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 1);
    assert_int_equal(line, want_line);
    assert_int_equal(n, nw);
    for (i = 0; i < n; i++) assert_string_equal(f[i], want[i]);
}

#define REC(c, line, ...) expect_rec(c, line, (const char *const[]){__VA_ARGS__, NULL})

static void expect_end(jc_csv *c)
{
    char **f;
    size_t n;
    long line;
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 0);
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 0);
}

static jc_csv *open_str(const char *s)
{
    return jc_csv_new(s, strlen(s));
}

static void test_simple_lf_and_crlf(void **state)
{
    jc_csv *c = open_str("name,gender,ethnicity\n张伟,男,汉族\n李娜,女,回族\n");
    REC(c, 1, "name", "gender", "ethnicity");
    REC(c, 2, "张伟", "男", "汉族");
    REC(c, 3, "李娜", "女", "回族");
    expect_end(c);
    jc_csv_free(c);

    c = open_str("a,b\r\n1,2\r\n");
    REC(c, 1, "a", "b");
    REC(c, 2, "1", "2");
    expect_end(c);
    jc_csv_free(c);
}

static void test_trailing_newline_or_not(void **state)
{
    static const char *const inputs[] = {"a,b\n1,2", "a,b\n1,2\n", "a,b\r\n1,2",
                                         "a,b\r\n1,2\r\n", "a,b\n1,2\r", "a,b\n1,2\n\n\n"};
    size_t i;
    for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        jc_csv *c = open_str(inputs[i]);
        REC(c, 1, "a", "b");
        REC(c, 2, "1", "2");
        expect_end(c);
        jc_csv_free(c);
    }
}

static void test_empty_inputs(void **state)
{
    static const char *const inputs[] = {"", "\n", "\r\n", "\n\n", "\xEF\xBB\xBF",
                                         "\xEF\xBB\xBF\r\n"};
    size_t i;
    jc_csv *c;
    for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        c = open_str(inputs[i]);
        expect_end(c);
        jc_csv_free(c);
    }
    c = jc_csv_new(NULL, 0);
    expect_end(c);
    jc_csv_free(c);
    jc_csv_free(NULL);
}

static void test_empty_fields_and_lines(void **state)
{
    jc_csv *c = open_str(",,\na,,b\na,\n,a\n\n\r\nlast\n");
    REC(c, 1, "", "", "");
    REC(c, 2, "a", "", "b");
    REC(c, 3, "a", "");
    REC(c, 4, "", "a");
    REC(c, 7, "last"); /* empty lines 5 and 6 skipped, still counted */
    expect_end(c);
    jc_csv_free(c);

    c = open_str("\"\"\n\"\",\"\"\n");
    REC(c, 1, "");
    REC(c, 2, "", "");
    expect_end(c);
    jc_csv_free(c);
}

static void test_quoted(void **state)
{
    jc_csv *c = open_str("\"x,y\",z\n"
                         "\"he said \"\"hi\"\"\",2\n"
                         "\"\"\"\",\"a\"\"\"\n"
                         " a , \"b\" \n"
                         "ab\"c,d\n"
                         "\"ab\"c,d\n"
                         "\"a\"");
    REC(c, 1, "x,y", "z");
    REC(c, 2, "he said \"hi\"", "2");
    REC(c, 3, "\"", "a\"");
    REC(c, 4, " a ", " \"b\" "); /* a quote not at field start is data; no trimming */
    REC(c, 5, "ab\"c", "d");
    REC(c, 6, "abc", "d");       /* text after the closing quote is kept, like Excel */
    REC(c, 7, "a");
    expect_end(c);
    jc_csv_free(c);
}

static void test_embedded_newlines(void **state)
{
    jc_csv *c = open_str("id,note\n"
                         "1,\"line1\nline2\"\n"
                         "2,\"a\r\nb\r\n\",x\r\n"
                         "3,\"\n\n\"\n"
                         "4,plain\n");
    REC(c, 1, "id", "note");
    REC(c, 2, "1", "line1\nline2");
    REC(c, 4, "2", "a\r\nb\r\n", "x");
    REC(c, 7, "3", "\n\n");
    REC(c, 10, "4", "plain");
    expect_end(c);
    jc_csv_free(c);
}

static void test_cr_handling(void **state)
{
    jc_csv *c = open_str("a\rb,c\n\"q\"\r\nx,y\r");
    REC(c, 1, "a\rb", "c"); /* a lone CR is data */
    REC(c, 2, "q");
    REC(c, 3, "x", "y");
    expect_end(c);
    jc_csv_free(c);
}

static void test_bom(void **state)
{
    jc_csv *c = open_str("\xEF\xBB\xBFname,age\r\n张伟,30\r\n");
    REC(c, 1, "name", "age");
    REC(c, 2, "张伟", "30");
    expect_end(c);
    jc_csv_free(c);

    c = open_str("\xEF\xBB\xBF\"name\",age\n"); /* BOM then a quoted field */
    REC(c, 1, "name", "age");
    expect_end(c);
    jc_csv_free(c);
}

static void test_unterminated_quote(void **state)
{
    char **f;
    size_t n;
    long line = 0;
    jc_csv *c = open_str("a,b\n1,\"two\nlines\"\n3,\"oops\n4,5\n6,7\n");

    REC(c, 1, "a", "b");
    REC(c, 2, "1", "two\nlines");
    assert_int_equal(jc_csv_next(c, &f, &n, &line), -1);
    assert_int_equal(line, 4);
    line = 0;
    assert_int_equal(jc_csv_next(c, &f, &n, &line), -1); /* sticky */
    assert_int_equal(line, 4);
    jc_csv_free(c);

    c = open_str("\"");
    assert_int_equal(jc_csv_next(c, &f, &n, &line), -1);
    assert_int_equal(line, 1);
    jc_csv_free(c);

    c = open_str("x\n\n\"a\"\"");  /* the "" is an escaped quote, not a close */
    REC(c, 1, "x");
    assert_int_equal(jc_csv_next(c, &f, &n, &line), -1);
    assert_int_equal(line, 3);
    jc_csv_free(c);
}

/* Many fields and long fields: the reused arrays and buffer must grow, on both paths. */
static void test_growth(void **state)
{
    jbuf in;
    char **f;
    size_t n, i;
    long line;
    char big[5000];
    jc_csv *c;

    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    jb_init(&in);
    for (i = 0; i < 100; i++) jb_printf(&in, "%s%zu", i ? "," : "", i);
    jb_puts(&in, "\n");
    jb_printf(&in, "%s,\"%s\"\n", big, big);
    for (i = 0; i < 100; i++) jb_printf(&in, "%s\"%zu\"", i ? "," : "", i);
    jb_puts(&in, "\nshort\n");

    c = jc_csv_new(in.p, in.len);
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 1);
    assert_int_equal(n, 100);
    assert_string_equal(f[99], "99");
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 1);
    assert_int_equal(n, 2);
    assert_string_equal(f[0], big);
    assert_string_equal(f[1], big);
    f[0][0] = 'Y'; /* the caller may modify fields in place */
    assert_int_equal(jc_csv_next(c, &f, &n, &line), 1);
    assert_int_equal(n, 100);
    assert_string_equal(f[42], "42");
    assert_int_equal(line, 3);
    REC(c, 4, "short");
    expect_end(c);
    jc_csv_free(c);
    jb_free(&in);
}

static void test_writer(void **state)
{
    jbuf out;
    jb_init(&out);
    jc_csv_write_field(&out, "plain", 0);
    jc_csv_write_field(&out, "a,b", 0);
    jc_csv_write_field(&out, "say \"hi\"", 0);
    jc_csv_write_field(&out, "two\nlines", 0);
    jc_csv_write_field(&out, "cr\r", 0);
    jc_csv_write_field(&out, " lead", 0);
    jc_csv_write_field(&out, "trail ", 0);
    jc_csv_write_field(&out, "in side", 0);
    jc_csv_write_field(&out, "", 0);
    jc_csv_write_field(&out, NULL, 0);
    jc_csv_write_field(&out, "张伟", 1);
    assert_string_equal(out.p, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\","
                               "\" lead\",\"trail \",in side,,,张伟\r\n");

    jb_reset(&out);
    jc_csv_write_field(&out, "a", 0);
    jc_csv_write_field(&out, "", 1);
    jc_csv_write_field(&out, "", 1);  /* lone empty field: not an empty line */
    jc_csv_write_field(&out, NULL, 1);
    jc_csv_write_field(&out, "\"", 1);
    assert_string_equal(out.p, "a,\r\n\"\"\r\n\"\"\r\n\"\"\"\"\r\n");

    jb_reset(&out);
    {
        const char *row[] = {"1", NULL, "x,y"};
        jc_csv_write_row(&out, row, 3);
        jc_csv_write_row(&out, row, 0);
    }
    assert_string_equal(out.p, "1,,\"x,y\"\r\n");
    jb_free(&out);
}

/* Random records through the writer and back through the reader come out identical. */
static void test_roundtrip_random(void **state)
{
    static const char *const atoms[] = {"a", "张", ",", "\"", "\r", "\n", " ", "\r\n",
                                        "x y", "\t", "汉族", "\"\""};
    enum { ROWS = 2000, MAXF = 6, MAXLEN = 12 };
    char *fields[ROWS][MAXF];
    size_t counts[ROWS], r, i, k, n;
    char **f;
    long line;
    jbuf out;
    jc_csv *c;

    srand(42);
    jb_init(&out);
    for (r = 0; r < ROWS; r++) {
        counts[r] = 1 + (size_t)(rand() % MAXF);
        for (i = 0; i < counts[r]; i++) {
            jbuf fb;
            size_t len = (size_t)(rand() % MAXLEN);
            jb_init(&fb);
            jb_puts(&fb, "");
            for (k = 0; k < len; k++) jb_puts(&fb, atoms[rand() % 12]);
            fields[r][i] = jb_steal(&fb, NULL);
            jc_csv_write_field(&out, fields[r][i], i + 1 == counts[r]);
        }
    }
    c = jc_csv_new(out.p, out.len);
    for (r = 0; r < ROWS; r++) {
        assert_int_equal(jc_csv_next(c, &f, &n, &line), 1);
        assert_int_equal(n, counts[r]);
        for (i = 0; i < n; i++) assert_string_equal(f[i], fields[r][i]);
    }
    expect_end(c);
    jc_csv_free(c);
    for (r = 0; r < ROWS; r++)
        for (i = 0; i < counts[r]; i++) free(fields[r][i]);
    jb_free(&out);
}

/* The reader must not read past len: input without a NUL, in an exact-size allocation. */
static void test_no_nul_needed(void **state)
{
    static const char *const inputs[] = {"a,b", "\"a\"", "\"a", "a\r", "\"a\"\"", "x,\""};
    size_t i, n;
    char **f;
    long line;
    for (i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t len = strlen(inputs[i]);
        char *p = malloc(len);
        jc_csv *c;
        int rc;
        memcpy(p, inputs[i], len);
        c = jc_csv_new(p, len);
        while ((rc = jc_csv_next(c, &f, &n, &line)) == 1) {
        }
        assert_true(rc == 0 || rc == -1);
        jc_csv_free(c);
        free(p);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simple_lf_and_crlf),
        cmocka_unit_test(test_trailing_newline_or_not),
        cmocka_unit_test(test_empty_inputs),
        cmocka_unit_test(test_empty_fields_and_lines),
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_embedded_newlines),
        cmocka_unit_test(test_cr_handling),
        cmocka_unit_test(test_bom),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_growth),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_roundtrip_random),
        cmocka_unit_test(test_no_nul_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
