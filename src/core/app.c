/*
 * app.c — per-thread database connections and request contexts (see app.h).
 */
#include "core/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/mem.h"

void *jc_thread_new(void *app_ptr)
{
    jc_app *app = app_ptr;
    jc_thread *t = xcalloc(1, sizeof *t);
    jc_err err;
    jc_db_opts opts = {0};
    if (jc_db_open(app->db_target, &opts, &t->db, &err) != JC_OK) {
        fprintf(stderr, "jiceng: worker cannot open database: %s\n", err.en);
        t->db = NULL;
    }
    return t;
}

void jc_thread_free(void *thread)
{
    jc_thread *t = thread;
    if (!t) return;
    jc_db_close(t->db);
    free(t);
}

int jc_ctx_from_req(const jc_http_req *req, jc_ctx *ctx, jc_err *err)
{
    const jc_thread *t = req->thread_ctx;
    const jc_app *app = req->app;
    if (!t || !t->db) return jc_fail_internal(err, "ctx", "no database connection");
    ctx->db = t->db;
    ctx->actor = app && app->actor ? app->actor : "api:anonymous";
    ctx->today = jc_today();
    return JC_OK;
}

int jc_param_int(const char *s, const char *name, long def, long min, long max, long *out,
                 jc_err *err)
{
    char *end;
    long v;
    if (!s || !*s) {
        *out = def;
        return JC_OK;
    }
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || *end || v < min || v > max)
        return jc_failf(err, 400, "BAD_PARAM", name, "", "参数 %s 应为 %ld 到 %ld 之间的整数",
                        "parameter %s must be a whole number from %ld to %ld", name, min, max);
    *out = v;
    return JC_OK;
}

int jc_path_id(const char *s, const char *what, int64_t *out, jc_err *err)
{
    char *end;
    long long v;
    errno = 0;
    v = s ? strtoll(s, &end, 10) : 0;
    if (!s || errno || *end || v <= 0)
        return jc_failf(err, JC_HTTP_NOT_FOUND, "NOT_FOUND", "id", "", "记录不存在：%s",
                        "record not found: %s", s ? s : "");
    (void)what;
    *out = v;
    return JC_OK;
}
