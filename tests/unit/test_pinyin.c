/*
 * test_pinyin.c — unit tests for util/pinyin: search keys of names (initials and full
 * pinyin, the surname reading of the first character, ASCII runs, invalid UTF-8),
 * truncation without overflow at every buffer size, matching, and the sanity of the
 * tables generated from pinyin-pro.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/pinyin.h"
#include "util/pinyin_table.h"

static void key_is(const char *name, const char *want)
{
    char out[JC_PINYIN_KEY_CAP];
    jc_pinyin_key(name, out, sizeof out);
    assert_string_equal(out, want);
}

static void test_common_names(void **state)
{
    key_is("张伟", "zhangwei zw");
    key_is("王芳", "wangfang wf");
    key_is("李娜", "lina ln");
    key_is("刘洋", "liuyang ly");
}

static void test_surname_first_character(void **state)
{
    key_is("单雄信", "shanxiongxin sxx");
    key_is("曾国藩", "zengguofan zgf");
    key_is("解缙", "xiejin xj");
    key_is("仇英", "qiuying qy");
    key_is("区家伟", "oujiawei ojw");
    key_is("朴正", "piaozheng pz");
    key_is("查良镛", "zhaliangyong zly");
    /* Only the first character takes the surname reading. */
    key_is("张单", "zhangdan zd");
    key_is("单单", "shandan sd");
    /* Leading separators do not stop the first character from being the surname. */
    key_is("  单雄信", "shanxiongxin sxx");
}

static void test_v_for_u_umlaut(void **state)
{
    key_is("吕女", "lvnv ln");
}

static void test_ascii_and_separators(void **state)
{
    key_is("张A3伟", "zhanga3wei zaw");
    key_is("Li Na 2", "lina2 ln2");
    key_is("艾力·买买提", "ailimaimaiti almmt");
    key_is("Tom单", "tomdan td"); /* 单 is not the first syllable */
    key_is("", "");
    key_is("·-— ,", "");
    key_is(NULL, "");
}

static void test_invalid_utf8_skipped(void **state)
{
    key_is("\xff\xfe张", "zhang z");
    key_is("张\xe4", "zhang z");         /* truncated sequence at the end */
    key_is("张\xe4\xbc伟", "zhangwei zw"); /* truncated sequence inside */
    key_is("\xc0\xaf张", "zhang z");     /* overlong '/' */
    key_is("\xed\xa0\x80张", "zhang z"); /* UTF-16 surrogate */
}

static void test_characters_without_reading(void **state)
{
    key_is("\xf0\x9f\x98\x80张", "zhang z"); /* emoji, outside the table */
    key_is("\xe3\x80\x87", "");              /* U+3007 〇 lies before U+3400 */
}

static void test_truncation_at_syllable_boundary(void **state)
{
    char out[16];
    memset(out, 'X', sizeof out);
    jc_pinyin_key("张伟", out, 12);
    assert_string_equal(out, "zhangwei zw");
    jc_pinyin_key("张伟", out, 11);
    assert_string_equal(out, "zhang z");
    jc_pinyin_key("张伟", out, 8);
    assert_string_equal(out, "zhang z");
    jc_pinyin_key("张伟", out, 7);
    assert_string_equal(out, "");
    jc_pinyin_key("张伟", out, 1);
    assert_string_equal(out, "");
    out[0] = 'Q';
    jc_pinyin_key("张伟", out, 0);
    assert_int_equal(out[0], 'Q');
}

static void test_never_overflows(void **state)
{
    const char *name = "欧阳单雄信Alexander张三丰123李四";
    char full[JC_PINYIN_KEY_CAP];
    jc_pinyin_key(name, full, sizeof full);
    for (size_t cap = 0; cap <= strlen(full) + 2; cap++) {
        char buf[96];
        memset(buf, 'X', sizeof buf);
        jc_pinyin_key(name, buf, cap);
        for (size_t i = cap; i < sizeof buf; i++) assert_int_equal(buf[i], 'X');
        if (cap == 0) continue;
        size_t len = strnlen(buf, cap);
        assert_true(len < cap);
        if (len == 0) continue;
        /* A truncated key is a whole key of fewer syllables: k initials, a space, and
         * a full part that is a prefix of the untruncated one. */
        const char *sp = strchr(buf, ' ');
        assert_non_null(sp);
        const char *fsp = strchr(full, ' ');
        size_t k = (size_t)(sp - buf);
        assert_memory_equal(buf, full, k);
        assert_memory_equal(sp + 1, fsp + 1, strlen(sp + 1));
        assert_int_equal(sp[1], buf[0]);
    }
    /* The untruncated key fits in its cap exactly. */
    char exact[96];
    size_t need = strlen(full) + 1;
    jc_pinyin_key(name, exact, need);
    assert_string_equal(exact, full);
}

static void test_matches(void **state)
{
    char key[JC_PINYIN_KEY_CAP];
    jc_pinyin_key("张伟", key, sizeof key);
    assert_true(jc_pinyin_matches(key, "zw"));
    assert_true(jc_pinyin_matches(key, "z"));
    assert_true(jc_pinyin_matches(key, "ZW"));
    assert_true(jc_pinyin_matches(key, "zhangw"));
    assert_true(jc_pinyin_matches(key, "ZhangWei"));
    assert_true(jc_pinyin_matches(key, "wei"));
    assert_true(jc_pinyin_matches(key, "zhang wei"));
    assert_true(jc_pinyin_matches(key, ""));
    assert_true(jc_pinyin_matches(key, "  "));
    assert_true(jc_pinyin_matches(key, NULL));
    assert_false(jc_pinyin_matches(key, "wz"));
    assert_false(jc_pinyin_matches(key, "zwx"));
    assert_false(jc_pinyin_matches(key, "zhangweii"));
    assert_false(jc_pinyin_matches(key, "li"));
    assert_false(jc_pinyin_matches(key, "张"));
    assert_false(jc_pinyin_matches(NULL, "z"));
    assert_false(jc_pinyin_matches("", "z"));

    jc_pinyin_key("单雄信", key, sizeof key);
    assert_true(jc_pinyin_matches(key, "sxx"));
    assert_true(jc_pinyin_matches(key, "shanx"));
    assert_false(jc_pinyin_matches(key, "dxx"));
}

static void test_tables(void **state)
{
    assert_true(jc_py_syllables_count > 380 && jc_py_syllables_count < 500);
    assert_string_equal(jc_py_syllables[0], "");
    for (size_t i = 2; i < jc_py_syllables_count; i++) {
        assert_true(strcmp(jc_py_syllables[i - 1], jc_py_syllables[i]) < 0);
    }
    size_t with_reading = 0;
    for (size_t i = 0; i <= JC_PY_LAST - JC_PY_FIRST; i++) {
        assert_true(jc_py_index[i] < jc_py_syllables_count);
        if (jc_py_index[i]) with_reading++;
    }
    assert_true(with_reading > 20000);
    assert_true(jc_py_surnames_count >= 8);
    for (size_t i = 0; i < jc_py_surnames_count; i++) {
        assert_true(jc_py_surnames[i].cp >= JC_PY_FIRST && jc_py_surnames[i].cp <= JC_PY_LAST);
        assert_true(jc_py_surnames[i].syl > 0 && jc_py_surnames[i].syl < jc_py_syllables_count);
        assert_int_not_equal(jc_py_surnames[i].syl, jc_py_index[jc_py_surnames[i].cp - JC_PY_FIRST]);
        if (i) assert_true(jc_py_surnames[i - 1].cp < jc_py_surnames[i].cp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_common_names),
        cmocka_unit_test(test_surname_first_character),
        cmocka_unit_test(test_v_for_u_umlaut),
        cmocka_unit_test(test_ascii_and_separators),
        cmocka_unit_test(test_invalid_utf8_skipped),
        cmocka_unit_test(test_characters_without_reading),
        cmocka_unit_test(test_truncation_at_syllable_boundary),
        cmocka_unit_test(test_never_overflows),
        cmocka_unit_test(test_matches),
        cmocka_unit_test(test_tables),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
