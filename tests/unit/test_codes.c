/*
 * test_codes.c — the code tables (domain/codes.c) and the lookup that maps what people
 * type to a stored code. The ethnicity table is checked row by row against GB 3304-1991
 * (and was cross-checked against the npm package gb3304 1.0.1 when written); the
 * member form's fields (RULES ID-04) are stored as these codes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/codes.h"

/* GB 3304-1991, in the standard's order: code i+1 is gb3304[i]. */
static const char *const gb3304[56] = {
    "汉族",     "蒙古族", "回族",   "藏族",     "维吾尔族", "苗族",     "彝族",   "壮族",
    "布依族",   "朝鲜族", "满族",   "侗族",     "瑶族",     "白族",     "土家族", "哈尼族",
    "哈萨克族", "傣族",   "黎族",   "傈僳族",   "佤族",     "畲族",     "高山族", "拉祜族",
    "水族",     "东乡族", "纳西族", "景颇族",   "柯尔克孜族", "土族",   "达斡尔族", "仫佬族",
    "羌族",     "布朗族", "撒拉族", "毛南族",   "仡佬族",   "锡伯族",   "阿昌族", "普米族",
    "塔吉克族", "怒族",   "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族",
    "京族",     "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族",   "门巴族",   "珞巴族", "基诺族",
};

static void assert_finds(const jc_code_table *t, const char *s, const char *code)
{
    const jc_code *c = jc_code_find(t, s);
    if (!c) fail_msg("%s: \"%s\" not found, expected %s", t->name, s, code);
    if (strcmp(c->code, code) != 0)
        fail_msg("%s: \"%s\" gave %s, expected %s", t->name, s, c->code, code);
}

static void assert_not_found(const jc_code_table *t, const char *s)
{
    const jc_code *c = jc_code_find(t, s);
    if (c) fail_msg("%s: \"%s\" should not match, gave %s", t->name, s, c->code);
}

static void test_table_sizes(void **state)
{
    assert_int_equal(jc_ethnicities.count, 56);
    assert_int_equal(jc_educations.count, 10);
    assert_int_equal(jc_degrees.count, 3);
    assert_int_equal(jc_sexes.count, 2);
    assert_int_equal(jc_categories.count, 2);
    assert_int_equal(jc_statuses.count, 3);
    assert_int_equal(jc_org_types.count, 7);
    assert_int_equal(jc_org_fields.count, 11);
}

static void test_ethnicity_gb3304_order_and_names(void **state)
{
    char code[3];
    for (size_t i = 0; i < 56; i++) {
        const jc_code *c = &jc_ethnicities.items[i];
        code[0] = (char)('0' + (i + 1) / 10);
        code[1] = (char)('0' + (i + 1) % 10);
        code[2] = '\0';
        assert_string_equal(c->code, code);
        assert_string_equal(c->zh, gb3304[i]);
        assert_true(strlen(c->en) > 0);
    }
    assert_string_equal(jc_ethnicities.items[0].en, "Han");
    assert_string_equal(jc_ethnicities.items[1].en, "Mongol");
    assert_string_equal(jc_ethnicities.items[3].en, "Tibetan");
    assert_string_equal(jc_ethnicities.items[4].en, "Uyghur");
    assert_string_equal(jc_ethnicities.items[8].en, "Buyei");
    assert_string_equal(jc_ethnicities.items[9].en, "Korean");
    assert_string_equal(jc_ethnicities.items[10].en, "Manchu");
    assert_string_equal(jc_ethnicities.items[55].en, "Jino");
}

static void test_labels_unique_in_every_table(void **state)
{
    const jc_code_table *tables[] = {&jc_ethnicities, &jc_educations, &jc_degrees,
                                     &jc_sexes, &jc_categories, &jc_statuses,
                                     &jc_org_types, &jc_org_fields};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        for (size_t i = 0; i < tables[t]->count; i++) {
            const jc_code *a = &tables[t]->items[i];
            /* each row is found by its own code, zh and en */
            assert_ptr_equal(jc_code_find(tables[t], a->code), a);
            assert_ptr_equal(jc_code_find(tables[t], a->zh), a);
            assert_ptr_equal(jc_code_find(tables[t], a->en), a);
            assert_ptr_equal(jc_code_by_code(tables[t], a->code), a);
            for (size_t j = i + 1; j < tables[t]->count; j++) {
                const jc_code *b = &tables[t]->items[j];
                assert_string_not_equal(a->code, b->code);
                assert_string_not_equal(a->zh, b->zh);
                assert_string_not_equal(a->en, b->en);
            }
        }
    }
}

static void test_ethnicity_find_forms(void **state)
{
    assert_finds(&jc_ethnicities, "汉族", "01");
    assert_finds(&jc_ethnicities, "汉", "01");
    assert_finds(&jc_ethnicities, "01", "01");
    assert_finds(&jc_ethnicities, "1", "01"); /* Excel dropped the zero */
    assert_finds(&jc_ethnicities, "han", "01");
    assert_finds(&jc_ethnicities, "HAN", "01");
    assert_finds(&jc_ethnicities, " 汉族 ", "01");
    assert_finds(&jc_ethnicities, "\xE3\x80\x80" "回族", "03");
    assert_finds(&jc_ethnicities, "土", "30");
    assert_finds(&jc_ethnicities, "土家", "15");
    assert_finds(&jc_ethnicities, "维吾尔", "05");
    assert_finds(&jc_ethnicities, "柯尔克孜", "29");
    assert_finds(&jc_ethnicities, "uyghur", "05");
    assert_finds(&jc_ethnicities, "Jino", "56");
    assert_finds(&jc_ethnicities, "56", "56");
    assert_not_found(&jc_ethnicities, "57");
    assert_not_found(&jc_ethnicities, "0");
    assert_not_found(&jc_ethnicities, "00");
    assert_not_found(&jc_ethnicities, "族");
    assert_not_found(&jc_ethnicities, "");
    assert_not_found(&jc_ethnicities, "   ");
    assert_not_found(&jc_ethnicities, "汉族族");
    assert_not_found(&jc_ethnicities, "穿青人");
    assert_null(jc_code_find(&jc_ethnicities, NULL));
    assert_null(jc_code_find(NULL, "01"));
}

/* Every short form (name without 族) resolves to its own row: none is ambiguous. */
static void test_ethnicity_every_short_form_unique(void **state)
{
    char buf[32];
    for (size_t i = 0; i < jc_ethnicities.count; i++) {
        const char *zh = jc_ethnicities.items[i].zh;
        size_t n = strlen(zh) - strlen("族");
        memcpy(buf, zh, n);
        buf[n] = '\0';
        assert_ptr_equal(jc_code_find(&jc_ethnicities, buf), &jc_ethnicities.items[i]);
    }
}

static void test_ethnicity_romanization_and_old_names(void **state)
{
    assert_finds(&jc_ethnicities, "Zang", "04");
    assert_finds(&jc_ethnicities, "Uygur", "05");
    assert_finds(&jc_ethnicities, "Chosen", "10");
    assert_finds(&jc_ethnicities, "Man", "11");
    assert_finds(&jc_ethnicities, "Kazak", "17");
    assert_finds(&jc_ethnicities, "Kirgiz", "29");
    assert_finds(&jc_ethnicities, "Russ", "44");
    assert_finds(&jc_ethnicities, "Deang", "46");
    assert_finds(&jc_ethnicities, "Wa", "21");
    assert_finds(&jc_ethnicities, "Jing", "49");
    assert_finds(&jc_ethnicities, "毛难族", "36");
    assert_finds(&jc_ethnicities, "崩龙族", "46");
}

static void test_education_gb4658(void **state)
{
    static const char *const codes[] = {"10", "20", "30", "41", "44", "47", "60", "70", "80", "90"};
    static const char *const zh[] = {"研究生", "大学本科", "大学专科", "中等专科", "职业高中",
                                     "技工学校", "普通高中", "初中", "小学", "其他"};
    for (size_t i = 0; i < 10; i++) {
        assert_string_equal(jc_educations.items[i].code, codes[i]);
        assert_string_equal(jc_educations.items[i].zh, zh[i]);
    }
    assert_string_equal(jc_educations.items[1].en, "Bachelor's level");
}

static void test_education_spreadsheet_synonyms(void **state)
{
    assert_finds(&jc_educations, "本科", "20");
    assert_finds(&jc_educations, "大学本科", "20");
    assert_finds(&jc_educations, "大专", "30");
    assert_finds(&jc_educations, "专科", "30");
    assert_finds(&jc_educations, "中专", "41");
    assert_finds(&jc_educations, "高中", "60");
    assert_finds(&jc_educations, "研究生", "10");
    assert_finds(&jc_educations, "硕士研究生", "10");
    assert_finds(&jc_educations, "博士研究生", "10");
    assert_finds(&jc_educations, "职高", "44");
    assert_finds(&jc_educations, "技校", "47");
    assert_finds(&jc_educations, "bachelor's LEVEL", "20");
    assert_finds(&jc_educations, "初中", "70");
    assert_not_found(&jc_educations, "大学");
    assert_not_found(&jc_educations, "1");
    assert_not_found(&jc_educations, "硕士"); /* a degree, not an education level */
}

static void test_sex_forms(void **state)
{
    assert_finds(&jc_sexes, "男", "M");
    assert_finds(&jc_sexes, "女", "F");
    assert_finds(&jc_sexes, "male", "M");
    assert_finds(&jc_sexes, "Female", "F");
    assert_finds(&jc_sexes, "M", "M");
    assert_finds(&jc_sexes, "f", "F");
    assert_finds(&jc_sexes, "男性", "M");
    assert_not_found(&jc_sexes, "X");
    assert_not_found(&jc_sexes, "1");
}

static void test_other_tables(void **state)
{
    assert_finds(&jc_degrees, "博士", "doctor");
    assert_finds(&jc_degrees, "硕士", "master");
    assert_finds(&jc_degrees, "学士", "bachelor");
    assert_finds(&jc_degrees, "学士学位", "bachelor");
    assert_finds(&jc_categories, "正式党员", "full");
    assert_finds(&jc_categories, "预备党员", "probationary");
    assert_finds(&jc_categories, "预备", "probationary");
    assert_finds(&jc_statuses, "正常", "normal");
    assert_finds(&jc_statuses, "停止党籍", "suspended");
    assert_finds(&jc_statuses, "留党察看", "discipline_probation");
    assert_finds(&jc_org_types, "党委", "committee");
    assert_finds(&jc_org_types, "党工委", "working_committee");
    assert_finds(&jc_org_types, "党总支", "general_branch");
    assert_finds(&jc_org_types, "党支部", "branch");
    assert_finds(&jc_org_types, "联合党支部", "joint_branch");
    assert_finds(&jc_org_types, "临时党支部", "temporary_branch");
    assert_finds(&jc_org_types, "党小组", "group");
    assert_finds(&jc_org_fields, "农村", "village");
    assert_finds(&jc_org_fields, "社区", "community");
    assert_finds(&jc_org_fields, "机关", "government");
    assert_finds(&jc_org_fields, "国企", "soe");
    assert_finds(&jc_org_fields, "国有企业", "soe");
    assert_finds(&jc_org_fields, "高校", "university");
    assert_finds(&jc_org_fields, "非公企业", "private_enterprise");
    assert_finds(&jc_org_fields, "社会组织", "social_org");
    assert_finds(&jc_org_fields, "楼宇", "office_building");
    assert_finds(&jc_org_fields, "园区", "park");
    assert_finds(&jc_org_fields, "商圈", "market");
    assert_finds(&jc_org_fields, "网络", "internet");
    /* a label of one table is not found in another */
    assert_not_found(&jc_org_types, "农村");
    assert_not_found(&jc_statuses, "full");
}

static void test_by_code_is_exact(void **state)
{
    assert_non_null(jc_code_by_code(&jc_ethnicities, "01"));
    assert_null(jc_code_by_code(&jc_ethnicities, "1"));
    assert_null(jc_code_by_code(&jc_ethnicities, "汉族"));
    assert_null(jc_code_by_code(&jc_sexes, "m"));
    assert_null(jc_code_by_code(&jc_sexes, NULL));
    assert_null(jc_code_by_code(NULL, "M"));
}

static void test_education_le_junior(void **state)
{
    assert_true(jc_education_le_junior("70"));
    assert_true(jc_education_le_junior("80"));
    assert_true(jc_education_le_junior("90"));
    assert_false(jc_education_le_junior("60"));
    assert_false(jc_education_le_junior("10"));
    assert_false(jc_education_le_junior(""));
    assert_false(jc_education_le_junior(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sizes),
        cmocka_unit_test(test_ethnicity_gb3304_order_and_names),
        cmocka_unit_test(test_labels_unique_in_every_table),
        cmocka_unit_test(test_ethnicity_find_forms),
        cmocka_unit_test(test_ethnicity_every_short_form_unique),
        cmocka_unit_test(test_ethnicity_romanization_and_old_names),
        cmocka_unit_test(test_education_gb4658),
        cmocka_unit_test(test_education_spreadsheet_synonyms),
        cmocka_unit_test(test_sex_forms),
        cmocka_unit_test(test_other_tables),
        cmocka_unit_test(test_by_code_is_exact),
        cmocka_unit_test(test_education_le_junior),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
