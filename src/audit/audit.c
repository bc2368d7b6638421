/*
 * audit.c — the hash-chained audit trail: appending inside the caller's transaction,
 * verifying the chain, purging old entries behind an anchor, the viewer and the export.
 * See audit.h for the chain and its limits.
 *
 * The canonical form of a row, hashed after the previous row's hex hash, is
 *   "jc-audit-v1," then for id (decimal), at, account, org_path, action, object, result,
 *   detail in that order: "<byte length>:<bytes>," or "-," for NULL.
 * Length prefixes make it unambiguous (no separator inside a value can shift a field),
 * the id makes position part of the content, and the version tag lets a later format
 * coexist. An empty string is stored as NULL (jc_bind_text) and hashed as NULL.
 */
#include "audit/audit.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/crypto.h"
#include "util/csv.h"
#include "util/mem.h"

#define GENESIS "0000000000000000000000000000000000000000000000000000000000000000"
#define TS_LEN 24          /* "YYYY-MM-DDTHH:MM:SS.mmmZ" */
#define FIELD_MAX 512      /* account, org_path, action, object, filters: bytes */
#define LIMIT_DEFAULT 50
#define LIMIT_MAX 500
#define RULE_RETENTION "CSL-21" /* 网络安全法第二十一条 (jc_err.rule holds 15 bytes) */

enum { F_AT, F_ACCOUNT, F_ORG, F_ACTION, F_OBJECT, F_RESULT, F_DETAIL, F_COUNT };

/* ---- SQL (static strings: jc_db_stmt caches by address) ------------------------------- */

static const char SQL_LAST[] = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
static const char SQL_ANCHOR[] =
    "SELECT purged_through_id, hash_at_that_id, removed, before_utc FROM audit_anchor "
    "ORDER BY purged_through_id DESC, id DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT INTO audit_log(id, at, account, org_path, action, object, result, detail, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char SQL_WALK[] =
    "SELECT id, at, account, org_path, action, object, result, detail, prev_hash, hash "
    "FROM audit_log ORDER BY id";
static const char SQL_PURGE_CONFIRMED[] =
    "SELECT count(*) FROM audit_log WHERE id > ?1 AND action = 'audit.purge' AND detail = ?2";
static const char SQL_FIRST_KEPT[] = "SELECT min(id) FROM audit_log WHERE at >= ?1";
static const char SQL_MAX_ID[] = "SELECT max(id) FROM audit_log";
static const char SQL_HASH_AT[] = "SELECT hash FROM audit_log WHERE id = ?1";
static const char SQL_DELETE[] = "DELETE FROM audit_log WHERE id <= ?1";
static const char SQL_ADD_ANCHOR[] =
    "INSERT INTO audit_anchor(purged_through_id, hash_at_that_id, removed, before_utc, at, "
    "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

/* ---- time ----------------------------------------------------------------------------- */

static void now_utc_ms(char out[TS_LEN + 1])
{
    struct timespec ts;
    struct tm tm;
    char sec[24];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    strftime(sec, sizeof sec, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, TS_LEN + 1, "%.19s.%03uZ", sec, (unsigned)(ts.tv_nsec / 1000000L) % 1000u);
}

static int digits(const char *s, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int num(const char *s, int n)
{
    int v = 0, i;
    for (i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
    return v;
}

/* Normalize "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or "YYYY-MM-DDTHH:MM:SS.mmmZ" to the
 * full form. A date becomes its first (upper = 0) or last (upper = 1) millisecond, a
 * timestamp without milliseconds likewise. JC_FAIL on anything else. */
static int norm_time(const char *s, int upper, char out[TS_LEN + 1])
{
    size_t n = strlen(s);
    if (n < 10 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) || s[7] != '-' ||
        !digits(s + 8, 2) || !jc_date_valid(num(s, 4), num(s + 5, 2), num(s + 8, 2)))
        return JC_FAIL;
    if (n == 10) {
        snprintf(out, TS_LEN + 1, "%.10sT%s", s, upper ? "23:59:59.999Z" : "00:00:00.000Z");
        return JC_OK;
    }
    if ((n != 20 && n != 24) || s[10] != 'T' || !digits(s + 11, 2) || s[13] != ':' ||
        !digits(s + 14, 2) || s[16] != ':' || !digits(s + 17, 2) || num(s + 11, 2) > 23 ||
        num(s + 14, 2) > 59 || num(s + 17, 2) > 59)
        return JC_FAIL;
    if (n == 20) {
        if (s[19] != 'Z') return JC_FAIL;
        snprintf(out, TS_LEN + 1, "%.19s.%sZ", s, upper ? "999" : "000");
        return JC_OK;
    }
    if (s[19] != '.' || !digits(s + 20, 3) || s[23] != 'Z') return JC_FAIL;
    memcpy(out, s, TS_LEN + 1);
    return JC_OK;
}

static int bad_time(jc_err *err, const char *field, const char *s)
{
    return jc_failf(err, 400, "BAD_TIME", field, "",
                    "%s 的时间「%.64s」无效，应为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS[.mmm]Z（UTC）",
                    "%s: invalid time \"%.64s\"; expected YYYY-MM-DD or "
                    "YYYY-MM-DDTHH:MM:SS[.mmm]Z (UTC)", field, s);
}

/* ---- hashing -------------------------------------------------------------------------- */

static void canon_field(jbuf *b, const char *s)
{
    if (!s || !*s) {
        jb_append(b, "-,", 2);
        return;
    }
    jb_printf(b, "%zu:", strlen(s));
    jb_append(b, s, strlen(s));
    jb_append(b, ",", 1);
}

/* hash = hex SM3(prev || canonical(id, v[0..F_COUNT))). scratch is reused between calls. */
static void row_hash(jbuf *scratch, const char *prev, int64_t id, const char *const v[F_COUNT],
                     char out[JC_AUDIT_HASH_HEX])
{
    uint8_t d[JC_SM3_LEN];
    char idtxt[24];
    int i;
    jb_reset(scratch);
    jb_puts(scratch, prev);
    jb_puts(scratch, "jc-audit-v1,");
    snprintf(idtxt, sizeof idtxt, "%lld", (long long)id);
    canon_field(scratch, idtxt);
    for (i = 0; i < F_COUNT; i++) canon_field(scratch, v[i]);
    jc_sm3(scratch->p, scratch->len, d);
    jc_hex_encode(d, sizeof d, out);
}

/* The newest row (id, hash), else the latest anchor, else genesis. */
static int chain_tail(jc_db *db, int64_t *id, char hash[JC_AUDIT_HASH_HEX], jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL_LAST, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        *id = jc_col_int(st, 0);
        snprintf(hash, JC_AUDIT_HASH_HEX, "%s", jc_col_text(st, 1));
    }
    jc_stmt_reset(st);
    if (rc != JC_DONE) return rc == JC_ROW ? JC_OK : JC_FAIL;
    if (jc_db_stmt(db, SQL_ANCHOR, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    *id = 0;
    snprintf(hash, JC_AUDIT_HASH_HEX, "%s", GENESIS);
    if (rc == JC_ROW) {
        *id = jc_col_int(st, 0);
        snprintf(hash, JC_AUDIT_HASH_HEX, "%s", jc_col_text(st, 1));
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

int jc_audit_head(jc_db *db, int64_t *id, char *hash, jc_err *err)
{
    return chain_tail(db, id, hash, err);
}

/* ---- append --------------------------------------------------------------------------- */

static int bad_entry(jc_err *err, const char *field, const char *en)
{
    return jc_failf(err, 400, "AUDIT_ENTRY", field, "", "审计记录无效：%s", "invalid audit entry: %s",
                    en);
}

static int check_entry(const jc_audit_entry *e, jc_err *err)
{
    const char *text[5] = {e->account, e->org_path, e->action, e->object, e->result};
    static const char *const names[5] = {"account", "org_path", "action", "object", "result"};
    json_t *j;
    int i;
    if (!e->account || !*e->account) return bad_entry(err, "account", "account is required");
    if (!e->action || !*e->action) return bad_entry(err, "action", "action is required");
    if (!e->result || (strcmp(e->result, "ok") && strcmp(e->result, "denied") &&
                       strcmp(e->result, "failed")))
        return bad_entry(err, "result", "result must be ok, denied or failed");
    for (i = 0; i < 5; i++)
        if (text[i] && strlen(text[i]) > FIELD_MAX)
            return bad_entry(err, names[i], "value too long");
    if (!e->detail || !*e->detail) return JC_OK;
    if (strlen(e->detail) > JC_AUDIT_DETAIL_MAX) return bad_entry(err, "detail", "detail too long");
    j = json_loads(e->detail, 0, NULL);
    i = j && json_is_object(j);
    json_decref(j);
    return i ? JC_OK : bad_entry(err, "detail", "detail must be a JSON object");
}

int jc_audit_append(jc_db *db, const jc_audit_entry *e, jc_err *err)
{
    char at[TS_LEN + 1], prev[JC_AUDIT_HASH_HEX], hash[JC_AUDIT_HASH_HEX];
    const char *v[F_COUNT];
    int64_t last = 0;
    jbuf scratch;
    jc_stmt *st;
    int rc, i;
    if (!jc_db_in_tx(db))
        return jc_fail(err, JC_HTTP_INTERNAL, "AUDIT_NO_TX", "", "",
                       "审计记录必须与所记录的操作在同一事务中写入",
                       "an audit entry must be written inside the transaction it records");
    if (check_entry(e, err) != JC_OK) return JC_FAIL;
    if (e->at) {
        if (strlen(e->at) != TS_LEN || norm_time(e->at, 0, at) != JC_OK)
            return bad_entry(err, "at", "at must be YYYY-MM-DDTHH:MM:SS.mmmZ");
    } else {
        now_utc_ms(at);
    }
    if (chain_tail(db, &last, prev, err) != JC_OK) return JC_FAIL;
    v[F_AT] = at;
    v[F_ACCOUNT] = e->account;
    v[F_ORG] = e->org_path;
    v[F_ACTION] = e->action;
    v[F_OBJECT] = e->object;
    v[F_RESULT] = e->result;
    v[F_DETAIL] = e->detail;
    jb_init(&scratch);
    row_hash(&scratch, prev, last + 1, v, hash);
    jb_free(&scratch);
    if (jc_db_stmt(db, SQL_INSERT, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, last + 1);
    for (i = 0; i < F_COUNT; i++) jc_bind_text(st, i + 2, v[i]);
    jc_bind_text(st, 9, prev);
    jc_bind_text(st, 10, hash);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    return rc == JC_DONE ? JC_OK : JC_FAIL;
}

/* ---- verify --------------------------------------------------------------------------- */

typedef struct anchor {
    int64_t through, removed;
    char hash[JC_AUDIT_HASH_HEX];
    char before[TS_LEN + 1];
} anchor;

static int load_anchor(jc_db *db, anchor *a, int *found, jc_err *err)
{
    jc_stmt *st;
    int rc;
    memset(a, 0, sizeof *a);
    snprintf(a->hash, sizeof a->hash, "%s", GENESIS);
    *found = 0;
    if (jc_db_stmt(db, SQL_ANCHOR, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        *found = 1;
        a->through = jc_col_int(st, 0);
        snprintf(a->hash, sizeof a->hash, "%s", jc_col_text(st, 1));
        a->removed = jc_col_int(st, 2);
        snprintf(a->before, sizeof a->before, "%s", jc_col_text(st, 3));
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* The detail of the audit.purge entry that records anchor a: written by purge, looked
 * for by verify, so one function makes both. Caller frees. */
static char *purge_detail(const anchor *a)
{
    jbuf b;
    jb_init(&b);
    jb_obj_open(&b);
    jb_kint(&b, "purged_through_id", a->through);
    jb_kstr(&b, "hash_at_that_id", a->hash);
    jb_kint(&b, "removed", a->removed);
    jb_kstr(&b, "before", a->before);
    jb_obj_close(&b);
    return jb_steal(&b, NULL);
}

/* Is the anchor recorded by an audit.purge entry in the remaining chain? */
static int anchor_confirmed(jc_db *db, const anchor *a, int *ok, jc_err *err)
{
    char *detail = purge_detail(a);
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL_PURGE_CONFIRMED, &st, err) != JC_OK) {
        free(detail);
        return JC_FAIL;
    }
    jc_bind_int(st, 1, a->through);
    jc_bind_text(st, 2, detail);
    rc = jc_step(st, err);
    *ok = rc == JC_ROW && jc_col_int(st, 0) > 0;
    jc_stmt_reset(st);
    free(detail);
    return rc == JC_ROW ? JC_OK : JC_FAIL;
}

typedef struct walk {
    int64_t expect_id, checked, bad;
    char expect_prev[JC_AUDIT_HASH_HEX];
    char *reason;
    size_t cap;
} walk;

static void mark_bad(walk *w, int64_t id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void mark_bad(walk *w, int64_t id, const char *fmt, ...)
{
    va_list ap;
    w->bad = id;
    if (!w->reason || !w->cap) return;
    va_start(ap, fmt);
    vsnprintf(w->reason, w->cap, fmt, ap);
    va_end(ap);
}

/* Check one row against the chain so far; sets w->bad on the first problem. */
static void check_row(walk *w, jc_stmt *st, jbuf *scratch, int64_t anchor_through)
{
    char hash[JC_AUDIT_HASH_HEX];
    const char *v[F_COUNT];
    int64_t id = jc_col_int(st, 0);
    int i;
    w->checked++;
    if (id <= anchor_through) {
        mark_bad(w, id, "entry %lld: lies at or before the purge anchor (entries through %lld "
                 "were purged)", (long long)id, (long long)anchor_through);
        return;
    }
    if (id != w->expect_id) {
        mark_bad(w, id, "entry %lld: entries %lld..%lld are missing (removed)", (long long)id,
                 (long long)w->expect_id, (long long)id - 1);
        return;
    }
    if (strcmp(jc_col_text(st, 8), w->expect_prev) != 0) {
        mark_bad(w, id, "entry %lld: prev_hash is not the hash of the entry before it "
                 "(entries removed, inserted or reordered)", (long long)id);
        return;
    }
    for (i = 0; i < F_COUNT; i++) v[i] = jc_col_is_null(st, i + 1) ? NULL : jc_col_text(st, i + 1);
    for (i = 0; i < F_COUNT; i++)
        if (v[i] && !*v[i]) { /* stored "" where append stores NULL: altered */
            mark_bad(w, id, "entry %lld: content changed (empty text instead of NULL)",
                     (long long)id);
            return;
        }
    row_hash(scratch, w->expect_prev, id, v, hash);
    if (strcmp(hash, jc_col_text(st, 9)) != 0) {
        mark_bad(w, id, "entry %lld: content changed (hash mismatch)", (long long)id);
        return;
    }
    snprintf(w->expect_prev, sizeof w->expect_prev, "%s", hash);
    w->expect_id = id + 1;
}

static int verify_in_snapshot(jc_db *db, walk *w, jc_err *err)
{
    anchor a;
    jbuf scratch;
    jc_stmt *st;
    int found, ok = 1, rc = JC_DONE;
    if (load_anchor(db, &a, &found, err) != JC_OK) return JC_FAIL;
    w->expect_id = a.through + 1;
    snprintf(w->expect_prev, sizeof w->expect_prev, "%s", a.hash);
    if (jc_db_stmt(db, SQL_WALK, &st, err) != JC_OK) return JC_FAIL;
    jb_init(&scratch);
    while (!w->bad && (rc = jc_step(st, err)) == JC_ROW) check_row(w, st, &scratch, a.through);
    jc_stmt_reset(st);
    jb_free(&scratch);
    if (!w->bad && rc != JC_DONE) return JC_FAIL;
    if (w->bad || !found) return JC_OK;
    if (anchor_confirmed(db, &a, &ok, err) != JC_OK) return JC_FAIL;
    if (!ok)
        mark_bad(w, a.through + 1, "entry %lld: the purge anchor (through entry %lld) is not "
                 "recorded by an audit.purge entry (anchor forged or entries removed)",
                 (long long)a.through + 1, (long long)a.through);
    return JC_OK;
}

int jc_audit_verify(jc_db *db, int64_t *checked, int64_t *first_bad_id, char *reason,
                    size_t cap, jc_err *err)
{
    walk w;
    int own = !jc_db_in_tx(db), rc;
    memset(&w, 0, sizeof w);
    w.reason = reason;
    w.cap = cap;
    if (reason && cap) reason[0] = '\0';
    if (own && jc_db_begin_read(db, err) != JC_OK) return JC_FAIL;
    rc = verify_in_snapshot(db, &w, err);
    if (own) {
        if (rc == JC_OK) rc = jc_db_commit(db, err);
        else jc_db_rollback(db);
    }
    if (checked) *checked = w.checked;
    if (first_bad_id) *first_bad_id = w.bad;
    return rc;
}

/* ---- purge ---------------------------------------------------------------------------- */

/* The earliest instant whose entries may not be purged, as a UTC timestamp: midnight
 * (China Standard Time, UTC+8) starting the day six months before today. */
static void retention_limit(jc_date today, char out[TS_LEN + 1])
{
    jc_date d = jc_date_add_months(today, -JC_AUDIT_RETENTION_MONTHS);
    char day[16];
    jc_date_format(jc_date_from_days(jc_date_to_days(d) - 1), day);
    snprintf(out, TS_LEN + 1, "%.10sT16:00:00.000Z", day);
}

static int query_int_bound(jc_db *db, const char *sql, const char *text, int64_t iv,
                           int64_t *out, int *isnull, jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, sql, &st, err) != JC_OK) return JC_FAIL;
    if (text) jc_bind_text(st, 1, text);
    else if (iv) jc_bind_int(st, 1, iv);
    rc = jc_step(st, err);
    *isnull = rc != JC_ROW || jc_col_is_null(st, 0);
    *out = *isnull ? 0 : jc_col_int(st, 0);
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* Inside the transaction: pick the prefix, delete it, anchor it, record it. */
static int purge_in_tx(jc_db *db, const char *before, const char *actor, int64_t *removed,
                       jc_err *err)
{
    char reason[256], now[TS_LEN + 1], *detail = NULL;
    int64_t checked, bad, first_kept, through;
    int isnull, rc = JC_FAIL;
    jc_audit_entry e;
    jc_stmt *st;
    anchor a;
    if (jc_audit_verify(db, &checked, &bad, reason, sizeof reason, err) != JC_OK) return JC_FAIL;
    if (bad)
        return jc_failf(err, JC_HTTP_CONFLICT, "AUDIT_CHAIN_BROKEN", "", "",
                        "审计链校验失败，拒绝清理（先处理）：%s",
                        "the audit chain is broken; refusing to purge: %s", reason);
    if (query_int_bound(db, SQL_FIRST_KEPT, before, 0, &first_kept, &isnull, err) != JC_OK)
        return JC_FAIL;
    if (!isnull) {
        through = first_kept - 1;
    } else { /* every row is older than before: purge them all */
        if (query_int_bound(db, SQL_MAX_ID, NULL, 0, &through, &isnull, err) != JC_OK)
            return JC_FAIL;
        if (isnull) return JC_OK; /* empty table */
    }
    memset(&a, 0, sizeof a);
    a.through = through;
    if (jc_db_stmt(db, SQL_HASH_AT, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, through);
    rc = jc_step(st, err);
    if (rc == JC_ROW) snprintf(a.hash, sizeof a.hash, "%s", jc_col_text(st, 0));
    jc_stmt_reset(st);
    if (rc == JC_DONE) return JC_OK; /* the first kept row is the first row: nothing to do */
    if (rc != JC_ROW) return JC_FAIL;
    if (jc_db_stmt(db, SQL_DELETE, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, through);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc != JC_DONE) return JC_FAIL;
    a.removed = jc_db_changes(db);
    snprintf(a.before, sizeof a.before, "%s", before);
    now_utc_ms(now);
    if (jc_db_stmt(db, SQL_ADD_ANCHOR, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, a.through);
    jc_bind_text(st, 2, a.hash);
    jc_bind_int(st, 3, a.removed);
    jc_bind_text(st, 4, a.before);
    jc_bind_text(st, 5, now);
    jc_bind_text(st, 6, actor);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc != JC_DONE) return JC_FAIL;
    detail = purge_detail(&a);
    memset(&e, 0, sizeof e);
    e.account = actor;
    e.action = "audit.purge";
    e.object = "audit_log";
    e.result = "ok";
    e.detail = detail;
    rc = jc_audit_append(db, &e, err);
    free(detail);
    if (rc == JC_OK && removed) *removed = a.removed;
    return rc;
}

int jc_audit_purge(jc_db *db, const char *before_utc, jc_date today, const char *actor,
                   int64_t *removed, jc_err *err)
{
    char before[TS_LEN + 1], limit[TS_LEN + 1];
    int own, rc;
    if (removed) *removed = 0;
    if (!actor || !*actor) return bad_entry(err, "account", "actor is required");
    if (!before_utc || norm_time(before_utc, 0, before) != JC_OK)
        return bad_time(err, "before", before_utc ? before_utc : "");
    retention_limit(today, limit);
    if (strcmp(before, limit) > 0)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "AUDIT_RETENTION", "before", RULE_RETENTION,
                        "依据《网络安全法》第二十一条，审计日志至少保存六个月：只能清理 %s 之前的记录",
                        "audit logs are kept at least six months (Cybersecurity Law, Art. 21): "
                        "only entries before %s may be purged", limit);
    if (jc_tx_begin(db, &own, err) != JC_OK) return JC_FAIL;
    rc = purge_in_tx(db, before, actor, removed, err);
    return jc_tx_end(db, own, rc, err);
}

/* ---- viewer and export ---------------------------------------------------------------- */

#define MAX_BINDS 8

typedef struct query {
    char sql[1024];
    size_t len;
    int n;                          /* binds so far */
    const char *text[MAX_BINDS];    /* NULL: use ints[] */
    int64_t ints[MAX_BINDS];
    char from[TS_LEN + 1], to[TS_LEN + 1], action_hi[FIELD_MAX + 2];
} query;

static void q_add(query *q, const char *s)
{
    q->len += (size_t)snprintf(q->sql + q->len, sizeof q->sql - q->len, "%s", s);
}

/* Append " AND <col> <op> ?N" and remember the value (text, or int when text is NULL). */
static void q_cond(query *q, const char *col, const char *op, const char *text, int64_t iv)
{
    q->len += (size_t)snprintf(q->sql + q->len, sizeof q->sql - q->len, " AND %s %s ?%d", col,
                               op, q->n + 1);
    q->text[q->n] = text;
    q->ints[q->n] = iv;
    q->n++;
}

static int set(const char *s)
{
    return s && *s;
}

static int check_len(const char *s, const char *field, jc_err *err)
{
    if (!set(s) || strlen(s) <= FIELD_MAX) return JC_OK;
    return jc_failf(err, 400, "BAD_PARAM", field, "", "筛选条件 %s 过长", "filter %s too long",
                    field);
}

/* SELECT ... WHERE <filters> ORDER BY id <dir> [LIMIT]. before_id/limit 0 = none. */
static int build_query(const jc_audit_filter *f, int newest_first, int64_t before_id,
                       int64_t limit, query *q, jc_err *err)
{
    static const jc_audit_filter none;
    if (!f) f = &none;
    memset(q, 0, sizeof *q);
    if (check_len(f->lo_path, "org_path", err) || check_len(f->hi_path, "org_path", err) ||
        check_len(f->action, "action", err) || check_len(f->account, "account", err))
        return JC_FAIL;
    if (set(f->from) && norm_time(f->from, 0, q->from) != JC_OK) return bad_time(err, "from", f->from);
    if (set(f->to) && norm_time(f->to, 1, q->to) != JC_OK) return bad_time(err, "to", f->to);
    q_add(q, "SELECT id, at, account, org_path, action, object, result, detail, prev_hash, hash "
             "FROM audit_log WHERE 1=1");
    if (set(f->lo_path)) q_cond(q, "org_path", ">=", f->lo_path, 0);
    if (set(f->hi_path)) q_cond(q, "org_path", "<", f->hi_path, 0);
    if (set(f->action) && f->action[strlen(f->action) - 1] == '.') {
        /* prefix "member." is the range ["member.", "member/"): '/' follows '.' */
        snprintf(q->action_hi, sizeof q->action_hi, "%s", f->action);
        q->action_hi[strlen(q->action_hi) - 1] = '/';
        q_cond(q, "action", ">=", f->action, 0);
        q_cond(q, "action", "<", q->action_hi, 0);
    } else if (set(f->action)) {
        q_cond(q, "action", "=", f->action, 0);
    }
    if (set(f->account)) q_cond(q, "account", "=", f->account, 0);
    if (q->from[0]) q_cond(q, "at", ">=", q->from, 0);
    if (q->to[0]) q_cond(q, "at", "<=", q->to, 0);
    if (before_id > 0) q_cond(q, "id", "<", NULL, before_id);
    q_add(q, newest_first ? " ORDER BY id DESC" : " ORDER BY id");
    if (limit > 0) {
        q->len += (size_t)snprintf(q->sql + q->len, sizeof q->sql - q->len, " LIMIT ?%d", q->n + 1);
        q->text[q->n] = NULL;
        q->ints[q->n] = limit;
        q->n++;
    }
    return JC_OK;
}

static int run_query(jc_db *db, const query *q, jc_stmt **out, jc_err *err)
{
    int i;
    if (jc_db_stmt_dyn(db, q->sql, out, err) != JC_OK) return JC_FAIL;
    for (i = 0; i < q->n; i++) {
        if (q->text[i]) jc_bind_text(*out, i + 1, q->text[i]);
        else jc_bind_int(*out, i + 1, q->ints[i]);
    }
    return JC_OK;
}

/* detail as a JSON value: re-encoded from a parse, so whatever the table holds the
 * response stays valid JSON; text that does not parse is shown as a string. */
static void write_detail(jbuf *b, jc_stmt *st, int col)
{
    json_t *j;
    char *s;
    if (jc_col_is_null(st, col)) {
        jb_null(b);
        return;
    }
    j = json_loads(jc_col_text(st, col), 0, NULL);
    s = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (s) jb_raw_value(b, s);
    else jb_str(b, jc_col_text(st, col));
    free(s);
    json_decref(j);
}

static void kstr_or_null(jbuf *b, const char *key, jc_stmt *st, int col)
{
    if (jc_col_is_null(st, col)) jb_knull(b, key);
    else jb_kstr(b, key, jc_col_text(st, col));
}

int jc_audit_write_json(jc_db *db, const jc_audit_filter *f, int64_t limit, int64_t before_id,
                        jbuf *b, jc_err *err)
{
    query q;
    jc_stmt *st;
    int64_t n = 0, last = 0;
    int rc;
    if (limit <= 0) limit = LIMIT_DEFAULT;
    if (limit > LIMIT_MAX) limit = LIMIT_MAX;
    if (build_query(f, 1, before_id, limit + 1, &q, err) != JC_OK) return JC_FAIL;
    if (run_query(db, &q, &st, err) != JC_OK) return JC_FAIL;
    jb_obj_open(b);
    jb_key(b, "items");
    jb_arr_open(b);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        if (n == limit) break; /* the extra row only says there is a next page */
        last = jc_col_int(st, 0);
        n++;
        jb_obj_open(b);
        jb_kint(b, "id", last);
        jb_kstr(b, "at", jc_col_text(st, 1));
        jb_kstr(b, "account", jc_col_text(st, 2));
        kstr_or_null(b, "org_path", st, 3);
        jb_kstr(b, "action", jc_col_text(st, 4));
        kstr_or_null(b, "object", st, 5);
        jb_kstr(b, "result", jc_col_text(st, 6));
        jb_key(b, "detail");
        write_detail(b, st, 7);
        jb_kstr(b, "hash", jc_col_text(st, 9));
        jb_obj_close(b);
    }
    jc_stmt_reset(st);
    jc_stmt_free(st);
    if (rc < 0) return JC_FAIL;
    jb_arr_close(b);
    if (rc == JC_ROW) jb_kint(b, "next_before_id", last);
    else jb_knull(b, "next_before_id");
    jb_obj_close(b);
    return JC_OK;
}

/* A cell safe to open in a spreadsheet: formula-starting text gets a leading '. */
static const char *defuse(const char *s, jbuf *tmp)
{
    if (!s || !s[0] || !strchr("=+-@\t\r", s[0])) return s;
    jb_reset(tmp);
    jb_puts(tmp, "'");
    jb_puts(tmp, s);
    return tmp->p;
}

typedef struct csv_sink {
    jbuf *out;
    FILE *fp; /* non-NULL: flush out to fp as it grows */
} csv_sink;

static int sink_flush(csv_sink *k, int force, jc_err *err)
{
    if (!k->fp || (!force && k->out->len < 65536)) return JC_OK;
    if (k->out->len && fwrite(k->out->p, 1, k->out->len, k->fp) != k->out->len)
        return jc_fail(err, JC_HTTP_INTERNAL, "EXPORT_WRITE", "", "", "写入导出文件失败",
                       "cannot write the export file");
    jb_reset(k->out);
    return JC_OK;
}

static int export_rows(jc_db *db, const query *q, csv_sink *k, jc_err *err)
{
    static const char *const head[10] = {"id", "at", "account", "org_path", "action",
                                         "object", "result", "detail", "prev_hash", "hash"};
    jc_stmt *st;
    jbuf tmp;
    int rc, i;
    if (run_query(db, q, &st, err) != JC_OK) return JC_FAIL;
    jb_init(&tmp);
    jc_csv_write_row(k->out, head, 10);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        jc_csv_write_field(k->out, jc_col_text(st, 0), 0);
        for (i = 1; i < 10; i++) jc_csv_write_field(k->out, defuse(jc_col_text(st, i), &tmp), i == 9);
        if (sink_flush(k, 0, err) != JC_OK) {
            rc = JC_FAIL;
            break;
        }
    }
    jc_stmt_reset(st);
    jc_stmt_free(st);
    jb_free(&tmp);
    if (rc != JC_DONE) return JC_FAIL;
    return sink_flush(k, 1, err);
}

static int export_csv(jc_db *db, const jc_audit_filter *f, csv_sink *k, jc_err *err)
{
    query q;
    int own = !jc_db_in_tx(db), rc;
    if (build_query(f, 0, 0, 0, &q, err) != JC_OK) return JC_FAIL;
    if (own && jc_db_begin_read(db, err) != JC_OK) return JC_FAIL;
    rc = export_rows(db, &q, k, err);
    if (own) {
        if (rc == JC_OK) rc = jc_db_commit(db, err);
        else jc_db_rollback(db);
    }
    return rc;
}

int jc_audit_export_csv(jc_db *db, const jc_audit_filter *f, jbuf *out, jc_err *err)
{
    csv_sink k = {out, NULL};
    return export_csv(db, f, &k, err);
}

int jc_audit_export_csv_file(jc_db *db, const jc_audit_filter *f, FILE *fp, jc_err *err)
{
    jbuf b;
    csv_sink k = {&b, fp};
    int rc;
    jb_init(&b);
    rc = export_csv(db, f, &k, err);
    if (rc == JC_OK && fflush(fp) != 0)
        rc = jc_fail(err, JC_HTTP_INTERNAL, "EXPORT_WRITE", "", "", "写入导出文件失败",
                     "cannot write the export file");
    jb_free(&b);
    return rc;
}
