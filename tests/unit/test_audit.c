/*
 * test_audit.c — the hash-chained audit trail (audit/audit.c) on an in-memory, migrated
 * database: appending inside transactions only, verifying an intact chain, the three
 * tamper cases of issue 3 (one byte changed, one entry deleted, two entries swapped)
 * each named by its first bad entry, forged anchors, retention (网络安全法第二十一条:
 * nothing younger than six months may be purged), purging behind an anchor, the viewer
 * (subtree, filters, keyset paging) and the CSV export.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit/audit.h"
#include "crypto/crypto.h"
#include "store/db.h"
#include "store/migrate.h"

#define N 20

static const jc_date TODAY = {2026, 6, 30};

static int setup(void **state)
{
    jc_db *db = NULL;
    jc_err err;
    jc_err_clear(&err);
    if (jc_db_open(":memory:", NULL, &db, &err) != JC_OK) return -1;
    if (jc_migrate(db, NULL, &err) != JC_OK) return -1;
    *state = db;
    return 0;
}

static int teardown(void **state)
{
    jc_db_close(*state);
    return 0;
}

static void exec(jc_db *db, const char *sql)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_db_exec(db, sql, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
}

static int64_t count(jc_db *db, const char *sql)
{
    int64_t v = -1;
    jc_err err;
    jc_err_clear(&err);
    if (jc_db_query_int(db, sql, &v, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
    return v;
}

/* Entry i (1-based): a member change in one of four orgs, dated month by month from
 * 2025-01 (i = 1) so that purges have old and young entries to choose from. */
static void entry_for(int i, jc_audit_entry *e, char *at, char *object, char *detail)
{
    static const char *const paths[4] = {"/1/", "/1/2/", "/1/2/5/", "/1/3/"};
    static const char *const accounts[3] = {"li", "wang", "zhao"};
    static const char *const actions[4] = {"member.create", "member.update", "login", "pii_read"};
    int m = i - 1;
    sprintf(at, "%04d-%02d-15T08:%02d:00.%03dZ", 2025 + m / 12, m % 12 + 1, i % 60, i);
    sprintf(object, "member:%d", 100 + i);
    sprintf(detail, "{\"before\":{\"job\":\"old %d\"},\"after\":{\"job\":\"new %d\"}}", i, i);
    memset(e, 0, sizeof *e);
    e->at = at;
    e->account = accounts[i % 3];
    e->org_path = paths[i % 4];
    e->action = actions[i % 4];
    e->object = object;
    e->result = i % 5 == 0 ? "denied" : "ok";
    e->detail = detail;
}

/* Append entries from..to, each in its own transaction (as a handler does). */
static void append_range(jc_db *db, int from, int to)
{
    char at[32], object[32], detail[128];
    jc_audit_entry e;
    jc_err err;
    int i;
    jc_err_clear(&err);
    for (i = from; i <= to; i++) {
        entry_for(i, &e, at, object, detail);
        assert_int_equal(jc_db_begin(db, &err), JC_OK);
        if (jc_audit_append(db, &e, &err) != JC_OK) fail_msg("append %d: %s", i, err.en);
        assert_int_equal(jc_db_commit(db, &err), JC_OK);
    }
}

static int64_t verify(jc_db *db, char *reason, size_t cap)
{
    int64_t checked = -1, bad = -1;
    jc_err err;
    jc_err_clear(&err);
    if (jc_audit_verify(db, &checked, &bad, reason, cap, &err) != JC_OK)
        fail_msg("verify: %s", err.en);
    assert_true(checked >= 0);
    return bad;
}

static void expect_intact(jc_db *db)
{
    char reason[256];
    int64_t bad = verify(db, reason, sizeof reason);
    if (bad != 0) fail_msg("chain reported broken at %lld: %s", (long long)bad, reason);
    assert_string_equal(reason, "");
}

static void expect_bad(jc_db *db, int64_t id, const char *why)
{
    char reason[256];
    int64_t bad = verify(db, reason, sizeof reason);
    if (bad != id) fail_msg("first bad entry %lld (%s), expected %lld", (long long)bad, reason,
                            (long long)id);
    if (why && !strstr(reason, why)) fail_msg("reason \"%s\" lacks \"%s\"", reason, why);
}

/* ---- append and verify -------------------------------------------------------------- */

static void test_append_20_and_verify(void **state)
{
    jc_db *db = *state;
    int64_t checked = 0, bad = -1, head_id = 0;
    char reason[128], head[JC_AUDIT_HASH_HEX];
    jc_err err;
    jc_err_clear(&err);
    append_range(db, 1, N);
    assert_int_equal(jc_audit_verify(db, &checked, &bad, reason, sizeof reason, &err), JC_OK);
    assert_int_equal(checked, N);
    assert_int_equal(bad, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), N);
    assert_int_equal(count(db, "SELECT min(id) FROM audit_log"), 1);
    assert_int_equal(count(db, "SELECT max(id) FROM audit_log"), N);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE id = 1 AND prev_hash = "
                               "'0000000000000000000000000000000000000000000000000000000000000000'"),
                     1);
    /* every link: prev_hash of i+1 is the hash of i */
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log a JOIN audit_log b ON b.id = a.id + 1 "
                               "WHERE b.prev_hash = a.hash"), N - 1);
    assert_int_equal(jc_audit_head(db, &head_id, head, &err), JC_OK);
    assert_int_equal(head_id, N);
    assert_int_equal(strlen(head), 64);
}

/* The stored hash follows the documented form exactly, so a verifier outside Jiceng can
 * recompute it: hex SM3(prev_hash || "jc-audit-v1," || "<len>:<bytes>," per field, with
 * the id first and "-," for NULL). */
static void test_canonical_form_documented(void **state)
{
    jc_db *db = *state;
    jc_audit_entry e;
    char at[32], object[32], detail[128], canon[512], hex[65];
    uint8_t d[32];
    jc_stmt *st;
    jc_err err;
    int n;
    jc_err_clear(&err);
    append_range(db, 1, 2);
    entry_for(2, &e, at, object, detail);
    n = snprintf(canon, sizeof canon, "jc-audit-v1," "1:2," "%zu:%s," "%zu:%s," "%zu:%s,"
                 "%zu:%s," "%zu:%s," "%zu:%s," "%zu:%s,",
                 strlen(at), at, strlen(e.account), e.account, strlen(e.org_path),
                 e.org_path, strlen(e.action), e.action, strlen(object), object,
                 strlen(e.result), e.result, strlen(detail), detail);
    assert_true(n > 0 && (size_t)n < sizeof canon);
    assert_int_equal(jc_db_stmt(db, "SELECT prev_hash || ?1, hash FROM audit_log WHERE id = 2",
                                &st, &err), JC_OK);
    jc_bind_text(st, 1, canon);
    assert_int_equal(jc_step(st, &err), JC_ROW);
    jc_sm3(jc_col_text(st, 0), strlen(jc_col_text(st, 0)), d);
    jc_hex_encode(d, sizeof d, hex);
    assert_string_equal(hex, jc_col_text(st, 1));
    jc_stmt_reset(st);
    /* NULL fields are "-,": a login_failed with only account, action and result */
    memset(&e, 0, sizeof e);
    e.at = "2026-01-01T00:00:00.000Z";
    e.account = "x";
    e.action = "login_failed";
    e.result = "failed";
    assert_int_equal(jc_db_begin(db, &err), JC_OK);
    assert_int_equal(jc_audit_append(db, &e, &err), JC_OK);
    assert_int_equal(jc_db_commit(db, &err), JC_OK);
    assert_int_equal(jc_db_stmt(db, "SELECT prev_hash || 'jc-audit-v1,1:3,24:2026-01-01T00:00:00.000Z,"
                                    "1:x,-,12:login_failed,-,6:failed,-,', hash FROM audit_log "
                                    "WHERE id = 3", &st, &err), JC_OK);
    assert_int_equal(jc_step(st, &err), JC_ROW);
    jc_sm3(jc_col_text(st, 0), strlen(jc_col_text(st, 0)), d);
    jc_hex_encode(d, sizeof d, hex);
    assert_string_equal(hex, jc_col_text(st, 1));
    jc_stmt_reset(st);
}

static void test_empty_chain_is_intact(void **state)
{
    jc_db *db = *state;
    int64_t id = -1;
    char head[JC_AUDIT_HASH_HEX];
    jc_err err;
    jc_err_clear(&err);
    expect_intact(db);
    assert_int_equal(jc_audit_head(db, &id, head, &err), JC_OK);
    assert_int_equal(id, 0);
    assert_string_equal(head, "0000000000000000000000000000000000000000000000000000000000000000");
}

static void test_append_outside_tx_refused(void **state)
{
    jc_db *db = *state;
    char at[32], object[32], detail[128];
    jc_audit_entry e;
    jc_err err;
    jc_err_clear(&err);
    entry_for(1, &e, at, object, detail);
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_int_equal(err.status, 500);
    assert_string_equal(err.code, "AUDIT_NO_TX");
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 0);
}

static void test_rolled_back_with_its_change(void **state)
{
    jc_db *db = *state;
    char at[32], object[32], detail[128];
    jc_audit_entry e;
    jc_err err;
    jc_err_clear(&err);
    append_range(db, 1, 3);
    entry_for(4, &e, at, object, detail);
    assert_int_equal(jc_db_begin(db, &err), JC_OK);
    assert_int_equal(jc_audit_append(db, &e, &err), JC_OK);
    jc_db_rollback(db); /* the change failed: its entry goes with it */
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 3);
    append_range(db, 4, 5);
    assert_int_equal(count(db, "SELECT max(id) FROM audit_log"), 5);
    expect_intact(db);
}

static void test_entry_checks(void **state)
{
    jc_db *db = *state;
    char at[32], object[32], detail[128];
    jc_audit_entry e;
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_db_begin(db, &err), JC_OK);
    entry_for(1, &e, at, object, detail);
    e.account = "";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_string_equal(err.field, "account");
    entry_for(1, &e, at, object, detail);
    e.action = NULL;
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_string_equal(err.field, "action");
    entry_for(1, &e, at, object, detail);
    e.result = "maybe";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_string_equal(err.field, "result");
    entry_for(1, &e, at, object, detail);
    e.detail = "{\"before\":";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_string_equal(err.field, "detail");
    e.detail = "[1,2]";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    entry_for(1, &e, at, object, detail);
    e.at = "2025-01-15 08:00:00";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_FAIL);
    assert_string_equal(err.field, "at");
    assert_string_equal(err.code, "AUDIT_ENTRY");
    /* no org, no object, no detail, the clock's time: fine */
    memset(&e, 0, sizeof e);
    e.account = "anonymous";
    e.action = "login_failed";
    e.result = "failed";
    assert_int_equal(jc_audit_append(db, &e, &err), JC_OK);
    assert_int_equal(jc_db_commit(db, &err), JC_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE org_path IS NULL AND "
                               "detail IS NULL AND length(at) = 24 AND at LIKE '____-__-__T__:__:__.___Z'"),
                     1);
    expect_intact(db);
}

/* ---- tampering ---------------------------------------------------------------------- */

static void test_tamper_one_byte_of_detail(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    /* "new 7" becomes "new 8": one byte of entry 7's detail */
    exec(db, "UPDATE audit_log SET detail = replace(detail, 'new 7', 'new 8') WHERE id = 7");
    assert_int_equal(jc_db_changes(db), 1);
    expect_bad(db, 7, "content changed");
}

static void test_tamper_other_columns(void **state)
{
    static const char *const edits[] = {
        "UPDATE audit_log SET account = 'root' WHERE id = 11",
        "UPDATE audit_log SET result = 'ok' WHERE id = 10",         /* was denied */
        "UPDATE audit_log SET at = '2025-11-15T08:11:00.012Z' WHERE id = 11",
        "UPDATE audit_log SET org_path = '/9/' WHERE id = 11",
        "UPDATE audit_log SET object = NULL WHERE id = 11",
        "UPDATE audit_log SET detail = NULL WHERE id = 11",
        "UPDATE audit_log SET object = '' WHERE id = 11",
        "UPDATE audit_log SET hash = upper(hash) WHERE id = 11",
    };
    size_t i;
    for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
        jc_db *db = NULL;
        jc_err err;
        jc_err_clear(&err);
        assert_int_equal(jc_db_open(":memory:", NULL, &db, &err), JC_OK);
        assert_int_equal(jc_migrate(db, NULL, &err), JC_OK);
        append_range(db, 1, 12);
        exec(db, edits[i]);
        expect_bad(db, i == 1 ? 10 : 11, NULL);
        jc_db_close(db);
    }
}

static void test_delete_one_entry(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    exec(db, "DELETE FROM audit_log WHERE id = 12");
    expect_bad(db, 13, "missing");
}

static void test_delete_first_entry(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    exec(db, "DELETE FROM audit_log WHERE id = 1");
    expect_bad(db, 2, "missing");
}

static void test_delete_and_renumber(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    /* close the id gap after removing entry 12: the link of the next entry still breaks */
    exec(db, "DELETE FROM audit_log WHERE id = 12");
    exec(db, "UPDATE audit_log SET id = -id WHERE id > 12; "
             "UPDATE audit_log SET id = -id - 1 WHERE id < 0");
    expect_bad(db, 12, "prev_hash");
}

static void test_swap_two_entries(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    /* swap everything but the ids of entries 5 and 9 */
    exec(db, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE id IN (5, 9);"
             "UPDATE audit_log SET (at, account, org_path, action, object, result, detail, "
             "prev_hash, hash) = (SELECT at, account, org_path, action, object, result, detail, "
             "prev_hash, hash FROM t WHERE t.id = CASE audit_log.id WHEN 5 THEN 9 ELSE 5 END) "
             "WHERE id IN (5, 9); DROP TABLE t;");
    expect_bad(db, 5, "prev_hash");
}

static void test_swap_contents_keep_hashes(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    exec(db, "CREATE TEMP TABLE t AS SELECT * FROM audit_log WHERE id IN (5, 9);"
             "UPDATE audit_log SET (at, account, org_path, action, object, result, detail) = "
             "(SELECT at, account, org_path, action, object, result, detail FROM t WHERE "
             "t.id = CASE audit_log.id WHEN 5 THEN 9 ELSE 5 END) WHERE id IN (5, 9); DROP TABLE t;");
    expect_bad(db, 5, "content changed");
}

static void test_swap_ids(void **state)
{
    jc_db *db = *state;
    append_range(db, 1, N);
    exec(db, "UPDATE audit_log SET id = -5 WHERE id = 5; UPDATE audit_log SET id = 5 WHERE id = 9;"
             "UPDATE audit_log SET id = 9 WHERE id = -5");
    expect_bad(db, 5, NULL);
}

/* ---- retention and purge ------------------------------------------------------------ */

static void test_purge_younger_than_six_months_refused(void **state)
{
    jc_db *db = *state;
    static const char *const young[] = {"2026-01-01", "2026-06-30", "2025-12-29T16:00:00.001Z",
                                        "2025-12-30"};
    int64_t removed = -1;
    jc_err err;
    size_t i;
    append_range(db, 1, N);
    for (i = 0; i < sizeof young / sizeof young[0]; i++) {
        jc_err_clear(&err);
        assert_int_equal(jc_audit_purge(db, young[i], TODAY, "cli:root", &removed, &err), JC_FAIL);
        assert_int_equal(err.status, 422);
        assert_string_equal(err.code, "AUDIT_RETENTION");
        assert_string_equal(err.rule, "CSL-21");
        assert_non_null(strstr(err.zh, "网络安全法"));
        assert_int_equal(removed, 0);
    }
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), N);
    assert_int_equal(jc_db_in_tx(db), 0);
    jc_err_clear(&err);
    assert_int_equal(jc_audit_purge(db, "2025-13-01", TODAY, "cli:root", &removed, &err), JC_FAIL);
    assert_string_equal(err.code, "BAD_TIME");
    expect_intact(db);
}

static void test_purge_old_keeps_chain_verifiable(void **state)
{
    jc_db *db = *state;
    int64_t removed = -1, head_id = 0;
    char head[JC_AUDIT_HASH_HEX];
    jc_err err;
    jc_err_clear(&err);
    append_range(db, 1, N); /* entry i is dated 2025-01-15 + (i-1) months */
    /* the retention limit itself (today - 6 months, CST midnight) is allowed */
    assert_int_equal(jc_audit_purge(db, "2025-12-29T16:00:00.000Z", TODAY, "cli:root", &removed,
                                    &err), JC_OK);
    /* entries 1..12 are 2025-01..2025-12, all before the limit */
    assert_int_equal(removed, 12);
    assert_int_equal(count(db, "SELECT min(id) FROM audit_log"), 13);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_anchor WHERE purged_through_id = 12 "
                               "AND removed = 12 AND actor = 'cli:root'"), 1);
    /* the purge itself is the newest entry */
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log WHERE id = 21 AND "
                               "action = 'audit.purge' AND account = 'cli:root'"), 1);
    expect_intact(db);
    append_range(db, 21, 25); /* the chain goes on */
    expect_intact(db);
    assert_int_equal(jc_audit_head(db, &head_id, head, &err), JC_OK);
    assert_int_equal(head_id, 26);
    /* nothing more is old enough: no-op, no new anchor */
    assert_int_equal(jc_audit_purge(db, "2025-06-01", TODAY, "cli:root", &removed, &err), JC_OK);
    assert_int_equal(removed, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_anchor"), 1);
    expect_intact(db);
    /* far later every entry is old: all go, and the purge entry continues the chain */
    assert_int_equal(jc_audit_purge(db, "2098-01-01", (jc_date){2099, 1, 1}, "cli:root",
                                    &removed, &err), JC_OK);
    assert_int_equal(removed, 14); /* 13..26 */
    assert_int_equal(count(db, "SELECT count(*) FROM audit_anchor"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), 1);
    assert_int_equal(count(db, "SELECT id FROM audit_log"), 27);
    expect_intact(db);
    /* removing that last entry (truncation after a purge) is detected by the anchor */
    exec(db, "DELETE FROM audit_log WHERE id = 27");
    expect_bad(db, 27, "anchor");
}

static void test_forged_anchor_detected(void **state)
{
    jc_db *db = *state;
    int64_t removed;
    jc_err err;
    jc_err_clear(&err);
    append_range(db, 1, N);
    assert_int_equal(jc_audit_purge(db, "2025-06-01", TODAY, "cli:root", &removed, &err), JC_OK);
    assert_int_equal(removed, 5);
    expect_intact(db);
    /* hide entries 6..8 behind a forged anchor that continues at 9 */
    exec(db, "DELETE FROM audit_log WHERE id <= 8;"
             "INSERT INTO audit_anchor(purged_through_id, hash_at_that_id, removed, before_utc, "
             "at, actor) SELECT 8, prev_hash, 3, '2025-09-01T00:00:00.000Z', "
             "'2026-06-30T00:00:00.000Z', 'x' FROM audit_log WHERE id = 9");
    expect_bad(db, 9, "anchor");
}

static void test_purge_refused_on_broken_chain(void **state)
{
    jc_db *db = *state;
    int64_t removed = -1;
    jc_err err;
    jc_err_clear(&err);
    append_range(db, 1, N);
    exec(db, "UPDATE audit_log SET account = 'x' WHERE id = 3");
    assert_int_equal(jc_audit_purge(db, "2025-06-01", TODAY, "cli:root", &removed, &err), JC_FAIL);
    assert_string_equal(err.code, "AUDIT_CHAIN_BROKEN");
    assert_non_null(strstr(err.en, "entry 3"));
    assert_int_equal(count(db, "SELECT count(*) FROM audit_log"), N);
}

/* ---- viewer ------------------------------------------------------------------------- */

static json_t *view(jc_db *db, const jc_audit_filter *f, int64_t limit, int64_t before)
{
    jbuf b;
    json_t *j;
    json_error_t je;
    jc_err err;
    jc_err_clear(&err);
    jb_init(&b);
    if (jc_audit_write_json(db, f, limit, before, &b, &err) != JC_OK) fail_msg("view: %s", err.en);
    j = json_loads(b.p, 0, &je);
    if (!j) fail_msg("invalid JSON (%s): %s", je.text, b.p);
    jb_free(&b);
    return j;
}

static size_t n_items(json_t *j)
{
    return json_array_size(json_object_get(j, "items"));
}

static int64_t item_id(json_t *j, size_t i)
{
    return json_integer_value(json_object_get(json_array_get(json_object_get(j, "items"), i), "id"));
}

static void test_viewer_subtree_and_paging(void **state)
{
    jc_db *db = *state;
    jc_audit_filter f;
    json_t *j, *it;
    int64_t next;
    size_t i, seen = 0;
    append_range(db, 1, N);
    /* subtree of /1/2/: entries with org /1/2/ (i%4==1) and /1/2/5/ (i%4==2) = 10 */
    memset(&f, 0, sizeof f);
    f.lo_path = "/1/2/";
    f.hi_path = "/1/2/~";
    j = view(db, &f, 4, 0);
    assert_int_equal(n_items(j), 4);
    assert_int_equal(item_id(j, 0), 18); /* newest first */
    assert_int_equal(item_id(j, 1), 17);
    assert_int_equal(item_id(j, 2), 14);
    next = json_integer_value(json_object_get(j, "next_before_id"));
    assert_int_equal(next, 13);
    it = json_array_get(json_object_get(j, "items"), 0);
    assert_string_equal(json_string_value(json_object_get(it, "org_path")), "/1/2/5/");
    assert_string_equal(json_string_value(json_object_get(json_object_get(
                            json_object_get(it, "detail"), "after"), "job")), "new 18");
    seen = n_items(j);
    json_decref(j);
    while (next) {
        j = view(db, &f, 4, next);
        for (i = 0; i < n_items(j); i++) {
            const char *p = json_string_value(json_object_get(
                json_array_get(json_object_get(j, "items"), i), "org_path"));
            assert_true(!strcmp(p, "/1/2/") || !strcmp(p, "/1/2/5/"));
        }
        seen += n_items(j);
        next = json_is_null(json_object_get(j, "next_before_id"))
                   ? 0 : json_integer_value(json_object_get(j, "next_before_id"));
        json_decref(j);
    }
    assert_int_equal(seen, 10);
    /* no bounds: everything */
    memset(&f, 0, sizeof f);
    j = view(db, &f, 0, 0);
    assert_int_equal(n_items(j), N);
    assert_true(json_is_null(json_object_get(j, "next_before_id")));
    json_decref(j);
}

static void test_viewer_filters(void **state)
{
    jc_db *db = *state;
    jc_audit_filter f;
    json_t *j;
    jbuf b;
    jc_err err;
    append_range(db, 1, N);
    memset(&f, 0, sizeof f);
    f.action = "login"; /* i % 4 == 2 */
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 5);
    json_decref(j);
    f.action = "member."; /* prefix: create and update */
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 10);
    json_decref(j);
    f.account = "li"; /* i % 3 == 0, and a member.* action (i % 4 in 0, 1) */
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 2); /* 9 (update) and 12 (create) */
    json_decref(j);
    memset(&f, 0, sizeof f);
    f.from = "2025-03-01";
    f.to = "2025-05-15"; /* the whole day: entry 5 at 2025-05-15T08:05 is included */
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 3);
    assert_int_equal(item_id(j, 0), 5);
    assert_int_equal(item_id(j, 2), 3);
    json_decref(j);
    f.to = "2025-05-15T08:05:00Z"; /* through that whole second: entry 5 is at .005 */
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 3);
    json_decref(j);
    f.to = "2025-05-15T08:04:59.999Z";
    j = view(db, &f, 50, 0);
    assert_int_equal(n_items(j), 2);
    json_decref(j);
    f.from = "yesterday";
    jb_init(&b);
    jc_err_clear(&err);
    assert_int_equal(jc_audit_write_json(db, &f, 50, 0, &b, &err), JC_FAIL);
    assert_string_equal(err.code, "BAD_TIME");
    assert_string_equal(err.field, "from");
    jb_free(&b);
}

static void test_viewer_survives_tampered_detail(void **state)
{
    jc_db *db = *state;
    jc_audit_filter f;
    json_t *j;
    append_range(db, 1, 3);
    exec(db, "UPDATE audit_log SET detail = '1},\"admin\":true,\"x\":{' WHERE id = 2");
    memset(&f, 0, sizeof f);
    j = view(db, &f, 50, 0); /* still valid JSON; the text shown as a string */
    assert_int_equal(n_items(j), 3);
    assert_true(json_is_string(json_object_get(json_array_get(json_object_get(j, "items"), 1),
                                               "detail")));
    json_decref(j);
}

/* ---- export ------------------------------------------------------------------------- */

static void test_export_csv(void **state)
{
    jc_db *db = *state;
    jc_audit_entry e;
    jc_audit_filter f;
    jc_err err;
    jbuf b;
    FILE *fp;
    char *text;
    long size;
    jc_err_clear(&err);
    append_range(db, 1, 4);
    memset(&e, 0, sizeof e);
    e.account = "=HYPERLINK(\"http://x\")"; /* a name typed at the login form */
    e.action = "login_failed";
    e.result = "failed";
    assert_int_equal(jc_db_begin(db, &err), JC_OK);
    assert_int_equal(jc_audit_append(db, &e, &err), JC_OK);
    assert_int_equal(jc_db_commit(db, &err), JC_OK);
    memset(&f, 0, sizeof f);
    jb_init(&b);
    assert_int_equal(jc_audit_export_csv(db, &f, &b, &err), JC_OK);
    {
        const char *want = "id,at,account,org_path,action,object,result,detail,prev_hash,hash\r\n"
                           "1,2025-01-15T08:01:00.001Z,wang,/1/2/,member.update,member:101,ok,";
        assert_int_equal(strncmp(b.p, want, strlen(want)), 0);
    }
    assert_non_null(strstr(b.p, "\r\n5,"));
    assert_non_null(strstr(b.p, ",\"'=HYPERLINK(\"\"http://x\"\")\",")); /* defused */
    assert_true(strstr(b.p, "\r\n2,") < strstr(b.p, "\r\n3,")); /* oldest first */
    jb_free(&b);
    /* the same through a FILE, filtered */
    f.action = "login_failed";
    fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(jc_audit_export_csv_file(db, &f, fp, &err), JC_OK);
    size = ftell(fp);
    assert_true(size > 0);
    rewind(fp);
    text = calloc(1, (size_t)size + 1);
    assert_int_equal(fread(text, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    assert_non_null(strstr(text, "\r\n5,"));
    assert_null(strstr(text, "\r\n1,"));
    free(text);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_append_20_and_verify),
        T(test_canonical_form_documented),
        T(test_empty_chain_is_intact),
        T(test_append_outside_tx_refused),
        T(test_rolled_back_with_its_change),
        T(test_entry_checks),
        T(test_tamper_one_byte_of_detail),
        T(test_tamper_other_columns),
        T(test_delete_one_entry),
        T(test_delete_first_entry),
        T(test_delete_and_renumber),
        T(test_swap_two_entries),
        T(test_swap_contents_keep_hashes),
        T(test_swap_ids),
        T(test_purge_younger_than_six_months_refused),
        T(test_purge_old_keeps_chain_verifiable),
        T(test_forged_anchor_detected),
        T(test_purge_refused_on_broken_chain),
        T(test_viewer_subtree_and_paging),
        T(test_viewer_filters),
        T(test_viewer_survives_tampered_detail),
        T(test_export_csv),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
