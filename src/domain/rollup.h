/*
 * rollup.h — what one member or one org contributes to the roll-up counts of every
 * org above it (issue 2 §5, MECHANISMS B8). The columns are listed once, in rollup.def.
 * Pure: the stats module applies the vectors to the org_rollup table.
 */
#ifndef JC_ROLLUP_H
#define JC_ROLLUP_H

#include <stdint.h>

#include "domain/date.h"

enum {
#define X(col, dim, key) JC_RU_##col,
#include "domain/rollup.def"
#undef X
    JC_RU_COUNT
};

typedef struct jc_bucket {
    const char *col; /* column of org_rollup */
    const char *dim; /* dimension in the stats document */
    const char *key; /* bucket within the dimension */
} jc_bucket;

extern const jc_bucket jc_rollup_buckets[JC_RU_COUNT];

typedef struct jc_rollup {
    int64_t v[JC_RU_COUNT];
} jc_rollup;

/* The facts about one member that the counts depend on (strings borrowed). */
typedef struct jc_member_facts {
    const char *category, *sex, *education, *ethnicity, *status;
    const char *field; /* field of the member's org; NULL or "" for none */
    jc_date birth_date;
    int mobile, lost_contact;
} jc_member_facts;

/* Age band column for an age (≤30, 31–40, 41–50, 51–60, 61–70, >70). */
int jc_rollup_age_col(int age);

/* Add sign (+1/-1) times the member's contribution, ages as of as_of. */
void jc_rollup_add_member(jc_rollup *r, const jc_member_facts *f, jc_date as_of, int sign);

/* Add sign times an org's own contribution (by type and field). */
void jc_rollup_add_org(jc_rollup *r, const char *type, const char *field, int sign);

/* r += sign * d */
void jc_rollup_merge(jc_rollup *r, const jc_rollup *d, int sign);

/* True when every count is zero. */
int jc_rollup_is_zero(const jc_rollup *r);

/* Ages at which a member changes bucket (31, 41, 51, 60, 61, 71): a member born on
 * month-day X moves on the day they reach one of these. NULL-free, count in *n. */
const int *jc_rollup_boundary_ages(int *n);

#endif
