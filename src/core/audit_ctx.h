/*
 * audit_ctx.h — the audit trail as the modules use it: one call per change, inside the
 * change's transaction, with who acts taken from the ctx; and one call for the entries
 * that record something refused or read (login_failed, authz_denied, pii_read), which
 * must be committed on their own because nothing else is.
 */
#ifndef JC_AUDIT_CTX_H
#define JC_AUDIT_CTX_H

#include "audit/audit.h"
#include "core/ctx.h"
#include "util/jbuf.h"

/* Append an "ok" entry for ctx's account (or its actor) in the transaction that is open
 * on ctx->db (500 AUDIT_NO_TX otherwise). object ("member:12"), org_path and detail (a
 * JSON object; it must not hold personal fields unmasked) may be NULL. Borrowed. */
int jc_audit_ctx(jc_ctx *ctx, const char *action, const char *object, const char *org_path,
                 const char *detail, jc_err *err);

/* The one entry of an import ("member.import", "org.import"), in its transaction, under
 * the importing account's subtree: file name, rows, valid, invalid, skip_invalid and
 * the batch id (0 when none). */
int jc_audit_import(jc_ctx *ctx, const char *action, const char *file_name, long rows, long ok,
                    long bad, int skip_invalid, int64_t batch, jc_err *err);

/* A pii_read entry for ctx's account, committed on its own (no transaction may be
 * open): personal fields went out unmasked. object ("member:12", "members", "export")
 * and org_path may be NULL; detail a JSON object (ids or a count). Borrowed. */
int jc_audit_pii_read(jc_ctx *ctx, const char *object, const char *org_path, const char *detail,
                      jc_err *err);

/* Append e in a transaction of its own (begin, append, commit). For entries that record
 * a refusal or a read. Must be called with no transaction open. */
int jc_audit_alone(jc_db *db, const jc_audit_entry *e, jc_err *err);

/* The JSON of a diff between two records' field tables for the audit detail:
 * {"before":{...},"after":{...}[,"note":...]} with only the fields that differ, personal
 * (PII) fields masked; `before` or `after` may be NULL (creation: only "after", all
 * fields). Writes into b (reset first). fields/n: the record's jc_field table; note may
 * be NULL. */
struct jc_field;
void jc_audit_diff(jbuf *b, const struct jc_field *fields, size_t n, const void *before,
                   const void *after, const char *note);

#endif
