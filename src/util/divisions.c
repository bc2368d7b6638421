/*
 * divisions.c — lookups over the generated division tables (see divisions.h). The tables
 * are sorted by code, so every lookup is a binary search; nothing allocates.
 */
#include "util/divisions.h"

#include "util/err.h"

const jc_area *jc_area_find(int code)
{
    size_t lo = 0, hi = jc_areas_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jc_areas[mid].code < code) lo = mid + 1;
        else hi = mid;
    }
    if (lo < jc_areas_count && jc_areas[lo].code == code) return &jc_areas[lo];
    return NULL;
}

/* Index of the first street whose code is >= code. */
static size_t street_lower_bound(long long code)
{
    size_t lo = 0, hi = jc_streets_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jc_streets[mid].code < code) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Index of the first village whose code is >= code. */
static size_t village_lower_bound(long long code)
{
    size_t lo = 0, hi = jc_villages_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (jc_villages[mid].code < code) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

const jc_street *jc_street_find(long long code)
{
    size_t i = street_lower_bound(code);
    if (i < jc_streets_count && jc_streets[i].code == code) return &jc_streets[i];
    return NULL;
}

int jc_area_streets(int area, size_t *first, size_t *count)
{
    /* Street codes are the area code followed by three digits. */
    size_t lo = street_lower_bound((long long)area * 1000);
    size_t hi = street_lower_bound((long long)area * 1000 + 1000);
    if (hi == lo) return JC_FAIL;
    *first = lo;
    *count = hi - lo;
    return JC_OK;
}

int jc_street_villages(size_t street_index, size_t *first, size_t *count)
{
    if (street_index >= jc_streets_count) return JC_FAIL;
    long long sc = jc_streets[street_index].code;
    size_t lo = village_lower_bound(sc * 1000);
    size_t hi = village_lower_bound(sc * 1000 + 1000);
    if (hi == lo) return JC_FAIL;
    *first = lo;
    *count = hi - lo;
    return JC_OK;
}
