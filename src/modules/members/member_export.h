/*
 * member_export.h — the member ledger as a file (see member_export.c).
 */
#ifndef JC_MEMBER_EXPORT_H
#define JC_MEMBER_EXPORT_H

#include "core/import.h"
#include "modules/members/members.h"
#include "modules/stats/stats.h"

/* Members of org_code (its whole subtree when subtree) into path as format csv|xlsx. */
int jc_members_export(jc_ctx *ctx, const char *org_code, int subtree, const char *format,
                      const char *path, int64_t *rows, jc_err *err);

#endif
