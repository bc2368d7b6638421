/*
 * app.h — the server's application context and the per-thread context the HTTP layer
 * hands to handlers (each worker thread owns one database connection), and the one
 * function handlers use to get a jc_ctx for a request.
 */
#ifndef JC_APP_H
#define JC_APP_H

#include "auth/settings.h"
#include "core/ctx.h"
#include "auth/session.h"
#include "http/http.h"

typedef struct jc_app {
    const char *db_target;   /* borrowed */
    const char *actor;       /* requests without a session: "api:anonymous" */
    int behind_proxy;        /* a reverse proxy in front: X-Forwarded-Proto/-Host/-For are
                              * its word (origin check, client address) */
} jc_app;

#define JC_CACHE_SLOTS 64
#define JC_CACHE_MAX_BODY (512 * 1024)

/* One kept GET answer; valid while the database generation it was computed at holds. */
typedef struct jc_cache_entry {
    char *key;               /* owned; NULL when the slot is free */
    uint64_t gen;
    char *body;              /* owned */
    size_t len;
    const char *ctype;       /* static string */
    uint64_t used;           /* for least-recently-used replacement */
} jc_cache_entry;

typedef struct jc_thread {
    jc_db *db;               /* owned */
    jc_cache_entry cache[JC_CACHE_SLOTS];
    uint64_t tick;
    jc_auth_settings settings;   /* auth settings, reloaded when the data generation moves */
    uint64_t settings_gen;
    int settings_ok;
    /* The database generation as read once for the request being served (gen_fresh):
     * authorization, settings and the response cache share one read of it. */
    uint64_t gen;
    int gen_fresh;
    uint32_t gen_commits;        /* the connection's own commits when gen was read */
    /* Sessions checked recently on this thread, reused while the database is unchanged
     * (a logout or a disabled account changes it) and within the touch interval. */
    struct jc_session_memo {
        char token[48];
        uint64_t gen;
        int64_t checked_at;
        jc_session s;
        char scope_path[512];
    } memo[8];
    unsigned memo_next;
} jc_thread;

/* Start of a request: the generation will be read again when first asked for. */
void jc_thread_begin_request(jc_thread *t);

/* The database generation for this request (read once; see jc_db_generation). */
int jc_thread_gen(jc_thread *t, uint64_t *gen, jc_err *err);

/* The auth settings as of now (setting table over the defaults), for the calling
 * worker: loaded once and again only after the database changed. *out is borrowed from
 * the thread. 500 when the table holds an invalid value (settings.h: fail closed). */
int jc_thread_settings(jc_thread *t, const jc_auth_settings **out, jc_err *err);

/* cache_get / cache_put for jc_http_opts (see http.h): per worker thread, so no locks;
 * an entry is used only while jc_db_generation() still returns its generation, which
 * changes on any commit by any connection or process. The key is refined with who asks
 * (role, subtree, own record): one account's answer never reaches an account that may
 * see something else. Unmasked answers (reveal=1) are never kept nor served. */
int jc_app_cache_get(const jc_http_req *req, const char *key, jbuf *body, const char **ctype);
void jc_app_cache_put(const jc_http_req *req, const char *key, const jbuf *body, const char *ctype);

/* thread_ctx_new / thread_ctx_free for jc_http_opts. */
void *jc_thread_new(void *app);
void jc_thread_free(void *thread);

/* Fill ctx for a request: the thread's connection, who acts and what it may see (from
 * req->auth; a request without a session sees no org), today. Fails (500) when the
 * thread's connection could not be opened. */
int jc_ctx_from_req(const jc_http_req *req, jc_ctx *ctx, jc_err *err);

/* Parse a positive integer path or query parameter (NULL → def). 400 BAD_PARAM naming
 * `name` when malformed or outside min..max. */
int jc_param_int(const char *s, const char *name, long def, long min, long max, long *out,
                 jc_err *err);

/* 404 for a path id that is not a positive integer (same answer as a missing record). */
int jc_path_id(const char *s, const char *what, int64_t *out, jc_err *err);

#endif
