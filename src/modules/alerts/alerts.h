/*
 * alerts.h — the alert (预警) registry. An alert rule is a RULES.md id, a severity, what
 * it is about (an org or a member), its message in zh and en, and a finder that lists
 * the records breaking it inside a subtree. Modules contribute rule tables through the
 * module registry (modules/registry.c); the API (/api/v1/alerts) and `jiceng check`
 * run every registered rule over the asked subtree.
 */
#ifndef JC_ALERTS_H
#define JC_ALERTS_H

#include <stdint.h>

#include "core/ctx.h"
#include "util/jbuf.h"

typedef struct jc_alert {
    const char *rule;        /* RULES.md id */
    const char *severity;    /* high, medium, low */
    const char *subject;     /* org, member */
    int64_t subject_id;
    char code[48];           /* org code, or the member id as text */
    char name[192];          /* org or member name */
    char org_code[48];       /* the org it belongs to */
    char detail_zh[256], detail_en[256];
} jc_alert;

/* Receives each alert found; return non-zero to stop the search. */
typedef int (*jc_alert_emit)(void *arg, const jc_alert *a);

typedef struct jc_alert_scope {
    char lo[512], hi[520];   /* subtree path range: path >= lo AND path < hi */
    int64_t limit;           /* stop after this many alerts of one rule (0 = no limit) */
} jc_alert_scope;

typedef struct jc_alert_rule {
    const char *rule;        /* RULES.md id, e.g. "ORG-02" */
    const char *severity;
    const char *subject;
    const char *zh, *en;     /* what the rule says, short */
    int (*find)(jc_ctx *ctx, const jc_alert_scope *scope, const struct jc_alert_rule *self,
                jc_alert_emit emit, void *arg, jc_err *err);
} jc_alert_rule;

/* Run every registered rule (or only rule_id when not NULL) over the subtree of
 * org_code; alerts are given to emit in rule order. */
int jc_alerts_run(jc_ctx *ctx, const char *org_code, const char *rule_id, int64_t limit_per_rule,
                  jc_alert_emit emit, void *arg, jc_err *err);

/* Count alerts per rule over the subtree: writes {"rules":[{rule,severity,subject,zh,en,
 * source,count,items:[...first `sample` alerts]}]} */
int jc_alerts_write_json(jc_ctx *ctx, const char *org_code, const char *rule_id, int64_t sample,
                         jbuf *b, jc_err *err);

/* Helper for finders: runs sql (a string literal: cached by address) whose ?1 and ?2
 * are the scope's path bounds and ?3.. the NULL-terminated text parameters `extra`;
 * emits one alert per row (columns: subject id, code, name, org code, detail_zh,
 * detail_en), at most scope->limit when set. */
int jc_alerts_emit_rows(jc_ctx *ctx, const char *sql, const jc_alert_scope *scope,
                        const jc_alert_rule *self, const char *const *extra, jc_alert_emit emit,
                        void *arg, jc_err *err);

#endif
