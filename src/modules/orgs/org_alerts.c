/*
 * org_alerts.c — alert rules about the org tree: ORG-02 (branch over 50 members),
 * ORG-03 (joint branch over 5 units), ORG-05 (committee size against full members),
 * ORG-06 (term over: election overdue), ORG-07 (term ends within 6 months: remind),
 * ORG-08 (state organs: 50+ members → general branch, 100+ → committee).
 * ORG-01, ORG-04 and ORG-09 need the unit registry (MECHANISMS A4), a later module.
 */
#include <stdio.h>
#include <string.h>

#include "domain/org.h"
#include "domain/rules.h"
#include "modules/alerts/alerts.h"
#include "modules/orgs/orgs.h"

#define SCOPE                                                                              \
    " FROM org o JOIN org_rollup r ON r.org_id = o.id WHERE o.path >= ?1 AND o.path < ?2 " \
    "AND o.dissolved_on IS NULL "
#define BRANCH_TYPES "('branch','joint_branch','temporary_branch')"

static void param_text(const char *key, char *out, size_t cap)
{
    snprintf(out, cap, "%ld", jc_param_default(key));
}

static int find_org02(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT o.id, o.code, o.name, o.code, '党支部有党员 ' || r.m_all || ' 名，一般不超过 ' || ?3 "
        "|| ' 名', 'the branch has ' || r.m_all || ' members (generally at most ' || ?3 || ')'"
        SCOPE "AND o.type IN " BRANCH_TYPES " AND r.m_all > CAST(?3 AS INTEGER) ORDER BY o.path";
    char max[24];
    const char *extra[] = {max, NULL};
    param_text("ORG-02.max_branch_members", max, sizeof max);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

static int find_org03(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT o.id, o.code, o.name, o.code, '联合党支部覆盖 ' || o.unit_count || ' 个单位，一般不超过 ' "
        "|| ?3 || ' 个', 'the joint branch covers ' || o.unit_count || ' units (at most ' || ?3 || ')'"
        SCOPE "AND o.type = 'joint_branch' AND o.unit_count > CAST(?3 AS INTEGER) ORDER BY o.path";
    char max[24];
    const char *extra[] = {max, NULL};
    param_text("ORG-03.max_units", max, sizeof max);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

static int find_org05(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT o.id, o.code, o.name, o.code, "
        "CASE WHEN r.m_full >= CAST(?3 AS INTEGER) THEN '正式党员 ' || r.m_full || ' 名，应设支部委员会 ' "
        "|| ?4 || '–' || ?5 || ' 人，现为 ' || coalesce(CAST(o.committee_size AS TEXT), '未登记') "
        "ELSE '正式党员不足 ' || ?3 || ' 名的支部应设书记，现未登记书记' END, "
        "CASE WHEN r.m_full >= CAST(?3 AS INTEGER) THEN r.m_full || ' full members: a committee of ' "
        "|| ?4 || '-' || ?5 || ' is due, recorded: ' || coalesce(CAST(o.committee_size AS TEXT), 'none') "
        "ELSE 'fewer than ' || ?3 || ' full members: a secretary is due, none recorded' END"
        SCOPE "AND o.type IN " BRANCH_TYPES " AND ((r.m_full >= CAST(?3 AS INTEGER) AND "
        "(o.committee_size IS NULL OR o.committee_size < CAST(?4 AS INTEGER) OR "
        "o.committee_size > CAST(?6 AS INTEGER))) OR (r.m_full > 0 AND r.m_full < CAST(?3 AS INTEGER) "
        "AND coalesce(o.secretary, '') = '')) ORDER BY o.path";
    char th[24], mn[24], usual[24], mx[24];
    const char *extra[] = {th, mn, usual, mx, NULL};
    param_text("ORG-05.committee_threshold", th, sizeof th);
    param_text("ORG-05.committee_min", mn, sizeof mn);
    param_text("ORG-05.committee_max_usual", usual, sizeof usual);
    param_text("ORG-05.committee_max", mx, sizeof mx);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

static int find_org08(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT o.id, o.code, o.name, o.code, "
        "CASE WHEN o.type = 'general_branch' THEN '机关党员 ' || r.m_all || ' 名，达到 ' || ?4 || "
        "' 名应设基层党委' ELSE '机关党员 ' || r.m_all || ' 名，达到 ' || ?3 || ' 名应设党总支' END, "
        "CASE WHEN o.type = 'general_branch' THEN r.m_all || ' members in a state organ: ' || ?4 || "
        "'+ calls for a committee' ELSE r.m_all || ' members in a state organ: ' || ?3 || "
        "'+ calls for a general branch' END"
        SCOPE "AND o.field = 'government' AND ((o.type IN " BRANCH_TYPES
        " AND r.m_all >= CAST(?3 AS INTEGER)) OR (o.type = 'general_branch' AND r.m_all >= "
        "CAST(?4 AS INTEGER))) ORDER BY o.path";
    char gb[24], cm[24];
    const char *extra[] = {gb, cm, NULL};
    param_text("ORG-08.general_branch_min_members", gb, sizeof gb);
    param_text("ORG-08.committee_min_members", cm, sizeof cm);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

/* Terms: computed in C from the domain rule (jc_org_term_due), which knows ORG-06's
 * lengths by type and field. remind_months == 0: overdue terms; else terms ending
 * within that many months. */
static int find_terms(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      int remind_months, jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT o.id, o.code, o.name, o.type, coalesce(o.field,''), o.term_start, o.term_end "
        "FROM org o WHERE o.path >= ?1 AND o.path < ?2 AND o.dissolved_on IS NULL AND "
        "(o.term_start IS NOT NULL OR o.term_end IS NOT NULL) ORDER BY o.path";
    jc_stmt *st;
    jc_date horizon = jc_date_add_months(ctx->today, remind_months);
    int64_t n = 0;
    int rc;
    if (jc_db_stmt(ctx->db, SQL, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, scope->lo);
    jc_bind_text(st, 2, scope->hi);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jc_org o;
        jc_alert a;
        jc_date due;
        char d[16];
        int overdue;
        jc_org_init(&o);
        snprintf(o.type, sizeof o.type, "%s", jc_col_text(st, 3));
        snprintf(o.field, sizeof o.field, "%s", jc_col_text(st, 4));
        o.term_start = jc_col_date(st, 5);
        o.term_end = jc_col_date(st, 6);
        due = jc_org_term_due(&o);
        if (!jc_date_is_set(due)) continue;
        overdue = jc_date_cmp(due, ctx->today) < 0;
        if (remind_months == 0 ? !overdue : (overdue || jc_date_cmp(due, horizon) > 0)) continue;
        memset(&a, 0, sizeof a);
        a.rule = self->rule;
        a.severity = self->severity;
        a.subject = "org";
        a.subject_id = jc_col_int(st, 0);
        snprintf(a.code, sizeof a.code, "%s", jc_col_text(st, 1));
        snprintf(a.name, sizeof a.name, "%s", jc_col_text(st, 2));
        snprintf(a.org_code, sizeof a.org_code, "%s", a.code);
        jc_date_format(due, d);
        snprintf(a.detail_zh, sizeof a.detail_zh, overdue ? "任期已于 %s 届满，应按期换届"
                                                          : "任期将于 %s 届满，应提前做好换届准备", d);
        snprintf(a.detail_en, sizeof a.detail_en, overdue ? "term ended on %s: election overdue"
                                                          : "term ends on %s: prepare the election", d);
        if (emit(arg, &a) || (scope->limit && ++n >= scope->limit)) break;
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int find_org06(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    return find_terms(ctx, scope, self, 0, emit, arg, err);
}

static int find_org07(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    return find_terms(ctx, scope, self, (int)jc_param_default("ORG-07.remind_months"), emit, arg,
                      err);
}

const jc_alert_rule jc_org_alert_rules[] = {
    {"ORG-02", "medium", "org", "党支部党员人数一般不超过50人", "a branch has at most 50 members",
     find_org02},
    {"ORG-03", "low", "org", "联合党支部覆盖单位一般不超过5个", "a joint branch covers at most 5 units",
     find_org03},
    {"ORG-05", "medium", "org", "支部委员会设置与正式党员人数不符",
     "branch committee does not fit the number of full members", find_org05},
    {"ORG-06", "high", "org", "任期届满，应按期换届", "term over: election overdue", find_org06},
    {"ORG-07", "low", "org", "任期即将届满（6个月内）", "term ends within 6 months", find_org07},
    {"ORG-08", "medium", "org", "机关党组织设置与党员人数不符",
     "state-organ org type does not fit its membership", find_org08},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
