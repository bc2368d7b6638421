/*
 * jbuf.c — growable buffer and streaming JSON writer. See jbuf.h.
 *
 * List endpoints write tens of thousands of pages a second, so the hot paths avoid
 * printf and per-byte appends: capacity doubles (amortized O(1) appends), string
 * escaping scans eight ASCII bytes at a time and copies whole runs of plain text (valid
 * UTF-8 included) with one memcpy, integers are formatted two digits at a time from a
 * table, and doubles that are short decimals (amounts, rates) skip printf/strtod.
 * Comma placement is a per-depth "container still empty" flag plus "a key was just
 * written", so callers never write separators.
 *
 * Top level (depth 0) takes no commas: a buffer normally holds one JSON value, and raw
 * bytes written around it with jb_append are the caller's business.
 */
#include "util/jbuf.h"

#include "util/err.h"
#include "util/mem.h"
#include "util/utf8.h"

#include <assert.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- storage --------------------------------------------------------------------- */

static void grow(jbuf *b, size_t need)
{
    size_t cap = b->cap ? b->cap : 256;
    if (need > ((size_t)-1) / 2) {
        fprintf(stderr, "jiceng: jbuf size overflow\n");
        abort();
    }
    while (cap < need) cap *= 2;
    b->p = xrealloc(b->p, cap);
    b->cap = cap;
}

/* Make room for n more bytes plus the terminating NUL. */
static inline void reserve(jbuf *b, size_t n)
{
    if (b->cap - b->len <= n) grow(b, b->len + n + 1);
}

/* Append without terminating; callers finish with term(). */
static inline void put(jbuf *b, const void *s, size_t n)
{
    reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static inline void putc1(jbuf *b, char c)
{
    reserve(b, 1);
    b->p[b->len++] = c;
}

static inline void term(jbuf *b)
{
    b->p[b->len] = '\0';
}

void jb_init(jbuf *b)
{
    memset(b, 0, sizeof *b);
    b->first[0] = 1;
}

void jb_free(jbuf *b)
{
    free(b->p);
    jb_init(b);
}

void jb_reset(jbuf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = '\0';
    b->depth = 0;
    b->first[0] = 1;
    b->after_key = 0;
}

char *jb_steal(jbuf *b, size_t *len)
{
    char *p = b->p;
    if (len) *len = b->len;
    if (!p) p = xstrdup("");
    jb_init(b);
    return p;
}

void jb_append(jbuf *b, const char *s, size_t n)
{
    put(b, s, n);
    term(b);
}

void jb_puts(jbuf *b, const char *s)
{
    jb_append(b, s, strlen(s));
}

void jb_printf(jbuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    size_t avail;
    int r;

    reserve(b, 64);
    avail = b->cap - b->len;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    r = vsnprintf(b->p + b->len, avail, fmt, ap);
    if (r > 0 && (size_t)r >= avail) {
        reserve(b, (size_t)r);
        r = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap2);
    }
    va_end(ap2);
    va_end(ap);
    if (r > 0) b->len += (size_t)r;
    term(b);
}

/* ---- JSON structure -------------------------------------------------------------- */

/* The emptiness flag of the current container; depth beyond JB_MAX_DEPTH is a bug in
 * the caller (our documents are shallow), kept memory-safe by sharing the last slot. */
static inline unsigned char *slot(jbuf *b)
{
    assert(b->depth >= 0 && b->depth < JB_MAX_DEPTH);
    return &b->first[b->depth < JB_MAX_DEPTH ? b->depth : JB_MAX_DEPTH - 1];
}

/* Called before every value and key: writes the comma when one is due. */
static inline void sep(jbuf *b)
{
    unsigned char *f;
    if (b->after_key) {
        b->after_key = 0;
        return;
    }
    if (b->depth == 0) return;
    f = slot(b);
    if (!*f) putc1(b, ',');
    *f = 0;
}

static void open_container(jbuf *b, char c)
{
    sep(b);
    putc1(b, c);
    term(b);
    b->depth++;
    *slot(b) = 1;
}

static void close_container(jbuf *b, char c)
{
    assert(b->depth > 0 && !b->after_key);
    if (b->depth > 0) b->depth--;
    b->after_key = 0;
    putc1(b, c);
    term(b);
}

void jb_obj_open(jbuf *b) { open_container(b, '{'); }
void jb_obj_close(jbuf *b) { close_container(b, '}'); }
void jb_arr_open(jbuf *b) { open_container(b, '['); }
void jb_arr_close(jbuf *b) { close_container(b, ']'); }

/* ---- strings --------------------------------------------------------------------- */

/* 0: copy as is; 1: needs a backslash escape; 2: start of a multi-byte sequence. */
static const unsigned char esc_class[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* '"' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, /* '\\' */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};

static const char hexdig[] = "0123456789abcdef";

static void put_escape(jbuf *b, unsigned char c)
{
    char e[6] = {'\\', 'u', '0', '0', 0, 0};
    switch (c) {
    case '"': put(b, "\\\"", 2); return;
    case '\\': put(b, "\\\\", 2); return;
    case '\n': put(b, "\\n", 2); return;
    case '\r': put(b, "\\r", 2); return;
    case '\t': put(b, "\\t", 2); return;
    case '\b': put(b, "\\b", 2); return;
    case '\f': put(b, "\\f", 2); return;
    default:
        e[4] = hexdig[c >> 4];
        e[5] = hexdig[c & 15];
        put(b, e, 6);
    }
}

/* 1 when one of the 8 bytes in w needs attention: a control character, '"', '\\' or a
 * byte >= 0x80. The "has zero byte" borrow tricks are exact as booleans when every
 * byte is ASCII; when one is not, the answer is 1 anyway. */
static inline int word_special(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t ctl = (w - ones * 0x20) & ~w;  /* bytes < 0x20 (when high bit clear) */
    uint64_t q = w ^ (ones * '"'), bs = w ^ (ones * '\\');
    uint64_t hit = ctl | ((q - ones) & ~q) | ((bs - ones) & ~bs);
    return ((hit | w) & high) != 0;
}

/* Write s[0..n) as a JSON string. Plain ASCII (8 bytes at a time) and well-formed
 * multi-byte sequences stay in one run that is copied with one memcpy; the run is cut
 * only for an escape or for an invalid subpart, which becomes U+FFFD. */
static void put_string(jbuf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str, *end = s + n, *run = s;
    uint64_t w;
    uint32_t cp;
    int r;

    reserve(b, n + 2); /* the common case: nothing to escape */
    b->p[b->len++] = '"';
    while (s < end) {
        if ((size_t)(end - s) >= 8) {
            memcpy(&w, s, 8);
            if (!word_special(w)) {
                s += 8;
                continue;
            }
        }
        switch (esc_class[*s]) {
        case 0:
            s++;
            break;
        case 2:
            r = jc_utf8_seq(s, end, &cp);
            if (r > 0) {
                s += r;
                break;
            }
            put(b, run, (size_t)(s - run));
            put(b, "\xEF\xBF\xBD", 3);
            s += -r;
            run = s;
            break;
        default:
            put(b, run, (size_t)(s - run));
            put_escape(b, *s++);
            run = s;
        }
    }
    put(b, run, (size_t)(s - run));
    putc1(b, '"');
    term(b);
}

void jb_key(jbuf *b, const char *key)
{
    assert(b->depth > 0 && !b->after_key);
    sep(b);
    put_string(b, key, strlen(key));
    putc1(b, ':');
    term(b);
    b->after_key = 1;
}

void jb_strn(jbuf *b, const char *s, size_t n)
{
    if (!s) {
        jb_null(b);
        return;
    }
    sep(b);
    put_string(b, s, n);
}

void jb_str(jbuf *b, const char *s)
{
    jb_strn(b, s, s ? strlen(s) : 0);
}

/* ---- numbers and literals -------------------------------------------------------- */

static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static void put_number(jbuf *b, const char *s, size_t n)
{
    sep(b);
    put(b, s, n);
    term(b);
}

/* Digits of u, right-aligned so they end at e; returns where they start. */
static char *fmt_u64(char *e, uint64_t u)
{
    char *q = e;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        q -= 2;
        memcpy(q, digits2 + r * 2, 2);
    }
    if (u >= 10) {
        q -= 2;
        memcpy(q, digits2 + u * 2, 2);
    } else {
        *--q = (char)('0' + u);
    }
    return q;
}

void jb_int(jbuf *b, int64_t v)
{
    char tmp[24];
    char *e = tmp + sizeof tmp, *q;

    q = fmt_u64(e, v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v);
    if (v < 0) *--q = '-';
    put_number(b, q, (size_t)(e - q));
}

static const double pow10tab[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};

/* Fast path for the values we mostly carry (amounts, rates, counts): v = m / 10^d
 * exactly after IEEE division, with |m| < 10^15 and 1e-4 <= |v| < 1e15. Then "m with a
 * point d digits from the right" parses back to v (strtod and the division round the
 * same real number), has at most 15 digits, so it is what %.15g prints, hence shortest;
 * the range keeps %g's fixed notation so both paths format alike. Returns the length
 * written at the end of tmp (ending at e), 0 when v does not fit. */
static size_t fmt_decimal(char *e, double v, char **start)
{
    double a = fabs(v), t;
    int64_t m = 0;
    int d;
    char *q, *dst;
    size_t nd;

    if (!(a >= 1e-4 && a < 1e15)) return 0;
    for (d = 0; d <= 8; d++) {
        t = a * pow10tab[d];
        if (t >= 1e15) return 0;
        m = (int64_t)(t + 0.5); /* any rounding will do: the test below is exact */
        if ((double)m / pow10tab[d] == a) break;
    }
    if (d > 8) return 0;
    q = fmt_u64(e, (uint64_t)m);
    nd = (size_t)(e - q);
    if (d > 0) {
        while (nd <= (size_t)d) { /* 0.05: pad to at least one integer digit */
            *--q = '0';
            nd++;
        }
        dst = q - 1; /* shift the integer part left by one, put the point */
        memmove(dst, q, nd - (size_t)d);
        dst[nd - (size_t)d] = '.';
        q = dst;
        nd++;
    }
    if (v < 0) {
        *--q = '-';
        nd++;
    }
    *start = q;
    return nd;
}

void jb_double(jbuf *b, double v)
{
    char tmp[48];
    char *start, *c;
    int prec, n = 0;
    size_t len;

    if (!isfinite(v)) {
        jb_null(b);
        return;
    }
    if (v == 0) {
        put_number(b, signbit(v) ? "-0" : "0", signbit(v) ? 2 : 1);
        return;
    }
    len = fmt_decimal(tmp + sizeof tmp, v, &start);
    if (len) {
        put_number(b, start, len);
        return;
    }
    /* A double round-trips through 17 significant digits. For a normal double, any
     * decimal of 15 digits or fewer that round-trips is what %.15g prints (DBL_DIG is
     * 15: such decimals are further apart than the double's rounding error), so trying
     * 15, 16, 17 finds the shortest in at most three steps. Subnormals carry fewer
     * bits, so for them (rare) the search starts at one digit. */
    prec = fabs(v) < DBL_MIN ? 1 : 15;
    for (; prec <= 17; prec++) {
        n = snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (prec == 17 || strtod(tmp, NULL) == v) break;
    }
    /* A stray LC_NUMERIC must not turn 1.5 into "1,5" in JSON. */
    for (c = tmp; *c; c++)
        if (*c == ',') *c = '.';
    put_number(b, tmp, (size_t)n);
}

void jb_bool(jbuf *b, int v)
{
    sep(b);
    if (v)
        put(b, "true", 4);
    else
        put(b, "false", 5);
    term(b);
}

void jb_null(jbuf *b)
{
    sep(b);
    put(b, "null", 4);
    term(b);
}

void jb_raw_value(jbuf *b, const char *json)
{
    sep(b);
    put(b, json, strlen(json));
    term(b);
}

/* ---- key + value ----------------------------------------------------------------- */

void jb_kstr(jbuf *b, const char *key, const char *s)
{
    jb_key(b, key);
    jb_str(b, s);
}

void jb_kint(jbuf *b, const char *key, int64_t v)
{
    jb_key(b, key);
    jb_int(b, v);
}

void jb_kbool(jbuf *b, const char *key, int v)
{
    jb_key(b, key);
    jb_bool(b, v);
}

void jb_knull(jbuf *b, const char *key)
{
    jb_key(b, key);
    jb_null(b);
}
