/*
 * jbuf.h — a growable byte buffer with a streaming JSON writer on top. Responses are
 * written straight into it (no intermediate tree), which keeps list endpoints fast.
 * Commas are inserted automatically; keys and strings are escaped (RFC 8259), and
 * invalid UTF-8 is never written (bytes that are not valid UTF-8 become U+FFFD).
 */
#ifndef JC_JBUF_H
#define JC_JBUF_H

#include <stddef.h>
#include <stdint.h>

#define JB_MAX_DEPTH 32

typedef struct jbuf {
    char *p;          /* owned; NUL-terminated after any write */
    size_t len, cap;
    int depth;
    unsigned char first[JB_MAX_DEPTH]; /* 1 while the container at that depth is empty */
    int after_key;    /* a key was just written: next value takes no comma */
} jbuf;

void jb_init(jbuf *b);
void jb_free(jbuf *b);
void jb_reset(jbuf *b);                        /* empty, keep memory */
char *jb_steal(jbuf *b, size_t *len);          /* caller frees; b is reset */

/* Raw bytes (not JSON-aware). */
void jb_append(jbuf *b, const char *s, size_t n);
void jb_puts(jbuf *b, const char *s);
void jb_printf(jbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* JSON writer. */
void jb_obj_open(jbuf *b);
void jb_obj_close(jbuf *b);
void jb_arr_open(jbuf *b);
void jb_arr_close(jbuf *b);
void jb_key(jbuf *b, const char *key);
void jb_str(jbuf *b, const char *s);           /* NULL writes null */
void jb_strn(jbuf *b, const char *s, size_t n);
void jb_int(jbuf *b, int64_t v);
void jb_double(jbuf *b, double v);             /* shortest round-trip, finite only */
void jb_bool(jbuf *b, int v);
void jb_null(jbuf *b);
void jb_raw_value(jbuf *b, const char *json);  /* pre-encoded JSON value */

/* key + value shorthands */
void jb_kstr(jbuf *b, const char *key, const char *s);
void jb_kint(jbuf *b, const char *key, int64_t v);
void jb_kbool(jbuf *b, const char *key, int v);
void jb_knull(jbuf *b, const char *key);

#endif
