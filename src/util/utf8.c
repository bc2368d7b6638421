/*
 * utf8.c — strict UTF-8 validation and decoding. See utf8.h.
 *
 * ASCII dominates our data (ID numbers, dates, codes, JSON punctuation), so the
 * validator and the counter skip eight ASCII bytes at a time before falling back to the
 * sequence decoder (jc_utf8_seq, inline in utf8.h).
 */
#include "util/utf8.h"

#include "util/err.h"

#include <assert.h>
#include <string.h>

#define HIGH_BITS 0x8080808080808080ull

/* Bytes from s that are ASCII, checked a word at a time; stops at the first byte >= 0x80
 * or at end. */
static const unsigned char *skip_ascii(const unsigned char *s, const unsigned char *end)
{
    uint64_t w;
    while ((size_t)(end - s) >= 8) {
        memcpy(&w, s, 8);
        if (w & HIGH_BITS) break;
        s += 8;
    }
    while (s < end && *s < 0x80) s++;
    return s;
}

size_t jc_utf8_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    uint32_t cp;
    int r;

    if (n == 0) return 0;
    for (;;) {
        p = skip_ascii(p, end);
        if (p == end) return n;
        r = jc_utf8_seq(p, end, &cp);
        if (r < 0) return (size_t)(p - (const unsigned char *)s);
        p += r;
    }
}

int jc_utf8_valid(const char *s, size_t n)
{
    return jc_utf8_prefix(s, n) == n;
}

size_t jc_utf8_count(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n, *a;
    size_t count = 0;
    uint32_t cp;
    int r;

    if (n == 0) return 0;
    for (;;) {
        a = skip_ascii(p, end);
        count += (size_t)(a - p);
        p = a;
        if (p == end) return count;
        r = jc_utf8_seq(p, end, &cp);
        p += r < 0 ? -r : r;
        count++;
    }
}

int jc_utf8_next(const char **p, const char *end, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)*p;
    int r;

    assert(*p < end);
    if (*s < 0x80) {
        *cp = *s;
        *p += 1;
        return JC_OK;
    }
    r = jc_utf8_seq(s, (const unsigned char *)end, cp);
    if (r < 0) {
        *cp = JC_UTF8_REPLACEMENT;
        *p += -r;
        return JC_FAIL;
    }
    *p += r;
    return JC_OK;
}

size_t jc_utf8_encode(uint32_t cp, char out[4])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF) return 0;
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
