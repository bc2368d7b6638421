/*
 * server.c — the HTTP server on libmicrohttpd: one epoll thread per worker (thread pool),
 * request bodies bounded per route, dispatch to the route table, JSON errors, security
 * headers on every response, static files for everything outside /api, and a one-line
 * access log on stderr.
 *
 * Life of a request. MHD calls, in order:
 *   on_uri        with the raw request target: allocates the request state (one malloc,
 *                 holding the path as sent and the scratch for its decoded segments);
 *   on_request    first with no body: route lookup, and the refusals that need no body
 *                 (404, 405, 413 from Content-Length, 415, and opts->authorize's 401 and
 *                 403, decided from the head alone). When a body is announced
 *                 the refusal is sent at once, so an oversized upload is never read (MHD
 *                 then closes the connection); otherwise it waits for the last call,
 *                 which keeps the connection alive;
 *   on_request    per body chunk: appended up to the route's max_body; beyond it the
 *                 rest is discarded (chunked uploads have no Content-Length) and 413 is
 *                 the answer;
 *   on_request    once more with no data: UTF-8 check, handler, response;
 *   on_completed  access log line, free.
 *
 * Speed. Each worker thread keeps a small pool of response buffers (jbufs): a handler
 * writes into a buffer that already has the capacity of earlier responses, and MHD sends
 * it without a copy (MHD_create_response_from_buffer_with_free_callback_cls), returning
 * it to the pool when the response is destroyed. The per-thread context of the
 * application (opts->thread_ctx_new: a database connection, say) is created on a
 * worker's first routed request and kept until jc_http_stop.
 */
#include "http/internal.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"
#include "util/utf8.h"

#define JSON_TYPE "application/json; charset=utf-8"
#define CSP "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " \
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

#define CONNECTION_LIMIT 1000u
#define CONNECTION_TIMEOUT_S 30u
/* Body bytes we read and drop after refusing an upload before giving up on the
 * connection (a chunked upload can be endless). */
#define DISCARD_MAX ((uint64_t)16 * 1024 * 1024)
/* Per-thread buffer pool: how many idle buffers, and the largest capacity kept. */
#define POOL_MAX 64
#define POOL_KEEP_CAP ((size_t)256 * 1024)

/* ---- state ---------------------------------------------------------------------------- */

struct jc_http_thread;

/* A response buffer; travels with the MHD response and comes back to its thread. */
typedef struct jc_http_node {
    jbuf jb;
    struct jc_http_thread *owner;
    struct jc_http_node *next;
} jc_http_node;

/* One per MHD worker thread that has served a request. */
typedef struct jc_http_thread {
    void *ctx;                      /* from opts.thread_ctx_new; freed at stop */
    pthread_mutex_t mu;             /* guards idle: MHD may free responses at stop */
    jc_http_node *idle;
    int nidle;
    struct jc_http_thread *next;    /* srv->threads */
} jc_http_thread;

struct jc_http_server {
    struct MHD_Daemon *d;
    jc_http_opts opts;              /* strings and routes borrowed from the caller */
    jc_http_router router;
    jc_http_static st;
    pthread_mutex_t threads_mu;
    jc_http_thread *threads;
    int port;
};

/* One request; allocated by on_uri, freed by on_completed. */
typedef struct jc_http_rq {
    struct timespec t0;
    char method[16];                /* copy, for the log */
    int started;                    /* on_request has run once */
    int responded;                  /* a response is queued */
    int status;
    size_t bytes;
    int routed;                     /* lk.kind == FOUND */
    int refused;                    /* answer refusal (+ refusal_allow) at the last call */
    jc_err refusal;
    const char *refusal_allow;
    char refusal_cookie[192];       /* Set-Cookie of the refusal, "" none */
    void *auth;                     /* opts.authorize's result; freed by on_completed */
    int tls;                        /* served over HTTPS */
    jc_http_lookup lk;
    size_t max_body;
    int overflow;                   /* body beyond max_body: being discarded */
    uint64_t discarded;
    char *body;                     /* owned; body_len bytes + NUL */
    size_t body_len, body_cap;
    char *path;                     /* the path as sent, no query (in tail) */
    char *scratch;                  /* strlen(path)+1 bytes for decoded segments (in tail) */
    char tail[];
} jc_http_rq;

static _Thread_local jc_http_thread *tl_thread;
static _Thread_local const jc_http_server *tl_srv;

/* ---- per-thread state and the buffer pool --------------------------------------------- */

/* The calling worker's record, created on its first request. Never NULL. */
static jc_http_thread *thread_get(jc_http_server *srv)
{
    jc_http_thread *t;

    if (tl_srv == srv && tl_thread) return tl_thread;
    t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->mu, NULL);
    pthread_mutex_lock(&srv->threads_mu);
    t->next = srv->threads;
    srv->threads = t;
    pthread_mutex_unlock(&srv->threads_mu);
    tl_thread = t;
    tl_srv = srv;
    return t;
}

/* A buffer for one response, emptied; the caller hands it to node_release (directly or
 * through MHD's free callback). */
static jc_http_node *node_take(jc_http_thread *t)
{
    jc_http_node *n;

    pthread_mutex_lock(&t->mu);
    n = t->idle;
    if (n) {
        t->idle = n->next;
        t->nidle--;
    }
    pthread_mutex_unlock(&t->mu);
    if (!n) {
        n = xmalloc(sizeof *n);
        jb_init(&n->jb);
        n->owner = t;
    }
    n->next = NULL;
    jb_reset(&n->jb);
    return n;
}

static void node_release(jc_http_node *n)
{
    jc_http_thread *t = n->owner;

    if (n->jb.cap > POOL_KEEP_CAP) jb_free(&n->jb);   /* one huge export stays unpooled */
    pthread_mutex_lock(&t->mu);
    if (t->nidle < POOL_MAX) {
        n->next = t->idle;
        t->idle = n;
        t->nidle++;
        n = NULL;
    }
    pthread_mutex_unlock(&t->mu);
    if (n) {
        jb_free(&n->jb);
        free(n);
    }
}

/* MHD_ContentReaderFreeCallback: the response that carried the buffer is gone. */
static void node_free_cb(void *cls)
{
    node_release(cls);
}

static void threads_free(jc_http_server *srv)
{
    jc_http_thread *t, *tn;
    jc_http_node *n, *nn;

    for (t = srv->threads; t; t = tn) {
        tn = t->next;
        if (t->ctx && srv->opts.thread_ctx_free) srv->opts.thread_ctx_free(t->ctx);
        for (n = t->idle; n; n = nn) {
            nn = n->next;
            jb_free(&n->jb);
            free(n);
        }
        pthread_mutex_destroy(&t->mu);
        free(t);
    }
    srv->threads = NULL;
}

/* ---- responses ------------------------------------------------------------------------ */

static void add_security_headers(struct MHD_Response *r, int tls)
{
    /* HTTPS only: a browser that saw this keeps to HTTPS for a year (no SSL stripping). */
    if (tls)
        MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Content-Security-Policy", CSP);
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

static enum MHD_Result queue(jc_http_rq *rq, struct MHD_Connection *conn,
                             struct MHD_Response *r, int status, size_t bytes)
{
    enum MHD_Result ret;

    add_security_headers(r, rq->tls);
    ret = MHD_queue_response(conn, (unsigned int)status, r);
    MHD_destroy_response(r);
    rq->responded = 1;
    rq->status = status;
    rq->bytes = strcmp(rq->method, "HEAD") == 0 ? 0 : bytes;
    return ret;
}

/* Send resp, whose body lives in node->jb (node is released here or by MHD). */
static enum MHD_Result send_resp(jc_http_rq *rq, struct MHD_Connection *conn,
                                 jc_http_node *node, const jc_http_resp *resp,
                                 const char *allow)
{
    struct MHD_Response *r;
    size_t len = node->jb.len;
    int status = resp->status >= 200 && resp->status <= 599 ? resp->status : 500;
    const char *cd = resp->owned_content_disposition ? resp->owned_content_disposition
                                                     : resp->content_disposition;

    if (status == 204 || status == 304) len = 0;    /* these must not carry a body */
    if (len == 0) {
        r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        node_release(node);
    } else {
        r = MHD_create_response_from_buffer_with_free_callback_cls(len, node->jb.p,
                                                                   node_free_cb, node);
        if (!r) node_release(node);
    }
    if (!r) return MHD_NO;
    if (status != 204 && status != 304)
        MHD_add_response_header(r, "Content-Type",
                                resp->content_type ? resp->content_type : JSON_TYPE);
    if (cd) MHD_add_response_header(r, "Content-Disposition", cd);
    if (allow) MHD_add_response_header(r, "Allow", allow);
    if (resp->set_cookie[0]) MHD_add_response_header(r, "Set-Cookie", resp->set_cookie);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    return queue(rq, conn, r, status, len);
}

static enum MHD_Result send_error(jc_http_server *srv, jc_http_rq *rq,
                                  struct MHD_Connection *conn, const jc_err *err,
                                  const char *allow)
{
    jc_http_node *node = node_take(thread_get(srv));
    jc_http_resp resp;

    memset(&resp, 0, sizeof resp);
    snprintf(resp.set_cookie, sizeof resp.set_cookie, "%s", rq->refusal_cookie);
    resp.body = node->jb;
    jc_http_write_error(&resp, err);
    node->jb = resp.body;
    return send_resp(rq, conn, node, &resp, allow);
}

/* ---- request checks ------------------------------------------------------------------- */

static int token_eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/* application/json (any route) or text/csv, application/octet-stream (import routes);
 * a charset parameter, when present, must be UTF-8. */
static int content_type_ok(const char *ct, int is_import)
{
    const char *p = ct, *end;
    size_t n;

    if (!ct) return 0;
    while (*p == ' ' || *p == '\t') p++;
    end = p + strcspn(p, ";");
    n = (size_t)(end - p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
    if (!token_eq(p, n, "application/json") &&
        !(is_import && (token_eq(p, n, "text/csv") ||
                        token_eq(p, n, "application/octet-stream"))))
        return 0;
    while (*end == ';') {
        p = end + 1;
        while (*p == ' ' || *p == '\t') p++;
        end = p + strcspn(p, ";");
        if (strncasecmp(p, "charset=", 8) != 0) continue;
        p += 8;
        n = (size_t)(end - p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (n >= 2 && p[0] == '"' && p[n - 1] == '"') {
            p++;
            n -= 2;
        }
        if (!token_eq(p, n, "utf-8") && !token_eq(p, n, "utf8")) return 0;
    }
    return 1;
}

/* MHD_KeyValueIterator: stop (MHD_NO) at the first query value that is not UTF-8. */
static enum MHD_Result query_utf8_cb(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    int *bad = cls;

    if ((key && !jc_utf8_valid(key, strlen(key))) ||
        (value && !jc_utf8_valid(value, strlen(value)))) {
        *bad = 1;
        return MHD_NO;
    }
    return MHD_YES;
}

/* Whether a body follows the headers; *len is the Content-Length (0 when chunked). */
static int body_announced(struct MHD_Connection *conn, int *has_len, unsigned long long *len)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    const char *te = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Transfer-Encoding");

    *has_len = cl != NULL;
    *len = cl ? strtoull(cl, NULL, 10) : 0;
    return (cl && *len > 0) || te;
}

/* Refusals decided from the headers of a routed request, before any body is read. */
static int check_request_head(jc_http_rq *rq, struct MHD_Connection *conn, jc_err *err)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    unsigned long long len;
    int bad_query = 0, has_len, has_body = body_announced(conn, &has_len, &len);

    if (has_len && len > rq->max_body)
        return jc_failf(err, JC_HTTP_TOO_LARGE, "BODY_TOO_LARGE", "", "",
                        "请求体过大：上限为 %zu 字节", "request body too large: the limit is %zu bytes",
                        rq->max_body);
    if (has_body && !content_type_ok(ct, rq->lk.route->is_import))
        return jc_fail(err, JC_HTTP_UNSUPPORTED, "CONTENT_TYPE", "", "",
                       rq->lk.route->is_import
                           ? "请求体类型必须是 application/json、text/csv 或 application/octet-stream"
                           : "请求体类型必须是 application/json",
                       rq->lk.route->is_import
                           ? "Content-Type must be application/json, text/csv or "
                             "application/octet-stream"
                           : "Content-Type must be application/json");
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, query_utf8_cb, &bad_query);
    if (bad_query)
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "QUERY_UTF8", "", "",
                       "查询参数不是合法的 UTF-8", "a query parameter is not valid UTF-8");
    if (has_len && len > 0) {            /* the size is known and within the limit */
        rq->body_cap = (size_t)len + 1;
        rq->body = xmalloc(rq->body_cap);
    }
    return JC_OK;
}

/* Keep a body chunk, or drop it once the request is over its limit. */
static void absorb(jc_http_rq *rq, const char *data, size_t n)
{
    size_t cap;

    if (rq->overflow || !rq->routed || rq->refused) {
        rq->discarded += n;
        return;
    }
    if (n > rq->max_body - rq->body_len) {
        rq->overflow = 1;
        rq->discarded = n;
        free(rq->body);
        rq->body = NULL;
        rq->body_len = rq->body_cap = 0;
        return;
    }
    if (rq->body_len + n + 1 > rq->body_cap) {
        cap = rq->body_cap ? rq->body_cap : 4096;
        while (cap < rq->body_len + n + 1) cap *= 2;
        if (cap > rq->max_body + 1) cap = rq->max_body + 1;
        rq->body = xrealloc(rq->body, cap);
        rq->body_cap = cap;
    }
    memcpy(rq->body + rq->body_len, data, n);
    rq->body_len += n;
}

/* ---- dispatch ------------------------------------------------------------------------- */

typedef struct key_buf {
    char *p;
    size_t n, cap;
    int overflow;
} key_buf;

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    key_buf *kb = cls;
    int w;
    (void)kind;
    w = snprintf(kb->p + kb->n, kb->cap - kb->n, "%s%s=%s", kb->n ? "&" : "?", k ? k : "",
                 v ? v : "");
    if (w < 0 || (size_t)w >= kb->cap - kb->n) kb->overflow = 1;
    else kb->n += (size_t)w;
    return kb->overflow ? MHD_NO : MHD_YES;
}

/* path + "?" + the decoded query arguments in the order sent; "" when too long (then
 * the answer is not cached). */
static void cache_key(struct MHD_Connection *conn, const char *path, char *out, size_t cap)
{
    key_buf kb;
    size_t plen = strlen(path);
    out[0] = '\0';
    if (plen + 1 >= cap) return;
    memcpy(out, path, plen + 1);
    kb.p = out + plen;
    kb.n = 0;
    kb.cap = cap - plen;
    kb.overflow = 0;
    kb.p[0] = '\0';
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, key_arg, &kb);
    if (kb.overflow) out[0] = '\0';
}

/* The worker's application context, created on its first routed request. */
static int thread_ctx(jc_http_server *srv, jc_http_thread *t, jc_err *err)
{
    if (!srv->opts.thread_ctx_new || t->ctx) return JC_OK;
    t->ctx = srv->opts.thread_ctx_new(srv->opts.app);       /* NULL: retried next time */
    if (!t->ctx) return jc_fail_internal(err, "http", "cannot create the worker's context");
    return JC_OK;
}

/* The handler's view of a routed request, without its body. */
static void fill_req(jc_http_server *srv, jc_http_rq *rq, jc_http_thread *t,
                     struct MHD_Connection *conn, const char *method, jc_http_req *req)
{
    int i;

    memset(req, 0, sizeof *req);
    req->method = method;
    req->path = rq->path;
    for (i = 0; i < rq->lk.nparams; i++) req->params[i] = rq->lk.params[i];
    req->nparams = rq->lk.nparams;
    req->conn = conn;
    req->thread_ctx = t->ctx;
    req->app = srv->opts.app;
    req->route = rq->lk.route->route;
    req->auth = rq->auth;
    req->tls = srv->opts.tls_cert_pem != NULL;
}

/* Ask opts.authorize about a routed request, from its head. */
static int authorize(jc_http_server *srv, jc_http_rq *rq, struct MHD_Connection *conn,
                     const char *method, jc_err *err)
{
    jc_http_thread *t = thread_get(srv);
    jc_http_req req;

    if (!srv->opts.authorize) return JC_OK;
    if (thread_ctx(srv, t, err) != JC_OK) return JC_FAIL;
    fill_req(srv, rq, t, conn, method, &req);
    rq->refusal_cookie[0] = '\0';
    return srv->opts.authorize(&req, &rq->auth, rq->refusal_cookie, sizeof rq->refusal_cookie,
                               err);
}

static enum MHD_Result dispatch(jc_http_server *srv, jc_http_rq *rq,
                                struct MHD_Connection *conn, const char *method)
{
    jc_http_thread *t = thread_get(srv);
    const jc_http_croute *cr = rq->lk.route;
    jc_http_node *node;
    jc_http_req req;
    jc_http_resp resp;
    jc_err err;
    enum MHD_Result ret;

    jc_err_clear(&err);
    if (rq->overflow) {
        jc_failf(&err, JC_HTTP_TOO_LARGE, "BODY_TOO_LARGE", "", "",
                 "请求体过大：上限为 %zu 字节", "request body too large: the limit is %zu bytes",
                 rq->max_body);
        return send_error(srv, rq, conn, &err, NULL);
    }
    /* Import routes take files in GB18030 too (what Excel on Chinese Windows saves); the
     * importer detects and converts the encoding itself. */
    if (rq->body_len > 0 && !rq->lk.route->is_import && !jc_utf8_valid(rq->body, rq->body_len)) {
        jc_fail(&err, JC_HTTP_BAD_REQUEST, "BODY_UTF8", "", "", "请求体不是合法的 UTF-8 文本",
                "the request body is not valid UTF-8");
        return send_error(srv, rq, conn, &err, NULL);
    }
    if (thread_ctx(srv, t, &err) != JC_OK) return send_error(srv, rq, conn, &err, NULL);
    fill_req(srv, rq, t, conn, method, &req);
    if (rq->body_len > 0) {
        rq->body[rq->body_len] = '\0';
        req.body = rq->body;
        req.body_len = rq->body_len;
    }

    node = node_take(t);
    memset(&resp, 0, sizeof resp);
    resp.status = 200;
    resp.content_type = JSON_TYPE;
    resp.body = node->jb;
    if (cr->route->cache && srv->opts.cache_get && !strcmp(method, "GET")) {
        char key[2048];
        const char *ctype = NULL;
        int hit;
        cache_key(conn, rq->path, key, sizeof key);
        hit = srv->opts.cache_get(&req, key, &resp.body, &ctype);
        if (hit) {
            resp.content_type = ctype;
        } else if (cr->route->handler(&req, &resp, &err) != JC_OK) {
            jc_http_write_error(&resp, &err);
        } else if (resp.status == 200 && srv->opts.cache_put) {
            srv->opts.cache_put(&req, key, &resp.body, resp.content_type);
        }
    } else if (cr->route->handler(&req, &resp, &err) != JC_OK) {
        jc_http_write_error(&resp, &err);
    }
    node->jb = resp.body;
    ret = send_resp(rq, conn, node, &resp, NULL);
    free(resp.owned_content_disposition);
    return ret;
}

static enum MHD_Result serve_static(jc_http_server *srv, jc_http_rq *rq,
                                    struct MHD_Connection *conn)
{
    struct MHD_Response *r = NULL;
    int status = 0;
    size_t bytes = 0;

    if (jc_http_static_respond(&srv->st, conn, rq->path, &r, &status, &bytes) != JC_OK)
        return MHD_NO;
    return queue(rq, conn, r, status, bytes);
}

/* A refusal decided at the first call. With a body on its way, answer now: MHD then
 * closes the connection instead of reading the body. Without one, answer at the last
 * call, which keeps the connection alive (an early answer always closes it). */
static enum MHD_Result refuse(jc_http_server *srv, jc_http_rq *rq, struct MHD_Connection *conn,
                              const jc_err *err, const char *allow)
{
    unsigned long long len;
    int has_len;

    if (body_announced(conn, &has_len, &len)) return send_error(srv, rq, conn, err, allow);
    rq->refused = 1;
    rq->refusal = *err;
    rq->refusal_allow = allow;
    return MHD_YES;
}

/* First call: route, and refuse whatever can be refused from the headers. */
static enum MHD_Result begin(jc_http_server *srv, jc_http_rq *rq, struct MHD_Connection *conn,
                             const char *method)
{
    jc_err err;

    rq->started = 1;
    snprintf(rq->method, sizeof rq->method, "%s", method);
    jc_err_clear(&err);
    jc_http_router_find(&srv->router, method, rq->path, rq->scratch, &rq->lk);
    if (rq->lk.kind == JC_LOOKUP_METHOD) {
        jc_fail(&err, JC_HTTP_METHOD, "METHOD_NOT_ALLOWED", "", "", "此路径不支持该请求方法",
                "method not allowed for this path");
        return refuse(srv, rq, conn, &err, rq->lk.allow);
    }
    if (rq->lk.kind == JC_LOOKUP_NONE && jc_http_is_api_path(rq->path)) {
        jc_fail(&err, JC_HTTP_NOT_FOUND, "NOT_FOUND", "", "", "接口不存在", "no such endpoint");
        return refuse(srv, rq, conn, &err, NULL);
    }
    if (rq->lk.kind == JC_LOOKUP_NONE) {
        if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0) return MHD_YES;
        jc_fail(&err, JC_HTTP_METHOD, "METHOD_NOT_ALLOWED", "", "", "此路径只支持 GET 和 HEAD",
                "only GET and HEAD are allowed for this path");
        return refuse(srv, rq, conn, &err, "GET, HEAD");
    }
    rq->routed = 1;
    rq->max_body = rq->lk.route->max_body;
    if (authorize(srv, rq, conn, method, &err) != JC_OK) return refuse(srv, rq, conn, &err, NULL);
    if (check_request_head(rq, conn, &err) != JC_OK) return refuse(srv, rq, conn, &err, NULL);
    return MHD_YES;
}

/* ---- MHD callbacks -------------------------------------------------------------------- */

/* MHD_OPTION_URI_LOG_CALLBACK: the request target exactly as sent. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
    const char *p = uri ? uri : "", *s;
    size_t n;
    jc_http_rq *rq;

    if (*p != '/' && (s = strstr(p, "://")) != NULL) {     /* absolute-form target */
        p = strchr(s + 3, '/');
        if (!p) p = "/";
    }
    n = strcspn(p, "?#");
    rq = xmalloc(sizeof *rq + 2 * (n + 1));
    memset(rq, 0, sizeof *rq);
    clock_gettime(CLOCK_MONOTONIC, &rq->t0);
    rq->tls = ((jc_http_server *)cls)->opts.tls_cert_pem != NULL;
    rq->path = rq->tail;
    memcpy(rq->path, p, n);
    rq->path[n] = '\0';
    rq->scratch = rq->tail + n + 1;
    return rq;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_data_size,
                                  void **con_cls)
{
    jc_http_server *srv = cls;
    jc_http_rq *rq = *con_cls;

    if (!rq) return MHD_NO;                 /* on_uri always runs first */
    if (!rq->started) return begin(srv, rq, conn, method);
    if (*upload_data_size > 0) {
        if (!rq->responded) absorb(rq, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return rq->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
    }
    if (rq->responded) return MHD_YES;
    if (rq->refused) return send_error(srv, rq, conn, &rq->refusal, rq->refusal_allow);
    if (rq->routed) return dispatch(srv, rq, conn, method);
    return serve_static(srv, rq, conn);
}

/* Control characters in a logged path could forge log lines. */
static void log_request(const jc_http_rq *rq)
{
    struct timespec t1;
    char path[256], line[384];
    size_t i;
    long long us;
    int n;

    clock_gettime(CLOCK_MONOTONIC, &t1);
    us = (long long)(t1.tv_sec - rq->t0.tv_sec) * 1000000 + (t1.tv_nsec - rq->t0.tv_nsec) / 1000;
    for (i = 0; rq->path[i] && i < sizeof path - 1; i++)
        path[i] = (unsigned char)rq->path[i] < 0x20 || rq->path[i] == 0x7f ? '?' : rq->path[i];
    path[i] = '\0';
    n = snprintf(line, sizeof line, "%s %s %d %zu %lld\n", rq->method, path, rq->status,
                 rq->bytes, us);
    if (n > 0) {
        if ((size_t)n >= sizeof line) n = (int)sizeof line - 1;
        if (write(STDERR_FILENO, line, (size_t)n) < 0) { /* nothing to do */ }
    }
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    jc_http_server *srv = cls;
    jc_http_rq *rq = *con_cls;

    if (!rq) return;
    if (!srv->opts.quiet && rq->status) log_request(rq);
    if (rq->auth && srv->opts.auth_free) srv->opts.auth_free(rq->auth);
    free(rq->body);
    free(rq);
    *con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    fputs("jiceng: http: ", stderr);
    vfprintf(stderr, fmt, ap);
}

/* ---- start and stop ------------------------------------------------------------------- */

static int parse_port(const char *s, uint16_t *port)
{
    unsigned long v = 0;
    size_t i;

    for (i = 0; s[i]; i++) {
        if (s[i] < '0' || s[i] > '9' || i >= 5) return JC_FAIL;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (i == 0 || v > 65535) return JC_FAIL;
    *port = (uint16_t)v;
    return JC_OK;
}

/* "IPv4:port" or "[IPv6]:port" into *ss. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, int *v6, jc_err *err)
{
    char host[64];
    const char *colon, *close;
    uint16_t port;
    struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
    size_t n;

    memset(ss, 0, sizeof *ss);
    *v6 = listen && listen[0] == '[';
    if (!listen) goto bad;
    if (*v6) {
        close = strchr(listen, ']');
        if (!close || close[1] != ':') goto bad;
        colon = close + 1;
        listen++;
    } else {
        colon = strrchr(listen, ':');
        if (!colon) goto bad;
        close = colon;
    }
    n = (size_t)(close - listen);
    if (n == 0 || n >= sizeof host || parse_port(colon + 1, &port) != JC_OK) goto bad;
    memcpy(host, listen, n);
    host[n] = '\0';
    if (*v6) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons(port);
        if (inet_pton(AF_INET6, host, &a6->sin6_addr) != 1) goto bad;
    } else {
        a4->sin_family = AF_INET;
        a4->sin_port = htons(port);
        if (inet_pton(AF_INET, host, &a4->sin_addr) != 1) goto bad;
    }
    return JC_OK;
bad:
    return jc_failf(err, JC_HTTP_BAD_REQUEST, "LISTEN_ADDR", "listen", "",
                    "监听地址“%s”无效，应为 IPv4:端口 或 [IPv6]:端口",
                    "invalid listen address \"%s\": expected IPv4:port or [IPv6]:port",
                    listen ? listen : "(null)");
}

int jc_http_start(const jc_http_opts *opts, jc_http_server **out, jc_err *err)
{
    jc_http_server *srv = xcalloc(1, sizeof *srv);
    struct sockaddr_storage ss;
    const union MHD_DaemonInfo *info;
    struct MHD_OptionItem extra[4];
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    long threads = opts->threads;
    int v6 = 0, rc = JC_FAIL, nextra = 0;

    *out = NULL;
    srv->opts = *opts;
    srv->st.dirfd = -1;
    pthread_mutex_init(&srv->threads_mu, NULL);
    if (parse_listen(opts->listen, &ss, &v6, err) != JC_OK) goto cleanup;
    if (jc_http_router_build(opts->routes, &srv->router, err) != JC_OK) goto cleanup;
    jc_http_static_open(opts->static_dir, &srv->st);
    if (threads <= 0) threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads <= 0) threads = 1;
    if (v6) flags |= MHD_USE_IPv6;

    /* MHD warns about a pool of one: pass the size only for a real pool. */
    if (threads > 1)
        extra[nextra++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE, (intptr_t)threads, NULL};
    if ((opts->tls_cert_pem != NULL) != (opts->tls_key_pem != NULL)) {
        jc_fail(err, JC_HTTP_INTERNAL, "TLS_CONFIG", "tls", "", "须同时提供 TLS 证书和私钥",
                "both the TLS certificate and the key are needed");
        goto cleanup;
    }
    if (opts->tls_cert_pem) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            jc_fail(err, JC_HTTP_INTERNAL, "TLS_UNAVAILABLE", "tls", "",
                    "libmicrohttpd 未启用 TLS（GnuTLS）", "libmicrohttpd was built without TLS (GnuTLS)");
            goto cleanup;
        }
        flags |= MHD_USE_TLS;
        extra[nextra++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)opts->tls_key_pem};
        extra[nextra++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0, (void *)opts->tls_cert_pem};
    }
    extra[nextra] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    srv->d = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, srv,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, srv,       /* must come first */
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_ARRAY, extra,
        MHD_OPTION_CONNECTION_TIMEOUT, CONNECTION_TIMEOUT_S,
        MHD_OPTION_CONNECTION_LIMIT, CONNECTION_LIMIT,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
        MHD_OPTION_END);
    if (!srv->d) {
        jc_failf(err, JC_HTTP_INTERNAL, "LISTEN", "listen", "", "无法在 %s 上监听",
                 "cannot listen on %s", opts->listen);
        goto cleanup;
    }
    info = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : 0;
    *out = srv;
    srv = NULL;
    rc = JC_OK;
cleanup:
    jc_http_stop(srv);
    return rc;
}

void jc_http_stop(jc_http_server *srv)
{
    if (!srv) return;
    if (srv->d) MHD_stop_daemon(srv->d);   /* joins the workers; every response is freed */
    threads_free(srv);
    jc_http_router_free(&srv->router);
    jc_http_static_close(&srv->st);
    pthread_mutex_destroy(&srv->threads_mu);
    free(srv);
}

int jc_http_port(const jc_http_server *srv)
{
    return srv ? srv->port : 0;
}

/* ---- request accessors ---------------------------------------------------------------- */

const char *jc_http_query(const jc_http_req *req, const char *name)
{
    if (!req || !req->conn) return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *jc_http_header(const jc_http_req *req, const char *name)
{
    if (!req || !req->conn) return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

void jc_http_peer(const jc_http_req *req, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci;
    const struct sockaddr *sa;

    if (cap) out[0] = '\0';
    if (!req || !req->conn || !cap) return;
    ci = MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    sa = ci ? ci->client_addr : NULL;
    if (!sa) return;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)cap);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)cap);
}

const char *jc_http_cookie(const jc_http_req *req, const char *name)
{
    if (!req || !req->conn) return NULL;
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}
