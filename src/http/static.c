/*
 * static.c — serving the built web UI (opts->static_dir) for every non-API GET/HEAD.
 * Files are sent with sendfile through MHD_create_response_from_fd64; a precompressed
 * "<file>.gz" next to a file is preferred when the client accepts gzip. Paths without a
 * file extension that name no file get index.html, so the single-page app's own router
 * sees deep links. Hashed bundles under /assets/ are cached for a year; everything else
 * is revalidated ("no-cache") so a new build shows up at once.
 *
 * Safety: the path is percent-decoded once and refused (400) if it contains "..", a
 * backslash or a NUL; segments starting with '.' (".git", ".env") are 404. Files are
 * opened relative to a directory descriptor taken at start, so the served tree is the
 * one that existed when the server started even if the path string is later reused.
 */
#include "http/internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/mem.h"

static const char not_built_page[] =
    "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    "<title>Jiceng</title></head><body>\n"
    "<h1>Jiceng</h1>\n"
    "<p>网页界面尚未构建（运行 <code>make web</code>）。JSON 接口在 <code>/api/v1</code> 下可用。</p>\n"
    "<p>The web UI is not built (run <code>make web</code>). The JSON API is available "
    "under <code>/api/v1</code>.</p>\n"
    "</body></html>\n";

static const char page_400[] = "400 Bad Request\n";
static const char page_404[] = "404 Not Found\n";

static const struct {
    const char *ext;
    const char *type;
} mime_types[] = {
    {"html", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"ico", "image/x-icon"},
    {"woff2", "font/woff2"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"txt", "text/plain; charset=utf-8"},
    {"webmanifest", "application/manifest+json"},
};

static const char *mime_for(const char *ext)
{
    size_t i;

    if (ext)
        for (i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
            if (strcasecmp(ext, mime_types[i].ext) == 0) return mime_types[i].type;
    return "application/octet-stream";
}

/* A name ending in an extension we serve (".js", ".png", ...) is a file: missing, it is a
 * 404. Anything else ("/orgs/D320703.S001": org codes hold dots) is a page of the app. */
static int is_file_ext(const char *ext)
{
    return ext && strcmp(mime_for(ext), "application/octet-stream") != 0;
}

void jc_http_static_open(const char *dir, jc_http_static *st)
{
    st->dirfd = dir ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
}

void jc_http_static_close(jc_http_static *st)
{
    if (st->dirfd >= 0) close(st->dirfd);
    st->dirfd = -1;
}

/* True when Accept-Encoding lists gzip with a non-zero quality. */
static int accepts_gzip(struct MHD_Connection *conn)
{
    const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Accept-Encoding");
    const char *p = h, *end, *semi, *q;
    size_t n;

    while (p && *p) {
        while (*p == ' ' || *p == '\t' || *p == ',') p++;
        end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        semi = memchr(p, ';', (size_t)(end - p));
        n = (size_t)((semi ? semi : end) - p);
        while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t')) n--;
        if (n == 4 && strncasecmp(p, "gzip", 4) == 0) {
            q = semi ? strstr(semi, "q=") : NULL;
            return !(q && q < end && strtod(q + 2, NULL) <= 0.0);
        }
        p = end;
    }
    return 0;
}

/* Open a regular file below the static directory. */
static int open_file(int dirfd, const char *rel, int *fd, uint64_t *size)
{
    struct stat sb;
    int f = openat(dirfd, rel, O_RDONLY | O_CLOEXEC | O_NOCTTY);

    if (f < 0) return JC_FAIL;
    if (fstat(f, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(f);
        return JC_FAIL;
    }
    *fd = f;
    *size = (uint64_t)sb.st_size;
    return JC_OK;
}

static int regular_exists(int dirfd, const char *rel)
{
    struct stat sb;
    return fstatat(dirfd, rel, &sb, 0) == 0 && S_ISREG(sb.st_mode);
}

/* A fixed page (persistent memory, no copy). */
static int page(const char *body, size_t len, const char *type, int status,
                struct MHD_Response **out, int *out_status, size_t *bytes)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body,
                                                             MHD_RESPMEM_PERSISTENT);
    if (!r) return JC_FAIL;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    *out = r;
    *out_status = status;
    *bytes = len;
    return JC_OK;
}

static int plain_error(int status, struct MHD_Response **out, int *out_status,
                       size_t *bytes)
{
    const char *body = status == 400 ? page_400 : page_404;
    return page(body, strlen(body), "text/plain; charset=utf-8", status, out, out_status,
                bytes);
}

/* Refuse what could leave the directory or reveal dot files. 0 ok, 400 or 404. */
static int check_path(const char *dec)
{
    const char *p;

    if (strstr(dec, "..") || strchr(dec, '\\')) return 400;
    for (p = dec; (p = strchr(p, '/')) != NULL; p++)
        if (p[1] == '.') return 404;
    return 0;
}

int jc_http_static_respond(const jc_http_static *st, struct MHD_Connection *conn,
                           const char *path, struct MHD_Response **out, int *status,
                           size_t *bytes)
{
    size_t n = strlen(path), dlen;
    char *dec = xmalloc(n + 8);          /* room for "index.html" and ".gz" below */
    char *rel, *last, *ext, *gz = NULL;
    const char *type;
    int bad, fd = -1, gfd = -1, vary = 0, gzipped = 0, rc = JC_FAIL;
    uint64_t size = 0, gsize = 0;
    struct MHD_Response *r = NULL;

    *out = NULL;
    if (n < 1 || path[0] != '/' || jc_http_pct_decode(path, n, dec, &dlen) != JC_OK) {
        rc = plain_error(400, out, status, bytes);
        goto cleanup;
    }
    bad = check_path(dec);
    if (bad) {
        rc = plain_error(bad, out, status, bytes);
        goto cleanup;
    }
    while (dlen > 1 && dec[dlen - 1] == '/') dec[--dlen] = '\0';
    rel = dec + 1;
    if (*rel == '\0') {
        free(dec);
        dec = xstrdup("/index.html");
        rel = dec + 1;
    }
    last = strrchr(dec, '/') + 1;
    ext = strrchr(last, '.');
    if (ext) ext++;

    if (st->dirfd < 0) {
        if (is_file_ext(ext) && strcmp(rel, "index.html") != 0)
            rc = plain_error(404, out, status, bytes);
        else
            rc = page(not_built_page, sizeof not_built_page - 1, "text/html; charset=utf-8",
                      200, out, status, bytes);
        goto cleanup;
    }
    if (open_file(st->dirfd, rel, &fd, &size) != JC_OK) {
        if (is_file_ext(ext)) {
            rc = plain_error(404, out, status, bytes);
            goto cleanup;
        }
        rel = "index.html";
        ext = "html";
        if (open_file(st->dirfd, rel, &fd, &size) != JC_OK) {
            rc = plain_error(404, out, status, bytes);
            goto cleanup;
        }
    }
    type = mime_for(ext);

    /* A ".gz" sibling makes the representation depend on Accept-Encoding (Vary) whether
     * or not this client gets it. */
    gz = xmalloc(strlen(rel) + 4);
    strcpy(gz, rel);
    strcat(gz, ".gz");
    vary = regular_exists(st->dirfd, gz);
    if (vary && accepts_gzip(conn) && open_file(st->dirfd, gz, &gfd, &gsize) == JC_OK) {
        close(fd);
        fd = gfd;
        size = gsize;
        gzipped = 1;
    }

    r = MHD_create_response_from_fd64(size, fd);
    if (!r) goto cleanup;
    fd = -1;                                   /* the response owns it now */
    MHD_add_response_header(r, "Content-Type", type);
    if (gzipped) MHD_add_response_header(r, "Content-Encoding", "gzip");
    if (vary) MHD_add_response_header(r, "Vary", "Accept-Encoding");
    MHD_add_response_header(r, "Cache-Control",
                            strncmp(path, "/assets/", 8) == 0
                                ? "public, max-age=31536000, immutable"
                                : "no-cache");
    *out = r;
    *status = 200;
    *bytes = (size_t)size;
    rc = JC_OK;
cleanup:
    if (fd >= 0) close(fd);
    free(gz);
    free(dec);
    return rc;
}
