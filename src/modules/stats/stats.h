/*
 * stats.h — the roll-up (issue 2 §5): per-org counts of the whole subtree, stored in
 * org_rollup and kept exact in the same transaction as every change.
 *
 *   jc_stats_apply    add a delta to an org and all its ancestors (path "/1/7/42/")
 *   jc_stats_rebuild  recompute every row from the org and member tables (after bulk
 *                     loads: demo, import); ages as of `as_of`
 *   jc_stats_advance  move members whose age band changed since meta rollup_as_of to
 *                     their new band, day by day up to today (a rebuild when far behind)
 *   jc_stats_get      read one org's row
 */
#ifndef JC_STATS_H
#define JC_STATS_H

#include <stdint.h>

#include "core/ctx.h"
#include "domain/rollup.h"
#include "util/jbuf.h"

/* Read a member's facts from 8 consecutive columns starting at col, in this order:
 * category, sex, birth_date, education, ethnicity, status, mobile, lost_contact (the
 * strings stay valid until the statement moves). field is left NULL. */
#define JC_FACT_COLS "category, sex, birth_date, education, ethnicity, status, mobile, lost_contact"
void jc_stats_read_facts(jc_stmt *st, int col, jc_member_facts *f);

int jc_stats_apply(jc_db *db, const char *path, const jc_rollup *delta, jc_err *err);
int jc_stats_rebuild(jc_db *db, jc_date as_of, jc_err *err);
int jc_stats_advance(jc_db *db, jc_date today, jc_err *err);
int jc_stats_get(jc_db *db, int64_t org_id, jc_rollup *out, jc_err *err);

/* Write the stats document of one org (counts by dimension, shares, direct children's
 * totals for drill-down) as a JSON object into b. org_code is borrowed. */
int jc_stats_write_json(jc_ctx *ctx, const char *org_code, jbuf *b, jc_err *err);

/* Make sure an org_rollup row exists for a new org (all zero). */
int jc_stats_init_org(jc_db *db, int64_t org_id, jc_err *err);

#endif
