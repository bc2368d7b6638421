/*
 * stats_api.c — GET /api/v1/stats/:code, the roll-up document of one org.
 */
#include "core/app.h"
#include "modules/registry.h"
#include "modules/stats/stats.h"

static int h_stats(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jc_ctx ctx;
    if (jc_ctx_from_req(req, &ctx, err) != JC_OK) return JC_FAIL;
    return jc_stats_write_json(&ctx, req->params[0], &resp->body, err);
}

static const jc_route routes[] = {
    {"GET", "/api/v1/stats/:code", h_stats, "stats.read", 0, 1, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

const jc_module jc_module_stats = {"stats", routes, NULL};
