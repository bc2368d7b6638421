/*
 * app.c — per-thread database connections and request contexts (see app.h).
 */
#include "core/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void entry_clear(jc_cache_entry *e)
{
    free(e->key);
    free(e->body);
    memset(e, 0, sizeof *e);
}

void jc_thread_free(void *thread)
{
    jc_thread *t = thread;
    size_t i;
    if (!t) return;
    for (i = 0; i < JC_CACHE_SLOTS; i++) entry_clear(&t->cache[i]);
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

int jc_app_cache_get(const jc_http_req *req, const char *key, jbuf *body, const char **ctype)
{
    jc_thread *t = req->thread_ctx;
    uint64_t gen;
    size_t i;
    if (!t || !t->db || !*key || jc_db_generation(t->db, &gen, NULL) != JC_OK) return 0;
    for (i = 0; i < JC_CACHE_SLOTS; i++) {
        jc_cache_entry *e = &t->cache[i];
        if (!e->key || strcmp(e->key, key)) continue;
        if (e->gen != gen) {
            entry_clear(e);
            return 0;
        }
        e->used = ++t->tick;
        jb_reset(body);
        jb_append(body, e->body, e->len);
        *ctype = e->ctype;
        return 1;
    }
    return 0;
}

void jc_app_cache_put(const jc_http_req *req, const char *key, const jbuf *body, const char *ctype)
{
    jc_thread *t = req->thread_ctx;
    jc_cache_entry *victim;
    uint64_t gen;
    size_t i;
    if (!t || !t->db || !*key || body->len > JC_CACHE_MAX_BODY) return;
    if (jc_db_generation(t->db, &gen, NULL) != JC_OK) return;
    victim = &t->cache[0];
    for (i = 0; i < JC_CACHE_SLOTS; i++) {
        jc_cache_entry *e = &t->cache[i];
        if (e->key && !strcmp(e->key, key)) { victim = e; break; }
        if (!e->key || e->used < victim->used) victim = e;
    }
    entry_clear(victim);
    victim->key = xstrdup(key);
    victim->gen = gen;
    victim->body = xmalloc(body->len ? body->len : 1);
    memcpy(victim->body, body->p, body->len);
    victim->len = body->len;
    victim->ctype = ctype;
    victim->used = ++t->tick;
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
