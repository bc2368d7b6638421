/*
 * demo.h — the demo-data generator: an empty database becomes a plausible district
 * (区委 → street working committees → communities, villages, agencies, enterprises and
 * other units → branches → groups) with a member archive whose make-up follows the
 * published national Party statistics (docs/DEMO_DATA.md lists the figures and their
 * sources). Street, community and village names are real (util/divisions); people,
 * companies and phone numbers are invented. Used by `jiceng demo` and by tests.
 */
#ifndef JC_DEMO_H
#define JC_DEMO_H

#include <stdint.h>

#include "domain/date.h"
#include "store/db.h"
#include "util/err.h"

typedef struct jc_demo_opts {
    long orgs;      /* exact number of org rows, every node including groups; >= 1 */
    long members;   /* exact number of member rows; >= 0 (needs orgs >= 2 when > 0) */
    uint64_t seed;  /* same opts → byte-identical rows */
    int district;   /* GB/T 2260 code of a demo district (jc_demo_districts); 0 = 320703 */
    jc_date today;  /* the only date the generator knows: ages, terms, created_at */
} jc_demo_opts;

/* Fill db, which must be migrated and hold no org (else 409 DB_NOT_EMPTY), with
 * o->orgs orgs and o->members members, then rebuild the roll-up (jc_stats_rebuild as of
 * o->today). Runs in one transaction of its own (db must not be inside one): on failure
 * nothing is left behind. Bad options give 400 DEMO_OPTS / DEMO_DISTRICT. db and o are
 * borrowed. */
int jc_demo_generate(jc_db *db, const jc_demo_opts *o, jc_err *err);

#endif
