/*
 * test_rules.c — the rule registry (domain/rules.c). The ids of domain/RULES.md are
 * listed here by hand (a unit test reads nothing outside the repository), so a rule
 * added to RULES.md must be added to this list and to the registry in the same change.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "domain/rules.h"

/* Every id of RULES.md, in its order. */
static const char *const expected_ids[] = {
    "DEV-01", "DEV-02", "DEV-03", "DEV-04", "DEV-05", "DEV-06", "DEV-07", "DEV-08",
    "DEV-09", "DEV-10", "DEV-11", "DEV-12", "DEV-13", "DEV-14", "DEV-15", "DEV-16",
    "DEV-17", "DEV-18", "DEV-19",
    "ORG-01", "ORG-02", "ORG-03", "ORG-04", "ORG-05", "ORG-06", "ORG-07", "ORG-08", "ORG-09",
    "LIFE-01", "LIFE-02", "LIFE-03", "LIFE-04", "LIFE-05", "LIFE-06", "LIFE-07", "LIFE-08",
    "DUES-01", "DUES-02", "DUES-03", "DUES-04", "DUES-05", "DUES-06", "DUES-07", "DUES-08",
    "DUES-09", "DUES-10",
    "TRAIN-01", "TRAIN-02", "TRAIN-03", "TRAIN-04",
    "MOB-01", "MOB-02", "MOB-03", "MOB-04", "MOB-05", "MOB-06",
    "APP-01", "APP-02", "APP-03", "APP-04", "APP-05",
    "VIL-01", "VIL-02",
    "ID-01", "ID-02", "ID-03", "ID-04",
};
#define N_EXPECTED (sizeof expected_ids / sizeof expected_ids[0])

/* RULES.md says "configurable" for exactly these. */
static const char *const configurable_ids[] = {
    "DEV-17", "DEV-19", "LIFE-04", "TRAIN-01", "TRAIN-02", "TRAIN-03", "MOB-05",
};

static int in(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++) {
        if (strcmp(list[i], s) == 0) return 1;
    }
    return 0;
}

static void test_every_rules_md_id_present_once(void **state)
{
    assert_int_equal(N_EXPECTED, 67);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        int seen = 0;
        for (size_t j = 0; j < jc_rules_count; j++) {
            if (strcmp(jc_rules[j].id, expected_ids[i]) == 0) seen++;
        }
        if (seen != 1) fail_msg("%s appears %d times", expected_ids[i], seen);
    }
    /* and nothing else */
    assert_int_equal(jc_rules_count, N_EXPECTED);
    for (size_t j = 0; j < jc_rules_count; j++)
        assert_true(in(expected_ids, N_EXPECTED, jc_rules[j].id));
}

static void test_rows_well_formed(void **state)
{
    static const char *const kinds[] = {"refuse", "check", "compute", "configurable",
                                        "accept", "schema"};
    for (size_t i = 0; i < jc_rules_count; i++) {
        const jc_rule *r = &jc_rules[i];
        if (!in(kinds, 6, r->kind)) fail_msg("%s: kind %s", r->id, r->kind);
        assert_true(strlen(r->source) > 0);
        assert_true(strlen(r->zh) > 0);
        assert_true(strlen(r->en) > 0);
        assert_int_equal(r->configurable, in(configurable_ids, 7, r->id));
        if (strcmp(r->kind, "configurable") == 0) assert_true(r->configurable);
        assert_ptr_equal(jc_rule_find(r->id), r);
    }
}

/* The kind column of RULES.md, first word, in the order of expected_ids. */
static const char *const expected_kinds[] = {
    /* DEV-01..19 */
    "refuse", "check", "refuse", "refuse", "check", "refuse", "refuse", "refuse", "refuse",
    "check", "refuse", "check", "refuse", "refuse", "refuse", "compute", "configurable",
    "check", "check",
    /* ORG-01..09 */
    "check", "check", "check", "check", "check", "check", "check", "check", "compute",
    /* LIFE-01..08 */
    "check", "check", "check", "configurable", "check", "check", "check", "refuse",
    /* DUES-01..10 */
    "compute", "compute", "compute", "compute", "compute", "compute", "compute", "check",
    "check", "check",
    /* TRAIN-01..04 */
    "check", "check", "configurable", "check",
    /* MOB-01..06 */
    "check", "compute", "check", "check", "configurable", "check",
    /* APP-01..05 */
    "refuse", "refuse", "refuse", "refuse", "refuse",
    /* VIL-01..02 */
    "refuse", "check",
    /* ID-01..04 */
    "refuse", "refuse", "accept", "schema",
};

static void test_kinds_from_rules_md(void **state)
{
    assert_int_equal(sizeof expected_kinds / sizeof expected_kinds[0], N_EXPECTED);
    for (size_t i = 0; i < N_EXPECTED; i++) {
        const jc_rule *r = jc_rule_find(expected_ids[i]);
        assert_non_null(r);
        if (strcmp(r->kind, expected_kinds[i]) != 0)
            fail_msg("%s: %s, expected %s", r->id, r->kind, expected_kinds[i]);
    }
}

/* The registry keeps RULES.md's order, so a listing reads like the document. */
static void test_registry_in_rules_md_order(void **state)
{
    for (size_t i = 0; i < jc_rules_count && i < N_EXPECTED; i++)
        assert_string_equal(jc_rules[i].id, expected_ids[i]);
}

/* Articles marked (?) in RULES.md are not cited; the regulation is. */
static void test_sources(void **state)
{
    static const char *const uncertain[] = {"DEV-05", "DEV-12", "ORG-07", "LIFE-05", "LIFE-07"};
    assert_string_equal(jc_rule_find("DEV-01")->source, "《中国共产党发展党员工作细则》第五条");
    assert_string_equal(jc_rule_find("DEV-11")->source,
                        "《中国共产党发展党员工作细则》第二十条、第二十一条");
    assert_string_equal(jc_rule_find("DEV-16")->source, "《中国共产党章程》第七条");
    assert_string_equal(jc_rule_find("ORG-02")->source, "《中国共产党支部工作条例（试行）》第四条");
    assert_string_equal(jc_rule_find("DUES-01")->source,
                        "《关于中国共产党党费收缴、使用和管理的规定》第二条");
    assert_string_equal(jc_rule_find("MOB-03")->source, "《中国共产党党员教育管理工作条例》第二十四条");
    for (size_t i = 0; i < sizeof uncertain / sizeof uncertain[0]; i++) {
        const jc_rule *r = jc_rule_find(uncertain[i]);
        if (strstr(r->source, "第")) fail_msg("%s cites an article: %s", r->id, r->source);
        assert_non_null(strstr(r->source, "《"));
    }
}

static void test_find_unknown(void **state)
{
    assert_null(jc_rule_find("DEV-20"));
    assert_null(jc_rule_find(""));
    assert_null(jc_rule_find(NULL));
    assert_null(jc_param_find("DEV-01.max_age"));
    assert_null(jc_param_find(NULL));
}

/* Every parameter belongs to a rule of the registry, its key starts with that rule's id,
 * keys are unique, and only a configurable rule has configurable numbers. */
static void test_params_belong_to_rules(void **state)
{
    for (size_t i = 0; i < jc_params_count; i++) {
        const jc_param *p = &jc_params[i];
        const jc_rule *r = jc_rule_find(p->rule);
        size_t n = strlen(p->rule);
        if (!r) fail_msg("%s: rule %s not in the registry", p->key, p->rule);
        if (strncmp(p->key, p->rule, n) != 0 || p->key[n] != '.')
            fail_msg("%s: key does not start with %s.", p->key, p->rule);
        if (p->configurable) assert_true(r->configurable);
        assert_true(strlen(p->unit) > 0);
        assert_true(strlen(p->zh) > 0);
        assert_true(strlen(p->en) > 0);
        assert_true(p->value > 0);
        assert_ptr_equal(jc_param_find(p->key), p);
        for (size_t j = i + 1; j < jc_params_count; j++)
            assert_string_not_equal(p->key, jc_params[j].key);
    }
}

/* The numbers of RULES.md, by key. */
static void test_param_values(void **state)
{
    static const struct {
        const char *key;
        long value;
        int configurable;
    } v[] = {
        {"DEV-01.min_age", 18, 0},
        {"DEV-02.talk_within_months", 1, 0},
        {"DEV-04.min_mentors", 1, 0},
        {"DEV-04.max_mentors", 2, 0},
        {"DEV-05.review_months", 6, 0},
        {"DEV-06.min_training_months", 12, 0},
        {"DEV-07.sponsors", 2, 0},
        {"DEV-09.min_training_days", 3, 0},
        {"DEV-09.min_study_hours", 24, 0},
        {"DEV-10.leaving_months", 3, 0},
        {"DEV-11.quorum_more_than_bp", 5000, 0},
        {"DEV-12.approve_months", 3, 0},
        {"DEV-12.approve_max_months", 6, 0},
        {"DEV-13.probation_months", 12, 0},
        {"DEV-14.max_extensions", 1, 0},
        {"DEV-14.extend_min_months", 6, 0},
        {"DEV-14.extend_max_months", 12, 0},
        {"DEV-15.approve_months", 3, 0},
        {"DEV-17.publicity_working_days", 5, 1},
        {"DEV-19.years_without_development", 3, 1},
        {"ORG-01.min_full_members", 3, 0},
        {"ORG-02.max_branch_members", 50, 0},
        {"ORG-03.max_units", 5, 0},
        {"ORG-04.min_project_months", 6, 0},
        {"ORG-05.committee_threshold", 7, 0},
        {"ORG-05.committee_min", 3, 0},
        {"ORG-05.committee_max_usual", 5, 0},
        {"ORG-05.committee_max", 7, 0},
        {"ORG-06.term_years_village", 5, 0},
        {"ORG-06.term_years_other_branch", 3, 0},
        {"ORG-06.term_years_committee", 5, 0},
        {"ORG-07.remind_months", 6, 0},
        {"ORG-07.max_shift_months", 12, 0},
        {"ORG-08.committee_min_members", 100, 0},
        {"ORG-08.general_branch_min_members", 50, 0},
        {"ORG-09.min_full_members", 3, 0},
        {"LIFE-01.interval_months", 3, 0},
        {"LIFE-02.interval_months", 1, 0},
        {"LIFE-03.interval_months", 1, 0},
        {"LIFE-04.min_per_year", 1, 0},
        {"LIFE-04.interval_months", 3, 1},
        {"LIFE-05.interval_months", 1, 0},
        {"LIFE-06.min_per_year", 1, 0},
        {"LIFE-06.usual_quarter", 4, 0},
        {"LIFE-07.min_per_year", 1, 0},
        {"LIFE-08.excellent_max_denominator", 3, 0},
        {"DUES-01.bracket1_max_fen", 300000, 0},
        {"DUES-01.bracket2_max_fen", 500000, 0},
        {"DUES-01.bracket3_max_fen", 1000000, 0},
        {"DUES-01.rate1_bp", 50, 0},
        {"DUES-01.rate2_bp", 100, 0},
        {"DUES-01.rate3_bp", 150, 0},
        {"DUES-01.rate4_bp", 200, 0},
        {"DUES-04.bracket1_max_fen", 500000, 0},
        {"DUES-04.rate1_bp", 50, 0},
        {"DUES-04.rate2_bp", 100, 0},
        {"DUES-05.farmer_min_fen", 20, 0},
        {"DUES-05.farmer_max_fen", 100, 0},
        {"DUES-05.flat_fen", 20, 0},
        {"DUES-07.voluntary_min_fen", 100000, 0},
        {"DUES-08.back_pay_max_months", 6, 0},
        {"DUES-09.unpaid_months", 6, 0},
        {"TRAIN-01.member_min_hours", 32, 1},
        {"TRAIN-02.cadre_min_hours", 56, 1},
        {"TRAIN-03.full_day_hours", 8, 1},
        {"TRAIN-03.half_day_hours", 4, 1},
        {"TRAIN-04.new_secretary_months", 6, 0},
        {"MOB-01.away_months", 6, 0},
        {"MOB-03.lost_months", 6, 0},
        {"MOB-03.remove_after_years", 2, 0},
        {"MOB-04.abroad_years", 5, 0},
        {"MOB-05.letter_valid_months", 3, 1},
        {"MOB-05.letter_valid_months_interprovincial", 6, 1},
        {"MOB-06.inactive_months", 6, 0},
        {"APP-02.correction_months", 6, 0},
        {"APP-02.correction_max_months", 12, 0},
        {"APP-05.readmission_wait_years", 5, 0},
        {"VIL-02.publish_interval_months", 3, 0},
        {"VIL-02.finance_publish_interval_months", 1, 0},
        {"ID-01.length", 18, 0},
        {"ID-04.items", 16, 0},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const jc_param *p = jc_param_find(v[i].key);
        if (!p) fail_msg("missing %s", v[i].key);
        if (p->value != v[i].value) fail_msg("%s = %ld, expected %ld", v[i].key, p->value, v[i].value);
        assert_int_equal(p->configurable, v[i].configurable);
        assert_int_equal(jc_param_default(v[i].key), v[i].value);
    }
}

/* DUES-01/DUES-04: brackets rise and rates rise with them. */
static void test_dues_brackets_ordered(void **state)
{
    assert_true(jc_param_default("DUES-01.bracket1_max_fen") < jc_param_default("DUES-01.bracket2_max_fen"));
    assert_true(jc_param_default("DUES-01.bracket2_max_fen") < jc_param_default("DUES-01.bracket3_max_fen"));
    assert_true(jc_param_default("DUES-01.rate1_bp") < jc_param_default("DUES-01.rate2_bp"));
    assert_true(jc_param_default("DUES-01.rate2_bp") < jc_param_default("DUES-01.rate3_bp"));
    assert_true(jc_param_default("DUES-01.rate3_bp") < jc_param_default("DUES-01.rate4_bp"));
    assert_true(jc_param_default("DUES-04.rate1_bp") < jc_param_default("DUES-04.rate2_bp"));
    assert_true(jc_param_default("DUES-05.farmer_min_fen") <= jc_param_default("DUES-05.farmer_max_fen"));
}

/* Every rule that RULES.md marks configurable has at least one number to configure. */
static void test_configurable_rules_have_params(void **state)
{
    for (size_t i = 0; i < sizeof configurable_ids / sizeof configurable_ids[0]; i++) {
        int found = 0;
        for (size_t j = 0; j < jc_params_count; j++) {
            if (strcmp(jc_params[j].rule, configurable_ids[i]) == 0 && jc_params[j].configurable)
                found = 1;
        }
        if (!found) fail_msg("%s has no configurable parameter", configurable_ids[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_rules_md_id_present_once),
        cmocka_unit_test(test_rows_well_formed),
        cmocka_unit_test(test_kinds_from_rules_md),
        cmocka_unit_test(test_registry_in_rules_md_order),
        cmocka_unit_test(test_sources),
        cmocka_unit_test(test_find_unknown),
        cmocka_unit_test(test_params_belong_to_rules),
        cmocka_unit_test(test_param_values),
        cmocka_unit_test(test_dues_brackets_ordered),
        cmocka_unit_test(test_configurable_rules_have_params),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
