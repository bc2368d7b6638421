/*
 * alerts_api.c — GET /api/v1/alerts?org=CODE&rule=ID&sample=N: the alerts in force in a
 * subtree, grouped by rule, each with its count and first N items.
 */
#include "core/app.h"
#include "modules/alerts/alerts.h"
#include "modules/registry.h"

static int h_alerts(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    long sample;
    int rc;
    if (jc_param_int(jc_http_query(req, "sample"), "sample", 20, 0, 1000, &sample, err) != JC_OK)
        return JC_FAIL;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin_read(ctx.db, err) != JC_OK) return JC_FAIL;
    rc = jc_alerts_write_json(&ctx, jc_http_query(req, "org"), jc_http_query(req, "rule"), sample,
                              &resp->body, err);
    if (rc == JC_OK) return jc_db_commit(ctx.db, err);
    jc_db_rollback(ctx.db);
    return JC_FAIL;
}

static const jc_route routes[] = {
    {"GET", "/api/v1/alerts", h_alerts, "alert.read", 0, 1, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_alerts = {"alerts", routes, NULL};
