/*
 * strmap.c — see strmap.h. FNV-1a hashing, linear probing, grows at 1/2 load.
 */
#include "util/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

static size_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return (size_t)(h ^ (h >> 29));
}

void jc_strmap_init(jc_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void jc_strmap_free(jc_strmap *m, void (*free_val)(void *))
{
    size_t i;
    for (i = 0; i < m->cap; i++) {
        if (!m->keys[i]) continue;
        free(m->keys[i]);
        if (free_val) free_val(m->vals[i]);
    }
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

static size_t find_slot(char **keys, size_t cap, const char *key)
{
    size_t i = hash(key) & (cap - 1);
    while (keys[i] && strcmp(keys[i], key)) i = (i + 1) & (cap - 1);
    return i;
}

void *jc_strmap_get(const jc_strmap *m, const char *key)
{
    size_t i;
    if (!m->cap) return NULL;
    i = find_slot(m->keys, m->cap, key);
    return m->keys[i] ? m->vals[i] : NULL;
}

static void grow(jc_strmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64, i;
    char **nk = xcalloc(ncap, sizeof *nk);
    void **nv = xcalloc(ncap, sizeof *nv);
    for (i = 0; i < m->cap; i++) {
        size_t j;
        if (!m->keys[i]) continue;
        j = find_slot(nk, ncap, m->keys[i]);
        nk[j] = m->keys[i];
        nv[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = nk;
    m->vals = nv;
    m->cap = ncap;
}

void *jc_strmap_put(jc_strmap *m, const char *key, void *val)
{
    size_t i;
    void *old;
    if ((m->len + 1) * 2 > m->cap) grow(m);
    i = find_slot(m->keys, m->cap, key);
    if (!m->keys[i]) {
        m->keys[i] = xstrdup(key);
        m->vals[i] = val;
        m->len++;
        return NULL;
    }
    old = m->vals[i];
    m->vals[i] = val;
    return old;
}
