/*
 * app.c — per-thread database connections and request contexts (see app.h).
 */
#include "core/app.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/authz.h"
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

void jc_thread_begin_request(jc_thread *t)
{
    if (t) t->gen_fresh = 0;
}

int jc_thread_gen(jc_thread *t, uint64_t *gen, jc_err *err)
{
    /* read again after this connection wrote (a handler's own change must show) */
    if (!t->gen_fresh || t->gen_commits != jc_db_write_commits(t->db)) {
        if (jc_db_generation(t->db, &t->gen, err) != JC_OK) return JC_FAIL;
        t->gen_commits = jc_db_write_commits(t->db);
        t->gen_fresh = 1;
    }
    *gen = t->gen;
    return JC_OK;
}

int jc_thread_settings(jc_thread *t, const jc_auth_settings **out, jc_err *err)
{
    uint64_t gen = 0;
    if (jc_thread_gen(t, &gen, err) != JC_OK) return JC_FAIL;
    if (!t->settings_ok || gen != t->settings_gen) {
        t->settings_ok = 0;
        if (jc_auth_settings_load(t->db, &t->settings, err) != JC_OK) return JC_FAIL;
        t->settings_gen = gen;
        t->settings_ok = 1;
    }
    *out = &t->settings;
    return JC_OK;
}

int jc_ctx_from_req(const jc_http_req *req, jc_ctx *ctx, jc_err *err)
{
    const jc_thread *t = req->thread_ctx;
    const jc_app *app = req->app;
    const jc_auth *a = jc_auth_of(req);
    if (!t || !t->db) return jc_fail_internal(err, "ctx", "no database connection");
    memset(ctx, 0, sizeof *ctx);
    ctx->db = t->db;
    ctx->today = jc_today();
    if (!a) {
        ctx->actor = app && app->actor ? app->actor : "api:anonymous";
        ctx->scope_path = JC_SCOPE_NONE;
        ctx->self_member_id = -1;
        return JC_OK;
    }
    ctx->actor = a->actor;
    ctx->account = a->s.account;
    ctx->role = a->s.role;
    ctx->scope_org_id = a->scope_path[0] ? a->s.org_id : 0;
    ctx->scope_path = a->scope_path[0] ? a->scope_path : NULL;
    if (a->self_only) ctx->self_member_id = a->s.member_id > 0 ? a->s.member_id : -1;
    ctx->pii = a->pii;
    ctx->reveal = a->reveal;
    return JC_OK;
}

/* key refined with who asks: "<role>|<org>|<self>|<key>"; 0 when it must not be cached. */
static int scoped_key(const jc_http_req *req, const char *key, char *out, size_t cap)
{
    const jc_auth *a = jc_auth_of(req);
    int n;
    if (!*key) return 0;
    if (a && a->reveal) return 0;
    n = a ? snprintf(out, cap, "%s|%lld|%lld|%s", a->s.role, (long long)a->s.org_id,
                     (long long)(a->self_only ? a->s.member_id : 0), key)
          : snprintf(out, cap, "-|%s", key);
    return n > 0 && (size_t)n < cap;
}

int jc_app_cache_get(const jc_http_req *req, const char *key_in, jbuf *body, const char **ctype)
{
    jc_thread *t = req->thread_ctx;
    char key[2200];
    uint64_t gen;
    size_t i;
    if (!scoped_key(req, key_in, key, sizeof key)) return 0;
    if (!t || !t->db || jc_thread_gen(t, &gen, NULL) != JC_OK) return 0;
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
        t->gen_fresh = 0; /* used up: the next request reads it again */
        return 1;
    }
    return 0;
}

void jc_app_cache_put(const jc_http_req *req, const char *key_in, const jbuf *body,
                      const char *ctype)
{
    jc_thread *t = req->thread_ctx;
    jc_cache_entry *victim;
    char key[2200];
    uint64_t gen;
    size_t i;
    if (!scoped_key(req, key_in, key, sizeof key)) return;
    if (!t || !t->db || body->len > JC_CACHE_MAX_BODY) return;
    /* The answer was computed from the database as of the generation read before the
     * handler ran; a handler that wrote on this connection is not cached at all. */
    if (!t->gen_fresh || t->gen_commits != jc_db_write_commits(t->db)) return;
    gen = t->gen;
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
