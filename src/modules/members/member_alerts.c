/*
 * member_alerts.c — alert rules about member records: ID-02 (birth date or sex
 * disagreeing with the ID number, e.g. in records loaded before validation), DEV-13
 * (probation of a year is over: the branch should discuss conversion) and MOB-03
 * (lost contact for 6 months: 停止党籍; 2 more years: removal).
 */
#include <stdio.h>

#include "domain/rules.h"
#include "modules/alerts/alerts.h"
#include "modules/members/members.h"

#define SCOPE " FROM member m JOIN org o ON o.id = m.org_id WHERE o.path >= ?1 AND o.path < ?2 "

static int find_id02(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                     jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT m.id, CAST(m.id AS TEXT), m.name, o.code, "
        "'出生日期 ' || m.birth_date || '、性别 ' || m.sex || ' 与公民身份号码不一致', "
        "'birth date ' || m.birth_date || ' or sex ' || m.sex || ' disagrees with the ID number'"
        SCOPE "AND (substr(m.id_number, 7, 4) || '-' || substr(m.id_number, 11, 2) || '-' || "
        "substr(m.id_number, 13, 2) <> m.birth_date "
        "OR (CASE WHEN substr(m.id_number, 17, 1) IN ('1','3','5','7','9') THEN 'M' ELSE 'F' END) "
        "<> m.sex) ORDER BY o.path, m.id";
    return jc_alerts_emit_rows(ctx, SQL, scope, self, NULL, emit, arg, err);
}

static int find_dev13(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT m.id, CAST(m.id AS TEXT), m.name, o.code, "
        "'预备期自 ' || m.joined_on || ' 起已满，应讨论按期转正', "
        "'probation since ' || m.joined_on || ' is over: the branch should discuss conversion'"
        SCOPE "AND m.category = 'probationary' AND m.joined_on <= ?3 ORDER BY o.path, m.id";
    char cut[16];
    const char *extra[] = {cut, NULL};
    jc_date_format(jc_date_add_months(ctx->today, -(int)jc_param_default("DEV-13.probation_months")),
                   cut);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

static int find_mob03(jc_ctx *ctx, const jc_alert_scope *scope, const jc_alert_rule *self,
                      jc_alert_emit emit, void *arg, jc_err *err)
{
    static const char *SQL =
        "SELECT m.id, CAST(m.id AS TEXT), m.name, o.code, "
        "CASE WHEN m.status = 'normal' THEN '自 ' || m.lost_on || ' 失去联系满6个月，应停止党籍' "
        "ELSE '停止党籍后仍无法取得联系已满2年（失联自 ' || m.lost_on || '），应予除名' END, "
        "CASE WHEN m.status = 'normal' THEN 'lost contact since ' || m.lost_on || "
        "' (6 months): membership should be suspended' ELSE 'unreachable since ' || m.lost_on || "
        "', 2 years after suspension: should be removed' END"
        SCOPE "AND m.lost_contact = 1 AND ((m.status = 'normal' AND m.lost_on <= ?3) OR "
        "(m.status = 'suspended' AND m.lost_on <= ?4)) ORDER BY o.path, m.id";
    char cut6[16], cut30[16];
    const char *extra[] = {cut6, cut30, NULL};
    int months = (int)jc_param_default("MOB-03.lost_months");
    int removal = (int)jc_param_default("MOB-03.remove_after_years") * 12;
    jc_date_format(jc_date_add_months(ctx->today, -months), cut6);
    jc_date_format(jc_date_add_months(ctx->today, -(months + removal)), cut30);
    return jc_alerts_emit_rows(ctx, SQL, scope, self, extra, emit, arg, err);
}

const jc_alert_rule jc_member_alert_rules[] = {
    {"ID-02", "high", "member", "出生日期、性别与公民身份号码不一致",
     "birth date or sex disagrees with the ID number", find_id02},
    {"DEV-13", "medium", "member", "预备期满，应讨论转正", "probation over: conversion due",
     find_dev13},
    {"MOB-03", "high", "member", "失去联系满6个月应停止党籍；再满2年应除名",
     "lost contact 6 months: suspend; 2 more years: remove", find_mob03},
    {NULL, NULL, NULL, NULL, NULL, NULL},
};
