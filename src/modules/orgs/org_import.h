/*
 * org_import.h — importing org ledgers (see org_import.c).
 */
#ifndef JC_ORG_IMPORT_H
#define JC_ORG_IMPORT_H

#include "core/import.h"
#include "modules/orgs/orgs.h"

/* Import orgs from data (borrowed). Same contract as jc_members_import. Rows may come in
 * any order: a row whose parent is created by a later row waits for it. */
int jc_orgs_import(jc_ctx *ctx, const char *data, size_t len, int skip_invalid,
                   jc_import_err_fn on_err, void *arg, jc_import_report *rep, jc_err *err);

/* The org ledger (the org and its subtree, or its direct children) as csv|xlsx. */
int jc_orgs_export(jc_ctx *ctx, const char *org_code, int subtree, const char *format,
                   const char *path, int64_t *rows, jc_err *err);

#endif
