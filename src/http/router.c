/*
 * router.c — matching request paths against the route table. Patterns are compiled once
 * at server start into segment arrays; a request path is split and percent-decoded once
 * (segment by segment, so "%2F" stays inside its segment) and compared against each
 * route in table order. The first route whose pattern and method match wins; when only
 * patterns match, the methods they accept make the Allow header of a 405.
 *
 * Path rules (the same for patterns and requests): a leading '/' is required, one
 * trailing '/' is ignored ("/x/" is "/x"), empty segments never match ("/a//b"), a
 * ":name" pattern segment matches exactly one non-empty segment, and there is no
 * wildcard: extra segments never match.
 */
#include "http/internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

/* ---- splitting ------------------------------------------------------------------------ */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int jc_http_pct_decode(const char *src, size_t n, char *dst, size_t *out_len)
{
    size_t i = 0, w = 0;
    int hi, lo;

    while (i < n) {
        if (src[i] != '%') {
            if (src[i] == '\0') return JC_FAIL;
            dst[w++] = src[i++];
            continue;
        }
        hi = i + 1 < n ? hexval(src[i + 1]) : -1;
        lo = i + 2 < n ? hexval(src[i + 2]) : -1;
        if (hi < 0 || lo < 0 || (hi == 0 && lo == 0)) return JC_FAIL;
        dst[w++] = (char)(hi * 16 + lo);
        i += 3;
    }
    dst[w] = '\0';
    if (out_len) *out_len = w;
    return JC_OK;
}

/* The part of a path or pattern after the leading '/' and without one trailing '/':
 * [*start, *end). Fails without a leading '/', and for "//" (an empty segment that the
 * trailing-slash rule would otherwise hide). */
static int path_body(const char *path, const char **start, const char **end)
{
    size_t len;

    if (!path || path[0] != '/') return JC_FAIL;
    path++;
    len = strlen(path);
    if (len > 0 && path[len - 1] == '/') {
        len--;
        if (len == 0) return JC_FAIL;
    }
    *start = path;
    *end = path + len;
    return JC_OK;
}

int jc_http_split_path(const char *path, char *scratch, const char **segs, int maxsegs,
                       int *nsegs)
{
    const char *p, *end, *e;
    size_t dlen;
    int n = 0;

    *nsegs = 0;
    if (path_body(path, &p, &end) != JC_OK) return JC_FAIL;
    if (p == end) return JC_OK;
    for (;;) {
        e = memchr(p, '/', (size_t)(end - p));
        if (!e) e = end;
        if (e == p || n == maxsegs) return JC_FAIL;
        if (jc_http_pct_decode(p, (size_t)(e - p), scratch, &dlen) != JC_OK) return JC_FAIL;
        if (!jc_utf8_valid(scratch, dlen)) return JC_FAIL;
        segs[n++] = scratch;
        scratch += dlen + 1;
        if (e == end) break;
        p = e + 1;
    }
    *nsegs = n;
    return JC_OK;
}

/* ---- patterns ------------------------------------------------------------------------- */

static int compile_pattern(const char *pattern, jc_http_croute *cr)
{
    const char *p, *end, *e;
    jc_http_seg *seg;

    cr->nsegs = 0;
    cr->nparams = 0;
    if (path_body(pattern, &p, &end) != JC_OK) return JC_FAIL;
    if (p == end) return JC_OK;
    for (;;) {
        e = memchr(p, '/', (size_t)(end - p));
        if (!e) e = end;
        if (e == p || cr->nsegs == JC_HTTP_MAX_SEGS) return JC_FAIL;
        seg = &cr->segs[cr->nsegs++];
        seg->is_param = (*p == ':');
        seg->s = seg->is_param ? p + 1 : p;
        seg->len = (size_t)(e - seg->s);
        if (seg->is_param && (seg->len == 0 || ++cr->nparams > JC_HTTP_MAX_PARAMS))
            return JC_FAIL;
        if (e == end) break;
        p = e + 1;
    }
    return JC_OK;
}

static int match_segs(const jc_http_croute *cr, const char *const *segs, int n,
                      const char **params, int *nparams)
{
    int i, np = 0;
    const jc_http_seg *sg;

    if (cr->nsegs != n) return 0;
    for (i = 0; i < n; i++) {
        sg = &cr->segs[i];
        if (sg->is_param) continue;
        if (strncmp(sg->s, segs[i], sg->len) != 0 || segs[i][sg->len] != '\0') return 0;
    }
    for (i = 0; i < n; i++)
        if (cr->segs[i].is_param) params[np++] = segs[i];
    *nparams = np;
    return 1;
}

int jc_http_match(const char *pattern, const char *path, char *scratch,
                  const char **params, int *nparams)
{
    jc_http_croute cr;
    const char *segs[JC_HTTP_MAX_SEGS];
    int n;

    *nparams = 0;
    if (compile_pattern(pattern, &cr) != JC_OK) return 0;
    if (jc_http_split_path(path, scratch, segs, JC_HTTP_MAX_SEGS, &n) != JC_OK) return 0;
    return match_segs(&cr, segs, n, params, nparams);
}

/* ---- the route table ------------------------------------------------------------------ */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

int jc_http_router_build(const jc_route *routes, jc_http_router *out, jc_err *err)
{
    int n = 0, i, rc = JC_FAIL;
    jc_http_croute *cr = NULL;

    out->routes = NULL;
    out->n = 0;
    while (routes && routes[n].method) n++;
    cr = xcalloc((size_t)n + 1, sizeof *cr);
    for (i = 0; i < n; i++) {
        if (!routes[i].handler || compile_pattern(routes[i].pattern, &cr[i]) != JC_OK) {
            jc_failf(err, JC_HTTP_INTERNAL, "ROUTE_TABLE", "", "",
                     "路由表有误：%s %s", "bad route: %s %s", routes[i].method,
                     routes[i].pattern ? routes[i].pattern : "(null)");
            goto cleanup;
        }
        cr[i].route = &routes[i];
        cr[i].max_body = routes[i].max_body ? routes[i].max_body : JC_HTTP_MAX_BODY_DEFAULT;
        cr[i].is_import = ends_with(routes[i].pattern, "/import") ||
                          ends_with(routes[i].pattern, "/import/");
    }
    out->routes = cr;
    out->n = n;
    cr = NULL;
    rc = JC_OK;
cleanup:
    free(cr);
    return rc;
}

void jc_http_router_free(jc_http_router *r)
{
    if (!r) return;
    free(r->routes);
    r->routes = NULL;
    r->n = 0;
}

/* Append method to the comma-separated allow list unless it is there already. */
static void allow_add(char *allow, size_t cap, const char *method)
{
    size_t len = strlen(allow), m = strlen(method);
    const char *p = allow;

    while ((p = strstr(p, method)) != NULL) {
        if ((p == allow || p[-1] == ' ') && (p[m] == ',' || p[m] == '\0')) return;
        p += m;
    }
    if (len + m + 3 > cap) return;
    if (len) {
        memcpy(allow + len, ", ", 2);
        len += 2;
    }
    memcpy(allow + len, method, m + 1);
}

void jc_http_router_find(const jc_http_router *r, const char *method, const char *path,
                         char *scratch, jc_http_lookup *out)
{
    const char *segs[JC_HTTP_MAX_SEGS];
    const char *params[JC_HTTP_MAX_PARAMS];
    const jc_http_croute *cr;
    int n, i, np, is_head = strcmp(method, "HEAD") == 0;

    out->kind = JC_LOOKUP_NONE;
    out->route = NULL;
    out->nparams = 0;
    out->allow[0] = '\0';
    if (jc_http_split_path(path, scratch, segs, JC_HTTP_MAX_SEGS, &n) != JC_OK) return;
    for (i = 0; i < r->n; i++) {
        cr = &r->routes[i];
        if (!match_segs(cr, segs, n, params, &np)) continue;
        if (strcmp(cr->route->method, method) == 0 ||
            (is_head && strcmp(cr->route->method, "GET") == 0)) {
            out->kind = JC_LOOKUP_FOUND;
            out->route = cr;
            out->nparams = np;
            memset(out->params, 0, sizeof out->params);
            memcpy(out->params, params, (size_t)np * sizeof params[0]);
            return;
        }
        allow_add(out->allow, sizeof out->allow, cr->route->method);
        if (strcmp(cr->route->method, "GET") == 0)
            allow_add(out->allow, sizeof out->allow, "HEAD");
    }
    if (out->allow[0]) out->kind = JC_LOOKUP_METHOD;
}

int jc_http_is_api_path(const char *path)
{
    return strncmp(path, "/api", 4) == 0 && (path[4] == '\0' || path[4] == '/');
}
