/*
 * internal.h — private declarations shared by the files of src/http/: the compiled route
 * table and its lookup (router.c), path splitting and percent-decoding (router.c), and
 * static file serving (static.c). server.c ties them to libmicrohttpd. Nothing outside
 * src/http/ includes this header; the public contract is http.h.
 */
#ifndef JC_HTTP_INTERNAL_H
#define JC_HTTP_INTERNAL_H

#include <stddef.h>

#include <microhttpd.h>

#include "http/http.h"

/* A request path or pattern has at most this many segments; longer paths match no route. */
#define JC_HTTP_MAX_SEGS 32

/* ---- router.c: path splitting ------------------------------------------------------ */

/* Split a request path ("/a/b%20c/") into percent-decoded segments ("a", "b c"). A
 * trailing slash is ignored ("/x/" is "/x"; "/" has no segments). Fails on: no leading
 * '/', an empty segment ("/a//b"), a malformed escape ("%zz", "%4"), a decoded NUL,
 * a decoded segment that is not valid UTF-8, more than maxsegs segments. Because
 * segments are split before decoding, "%2F" decodes to a '/' inside a segment.
 * The decoded, NUL-terminated segments are written to scratch, which must hold
 * strlen(path)+1 bytes; segs[i] point into scratch. path is borrowed. */
int jc_http_split_path(const char *path, char *scratch, const char **segs, int maxsegs,
                       int *nsegs);

/* Percent-decode all of src[0..n) into dst (n+1 bytes; NUL-terminated), '+' kept as is.
 * Fails on a malformed escape or a decoded NUL. Both borrowed. */
int jc_http_pct_decode(const char *src, size_t n, char *dst, size_t *out_len);

/* ---- router.c: the compiled route table ------------------------------------------- */

typedef struct jc_http_seg {
    const char *s;       /* literal text, or the parameter name after ':' (borrowed) */
    size_t len;
    int is_param;
} jc_http_seg;

typedef struct jc_http_croute {
    const jc_route *route;          /* borrowed from opts->routes */
    jc_http_seg segs[JC_HTTP_MAX_SEGS];
    int nsegs;
    int nparams;
    size_t max_body;                /* resolved: route's value or the default */
    int is_import;                  /* pattern ends with "/import": CSV uploads allowed */
} jc_http_croute;

typedef struct jc_http_router {
    jc_http_croute *routes;         /* owned */
    int n;
} jc_http_router;

/* Outcome of a lookup. */
#define JC_LOOKUP_FOUND 0          /* route and params are set */
#define JC_LOOKUP_METHOD 1         /* the path matches, the method does not; allow is set */
#define JC_LOOKUP_NONE 2           /* no pattern matches the path */

typedef struct jc_http_lookup {
    int kind;                                  /* JC_LOOKUP_* */
    const jc_http_croute *route;               /* FOUND: borrowed from the router */
    const char *params[JC_HTTP_MAX_PARAMS];    /* FOUND: borrowed from the scratch */
    int nparams;
    char allow[96];                            /* METHOD: "GET, HEAD, POST" */
} jc_http_lookup;

/* Compile routes (terminated by method NULL; borrowed, must outlive the router) into
 * *out (caller frees with jc_http_router_free). Fails (500 ROUTE_TABLE) on a pattern that
 * does not start with '/', has an empty segment, too many segments or parameters, or a
 * route without handler. */
int jc_http_router_build(const jc_route *routes, jc_http_router *out, jc_err *err);
void jc_http_router_free(jc_http_router *r);

/* Look up method + raw path (percent-encoded, no query). HEAD matches GET routes.
 * scratch must hold strlen(path)+1 bytes and outlive the use of out->params.
 * Always succeeds; the outcome is out->kind. All arguments borrowed. */
void jc_http_router_find(const jc_http_router *r, const char *method, const char *path,
                         char *scratch, jc_http_lookup *out);

/* 1 when the path is under the JSON API ("/api" or "/api/..."). */
int jc_http_is_api_path(const char *path);

/* ---- static.c ------------------------------------------------------------------------ */

typedef struct jc_http_static {
    int dirfd;           /* open directory of the web UI, or -1 when not built */
} jc_http_static;

/* Open dir (may be NULL or missing: then dirfd is -1 and the "not built" page is
 * served). Never fails; dir borrowed. */
void jc_http_static_open(const char *dir, jc_http_static *st);
void jc_http_static_close(jc_http_static *st);

/* The response to GET/HEAD of raw path (percent-encoded, no query) from the web UI:
 * a file, the precompressed "<file>.gz", index.html for extensionless paths (SPA
 * fallback), the "not built" page, or a small error page (400 for "..", 404).
 * *out is a new response (caller queues and destroys it), with content headers
 * (Content-Type, Cache-Control, Content-Encoding, Vary) but not the security headers.
 * Fails only when MHD cannot create a response. */
int jc_http_static_respond(const jc_http_static *st, struct MHD_Connection *conn,
                           const char *path, struct MHD_Response **out, int *status,
                           size_t *bytes);

#endif
