/*
 * audit.h — the append-only, hash-chained audit trail (等保 8.1.4.3 安全审计; 网络安全法
 * 第二十一条: logs kept at least six months).
 *
 * Every mutation, login, logout, failed login, refused authorization and unmasked read
 * of personal data is one row of audit_log, written by jc_audit_append INSIDE the
 * transaction of the change it records, so a change and its entry commit or roll back
 * together. Each row carries
 *     hash = hex SM3( prev_hash || canonical(row) )
 * where prev_hash is the previous row's hash (64 zeros for the first row ever, or the
 * anchor's hash after a purge) and canonical() is a length-prefixed serialization of
 * id, at, account, org_path, action, object, result and detail (NULL and "" differ).
 * Ids are consecutive (last id + 1, inserted explicitly), so jc_audit_verify detects a
 * changed row (hash mismatch), a removed row (id gap, or prev_hash not the previous
 * row's hash) and rows moved or swapped (prev_hash / hash no longer line up).
 *
 * Limits (see docs/SECURITY.md): the chain is unkeyed, so someone with write access to
 * the database who recomputes every later hash, or who removes the newest rows, is not
 * detected by the chain alone; record jc_audit_head() outside the database (e.g. in the
 * daily backup log) to close that gap.
 *
 * detail is JSON chosen by the caller (before/after of a change). It must not carry the
 * plaintext of sealed personal fields (ID number, phone): record that the field changed,
 * or its masked form, or its blind index.
 */
#ifndef JC_AUDIT_H
#define JC_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "domain/date.h"
#include "store/db.h"
#include "util/jbuf.h"

#define JC_AUDIT_HASH_HEX 65        /* 64 hex + NUL */
#define JC_AUDIT_DETAIL_MAX 262144  /* bytes of detail JSON */
#define JC_AUDIT_RETENTION_MONTHS 6 /* 网络安全法第二十一条 */

/* One entry to append. All strings are borrowed. */
typedef struct jc_audit_entry {
    const char *at;       /* NULL: now, UTC "YYYY-MM-DDTHH:MM:SS.mmmZ". Otherwise that exact
                             form; only for tests and for replaying recorded events */
    const char *account;  /* who acted; required ("cli:root", an account name, or for
                             login_failed the name that was tried) */
    const char *org_path; /* path of the org the object belongs to ("/1/7/"), or of the
                             account's org for login/logout; NULL when none */
    const char *action;   /* required: member.create, member.update, login, login_failed,
                             logout, authz_denied, pii_read, audit.purge, ... */
    const char *object;   /* "member:123", "org:7", "account:li"; NULL when none */
    const char *result;   /* "ok", "denied" or "failed" */
    const char *detail;   /* a JSON object, or NULL */
} jc_audit_entry;

/* Append e in the caller's open transaction (500 AUDIT_NO_TX otherwise). The row gets
 * id = last id + 1 and its hash. 400 AUDIT_ENTRY for a missing account or action, an
 * unknown result, a malformed at, detail that is not a JSON object or longer than
 * JC_AUDIT_DETAIL_MAX; database errors as jc_step. */
int jc_audit_append(jc_db *db, const jc_audit_entry *e, jc_err *err);

/* Walk the chain in id order from the latest purge anchor (or genesis) and stop at the
 * first bad row: *first_bad_id is its id (0 when the chain is intact), reason (cap
 * bytes, may be NULL) says why in English, e.g. "entry 7: content changed (hash
 * mismatch)". *checked = rows read. JC_OK whether or not the chain is intact; JC_FAIL
 * only when the database cannot be read. Runs in a read snapshot unless a transaction
 * is open. */
int jc_audit_verify(jc_db *db, int64_t *checked, int64_t *first_bad_id, char *reason,
                    size_t cap, jc_err *err);

/* The newest row's id and hash (the anchor's, or 0 and 64 zeros, when the table is
 * empty): what to keep outside the database to detect truncation. hash holds
 * JC_AUDIT_HASH_HEX bytes. */
int jc_audit_head(jc_db *db, int64_t *id, char *hash, jc_err *err);

/* Purge the oldest entries: the longest run from the start of the chain whose at is
 * before before_utc ("YYYY-MM-DD" = that day 00:00 UTC, or a full UTC timestamp). A
 * before_utc later than today (China Standard Time) minus JC_AUDIT_RETENTION_MONTHS
 * months is refused with 422 AUDIT_RETENTION (rule "网络安全法第二十一条"), 400
 * BAD_TIME when it does not parse. The rows are deleted, an audit_anchor row keeps the
 * last purged id and hash (verify starts from it), and an audit.purge entry by actor
 * records the purge in the chain; all in one transaction (the caller's, if open).
 * *removed (may be NULL) = rows deleted (0 is not an error). */
int jc_audit_purge(jc_db *db, const char *before_utc, jc_date today, const char *actor,
                   int64_t *removed, jc_err *err);

/* Filters of the viewer and the export. All borrowed; NULL or "" = no filter. */
typedef struct jc_audit_filter {
    const char *lo_path, *hi_path; /* org_path >= lo_path AND org_path < hi_path: the
                                      subtree of X is [X.path, X.path "~"). Entries with
                                      no org_path match only when both are unset */
    const char *action;            /* exact action, or a prefix ending in '.': "member." */
    const char *account;           /* exact account */
    const char *from, *to;         /* at >= from and at <= to; a date "YYYY-MM-DD" means
                                      the whole UTC day (to: through its end) */
} jc_audit_filter;

/* The audit viewer: matching rows newest first, at most limit (1..500; <= 0 gives 50),
 * with id < before_id when before_id > 0 (keyset paging). Writes the JSON object
 *   {"items":[{"id","at","account","org_path","action","object","result","detail",
 *              "hash"}...],"next_before_id":N|null}
 * into b (detail as JSON, re-encoded). 400 BAD_TIME / BAD_PARAM for bad filters. */
int jc_audit_write_json(jc_db *db, const jc_audit_filter *f, int64_t limit, int64_t before_id,
                        jbuf *b, jc_err *err);

/* Export matching rows oldest first as CSV (UTF-8, CRLF, header row): id, at, account,
 * org_path, action, object, result, detail, prev_hash, hash. A field starting with
 * = + - @ TAB or CR is written with a leading ' so a spreadsheet does not run it as a
 * formula (such rows cannot be re-hashed from the CSV as they stand). To a buffer, or
 * streamed to an open FILE (borrowed; 500 EXPORT_WRITE on a write error). */
int jc_audit_export_csv(jc_db *db, const jc_audit_filter *f, jbuf *out, jc_err *err);
int jc_audit_export_csv_file(jc_db *db, const jc_audit_filter *f, FILE *fp, jc_err *err);

#endif
