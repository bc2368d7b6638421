/*
 * mem.h — allocation that aborts on out-of-memory (STYLE habit 3): callers never test
 * for NULL. Request sizes are bounded elsewhere, so no client can drive these without bound.
 */
#ifndef JC_MEM_H
#define JC_MEM_H
#include <stddef.h>

void *xmalloc(size_t n);            /* caller frees */
void *xcalloc(size_t n, size_t sz); /* caller frees */
void *xrealloc(void *p, size_t n);  /* takes ownership of p; caller frees result */
char *xstrdup(const char *s);       /* caller frees; NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
#endif
