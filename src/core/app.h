/*
 * app.h — the server's application context and the per-thread context the HTTP layer
 * hands to handlers (each worker thread owns one database connection), and the one
 * function handlers use to get a jc_ctx for a request.
 */
#ifndef JC_APP_H
#define JC_APP_H

#include "core/ctx.h"
#include "http/http.h"

typedef struct jc_app {
    const char *db_target;   /* borrowed */
    const char *actor;       /* until accounts land: "api:anonymous" */
} jc_app;

typedef struct jc_thread {
    jc_db *db;               /* owned */
} jc_thread;

/* thread_ctx_new / thread_ctx_free for jc_http_opts. */
void *jc_thread_new(void *app);
void jc_thread_free(void *thread);

/* Fill ctx for a request: the thread's connection, the actor, today. Fails (500) when
 * the thread's connection could not be opened. */
int jc_ctx_from_req(const jc_http_req *req, jc_ctx *ctx, jc_err *err);

/* Parse a positive integer path or query parameter (NULL → def). 400 BAD_PARAM naming
 * `name` when malformed or outside min..max. */
int jc_param_int(const char *s, const char *name, long def, long min, long max, long *out,
                 jc_err *err);

/* 404 for a path id that is not a positive integer (same answer as a missing record). */
int jc_path_id(const char *s, const char *what, int64_t *out, jc_err *err);

#endif
