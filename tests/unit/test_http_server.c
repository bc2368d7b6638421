/*
 * test_http_server.c — black-box tests of the HTTP layer: a real server on 127.0.0.1 with
 * a kernel-chosen port, a throwaway route table and a temporary web UI directory, spoken
 * to over plain sockets with hand-written requests (so malformed paths and bodies reach
 * the server exactly as written). Covers routing (200, 404, 405 + Allow, HEAD), body
 * limits (413 by Content-Length and by chunked overflow), UTF-8 (400), Content-Type
 * (415), JSON bodies (unknown field, syntax, type, duplicates), handler errors, the exact
 * error document, security and cache headers, keep-alive, static files (MIME, gzip,
 * SPA fallback, ".." refused), the "not built" page and per-thread contexts.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "http/http.h"

/* ---- handlers under test ---------------------------------------------------------------- */

static int ctx_new_count, ctx_free_count;
static pthread_mutex_t ctx_mu = PTHREAD_MUTEX_INITIALIZER;

static void *ctx_new(void *app)
{
    int *c = malloc(sizeof *c);
    pthread_mutex_lock(&ctx_mu);
    *c = ++ctx_new_count;
    pthread_mutex_unlock(&ctx_mu);
    return c;
}

static void ctx_free(void *ctx)
{
    pthread_mutex_lock(&ctx_mu);
    ctx_free_count++;
    pthread_mutex_unlock(&ctx_mu);
    free(ctx);
}

static int h_hello(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jb_obj_open(&resp->body);
    jb_kstr(&resp->body, "hello", "world");
    jb_kint(&resp->body, "n", 42);
    jb_obj_close(&resp->body);
    return JC_OK;
}

static int h_org(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jb_obj_open(&resp->body);
    jb_kstr(&resp->body, "code", req->params[0]);
    jb_kint(&resp->body, "nparams", req->nparams);
    jb_kstr(&resp->body, "q", jc_http_query(req, "q"));
    jb_kstr(&resp->body, "h", jc_http_header(req, "X-Test"));
    jb_kstr(&resp->body, "method", req->method);
    jb_kstr(&resp->body, "path", req->path);
    jb_kbool(&resp->body, "ctx", req->thread_ctx != NULL);
    jb_kbool(&resp->body, "app", req->app != NULL);
    jb_obj_close(&resp->body);
    return JC_OK;
}

static int h_echo(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    static const char *const allowed[] = {"name", "age", NULL};
    json_t *doc = NULL;

    if (jc_http_json_body(req, allowed, &doc, err) != JC_OK) return JC_FAIL;
    resp->status = 201;
    jb_obj_open(&resp->body);
    jb_kstr(&resp->body, "name", json_string_value(json_object_get(doc, "name")));
    jb_obj_close(&resp->body);
    json_decref(doc);
    return JC_OK;
}

static int h_len(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jb_obj_open(&resp->body);
    jb_kint(&resp->body, "len", (int64_t)req->body_len);
    jb_kbool(&resp->body, "nul", req->body && req->body[req->body_len] == '\0');
    jb_obj_close(&resp->body);
    return JC_OK;
}

static int h_fail(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    jb_puts(&resp->body, "partial output that must not be sent");
    return jc_fail(err, JC_HTTP_UNPROCESSABLE, "ID_CHECKSUM", "id_number", "ID-01",
                   "身份证号校验位错误", "ID number check digit is wrong");
}

static int h_fail_unset(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    return JC_FAIL;
}

static int h_nocontent(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    resp->status = 204;
    return JC_OK;
}

static int h_download(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    resp->content_type = "text/csv; charset=utf-8";
    resp->owned_content_disposition = strdup("attachment; filename=\"x.csv\"");
    jb_puts(&resp->body, "a,b\n1,2\n");
    return JC_OK;
}

static const jc_route routes[] = {
    {"GET", "/api/v1/hello", h_hello, NULL, 0, 0, NULL},
    {"GET", "/api/v1/orgs/:code", h_org, NULL, 0, 0, NULL},
    {"POST", "/api/v1/echo", h_echo, NULL, 0, 0, NULL},
    {"POST", "/api/v1/small", h_len, NULL, 64, 0, NULL},
    {"POST", "/api/v1/members/import", h_len, NULL, 0, 0, NULL},
    {"GET", "/api/v1/fail", h_fail, NULL, 0, 0, NULL},
    {"GET", "/api/v1/fail-unset", h_fail_unset, NULL, 0, 0, NULL},
    {"DELETE", "/api/v1/thing", h_nocontent, NULL, 0, 0, NULL},
    {"GET", "/api/v1/download", h_download, NULL, 0, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

/* ---- the server and its web directory --------------------------------------------------- */

static char tmpdir[64];
static char webdir[96];
static jc_http_server *srv;
static int port;
static int app_marker;

static void write_file(const char *dir, const char *name, const char *content, size_t n)
{
    char path[256];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, n, f), n);
    fclose(f);
}

#define INDEX_HTML "<!doctype html><title>app</title><div id=app></div>\n"
#define APP_JS "console.log('plain');\n"
#define APP_JS_GZ "\x1f\x8b pretend-gzip"

static int start(jc_http_server **out, const char *static_dir, int threads)
{
    jc_http_opts o;
    jc_err err;

    memset(&o, 0, sizeof o);
    o.listen = "127.0.0.1:0";
    o.threads = threads;
    o.routes = routes;
    o.app = &app_marker;
    o.static_dir = static_dir;
    o.thread_ctx_new = ctx_new;
    o.thread_ctx_free = ctx_free;
    o.quiet = getenv("JC_TEST_VERBOSE") == NULL;
    jc_err_clear(&err);
    if (jc_http_start(&o, out, &err) != JC_OK) {
        fprintf(stderr, "start: %s %s\n", err.code, err.en);
        return -1;
    }
    return 0;
}

static int group_setup(void **state)
{
    char sub[160];

    snprintf(tmpdir, sizeof tmpdir, "/tmp/jc_http_test_XXXXXX");
    if (!mkdtemp(tmpdir)) return -1;
    snprintf(webdir, sizeof webdir, "%s/web", tmpdir);
    snprintf(sub, sizeof sub, "%s/assets", webdir);
    if (mkdir(webdir, 0700) != 0 || mkdir(sub, 0700) != 0) return -1;
    write_file(tmpdir, "secret.txt", "TOP SECRET\n", 11);
    write_file(webdir, ".env", "PASSWORD=x\n", 11);
    write_file(webdir, "index.html", INDEX_HTML, sizeof INDEX_HTML - 1);
    write_file(webdir, "favicon.ico", "ico", 3);
    write_file(webdir, "style.css", "body{}", 6);
    write_file(webdir, "assets/app.js", APP_JS, sizeof APP_JS - 1);
    write_file(webdir, "assets/app.js.gz", APP_JS_GZ, sizeof APP_JS_GZ - 1);
    if (start(&srv, webdir, 2) != 0) return -1;
    port = jc_http_port(srv);
    return port > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
    char cmd[128];

    jc_http_stop(srv);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- a minimal HTTP/1.1 client ----------------------------------------------------------- */

#define MAX_HDRS 32

typedef struct http_resp {
    int status;
    char head[8192];
    const char *names[MAX_HDRS], *values[MAX_HDRS];
    int nhdrs;
    char *body;
    size_t body_len;
} http_resp;

static int connect_to(int p)
{
    struct sockaddr_in a;
    struct timeval tv = {5, 0};
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    assert_true(fd >= 0);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)p);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static void send_all(int fd, const char *p, size_t n)
{
    ssize_t w;

    while (n > 0) {
        w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) return;             /* the server may close early (413): not an error */
        p += w;
        n -= (size_t)w;
    }
}

static const char *hdr(const http_resp *r, const char *name)
{
    int i;
    for (i = 0; i < r->nhdrs; i++)
        if (strcasecmp(r->names[i], name) == 0) return r->values[i];
    return NULL;
}

/* Read one response (head, then Content-Length bytes unless no_body). */
static void read_resp(int fd, http_resp *r, int no_body)
{
    size_t have = 0, need;
    ssize_t n;
    char *end = NULL, *line, *colon, *next;
    const char *cl;

    memset(r, 0, sizeof *r);
    while (!end) {
        assert_true(have < sizeof r->head - 1);
        n = recv(fd, r->head + have, 1, 0);     /* byte by byte: never read past the head */
        assert_true(n == 1);
        have++;
        r->head[have] = '\0';
        if (have >= 4 && memcmp(r->head + have - 4, "\r\n\r\n", 4) == 0) end = r->head + have - 4;
    }
    *end = '\0';
    assert_int_equal(sscanf(r->head, "HTTP/1.1 %d", &r->status), 1);
    line = strstr(r->head, "\r\n");
    while (line && r->nhdrs < MAX_HDRS) {
        *line = '\0';
        line += 2;
        next = strstr(line, "\r\n");
        colon = strchr(line, ':');
        if (!colon) break;
        *colon = '\0';
        r->names[r->nhdrs] = line;
        r->values[r->nhdrs++] = colon + 1 + strspn(colon + 1, " ");
        line = next;
    }
    cl = hdr(r, "Content-Length");
    need = no_body || !cl ? 0 : strtoul(cl, NULL, 10);
    r->body = calloc(1, need + 1);
    assert_non_null(r->body);
    while (r->body_len < need) {
        n = recv(fd, r->body + r->body_len, need - r->body_len, 0);
        assert_true(n > 0);
        r->body_len += (size_t)n;
    }
}

/* Send a raw request on a fresh connection and read the answer. */
static void http_raw(const char *raw, size_t n, http_resp *r)
{
    int fd = connect_to(port);
    send_all(fd, raw, n);
    read_resp(fd, r, strncmp(raw, "HEAD ", 5) == 0);
    close(fd);
}

/* Compose "METHOD path HTTP/1.1" with Host, Connection: close, the extra header lines
 * (each ending in \r\n), Content-Length when body is not NULL, and the body. */
static void http(const char *method, const char *path, const char *extra, const char *body,
                 size_t body_len, http_resp *r)
{
    char *raw = malloc(4096 + body_len);
    int n;

    assert_non_null(raw);
    n = snprintf(raw, 4096, "%s %s HTTP/1.1\r\nHost: t\r\nConnection: close\r\n%s", method,
                 path, extra ? extra : "");
    if (body) n += snprintf(raw + n, 4096 - (size_t)n, "Content-Length: %zu\r\n", body_len);
    n += snprintf(raw + n, 4096 - (size_t)n, "\r\n");
    if (body) memcpy(raw + n, body, body_len);
    http_raw(raw, (size_t)n + (body ? body_len : 0), r);
    free(raw);
}

static void resp_free(http_resp *r)
{
    free(r->body);
    r->body = NULL;
}

static json_t *body_json(const http_resp *r)
{
    json_error_t je;
    json_t *j = json_loadb(r->body, r->body_len, 0, &je);
    if (!j) fprintf(stderr, "not JSON (%s): %.*s\n", je.text, (int)r->body_len, r->body);
    assert_non_null(j);
    return j;
}

/* Check the exact error document and return nothing; field/rule NULL means absent. */
static void assert_error_doc(const http_resp *r, int status, const char *code,
                             const char *field, const char *rule)
{
    json_t *doc = body_json(r), *e, *m;

    assert_int_equal(r->status, status);
    assert_string_equal(hdr(r, "Content-Type"), "application/json; charset=utf-8");
    assert_int_equal(json_object_size(doc), 1);
    e = json_object_get(doc, "error");
    assert_true(json_is_object(e));
    assert_string_equal(json_string_value(json_object_get(e, "code")), code);
    if (field)
        assert_string_equal(json_string_value(json_object_get(e, "field")), field);
    else
        assert_null(json_object_get(e, "field"));
    if (rule)
        assert_string_equal(json_string_value(json_object_get(e, "rule")), rule);
    else
        assert_null(json_object_get(e, "rule"));
    assert_int_equal(json_object_size(e), 2 + (field != NULL) + (rule != NULL));
    m = json_object_get(e, "message");
    assert_int_equal(json_object_size(m), 2);
    assert_true(strlen(json_string_value(json_object_get(m, "zh"))) > 0);
    assert_true(strlen(json_string_value(json_object_get(m, "en"))) > 0);
    json_decref(doc);
}

static const char *err_en(const http_resp *r, char *buf, size_t cap)
{
    json_t *doc = body_json(r);
    snprintf(buf, cap, "%s",
             json_string_value(json_object_get(
                 json_object_get(json_object_get(doc, "error"), "message"), "en")));
    json_decref(doc);
    return buf;
}

static void assert_security_headers(const http_resp *r)
{
    assert_string_equal(hdr(r, "X-Content-Type-Options"), "nosniff");
    assert_string_equal(hdr(r, "Referrer-Policy"), "no-referrer");
    assert_string_equal(hdr(r, "Content-Security-Policy"),
                        "default-src 'self'; img-src 'self' data:; style-src 'self' "
                        "'unsafe-inline'; object-src 'none'; base-uri 'none'; "
                        "frame-ancestors 'none'");
    assert_string_equal(hdr(r, "X-Frame-Options"), "DENY");
}

#define JSON_CT "Content-Type: application/json\r\n"

/* ---- routing ------------------------------------------------------------------------------ */

static void test_get_route(void **state)
{
    http_resp r;

    http("GET", "/api/v1/hello", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"hello\":\"world\",\"n\":42}");
    assert_string_equal(hdr(&r, "Content-Type"), "application/json; charset=utf-8");
    assert_string_equal(hdr(&r, "Cache-Control"), "no-store");
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/api/v1/hello/", NULL, NULL, 0, &r);       /* trailing slash */
    assert_int_equal(r.status, 200);
    resp_free(&r);
}

static void test_params_query_headers(void **state)
{
    http_resp r;
    json_t *doc;

    http("GET", "/api/v1/orgs/D%2F01?q=%E5%BC%A0+%E4%B8%89&x=1", "X-Test: yes\r\n", NULL, 0,
         &r);
    assert_int_equal(r.status, 200);
    doc = body_json(&r);
    assert_string_equal(json_string_value(json_object_get(doc, "code")), "D/01");
    assert_int_equal(json_integer_value(json_object_get(doc, "nparams")), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "q")), "张 三");
    assert_string_equal(json_string_value(json_object_get(doc, "h")), "yes");
    assert_string_equal(json_string_value(json_object_get(doc, "method")), "GET");
    assert_string_equal(json_string_value(json_object_get(doc, "path")), "/api/v1/orgs/D%2F01");
    assert_true(json_is_true(json_object_get(doc, "ctx")));
    assert_true(json_is_true(json_object_get(doc, "app")));
    json_decref(doc);
    resp_free(&r);

    /* a query value that is not UTF-8 is refused before the handler */
    http("GET", "/api/v1/orgs/D01?q=%FF", NULL, NULL, 0, &r);
    assert_error_doc(&r, 400, "QUERY_UTF8", NULL, NULL);
    resp_free(&r);
}

static void test_not_found(void **state)
{
    http_resp r;

    http("GET", "/api/v1/nope", NULL, NULL, 0, &r);
    assert_error_doc(&r, 404, "NOT_FOUND", NULL, NULL);
    assert_string_equal(hdr(&r, "Cache-Control"), "no-store");
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/api/v1/orgs/D01/extra", NULL, NULL, 0, &r);   /* extra segment */
    assert_error_doc(&r, 404, "NOT_FOUND", NULL, NULL);
    resp_free(&r);

    http("GET", "/api", NULL, NULL, 0, &r);
    assert_error_doc(&r, 404, "NOT_FOUND", NULL, NULL);
    resp_free(&r);

    /* an unknown API path is never answered with the SPA page, whatever its method */
    http("POST", "/api/v1/nope", JSON_CT, "{}", 2, &r);
    assert_error_doc(&r, 404, "NOT_FOUND", NULL, NULL);
    resp_free(&r);
}

static void test_method_not_allowed(void **state)
{
    http_resp r;

    http("DELETE", "/api/v1/hello", NULL, NULL, 0, &r);
    assert_error_doc(&r, 405, "METHOD_NOT_ALLOWED", NULL, NULL);
    assert_string_equal(hdr(&r, "Allow"), "GET, HEAD");
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/api/v1/echo", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 405);
    assert_string_equal(hdr(&r, "Allow"), "POST");
    resp_free(&r);

    http("POST", "/index.html", JSON_CT, "{}", 2, &r);   /* static files are read-only */
    assert_error_doc(&r, 405, "METHOD_NOT_ALLOWED", NULL, NULL);
    assert_string_equal(hdr(&r, "Allow"), "GET, HEAD");
    resp_free(&r);
}

static void test_head_api(void **state)
{
    http_resp g, h;

    http("GET", "/api/v1/hello", NULL, NULL, 0, &g);
    http("HEAD", "/api/v1/hello", NULL, NULL, 0, &h);
    assert_int_equal(h.status, 200);
    assert_string_equal(hdr(&h, "Content-Length"), hdr(&g, "Content-Length"));
    assert_int_equal(h.body_len, 0);
    resp_free(&g);
    resp_free(&h);
}

static void test_status_and_download(void **state)
{
    http_resp r;

    http("DELETE", "/api/v1/thing", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 204);
    assert_int_equal(r.body_len, 0);
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/api/v1/download", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(hdr(&r, "Content-Type"), "text/csv; charset=utf-8");
    assert_string_equal(hdr(&r, "Content-Disposition"), "attachment; filename=\"x.csv\"");
    assert_string_equal(r.body, "a,b\n1,2\n");
    resp_free(&r);
}

static void test_keep_alive(void **state)
{
#define ONE "GET /api/v1/hello HTTP/1.1\r\nHost: t\r\n\r\n"
    static const char one[] = ONE;
    static const char two[] = ONE "GET /api/v1/nope HTTP/1.1\r\nHost: t\r\n\r\n";
    http_resp r;
    int fd = connect_to(port), i;

    send_all(fd, two, sizeof two - 1);
    read_resp(fd, &r, 0);
    assert_int_equal(r.status, 200);
    resp_free(&r);
    read_resp(fd, &r, 0);
    assert_int_equal(r.status, 404);
    resp_free(&r);
    for (i = 0; i < 50; i++) {     /* and many more on the same connection */
        send_all(fd, one, sizeof one - 1);
        read_resp(fd, &r, 0);
        assert_int_equal(r.status, 200);
        resp_free(&r);
    }
    close(fd);
}

/* ---- bodies ------------------------------------------------------------------------------- */

static void test_body_too_large(void **state)
{
    static const char big_head[] = "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\n"
                                   "Content-Type: application/json\r\n"
                                   "Content-Length: 2097152\r\n\r\n";
    static const char chunked_head[] = "POST /api/v1/small HTTP/1.1\r\nHost: t\r\n"
                                       "Content-Type: application/json\r\n"
                                       "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    char chunked[512];
    int n;
    char body[100], en[320];
    http_resp r;

    /* announced too large: answered from the headers, the body is never sent */
    http_raw(big_head, sizeof big_head - 1, &r);
    assert_error_doc(&r, 413, "BODY_TOO_LARGE", NULL, NULL);
    assert_non_null(strstr(err_en(&r, en, sizeof en), "1048576"));
    assert_security_headers(&r);
    resp_free(&r);

    /* a route's own limit */
    memset(body, 'a', sizeof body);
    body[0] = body[99] = '"';
    http("POST", "/api/v1/small", JSON_CT, body, sizeof body, &r);
    assert_error_doc(&r, 413, "BODY_TOO_LARGE", NULL, NULL);
    assert_non_null(strstr(err_en(&r, en, sizeof en), "64"));
    resp_free(&r);

    /* exactly at the limit is fine */
    http("POST", "/api/v1/small", JSON_CT, body + 36, 64, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"len\":64,\"nul\":true}");
    resp_free(&r);

    /* chunked: no Content-Length, found out while reading (two chunks of 40 bytes) */
    n = snprintf(chunked, sizeof chunked, "%s28\r\n%.40s\r\n28\r\n%.40s\r\n0\r\n\r\n",
                 chunked_head, body + 1, body + 1);
    http_raw(chunked, (size_t)n, &r);
    assert_error_doc(&r, 413, "BODY_TOO_LARGE", NULL, NULL);
    resp_free(&r);
}

static void test_body_utf8(void **state)
{
    http_resp r;

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"\xff\"}", 12, &r);
    assert_error_doc(&r, 400, "BODY_UTF8", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"\xed\xa0\x80\"}", 14, &r); /* surrogate */
    assert_error_doc(&r, 400, "BODY_UTF8", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"张三\"}", strlen("{\"name\":\"张三\"}"),
         &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(r.body, "{\"name\":\"张三\"}");
    resp_free(&r);
}

static void test_content_type(void **state)
{
    http_resp r;

    http("POST", "/api/v1/echo", "Content-Type: text/plain\r\n", "{}", 2, &r);
    assert_error_doc(&r, 415, "CONTENT_TYPE", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", NULL, "{}", 2, &r);                  /* none at all */
    assert_error_doc(&r, 415, "CONTENT_TYPE", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", "Content-Type: application/json; charset=latin1\r\n", "{}", 2,
         &r);
    assert_error_doc(&r, 415, "CONTENT_TYPE", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", "Content-Type: text/csv\r\n", "{}", 2, &r);
    assert_error_doc(&r, 415, "CONTENT_TYPE", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", "Content-Type: Application/JSON; charset=\"UTF-8\"\r\n",
         "{\"name\":\"x\"}", 12, &r);
    assert_int_equal(r.status, 201);
    resp_free(&r);

    http("POST", "/api/v1/members/import", "Content-Type: text/csv; charset=utf-8\r\n",
         "a,b\n", 4, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, "{\"len\":4,\"nul\":true}");
    resp_free(&r);

    http("POST", "/api/v1/members/import", "Content-Type: application/octet-stream\r\n",
         "a,b\n", 4, &r);
    assert_int_equal(r.status, 200);
    resp_free(&r);

    http("POST", "/api/v1/members/import", "Content-Type: text/html\r\n", "a,b\n", 4, &r);
    assert_error_doc(&r, 415, "CONTENT_TYPE", NULL, NULL);
    resp_free(&r);
}

static void test_json_body(void **state)
{
    char en[320];
    http_resp r;

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"x\",\"bogus\":1}", 22, &r);
    assert_error_doc(&r, 400, "UNKNOWN_FIELD", "bogus", NULL);
    assert_non_null(strstr(err_en(&r, en, sizeof en), "bogus"));
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\n  \"x\",}", 16, &r);
    assert_error_doc(&r, 400, "JSON_SYNTAX", NULL, NULL);
    assert_non_null(strstr(err_en(&r, en, sizeof en), "line 2"));
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "[1,2]", 5, &r);
    assert_error_doc(&r, 400, "JSON_TYPE", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"a\",\"name\":\"b\"}", 23, &r);
    assert_error_doc(&r, 400, "JSON_SYNTAX", NULL, NULL);
    assert_non_null(strstr(err_en(&r, en, sizeof en), "duplicate"));
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "", 0, &r);
    assert_error_doc(&r, 400, "BODY_REQUIRED", NULL, NULL);
    resp_free(&r);

    http("POST", "/api/v1/echo", JSON_CT, "{\"name\":\"ok\",\"age\":3}", 21, &r);
    assert_int_equal(r.status, 201);
    assert_string_equal(r.body, "{\"name\":\"ok\"}");
    resp_free(&r);
}

static void test_handler_errors(void **state)
{
    http_resp r;
    json_t *doc;

    http("GET", "/api/v1/fail", NULL, NULL, 0, &r);
    assert_error_doc(&r, 422, "ID_CHECKSUM", "id_number", "ID-01");
    doc = body_json(&r);
    assert_string_equal(
        json_string_value(json_object_get(
            json_object_get(json_object_get(doc, "error"), "message"), "zh")),
        "身份证号校验位错误");
    json_decref(doc);
    assert_null(strstr(r.body, "partial"));
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/api/v1/fail-unset", NULL, NULL, 0, &r);
    assert_error_doc(&r, 500, "INTERNAL", NULL, NULL);
    resp_free(&r);
}

/* ---- static files ------------------------------------------------------------------------- */

static void test_static_files(void **state)
{
    http_resp r;

    http("GET", "/", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, INDEX_HTML);
    assert_string_equal(hdr(&r, "Content-Type"), "text/html; charset=utf-8");
    assert_string_equal(hdr(&r, "Cache-Control"), "no-cache");
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/assets/app.js", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, APP_JS);
    assert_string_equal(hdr(&r, "Content-Type"), "text/javascript; charset=utf-8");
    assert_string_equal(hdr(&r, "Cache-Control"), "public, max-age=31536000, immutable");
    assert_string_equal(hdr(&r, "Vary"), "Accept-Encoding");
    assert_null(hdr(&r, "Content-Encoding"));
    assert_security_headers(&r);
    resp_free(&r);

    http("GET", "/assets/app.js", "Accept-Encoding: br, gzip;q=0.8\r\n", NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_memory_equal(r.body, APP_JS_GZ, sizeof APP_JS_GZ - 1);
    assert_string_equal(hdr(&r, "Content-Encoding"), "gzip");
    assert_string_equal(hdr(&r, "Vary"), "Accept-Encoding");
    assert_string_equal(hdr(&r, "Content-Type"), "text/javascript; charset=utf-8");
    resp_free(&r);

    http("GET", "/assets/app.js", "Accept-Encoding: gzip;q=0\r\n", NULL, 0, &r);
    assert_string_equal(r.body, APP_JS);
    resp_free(&r);

    http("HEAD", "/assets/app.js", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(atoi(hdr(&r, "Content-Length")), (int)sizeof APP_JS - 1);
    resp_free(&r);

    http("GET", "/style.css", NULL, NULL, 0, &r);
    assert_string_equal(hdr(&r, "Content-Type"), "text/css; charset=utf-8");
    assert_null(hdr(&r, "Vary"));
    resp_free(&r);

    http("GET", "/favicon.ico", NULL, NULL, 0, &r);
    assert_string_equal(hdr(&r, "Content-Type"), "image/x-icon");
    resp_free(&r);
}

static void test_spa_fallback(void **state)
{
    http_resp r;

    http("GET", "/orgs/D01/members", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, INDEX_HTML);
    assert_string_equal(hdr(&r, "Content-Type"), "text/html; charset=utf-8");
    resp_free(&r);

    http("GET", "/login?next=%2Forgs", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, INDEX_HTML);
    resp_free(&r);

    /* org codes hold dots: a page path, not a file (".S001" is not a served extension) */
    http("GET", "/orgs/D320703.S001", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, INDEX_HTML);
    resp_free(&r);

    http("GET", "/assets/missing.js", NULL, NULL, 0, &r);   /* a file name: no fallback */
    assert_int_equal(r.status, 404);
    assert_security_headers(&r);
    resp_free(&r);
}

static void test_static_refusals(void **state)
{
    static const char *const bad[] = {
        "/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
        "/assets/%2E%2E/%2E%2E/secret.txt", "/..%2fsecret.txt", "/assets/..", "/a\\..\\b",
    };
    http_resp r;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        http("GET", bad[i], NULL, NULL, 0, &r);
        if (r.status != 400) fprintf(stderr, "%s -> %d\n", bad[i], r.status);
        assert_int_equal(r.status, 400);
        assert_null(strstr(r.body, "SECRET"));
        assert_security_headers(&r);
        resp_free(&r);
    }
    http("GET", "/.env", NULL, NULL, 0, &r);              /* dot files are not served */
    assert_int_equal(r.status, 404);
    assert_null(strstr(r.body, "PASSWORD"));
    resp_free(&r);

    http("GET", "/x%00y", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 400);
    resp_free(&r);
}

/* ---- servers of their own ----------------------------------------------------------------- */

static void test_not_built(void **state)
{
    jc_http_server *s2 = NULL;
    http_resp r;
    int saved = port;
    char missing[160];

    snprintf(missing, sizeof missing, "%s/does-not-exist", tmpdir);
    assert_int_equal(start(&s2, missing, 1), 0);
    port = jc_http_port(s2);
    http("GET", "/", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(hdr(&r, "Content-Type"), "text/html; charset=utf-8");
    assert_non_null(strstr(r.body, "not built"));
    assert_security_headers(&r);
    resp_free(&r);
    http("GET", "/api/v1/hello", NULL, NULL, 0, &r);     /* the API still works */
    assert_int_equal(r.status, 200);
    resp_free(&r);
    port = saved;
    jc_http_stop(s2);

    assert_int_equal(start(&s2, NULL, 1), 0);
    port = jc_http_port(s2);
    http("GET", "/", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "not built"));
    resp_free(&r);
    port = saved;
    jc_http_stop(s2);
}

static void test_thread_ctx_lifecycle(void **state)
{
    jc_http_server *s2 = NULL;
    http_resp r;
    int saved = port, i, news, frees;

    pthread_mutex_lock(&ctx_mu);
    news = ctx_new_count;
    frees = ctx_free_count;
    pthread_mutex_unlock(&ctx_mu);
    assert_int_equal(start(&s2, NULL, 3), 0);
    port = jc_http_port(s2);
    for (i = 0; i < 30; i++) {
        http("GET", "/api/v1/orgs/x", NULL, NULL, 0, &r);
        assert_int_equal(r.status, 200);
        resp_free(&r);
    }
    port = saved;
    jc_http_stop(s2);
    pthread_mutex_lock(&ctx_mu);
    /* one per worker that served a routed request, at most one per worker, all freed */
    assert_true(ctx_new_count - news >= 1 && ctx_new_count - news <= 3);
    assert_int_equal(ctx_new_count - news, ctx_free_count - frees);
    pthread_mutex_unlock(&ctx_mu);
}

/* ---- the authorize hook ------------------------------------------------------------------ */

static int auth_new_count, auth_free_count, who_calls;

/* Cookie "t" must be "ok"; the route must have permission "p.x". Refusals clear "t". */
static int authz(const jc_http_req *req, void **auth, char *set_cookie, size_t cap, jc_err *err)
{
    const char *t = jc_http_cookie(req, "t");
    int *a;
    if (req->route->permission && strcmp(req->route->permission, "p.x") == 0 &&
        (!t || strcmp(t, "ok"))) {
        snprintf(set_cookie, cap, "t=; Max-Age=0");
        return jc_fail(err, 401, "SESSION_INVALID", "", "", "未登录", "not logged in");
    }
    a = malloc(sizeof *a);
    *a = 7;
    *auth = a;
    pthread_mutex_lock(&ctx_mu);
    auth_new_count++;
    pthread_mutex_unlock(&ctx_mu);
    return JC_OK;
}

static void authz_free(void *a)
{
    pthread_mutex_lock(&ctx_mu);
    auth_free_count++;
    pthread_mutex_unlock(&ctx_mu);
    free(a);
}

static int h_who(jc_http_req *req, jc_http_resp *resp, jc_err *err)
{
    who_calls++;
    jb_obj_open(&resp->body);
    jb_kint(&resp->body, "auth", req->auth ? *(int *)req->auth : 0);
    jb_kstr(&resp->body, "perm", req->route->permission);
    jb_obj_close(&resp->body);
    snprintf(resp->set_cookie, sizeof resp->set_cookie, "t=ok; Path=/; HttpOnly");
    return JC_OK;
}

static const jc_route auth_routes[] = {
    {"GET", "/api/v1/who", h_who, "p.x", 0, 0, NULL},
    {"POST", "/api/v1/up", h_who, "p.x", 0, 0, NULL},
    {"GET", "/api/v1/open", h_who, "public", 0, 0, NULL},
    {NULL, NULL, NULL, NULL, 0, 0, NULL},
};

static void test_authorize_hook(void **state)
{
    jc_http_opts o;
    jc_http_server *s2 = NULL;
    jc_err err;
    http_resp r;
    json_t *j;
    char *big;
    int saved = port, calls;

    memset(&o, 0, sizeof o);
    o.listen = "127.0.0.1:0";
    o.threads = 2;
    o.routes = auth_routes;
    o.quiet = 1;
    o.authorize = authz;
    o.auth_free = authz_free;
    jc_err_clear(&err);
    assert_int_equal(jc_http_start(&o, &s2, &err), JC_OK);
    port = jc_http_port(s2);

    /* refused without the cookie: the error document, the refusal's cookie, no handler */
    calls = who_calls;
    http("GET", "/api/v1/who", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "SESSION_INVALID"));
    assert_string_equal(hdr(&r, "Set-Cookie"), "t=; Max-Age=0");
    assert_int_equal(who_calls, calls);
    resp_free(&r);

    /* with it: the handler sees the hook's object and its own cookie is sent */
    http("GET", "/api/v1/who", "Cookie: a=1; t=ok\r\n", NULL, 0, &r);
    assert_int_equal(r.status, 200);
    j = body_json(&r);
    assert_int_equal(json_integer_value(json_object_get(j, "auth")), 7);
    assert_string_equal(json_string_value(json_object_get(j, "perm")), "p.x");
    json_decref(j);
    assert_string_equal(hdr(&r, "Set-Cookie"), "t=ok; Path=/; HttpOnly");
    resp_free(&r);

    /* a refused upload is answered from its head: the 4 MiB body is never read */
    big = calloc(1, 4u << 20);
    assert_non_null(big);
    http("POST", "/api/v1/up", "Content-Type: application/json\r\n", big, 4u << 20, &r);
    assert_int_equal(r.status, 401);
    resp_free(&r);
    free(big);

    /* the hook decides for public routes too (here: lets them through) */
    http("GET", "/api/v1/open", NULL, NULL, 0, &r);
    assert_int_equal(r.status, 200);
    resp_free(&r);

    port = saved;
    jc_http_stop(s2);
    pthread_mutex_lock(&ctx_mu);
    assert_int_equal(auth_new_count, 2);
    assert_int_equal(auth_free_count, auth_new_count);   /* every object released */
    pthread_mutex_unlock(&ctx_mu);
}

static void test_listen_addresses(void **state)
{
    static const char *const bad[] = {"localhost:80", "127.0.0.1", "127.0.0.1:", "1.2.3.4:99999",
                                      "[::1]", "::1:80", ":80", "127.0.0.1:8x"};
    jc_http_opts o;
    jc_http_server *s2 = NULL;
    jc_err err;
    size_t i;

    memset(&o, 0, sizeof o);
    o.routes = routes;
    o.quiet = 1;
    o.threads = 1;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        o.listen = bad[i];
        jc_err_clear(&err);
        assert_int_equal(jc_http_start(&o, &s2, &err), JC_FAIL);
        assert_null(s2);
        assert_string_equal(err.code, "LISTEN_ADDR");
    }
    o.listen = "[::1]:0";
    if (jc_http_start(&o, &s2, &err) == JC_OK) {       /* hosts without IPv6 skip this */
        assert_true(jc_http_port(s2) > 0);
        jc_http_stop(s2);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_route),
        cmocka_unit_test(test_params_query_headers),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_method_not_allowed),
        cmocka_unit_test(test_head_api),
        cmocka_unit_test(test_status_and_download),
        cmocka_unit_test(test_keep_alive),
        cmocka_unit_test(test_body_too_large),
        cmocka_unit_test(test_body_utf8),
        cmocka_unit_test(test_content_type),
        cmocka_unit_test(test_json_body),
        cmocka_unit_test(test_handler_errors),
        cmocka_unit_test(test_static_files),
        cmocka_unit_test(test_spa_fallback),
        cmocka_unit_test(test_static_refusals),
        cmocka_unit_test(test_not_built),
        cmocka_unit_test(test_thread_ctx_lifecycle),
        cmocka_unit_test(test_listen_addresses),
        cmocka_unit_test(test_authorize_hook),
    };
    return cmocka_run_group_tests_name("http_server", tests, group_setup, group_teardown);
}
