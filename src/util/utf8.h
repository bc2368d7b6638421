/*
 * utf8.h — strict UTF-8 checking and decoding. Every string that reaches the database
 * or a JSON response is UTF-8; this is where "valid" is defined: the well-formed byte
 * sequences of Unicode 15, Table 3-7 (no overlong forms, no surrogates D800..DFFF,
 * nothing above U+10FFFF). Invalid input is never guessed at: a decoder step over a
 * bad sequence yields U+FFFD and consumes its "maximal subpart" (the WHATWG / Unicode
 * recommended practice), so every consumer replaces the same bytes the same way.
 *
 * All functions take (pointer, length); NUL bytes are ordinary (valid) code points.
 */
#ifndef JC_UTF8_H
#define JC_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define JC_UTF8_REPLACEMENT 0xFFFDu

/* 1 when s[0..n) is entirely well-formed UTF-8, else 0. A sequence cut off by the end
 * of the buffer is invalid. s is borrowed; s may be NULL when n is 0. */
int jc_utf8_valid(const char *s, size_t n);

/* Length of the longest well-formed prefix of s[0..n): n when valid, otherwise the byte
 * offset of the first invalid (or truncated) sequence. s is borrowed. */
size_t jc_utf8_prefix(const char *s, size_t n);

/* Number of code points in s[0..n). Each invalid maximal subpart counts as one (it would
 * be shown as one U+FFFD), so the count matches what jc_utf8_next would step through.
 * Use it for "at most N characters" limits. s is borrowed. */
size_t jc_utf8_count(const char *s, size_t n);

/* Decode one code point at *p; requires *p < end. On a well-formed sequence stores the
 * code point in *cp, advances *p past it and returns JC_OK. Otherwise stores U+FFFD,
 * advances *p past the maximal subpart (at least one byte) and returns JC_FAIL.
 * *p and end are borrowed. */
int jc_utf8_next(const char **p, const char *end, uint32_t *cp);

/* Length (2..4) of the well-formed multi-byte sequence at s, with its code point in
 * *cp; or minus the length of its maximal invalid subpart (-1..-3), *cp untouched.
 * Requires s < end and *s >= 0x80. The first continuation byte's allowed range depends
 * on the lead byte: that is what rules out overlongs (E0, F0), surrogates (ED) and
 * values above U+10FFFF (F4); C0, C1 and F5..FF never lead. Inline because the JSON
 * writer and the validator call it once per non-ASCII character. */
static inline int jc_utf8_seq(const unsigned char *s, const unsigned char *end,
                              uint32_t *cp)
{
    unsigned char c = s[0], lo = 0x80, hi = 0xBF;
    uint32_t v;
    int need, i;

    if (c >= 0xC2 && c <= 0xDF) {
        need = 1; v = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2; v = c & 0x0Fu;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3; v = c & 0x07u;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return -1;
    }
    for (i = 1; i <= need; i++) {
        if (end - s <= i || s[i] < lo || s[i] > hi) return -i;
        v = (v << 6) | (s[i] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return need + 1;
}

/* Encode cp (<= U+10FFFF, not a surrogate) into out[0..4); returns the byte count, or 0
 * when cp is not a Unicode scalar value. out is the caller's. */
size_t jc_utf8_encode(uint32_t cp, char out[4]);

#endif
