/*
 * org.c — the org record's own rules and the shape of the tree (RULES ORG): which type
 * may sit under which, and how long a committee's term runs (ORG-06). The store keeps
 * the tree; this file decides what a tree may look like, so that a move, a create and an
 * import of a whole tree from a spreadsheet are judged by the same table.
 */
#include "domain/org.h"

#include <stdio.h>
#include <string.h>

#include "domain/codes.h"
#include "domain/rules.h"

#define N_ITEMS(a) (sizeof(a) / sizeof((a)[0]))

#define COMMITTEE_SIZE_MAX 31

void jc_org_init(jc_org *o)
{
    memset(o, 0, sizeof *o);
    o->unit_count = 1;
    o->committee_size = -1;
}

/* ---- the tree ------------------------------------------------------------------- */

/* Who may be whose parent. A committee (党委) or working committee (党工委) leads
 * general branches and branches; a general branch (党总支) leads branches; a branch of
 * any kind is divided into groups (党小组). Any type may be a root, because a deployment
 * may start from a street working committee or from a single branch. */
typedef struct parent_rule {
    const char *child;
    const char *parents[4]; /* NULL-terminated */
} parent_rule;

static const parent_rule parent_rules[] = {
    {"committee", {"committee", "working_committee", NULL}},
    {"working_committee", {"committee", "working_committee", NULL}},
    {"general_branch", {"committee", "working_committee", NULL}},
    {"branch", {"committee", "working_committee", "general_branch", NULL}},
    {"joint_branch", {"committee", "working_committee", "general_branch", NULL}},
    {"temporary_branch", {"committee", "working_committee", "general_branch", NULL}},
    {"group", {"branch", "joint_branch", "temporary_branch", NULL}},
};

static const parent_rule *parent_rule_for(const char *child)
{
    for (size_t i = 0; child && i < N_ITEMS(parent_rules); i++) {
        if (strcmp(parent_rules[i].child, child) == 0) return &parent_rules[i];
    }
    return NULL;
}

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++) {
        if (strcmp(*list, s) == 0) return 1;
    }
    return 0;
}

static int fail_parent(jc_err *err, const char *zh, const char *en)
{
    char ebuf[320];
    snprintf(ebuf, sizeof ebuf, "parent: %s", en);
    return jc_fail(err, JC_HTTP_UNPROCESSABLE, "PARENT_TYPE", "parent", "", zh, ebuf);
}

int jc_org_parent_allowed(const char *parent_type, const char *child_type, jc_err *err)
{
    char zh[200], en[200];
    const parent_rule *r = parent_rule_for(child_type);
    const jc_code *pc, *cc;
    int rc = JC_FAIL;

    if (!r) {
        fail_parent(err, "下级党组织类别无法识别", "the child's org type is unknown");
        goto cleanup;
    }
    rc = JC_OK;
    if (!parent_type || parent_type[0] == '\0') goto cleanup;
    if (in_list(r->parents, parent_type)) goto cleanup;
    pc = jc_code_by_code(&jc_org_types, parent_type);
    cc = jc_code_by_code(&jc_org_types, child_type);
    if (!pc || !cc) {
        rc = fail_parent(err, "上级党组织类别无法识别", "the parent's org type is unknown");
        goto cleanup;
    }
    snprintf(zh, sizeof zh, "%s不能隶属于%s", cc->zh, pc->zh);
    snprintf(en, sizeof en, "a %s cannot sit under a %s", cc->en, pc->en);
    rc = fail_parent(err, zh, en);
cleanup:
    return rc;
}

int jc_org_is_branch(const char *type)
{
    if (!type) return 0;
    return strcmp(type, "branch") == 0 || strcmp(type, "joint_branch") == 0 ||
           strcmp(type, "temporary_branch") == 0;
}

/* ORG-06. Village and community branches have 5-year terms to run with the villagers'
 * and residents' committees; other branches and general branches generally 3; base-level
 * committees 5. A group has no committee and so no term. */
int jc_org_term_years(const char *type, const char *field)
{
    int local = field && (strcmp(field, "village") == 0 || strcmp(field, "community") == 0);

    if (!type) return 0;
    if (jc_org_is_branch(type) && local) return (int)jc_param_default("ORG-06.term_years_village");
    if (jc_org_is_branch(type) || strcmp(type, "general_branch") == 0)
        return (int)jc_param_default("ORG-06.term_years_other_branch");
    if (strcmp(type, "committee") == 0 || strcmp(type, "working_committee") == 0)
        return (int)jc_param_default("ORG-06.term_years_committee");
    return 0;
}

jc_date jc_org_term_due(const jc_org *o)
{
    int years;

    if (jc_date_is_set(o->term_end)) return o->term_end;
    years = jc_org_term_years(o->type, o->field);
    if (!jc_date_is_set(o->term_start) || years <= 0) return JC_DATE_NONE;
    return jc_date_add_years(o->term_start, years);
}

/* ---- the record ----------------------------------------------------------------- */

/* The Chinese column names come from the field table (org_fields.c), so a message and
 * the column header a clerk sees always use the same words. */
static const char *field_zh(const char *field)
{
    for (size_t i = 0; i < jc_org_field_count; i++) {
        if (strcmp(jc_org_field_table[i].name, field) == 0) return jc_org_field_table[i].zh;
    }
    return field;
}

/* No ORG rule id applies to the record's own format, so rule stays empty. */
static int fail(jc_err *err, const char *code, const char *field, const char *zh_detail,
                const char *en_detail)
{
    char zbuf[320], ebuf[320];
    snprintf(zbuf, sizeof zbuf, "%s%s", field_zh(field), zh_detail);
    snprintf(ebuf, sizeof ebuf, "%s: %s", field, en_detail);
    return jc_fail(err, JC_HTTP_UNPROCESSABLE, code, field, "", zbuf, ebuf);
}

static int check_text(const char *buf, size_t cap, int required, const char *field, jc_err *err)
{
    char zh[64], en[64];
    int rc = JC_OK;

    if (strnlen(buf, cap) == cap) {
        snprintf(zh, sizeof zh, "过长（最多%zu字节）", cap - 1);
        snprintf(en, sizeof en, "too long (at most %zu bytes)", cap - 1);
        rc = fail(err, "TOO_LONG", field, zh, en);
        goto cleanup;
    }
    if (required && strspn(buf, " \t\r\n") == strlen(buf))
        rc = fail(err, "REQUIRED", field, "不能为空", "required");
cleanup:
    return rc;
}

/* The code is what people type in URLs, spreadsheets and the CLI, so it is kept to
 * characters that need no quoting anywhere. */
static int check_code_format(const jc_org *o, jc_err *err)
{
    static const char allowed[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";
    size_t n;
    int rc = check_text(o->code, sizeof o->code, 1, "code", err);

    if (rc != JC_OK) goto cleanup;
    n = strlen(o->code);
    if (strspn(o->code, allowed) != n)
        rc = fail(err, "CODE_FORMAT", "code", "只能包含字母、数字和 . _ -",
                  "only letters, digits, '.', '_' and '-' (1 to 39 of them)");
cleanup:
    return rc;
}

static int check_table(const char *val, size_t cap, const jc_code_table *t, int required,
                       const char *field, jc_err *err)
{
    char zh[96], en[96];
    int rc = check_text(val, cap, required, field, err);

    if (rc != JC_OK || val[0] == '\0' || jc_code_by_code(t, val)) goto cleanup;
    snprintf(zh, sizeof zh, "代码“%.23s”无法识别", val);
    snprintf(en, sizeof en, "unknown %s code \"%.23s\"", t->name, val);
    rc = fail(err, "CODE_UNKNOWN", field, zh, en);
cleanup:
    return rc;
}

static int check_date(jc_date d, jc_date today, int may_be_future, const char *field,
                      jc_err *err)
{
    int rc = JC_OK;

    if (!jc_date_is_set(d)) goto cleanup;
    if (!jc_date_valid(d.y, d.m, d.d)) {
        rc = fail(err, "DATE_INVALID", field, "不是有效日期", "not a real date");
        goto cleanup;
    }
    if (!may_be_future && jc_date_cmp(d, today) > 0)
        rc = fail(err, "DATE_FUTURE", field, "晚于今天", "must not be after today");
cleanup:
    return rc;
}

/* later must be strictly after earlier when both are set. */
static int check_order(jc_date earlier, jc_date later, const char *field, const char *zh,
                       const char *en, jc_err *err)
{
    int rc = JC_OK;
    if (jc_date_is_set(earlier) && jc_date_is_set(later) && jc_date_cmp(later, earlier) <= 0)
        rc = fail(err, "DATE_ORDER", field, zh, en);
    return rc;
}

static int check_counts(const jc_org *o, jc_err *err)
{
    int rc = JC_OK;

    if (o->unit_count < 1) {
        rc = fail(err, "RANGE", "unit_count", "至少为1", "must be at least 1");
        goto cleanup;
    }
    if (o->committee_size < -1 || o->committee_size > COMMITTEE_SIZE_MAX)
        rc = fail(err, "RANGE", "committee_size", "应为0至31", "must be 0 to 31, or -1 for unknown");
cleanup:
    return rc;
}

int jc_org_validate(const jc_org *o, jc_date today, jc_err *err)
{
    int rc = check_code_format(o, err);

    if (rc != JC_OK) goto cleanup;
    rc = check_text(o->name, sizeof o->name, 1, "name", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_table(o->type, sizeof o->type, &jc_org_types, 1, "type", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_table(o->field, sizeof o->field, &jc_org_fields, 0, "field", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_text(o->unit_name, sizeof o->unit_name, 0, "unit_name", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_date(o->founded_on, today, 0, "founded_on", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_date(o->dissolved_on, today, 0, "dissolved_on", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_order(o->founded_on, o->dissolved_on, "dissolved_on", "应晚于成立日期",
                     "must be after founded_on", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_date(o->term_start, today, 0, "term_start", err);
    if (rc != JC_OK) goto cleanup;
    /* term_end is the planned end of the current term, normally in the future. */
    rc = check_date(o->term_end, today, 1, "term_end", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_order(o->term_start, o->term_end, "term_end", "应晚于本届任期开始日期",
                     "must be after term_start", err);
    if (rc != JC_OK) goto cleanup;
    rc = check_counts(o, err);
    if (rc != JC_OK) goto cleanup;
    rc = check_text(o->secretary, sizeof o->secretary, 0, "secretary", err);
cleanup:
    return rc;
}
