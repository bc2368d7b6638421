/*
 * member_import.h — importing member ledgers (see member_import.c).
 */
#ifndef JC_MEMBER_IMPORT_H
#define JC_MEMBER_IMPORT_H

#include "core/import.h"
#include "modules/members/members.h"

/* Import the file in data (borrowed). Bad rows go to on_err. Returns JC_FAIL (err) for
 * a file that cannot be read as a table or a database fault; otherwise JC_OK with the
 * report (rep->bad > 0 with skip_invalid off means nothing was written). When called
 * inside the caller's transaction, a rolled-back import leaves that transaction to the
 * caller. */
int jc_members_import(jc_ctx *ctx, const char *data, size_t len, const char *file_name,
                      int skip_invalid, jc_import_err_fn on_err, void *arg,
                      jc_import_report *rep, jc_err *err);

#endif
