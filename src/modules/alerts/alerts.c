/*
 * alerts.c — running the registered alert rules over a subtree (see alerts.h).
 */
#include "modules/alerts/alerts.h"

#include <stdio.h>
#include <string.h>

#include "domain/rules.h"
#include "modules/orgs/orgs.h"
#include "modules/registry.h"

static int scope_of(jc_ctx *ctx, const char *org_code, jc_alert_scope *scope, jc_err *err)
{
    jc_org_row org;
    memset(scope, 0, sizeof *scope);
    if ((!org_code || !*org_code) && jc_ctx_scoped(ctx)) {   /* the account's subtree */
        snprintf(scope->lo, sizeof scope->lo, "%s", ctx->scope_path);
        jc_orgs_subtree_bounds(ctx->scope_path, scope->hi, sizeof scope->hi);
        return JC_OK;
    }
    if (!org_code || !*org_code) {
        snprintf(scope->lo, sizeof scope->lo, "/");
        snprintf(scope->hi, sizeof scope->hi, "/~");
        return JC_OK;
    }
    if (jc_orgs_get(ctx, org_code, "org", &org, err) != JC_OK) return JC_FAIL;
    snprintf(scope->lo, sizeof scope->lo, "%s", org.path);
    jc_orgs_subtree_bounds(org.path, scope->hi, sizeof scope->hi);
    return JC_OK;
}

int jc_alerts_emit_rows(jc_ctx *ctx, const char *sql, const jc_alert_scope *scope,
                        const jc_alert_rule *self, const char *const *extra, jc_alert_emit emit,
                        void *arg, jc_err *err)
{
    jc_stmt *st;
    int rc, i;
    int64_t n = 0;
    if (jc_db_stmt(ctx->db, sql, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, scope->lo);
    jc_bind_text(st, 2, scope->hi);
    for (i = 0; extra && extra[i]; i++) jc_bind_text(st, i + 3, extra[i]);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jc_alert a;
        memset(&a, 0, sizeof a);
        a.rule = self->rule;
        a.severity = self->severity;
        a.subject = self->subject;
        a.subject_id = jc_col_int(st, 0);
        snprintf(a.code, sizeof a.code, "%s", jc_col_text(st, 1));
        snprintf(a.name, sizeof a.name, "%s", jc_col_text(st, 2));
        snprintf(a.org_code, sizeof a.org_code, "%s", jc_col_text(st, 3));
        snprintf(a.detail_zh, sizeof a.detail_zh, "%s", jc_col_text(st, 4));
        snprintf(a.detail_en, sizeof a.detail_en, "%s", jc_col_text(st, 5));
        if (emit(arg, &a) || (scope->limit && ++n >= scope->limit)) break;
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_alerts_run(jc_ctx *ctx, const char *org_code, const char *rule_id, int64_t limit_per_rule,
                  jc_alert_emit emit, void *arg, jc_err *err)
{
    jc_alert_scope scope;
    size_t i, k;
    if (scope_of(ctx, org_code, &scope, err) != JC_OK) return JC_FAIL;
    scope.limit = limit_per_rule;
    for (i = 0; jc_modules[i]; i++) {
        const jc_alert_rule *r = jc_modules[i]->alerts;
        for (k = 0; r && r[k].rule; k++) {
            if (rule_id && *rule_id && strcmp(rule_id, r[k].rule)) continue;
            if (r[k].find(ctx, &scope, &r[k], emit, arg, err) != JC_OK) return JC_FAIL;
        }
    }
    return JC_OK;
}

/* ---- JSON: per rule, a count and the first few alerts ------------------------------- */

typedef struct collect {
    jbuf *b;
    int64_t sample, count;
} collect;

static int collect_one(void *arg, const jc_alert *a)
{
    collect *c = arg;
    if (c->count++ >= c->sample) return 0;
    jb_obj_open(c->b);
    jb_kstr(c->b, "subject", a->subject);
    jb_kint(c->b, "id", a->subject_id);
    jb_kstr(c->b, "code", a->code);
    jb_kstr(c->b, "name", a->name);
    jb_kstr(c->b, "org", a->org_code);
    jb_key(c->b, "detail");
    jb_obj_open(c->b);
    jb_kstr(c->b, "zh", a->detail_zh);
    jb_kstr(c->b, "en", a->detail_en);
    jb_obj_close(c->b);
    jb_obj_close(c->b);
    return 0;
}

static void write_rule_head(jbuf *b, const jc_alert_rule *r)
{
    const jc_rule *def = jc_rule_find(r->rule);
    jb_kstr(b, "rule", r->rule);
    jb_kstr(b, "severity", r->severity);
    jb_kstr(b, "subject", r->subject);
    jb_key(b, "title");
    jb_obj_open(b);
    jb_kstr(b, "zh", r->zh);
    jb_kstr(b, "en", r->en);
    jb_obj_close(b);
    jb_kstr(b, "source", def ? def->source : "");
}

int jc_alerts_write_json(jc_ctx *ctx, const char *org_code, const char *rule_id, int64_t sample,
                         jbuf *b, jc_err *err)
{
    jc_alert_scope scope;
    int64_t total = 0;
    size_t i, k;
    if (scope_of(ctx, org_code, &scope, err) != JC_OK) return JC_FAIL;
    jb_obj_open(b);
    jb_key(b, "rules");
    jb_arr_open(b);
    for (i = 0; jc_modules[i]; i++) {
        const jc_alert_rule *r = jc_modules[i]->alerts;
        for (k = 0; r && r[k].rule; k++) {
            collect c = {b, sample, 0};
            if (rule_id && *rule_id && strcmp(rule_id, r[k].rule)) continue;
            jb_obj_open(b);
            write_rule_head(b, &r[k]);
            jb_key(b, "items");
            jb_arr_open(b);
            if (r[k].find(ctx, &scope, &r[k], collect_one, &c, err) != JC_OK) return JC_FAIL;
            jb_arr_close(b);
            jb_kint(b, "count", c.count);
            jb_obj_close(b);
            total += c.count;
        }
    }
    jb_arr_close(b);
    jb_kint(b, "total", total);
    jb_obj_close(b);
    return JC_OK;
}
