/*
 * http.h — the HTTP layer's contract with the handlers: a request (method, path,
 * path parameters, query, bounded body), a response being built, and the route table
 * type. The server (server.c, on libmicrohttpd) owns requests and responses; handlers
 * borrow them for the duration of the call. The HTTP layer knows no SQL.
 */
#ifndef JC_HTTP_H
#define JC_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "util/err.h"
#include "util/jbuf.h"

#define JC_HTTP_MAX_PARAMS 4
#define JC_HTTP_MAX_BODY_DEFAULT (1024 * 1024)

struct jc_route;

typedef struct jc_http_req {
    const char *method;                           /* "GET", "POST", ... (borrowed) */
    const char *path;                             /* "/api/v1/orgs/D01" (borrowed) */
    const char *params[JC_HTTP_MAX_PARAMS];       /* path parameters in route order */
    int nparams;
    void *conn;                                   /* opaque MHD connection, for queries */
    const char *body;                             /* NUL-terminated; valid UTF-8 except on
                                                   * "/import" routes (any bytes); NULL if none */
    size_t body_len;
    void *thread_ctx;                             /* per-worker-thread context (see server opts) */
    void *app;                                    /* application context given to the server */
    const struct jc_route *route;                 /* the matched route (borrowed) */
    void *auth;                                   /* what opts.authorize decided for this
                                                   * request (the application's; NULL when
                                                   * no hook or it set none) */
    int tls;                                      /* the connection is HTTPS */
} jc_http_req;

typedef struct jc_http_resp {
    int status;                                   /* default 200 */
    const char *content_type;                     /* default "application/json; charset=utf-8" */
    jbuf body;                                    /* owned by the server; handlers append */
    const char *content_disposition;              /* for downloads; borrowed static or NULL */
    char *owned_content_disposition;              /* or owned (server frees) */
    char set_cookie[192];                         /* a Set-Cookie header value; "" none */
} jc_http_resp;

/* A handler returns JC_OK after writing resp (status + body), or JC_FAIL after filling
 * err; the server then writes the error document with err->status. */
typedef int (*jc_http_handler)(jc_http_req *req, jc_http_resp *resp, jc_err *err);

typedef struct jc_route {
    const char *method;          /* "GET" ... */
    const char *pattern;         /* "/api/v1/orgs/:code/children"; ":name" matches one segment */
    jc_http_handler handler;
    const char *permission;      /* permission name checked by the auth layer (issue 3) */
    size_t max_body;             /* 0 → JC_HTTP_MAX_BODY_DEFAULT */
    int cache;                   /* GET answers may be kept by opts.cache_get/put */
    const char *self_permission; /* or NULL: a role without `permission` may still call the
                                  * route holding this one (e.g. "self.read"), and the
                                  * handler then serves only the account's own record */
} jc_route;

/* Query-string parameter (URL-decoded by MHD), NULL when absent. Borrowed. */
const char *jc_http_query(const jc_http_req *req, const char *name);

/* Request header, NULL when absent. Borrowed. */
const char *jc_http_header(const jc_http_req *req, const char *name);

/* Cookie of the request (Cookie header, parsed by MHD), NULL when absent. Borrowed. */
const char *jc_http_cookie(const jc_http_req *req, const char *name);

/* The peer's IP address as text ("127.0.0.1", "::1") into out; "" when unknown. */
void jc_http_peer(const jc_http_req *req, char *out, size_t cap);

/* Parse the body as a JSON object. Refuses: no body (400 BODY_REQUIRED), not JSON
 * (400 JSON_SYNTAX, message with line/column), not an object (400 JSON_TYPE), and any
 * key not in allowed (NULL-terminated; 400 UNKNOWN_FIELD naming the key). On success
 * *out is a new reference the caller must json_decref. */
int jc_http_json_body(const jc_http_req *req, const char *const *allowed, json_t **out,
                      jc_err *err);

/* Write err as the JSON error document into resp (status from err, 500 when unset). */
void jc_http_write_error(jc_http_resp *resp, const jc_err *err);

typedef struct jc_http_server jc_http_server;

typedef struct jc_http_opts {
    const char *listen;            /* "127.0.0.1:8080" or "[::1]:8080" */
    int threads;                   /* worker threads; 0 → number of cores */
    const jc_route *routes;        /* terminated by a route with method NULL */
    void *app;                     /* passed through in req->app */
    const char *static_dir;        /* web UI files (index.html fallback for SPA), or NULL */
    /* Per-thread context: created lazily on a worker's first request, destroyed at stop. */
    void *(*thread_ctx_new)(void *app);
    void (*thread_ctx_free)(void *ctx);
    int quiet;                     /* no access log */
    /* Response cache for routes marked `cache` (GET, status 200): cache_get copies a kept
     * body for key (path + query) into body and returns 1 when it is still valid; cache_put
     * keeps one. The application decides validity (its data generation) and may refine
     * the key (who is asking). Both optional. */
    int (*cache_get)(const jc_http_req *req, const char *key, jbuf *body, const char **ctype);
    void (*cache_put)(const jc_http_req *req, const char *key, const jbuf *body, const char *ctype);
    /* Authorization of every routed request, decided from its head (method, path,
     * params, headers, cookies: no body) as soon as it is routed, so a refused upload is
     * never read; before the cache is asked and before the handler. JC_OK lets the
     * request on, with *auth (may stay NULL) travelling in req->auth until auth_free
     * releases it when the request completes. JC_FAIL refuses it with err (401, 403);
     * when the hook wrote set_cookie (cap bytes), the refusal carries that Set-Cookie
     * header (a cleared session cookie). Optional. */
    int (*authorize)(const jc_http_req *req, void **auth, char *set_cookie, size_t cap,
                     jc_err *err);
    void (*auth_free)(void *auth);
    /* HTTPS: PEM certificate chain and private key, both in memory (borrowed for the
     * server's life). Both NULL: plain HTTP. 500 TLS_UNAVAILABLE when libmicrohttpd was
     * built without TLS. */
    const char *tls_cert_pem, *tls_key_pem;
} jc_http_opts;

/* Start serving; returns after the listening socket is bound. */
int jc_http_start(const jc_http_opts *opts, jc_http_server **out, jc_err *err);

/* Stop and free. */
void jc_http_stop(jc_http_server *srv);

/* The TCP port the server listens on (the kernel's choice for "host:0"); 0 for NULL.
 * srv borrowed. */
int jc_http_port(const jc_http_server *srv);

/* Match path against a pattern; fill params (borrowed pointers into scratch, which
 * must hold strlen(path)+1 bytes). Returns 1 on match. Exposed for unit tests. */
int jc_http_match(const char *pattern, const char *path, char *scratch,
                  const char **params, int *nparams);

#endif
