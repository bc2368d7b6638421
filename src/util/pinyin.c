/*
 * pinyin.c — search keys for names and matching against them (see pinyin.h), over the
 * tables generated from pinyin-pro (pinyin_table.h). A name is read as a sequence of
 * syllables; the key is written in two passes over the name, the first to find how
 * many syllables fit in the caller's buffer, so that no scratch memory is needed.
 */
#include "util/pinyin.h"

#include "util/pinyin_table.h"

#include <assert.h>
#include <stdint.h>

/* One syllable of a name: len bytes at s, lower-cased on output when ascii is set. */
typedef struct syllable {
    const char *s;
    size_t len;
    int ascii;
} syllable;

static int is_alnum(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Decode one UTF-8 sequence at p (n >= 1 bytes remain before the NUL is reached; the
 * string is NUL-terminated, so continuation checks stop there). Returns the code point
 * and sets *used; an invalid, overlong or truncated sequence gives 0xFFFD for 1 byte. */
static uint32_t utf8_next(const unsigned char *p, size_t *used)
{
    uint32_t c = p[0];
    size_t n;
    uint32_t min;
    if (c < 0x80) { *used = 1; return c; }
    if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; min = 0x10000; }
    else { *used = 1; return 0xFFFD; }
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) { *used = 1; return 0xFFFD; }
        c = (c << 6) | (p[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) { *used = 1; return 0xFFFD; }
    *used = n;
    return c;
}

/* The surname reading of cp (an index into jc_py_syllables), or 0 when it has none
 * different from its ordinary one. */
static unsigned surname_syllable(uint32_t cp)
{
    size_t lo = 0, hi = jc_py_surnames_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jc_py_surnames[mid].cp < cp) lo = mid + 1;
        else hi = mid;
    }
    if (lo < jc_py_surnames_count && jc_py_surnames[lo].cp == cp) return jc_py_surnames[lo].syl;
    return 0;
}

/* Read the next syllable of the name at *pp into *out and advance *pp past it. nth is
 * how many syllables came before (the first one may take a surname reading). Returns 0
 * at the end of the name. */
static int next_syllable(const char **pp, size_t nth, syllable *out)
{
    const unsigned char *p = (const unsigned char *)*pp;
    while (*p) {
        if (is_alnum(*p)) {
            const unsigned char *start = p;
            while (is_alnum(*p)) p++;
            out->s = (const char *)start;
            out->len = (size_t)(p - start);
            out->ascii = 1;
            *pp = (const char *)p;
            return 1;
        }
        size_t used;
        uint32_t cp = utf8_next(p, &used);
        p += used;
        if (cp < JC_PY_FIRST || cp > JC_PY_LAST) continue;
        unsigned syl = jc_py_index[cp - JC_PY_FIRST];
        if (syl == 0) continue;
        if (nth == 0) {
            unsigned sur = surname_syllable(cp);
            if (sur != 0) syl = sur;
        }
        const char *s = jc_py_syllables[syl];
        size_t len = 0;
        while (len < JC_PY_SYL_CAP && s[len]) len++;
        out->s = s;
        out->len = len;
        out->ascii = 0;
        *pp = (const char *)p;
        return 1;
    }
    *pp = (const char *)p;
    return 0;
}

void jc_pinyin_key(const char *utf8_name, char *out, size_t cap)
{
    if (cap == 0) return;
    out[0] = '\0';
    if (!utf8_name) return;

    /* Pass 1: how many leading syllables fit, with one initial each, the space and
     * the NUL. */
    const char *p = utf8_name;
    syllable sy;
    size_t k = 0, full = 0;
    while (next_syllable(&p, k, &sy)) {
        if ((k + 1) + 1 + (full + sy.len) + 1 > cap) break;
        k++;
        full += sy.len;
    }
    if (k == 0) return;

    /* Pass 2: the full part first (so the key sorts in pinyin order), then the space
     * and the initials. */
    char *fp = out, *ini = out + full + 1;
    out[full] = ' ';
    p = utf8_name;
    for (size_t i = 0; i < k; i++) {
        int ok = next_syllable(&p, i, &sy);
        assert(ok); /* pass 1 saw at least k syllables: the same walk */
        (void)ok;
        for (size_t j = 0; j < sy.len; j++) fp[j] = sy.ascii ? lower(sy.s[j]) : sy.s[j];
        *ini++ = fp[0];
        fp += sy.len;
    }
    *ini = '\0';
}

/* Whether a query byte is ignored when matching. */
static int query_skip(char c)
{
    return c == ' ' || c == '\'' || c == '\t';
}

/* Does the query q (skipping ignored bytes, lower-cased) match s from its start, without
 * running past end? */
static int match_here(const char *s, const char *end, const char *q)
{
    for (; *q; q++) {
        if (query_skip(*q)) continue;
        if (s >= end || *s != lower(*q)) return 0;
        s++;
    }
    return 1;
}

int jc_pinyin_matches(const char *key, const char *query)
{
    if (!query) return 1;
    const char *q = query;
    while (*q && query_skip(*q)) q++;
    if (!*q) return 1;
    if (!key) return 0;

    /* key = "full initials": a prefix of the initials, or anywhere in the full part */
    const char *sp = key;
    while (*sp && *sp != ' ') sp++;
    if (*sp) {
        const char *ini = sp + 1, *iend = ini;
        while (*iend) iend++;
        if (match_here(ini, iend, q)) return 1;
    }
    for (const char *s = key; s < sp; s++) {
        if (match_here(s, sp, q)) return 1;
    }
    return 0;
}
