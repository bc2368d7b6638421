/*
 * meta_api.c — reference endpoints the UI reads once: the code tables, the rule
 * registry (RULES.md ids with their source clauses), the field descriptions of each
 * record (for forms and the column chooser), and a health check.
 */
#include <string.h>

#include "core/app.h"
#include "domain/codes.h"
#include "domain/member.h"
#include "domain/org.h"
#include "domain/rules.h"
#include "modules/registry.h"

static void write_table(jbuf *b, const jc_code_table *t)
{
    size_t i;
    jb_key(b, t->name);
    jb_arr_open(b);
    for (i = 0; i < t->count; i++) {
        jb_obj_open(b);
        jb_kstr(b, "code", t->items[i].code);
        jb_kstr(b, "zh", t->items[i].zh);
        jb_kstr(b, "en", t->items[i].en);
        jb_obj_close(b);
    }
    jb_arr_close(b);
}

static int h_codes(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    const jc_code_table *tables[] = {&jc_ethnicities, &jc_educations, &jc_degrees, &jc_sexes,
                                     &jc_categories, &jc_statuses, &jc_org_types, &jc_org_fields};
    size_t i;
    jb_obj_open(&resp->body);
    for (i = 0; i < sizeof tables / sizeof tables[0]; i++) write_table(&resp->body, tables[i]);
    jb_obj_close(&resp->body);
    return JC_OK;
}

static int h_rules(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    size_t i;
    jbuf *b = &resp->body;
    jb_obj_open(b);
    jb_key(b, "items");
    jb_arr_open(b);
    for (i = 0; i < jc_rules_count; i++) {
        const jc_rule *r = &jc_rules[i];
        jb_obj_open(b);
        jb_kstr(b, "id", r->id);
        jb_kstr(b, "kind", r->kind);
        jb_kbool(b, "configurable", r->configurable);
        jb_kstr(b, "source", r->source);
        jb_kstr(b, "zh", r->zh);
        jb_kstr(b, "en", r->en);
        jb_obj_close(b);
    }
    jb_arr_close(b);
    jb_obj_close(b);
    return JC_OK;
}

static void write_fields(jbuf *b, const char *name, const jc_field *f, size_t n)
{
    static const char *types[] = {"text", "date", "int", "bool", "code"};
    size_t i;
    jb_key(b, name);
    jb_arr_open(b);
    for (i = 0; i < n; i++) {
        jb_obj_open(b);
        jb_kstr(b, "name", f[i].name);
        jb_kstr(b, "zh", f[i].zh);
        jb_kstr(b, "type", types[f[i].type]);
        jb_kstr(b, "codes", f[i].codes ? f[i].codes->name : NULL);
        jb_kbool(b, "required", (f[i].flags & JC_FF_REQUIRED) != 0);
        jb_kbool(b, "readonly", (f[i].flags & JC_FF_READONLY) != 0);
        jb_kbool(b, "pii", (f[i].flags & JC_FF_PII) != 0);
        jb_kint(b, "max_bytes", f[i].type == JC_F_TEXT ? (int64_t)f[i].size - 1 : 0);
        jb_obj_close(b);
    }
    jb_arr_close(b);
}

static int h_fields(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jb_obj_open(&resp->body);
    write_fields(&resp->body, "member", jc_member_field_table, jc_member_field_count);
    write_fields(&resp->body, "org", jc_org_field_table, jc_org_field_count);
    jb_obj_close(&resp->body);
    return JC_OK;
}

/* second_factor_off: a demo database turned the second factor off; the UI says so on
 * every page, the login page included (hence here, without a session). */
static int h_health(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    const jc_auth_settings *s;
    char d[16];
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_thread_settings(req->thread_ctx, &s, err) != JC_OK) return JC_FAIL;
    jc_date_format(ctx.today, d);
    jb_obj_open(&resp->body);
    jb_kstr(&resp->body, "status", "ok");
    jb_kstr(&resp->body, "today", d);
    jb_kstr(&resp->body, "driver", jc_db_driver(ctx.db));
    jb_kbool(&resp->body, "second_factor_off", !s->require_totp);
    jb_obj_close(&resp->body);
    return JC_OK;
}

static const jc_route routes[] = {
    {"GET", "/api/v1/codes", h_codes, "public", 0, 0, NULL},
    {"GET", "/api/v1/rules", h_rules, "public", 0, 0, NULL},
    {"GET", "/api/v1/fields", h_fields, "public", 0, 0, NULL},
    {"GET", "/api/v1/health", h_health, "public", 0, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_meta = {"meta", routes, NULL};
