/*
 * csv.c — RFC 4180 reader and writer. See csv.h.
 *
 * Imports run to a million rows, so the reader allocates nothing per field: each record
 * is unpacked into one reused byte buffer, and the field array is reused too. Most lines
 * of a real export contain no quote at all; for those the whole line is copied with one
 * memcpy and split at commas with memchr (both vectorized in libc). Lines with a quote
 * go through the general state machine, which also handles records spanning lines.
 */
#include "util/csv.h"

#include "util/mem.h"

#include <stdlib.h>
#include <string.h>

struct jc_csv {
    const char *pos, *end; /* unread input (borrowed) */
    long line;             /* physical line at pos, 1-based */
    int failed;            /* an unterminated quote was met */
    long fail_line;
    char *buf;             /* unpacked fields of the current record, NUL-separated */
    size_t blen, bcap;
    size_t *off;           /* general path: field offsets into buf (buf may move) */
    size_t offcap;
    char **f;              /* the array handed to the caller */
    size_t fcap;
};

jc_csv *jc_csv_new(const char *data, size_t len)
{
    jc_csv *c = xcalloc(1, sizeof *c);
    if (!data) {
        data = "";
        len = 0;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    c->pos = data;
    c->end = data + len;
    c->line = 1;
    return c;
}

void jc_csv_free(jc_csv *c)
{
    if (!c) return;
    free(c->buf);
    free(c->off);
    free(c->f);
    free(c);
}

/* ---- buffers --------------------------------------------------------------------- */

static void buf_reserve(jc_csv *c, size_t n)
{
    size_t cap;
    if (c->bcap - c->blen >= n) return;
    cap = c->bcap ? c->bcap : 1024;
    while (cap - c->blen < n) cap *= 2;
    c->buf = xrealloc(c->buf, cap);
    c->bcap = cap;
}

static inline void buf_add(jc_csv *c, const char *s, size_t n)
{
    if (n == 0) return;
    buf_reserve(c, n);
    memcpy(c->buf + c->blen, s, n);
    c->blen += n;
}

static inline void buf_addc(jc_csv *c, char ch)
{
    buf_reserve(c, 1);
    c->buf[c->blen++] = ch;
}

static inline void f_set(jc_csv *c, size_t i, char *s)
{
    if (i >= c->fcap) {
        c->fcap = c->fcap ? c->fcap * 2 : 32;
        c->f = xrealloc(c->f, c->fcap * sizeof *c->f);
    }
    c->f[i] = s;
}

static inline void off_set(jc_csv *c, size_t i, size_t o)
{
    if (i >= c->offcap) {
        c->offcap = c->offcap ? c->offcap * 2 : 32;
        c->off = xrealloc(c->off, c->offcap * sizeof *c->off);
    }
    c->off[i] = o;
}

static long count_lf(const char *s, const char *e)
{
    long n = 0;
    while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
        n++;
        s++;
    }
    return n;
}

/* ---- reader ---------------------------------------------------------------------- */

/* A line with no quote: copy it once, cut it at commas. [p, seg) is the line without its
 * LF; a CR before the LF (or before end of input) is the CRLF terminator, not data. */
static size_t split_plain(jc_csv *c, const char *p, const char *seg)
{
    size_t len = (size_t)(seg - p), nf = 0;
    char *q, *e, *comma;

    if (len > 0 && seg[-1] == '\r') len--;
    c->blen = 0;
    buf_reserve(c, len + 1);
    memcpy(c->buf, p, len);
    c->buf[len] = '\0';
    q = c->buf;
    e = c->buf + len;
    for (;;) {
        f_set(c, nf++, q);
        comma = memchr(q, ',', (size_t)(e - q));
        if (!comma) break;
        *comma = '\0';
        q = comma + 1;
    }
    return nf;
}

/* True when p is at a record terminator: LF, CRLF, or CR as the last input byte. */
static inline int at_eol(const char *p, const char *end)
{
    return *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'));
}

/* The general state machine, from the start of a record at p. Returns the field count,
 * or 0 after recording an unterminated quote in c->failed / c->fail_line. */
static size_t split_general(jc_csv *c, const char *p)
{
    const char *end = c->end, *s, *q;
    size_t nf = 0, i;

    c->blen = 0;
    for (;;) {
        off_set(c, nf++, c->blen);
        if (p < end && *p == '"') {
            long qline = c->line;
            p++;
            for (;;) {
                q = memchr(p, '"', (size_t)(end - p));
                if (!q) {
                    c->failed = 1;
                    c->fail_line = qline;
                    c->pos = end;
                    return 0;
                }
                buf_add(c, p, (size_t)(q - p));
                c->line += count_lf(p, q);
                p = q + 1;
                if (p < end && *p == '"') {
                    buf_addc(c, '"');
                    p++;
                    continue;
                }
                break;
            }
        }
        /* Unquoted field, or what follows a closing quote: literal up to , or EOL. */
        s = p;
        while (p < end && *p != ',' && !at_eol(p, end)) p++;
        buf_add(c, s, (size_t)(p - s));
        buf_addc(c, '\0');
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        break;
    }
    if (p < end && *p == '\r') p++;
    if (p < end && *p == '\n') p++;
    c->line++;
    c->pos = p;
    for (i = 0; i < nf; i++) f_set(c, i, c->buf + c->off[i]);
    return nf;
}

int jc_csv_next(jc_csv *c, char ***fields, size_t *n, long *line)
{
    const char *p = c->pos, *end = c->end, *nl, *seg;
    long start;
    size_t nf;

    if (c->failed) {
        *line = c->fail_line;
        return -1;
    }
    while (p < end && at_eol(p, end)) { /* empty lines */
        p += *p == '\r' ? (p + 1 < end ? 2 : 1) : 1;
        c->line++;
    }
    if (p == end) {
        c->pos = p;
        return 0;
    }
    start = c->line;
    nl = memchr(p, '\n', (size_t)(end - p));
    seg = nl ? nl : end;
    if (!memchr(p, '"', (size_t)(seg - p))) {
        nf = split_plain(c, p, seg);
        c->pos = nl ? nl + 1 : end;
        c->line++;
    } else {
        nf = split_general(c, p);
        if (c->failed) {
            *line = c->fail_line;
            return -1;
        }
    }
    *fields = c->f;
    *n = nf;
    *line = start;
    return 1;
}

/* ---- writer ---------------------------------------------------------------------- */

static int needs_quotes(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

void jc_csv_write_field(jbuf *out, const char *s, int last)
{
    size_t n;
    const char *q;

    if (!s) s = "";
    n = strlen(s);
    if (needs_quotes(s, n)) {
        jb_append(out, "\"", 1);
        while ((q = strchr(s, '"')) != NULL) {
            jb_append(out, s, (size_t)(q - s) + 1);
            jb_append(out, "\"", 1);
            s = q + 1;
        }
        jb_puts(out, s);
        jb_append(out, "\"", 1);
    } else if (n == 0 && last && (out->len == 0 || out->p[out->len - 1] == '\n')) {
        jb_append(out, "\"\"", 2); /* a lone empty field is not an empty line */
    } else {
        jb_append(out, s, n);
    }
    if (last)
        jb_append(out, "\r\n", 2);
    else
        jb_append(out, ",", 1);
}

void jc_csv_write_row(jbuf *out, const char *const *fields, size_t n)
{
    size_t i;
    if (n == 0) return;
    for (i = 0; i < n; i++) jc_csv_write_field(out, fields[i], i + 1 == n);
}
