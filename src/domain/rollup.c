/*
 * rollup.c — member and org contributions to the roll-up counts. See rollup.h.
 */
#include "domain/rollup.h"

#include <string.h>

#include "domain/codes.h"

const jc_bucket jc_rollup_buckets[JC_RU_COUNT] = {
#define X(col, dim, key) {#col, dim, key},
#include "domain/rollup.def"
#undef X
};

static const int boundary_ages[] = {31, 41, 51, 60, 61, 71};

const int *jc_rollup_boundary_ages(int *n)
{
    *n = (int)(sizeof boundary_ages / sizeof boundary_ages[0]);
    return boundary_ages;
}

int jc_rollup_age_col(int age)
{
    if (age <= 30) return JC_RU_m_age_le30;
    if (age <= 40) return JC_RU_m_age_31_40;
    if (age <= 50) return JC_RU_m_age_41_50;
    if (age <= 60) return JC_RU_m_age_51_60;
    if (age <= 70) return JC_RU_m_age_61_70;
    return JC_RU_m_age_gt70;
}

/* Column of bucket `key` among columns lo..hi (one dimension), or -1. Searching one
 * dimension's few columns keeps this cheap on the bulk rebuild path. */
static int col_in(int lo, int hi, const char *key)
{
    int i;
    if (!key) return -1;
    for (i = lo; i <= hi; i++)
        if (!strcmp(jc_rollup_buckets[i].key, key)) return i;
    return -1;
}

static void add_col(jc_rollup *r, int col, int sign)
{
    if (col >= 0) r->v[col] += sign;
}

void jc_rollup_add_member(jc_rollup *r, const jc_member_facts *f, jc_date as_of, int sign)
{
    int age = jc_age_on(f->birth_date, as_of);
    const char *field = f->field && *f->field ? f->field : "none";
    r->v[JC_RU_m_all] += sign;
    add_col(r, col_in(JC_RU_m_full, JC_RU_m_probationary, f->category), sign);
    add_col(r, col_in(JC_RU_m_male, JC_RU_m_female, f->sex), sign);
    r->v[jc_rollup_age_col(age)] += sign;
    if (age >= 60) r->v[JC_RU_m_age_ge60] += sign;
    add_col(r, col_in(JC_RU_m_edu_10, JC_RU_m_edu_90, f->education), sign);
    if (f->education && jc_education_le_junior(f->education)) r->v[JC_RU_m_edu_le_junior] += sign;
    if (f->ethnicity && !strcmp(f->ethnicity, "01")) r->v[JC_RU_m_han] += sign;
    else r->v[JC_RU_m_minority] += sign;
    add_col(r, col_in(JC_RU_m_field_village, JC_RU_m_field_none, field), sign);
    if (f->mobile) r->v[JC_RU_m_mobile] += sign;
    if (f->lost_contact) r->v[JC_RU_m_lost] += sign;
    add_col(r, col_in(JC_RU_m_status_normal, JC_RU_m_status_discipline_probation, f->status), sign);
}

void jc_rollup_add_org(jc_rollup *r, const char *type, const char *field, int sign)
{
    r->v[JC_RU_o_all] += sign;
    add_col(r, col_in(JC_RU_o_committee, JC_RU_o_group, type), sign);
    add_col(r, col_in(JC_RU_o_field_village, JC_RU_o_field_none, field && *field ? field : "none"), sign);
}

void jc_rollup_merge(jc_rollup *r, const jc_rollup *d, int sign)
{
    int i;
    for (i = 0; i < JC_RU_COUNT; i++) r->v[i] += sign * d->v[i];
}

int jc_rollup_is_zero(const jc_rollup *r)
{
    int i;
    for (i = 0; i < JC_RU_COUNT; i++)
        if (r->v[i]) return 0;
    return 1;
}
