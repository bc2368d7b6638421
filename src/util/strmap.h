/*
 * strmap.h — a string → pointer hash map (open addressing, keys copied). For caches
 * inside one operation: an import's org codes, the ID numbers seen in one file.
 */
#ifndef JC_STRMAP_H
#define JC_STRMAP_H

#include <stddef.h>

typedef struct jc_strmap {
    char **keys;   /* owned copies */
    void **vals;   /* borrowed or owned per the caller (see jc_strmap_free) */
    size_t cap, len;
} jc_strmap;

void jc_strmap_init(jc_strmap *m);
/* Free the map; free_val (may be NULL) is called on every value. */
void jc_strmap_free(jc_strmap *m, void (*free_val)(void *));
/* Value for key, or NULL. */
void *jc_strmap_get(const jc_strmap *m, const char *key);
/* Insert or replace; returns the old value (or NULL). */
void *jc_strmap_put(jc_strmap *m, const char *key, void *val);

#endif
