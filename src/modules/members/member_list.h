/*
 * member_list.h — filtered, sorted, paged member lists (the list API and exports).
 */
#ifndef JC_MEMBER_LIST_H
#define JC_MEMBER_LIST_H

#include "modules/members/members.h"

typedef struct jc_member_query {
    char org_path[JC_PATH_MAX];   /* "" for everything */
    int64_t org_id;
    int subtree;                  /* with org: the whole subtree (1) or the org itself (0) */
    const char *q;                /* name, pinyin initials/full, or ID number prefix */
    const char *category, *status, *sex, *education, *age; /* codes; age: le30..gt70, ge60 */
    int mobile, lost;
    const char *sort;             /* org (default), name, birth_date, joined_on, id; '-' desc */
    long size, offset;
    int64_t total_hint;           /* >= 0: the total is known (roll-up); -1: count it */
} jc_member_query;

typedef struct jc_member_list_state {
    char hi[JC_PATH_MAX + 2];
    char org_id_text[24];
    char qesc[256];
    char age_lo[16], age_hi[16];
} jc_member_list_state;

/* Called per row; return non-zero to stop. The row is valid during the call only. */
typedef int (*jc_member_row_fn)(void *arg, const jc_member_row *row);

/* Run the query. total (may be NULL) gets the count (capped at 100000: *capped = 1). */
int jc_member_list(jc_ctx *ctx, const jc_member_query *f, jc_member_row_fn fn, void *arg,
                   int64_t *total, int *capped, jc_err *err);

#endif
