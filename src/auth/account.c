/*
 * account.c — account records, password and second-factor management, and login (see
 * account.h). Login works in two phases: first everything slow and read-only (load the
 * row, Argon2id, TOTP), then one short write transaction that records the outcome
 * (failure counter and lockout, or last login and the TOTP step) and runs the caller's
 * hook, so the write lock is never held across a password hash.
 */
#include "auth/account.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth_util.h"
#include "auth/roles.h"
#include "auth/session.h"
#include "util/mem.h"
#include "util/utf8.h"

#define ACCOUNT_COLS                                                                         \
    "a.id, a.name, a.display_name, coalesce(a.org_id, 0), a.role, coalesce(a.member_id, 0), " \
    "a.must_change_password, CASE WHEN a.totp_secret IS NULL THEN 0 ELSE 1 END, "           \
    "CASE WHEN a.totp_pending IS NULL THEN 0 ELSE 1 END, a.failed_count, "                  \
    "coalesce(a.locked_until, 0), a.disabled, coalesce(a.last_login_at, 0), a.created_at, "  \
    "a.updated_at "

static const char *SQL_BY_ID = "SELECT " ACCOUNT_COLS "FROM account a WHERE a.id = ?1";
static const char *SQL_BY_NAME = "SELECT " ACCOUNT_COLS "FROM account a WHERE a.name = ?1";
static const char *SQL_LIST_ALL = "SELECT " ACCOUNT_COLS "FROM account a ORDER BY a.name";
static const char *SQL_LIST_SCOPE =
    "SELECT " ACCOUNT_COLS "FROM account a JOIN org o ON o.id = a.org_id JOIN org s ON s.id = ?1"
    " WHERE o.path >= s.path AND o.path < s.path || '~' ORDER BY a.name";
static const char *SQL_ORG_EXISTS = "SELECT count(*) FROM org WHERE id = ?1";
static const char *SQL_MEMBER_ORG = "SELECT org_id FROM member WHERE id = ?1";
static const char *SQL_NAME_TAKEN = "SELECT count(*) FROM account WHERE name = ?1";
static const char *SQL_INSERT =
    "INSERT INTO account(name, display_name, org_id, role, password_hash, must_change_password,"
    " member_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6, ?7, ?7)";
static const char *SQL_ID_OF = "SELECT id FROM account WHERE name = ?1";
static const char *SQL_HASH_OF = "SELECT name, password_hash FROM account WHERE id = ?1";
static const char *SQL_SET_PASSWORD =
    "UPDATE account SET password_hash = ?2, must_change_password = 0, updated_at = ?3"
    " WHERE id = ?1";
static const char *SQL_RESET_PASSWORD =
    "UPDATE account SET password_hash = ?2, must_change_password = 1, failed_count = 0,"
    " locked_until = NULL, updated_at = ?3 WHERE id = ?1";
static const char *SQL_SET_DISPLAY =
    "UPDATE account SET display_name = ?2, updated_at = ?3 WHERE id = ?1";
static const char *SQL_SET_DISABLED =
    "UPDATE account SET disabled = ?2, updated_at = ?3 WHERE id = ?1";
static const char *SQL_UNLOCK =
    "UPDATE account SET failed_count = 0, locked_until = NULL, updated_at = ?2 WHERE id = ?1";
static const char *SQL_TOTP_PENDING =
    "UPDATE account SET totp_pending = ?2, updated_at = ?3 WHERE id = ?1";
static const char *SQL_TOTP_PENDING_OF =
    "SELECT coalesce(totp_pending, '') FROM account WHERE id = ?1";
static const char *SQL_TOTP_CONFIRM =
    "UPDATE account SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?2,"
    " updated_at = ?3 WHERE id = ?1 AND totp_pending = ?4";
static const char *SQL_TOTP_CLEAR =
    "UPDATE account SET totp_secret = NULL, totp_pending = NULL, totp_last_step = -1,"
    " updated_at = ?2 WHERE id = ?1";
static const char *SQL_WITHIN =
    "SELECT count(*) FROM org o JOIN org s ON s.id = ?1"
    " WHERE o.id = ?2 AND o.path >= s.path AND o.path < s.path || '~'";
static const char *SQL_LOGIN =
    "SELECT id, role, coalesce(org_id, 0), coalesce(member_id, 0), password_hash,"
    " coalesce(totp_secret, ''), totp_last_step, failed_count, coalesce(locked_until, 0),"
    " disabled, must_change_password FROM account WHERE name = ?1";
static const char *SQL_COUNTERS =
    "SELECT failed_count, coalesce(locked_until, 0) FROM account WHERE id = ?1";
static const char *SQL_SET_COUNTERS =
    "UPDATE account SET failed_count = ?2, locked_until = ?3 WHERE id = ?1";
static const char *SQL_SUCCESS =
    "UPDATE account SET failed_count = 0, locked_until = NULL, last_login_at = ?2 WHERE id = ?1";
/* The step condition makes a code usable once even by two logins racing each other. */
static const char *SQL_SUCCESS_TOTP =
    "UPDATE account SET failed_count = 0, locked_until = NULL, last_login_at = ?2,"
    " totp_last_step = ?3 WHERE id = ?1 AND totp_last_step < ?3";
static const char *SQL_REHASH =
    "UPDATE account SET password_hash = ?2 WHERE id = ?1 AND password_hash = ?3";

/* ---- small helpers ----------------------------------------------------------------- */

static void copy(char *dst, size_t cap, const char *src)
{
    snprintf(dst, cap, "%s", src ? src : "");
}

/* Step a write statement to its end and reset it. */
static int run(jc_stmt *st, jc_err *err)
{
    int rc = jc_step(st, err);
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int not_found(jc_err *err)
{
    return jc_fail(err, JC_HTTP_NOT_FOUND, "ACCOUNT_NOT_FOUND", "", "", "账户不存在",
                   "account not found");
}

/* Run a write statement that must touch exactly the row of one account. */
static int update_one(jc_db *db, jc_stmt *st, jc_err *err)
{
    if (run(st, err) != JC_OK) return JC_FAIL;
    return jc_db_changes(db) > 0 ? JC_OK : not_found(err);
}

/* SELECT returning one integer with one int parameter; *out = 0 and *found = 0 when no
 * row. found may be NULL. */
static int query_int(jc_db *db, const char *sql, int64_t arg, int64_t *out, int *found,
                     jc_err *err)
{
    jc_stmt *st;
    int rc;
    *out = 0;
    if (found) *found = 0;
    if (jc_db_stmt(db, sql, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, arg);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        *out = jc_col_int(st, 0);
        if (found) *found = 1;
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static void bind_id_or_null(jc_stmt *st, int idx, int64_t id)
{
    if (id > 0) jc_bind_int(st, idx, id);
    else jc_bind_null(st, idx);
}

/* Login names: 2..64 of [a-z0-9._@-] after lower-casing, starting with a letter or
 * digit. JC_OK with the lower-case form in out. */
static int name_norm(const char *in, char out[JC_ACCOUNT_NAME_MAX + 1])
{
    size_t n = 0;
    out[0] = '\0';
    if (!in) return JC_FAIL;
    for (; in[n]; n++) {
        char c = in[n];
        if (n == JC_ACCOUNT_NAME_MAX) return JC_FAIL;
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              (n > 0 && (c == '.' || c == '_' || c == '@' || c == '-'))))
            return JC_FAIL;
        out[n] = c;
    }
    out[n] = '\0';
    return n >= 2 ? JC_OK : JC_FAIL;
}

static void read_account(jc_stmt *st, jc_account *a)
{
    memset(a, 0, sizeof *a);
    a->id = jc_col_int(st, 0);
    copy(a->name, sizeof a->name, jc_col_text(st, 1));
    copy(a->display_name, sizeof a->display_name, jc_col_text(st, 2));
    a->org_id = jc_col_int(st, 3);
    copy(a->role, sizeof a->role, jc_col_text(st, 4));
    a->member_id = jc_col_int(st, 5);
    a->must_change_password = (int)jc_col_int(st, 6);
    a->totp_enabled = (int)jc_col_int(st, 7);
    a->totp_pending = (int)jc_col_int(st, 8);
    a->failed_count = (int)jc_col_int(st, 9);
    a->locked_until = jc_col_int(st, 10);
    a->disabled = (int)jc_col_int(st, 11);
    a->last_login_at = jc_col_int(st, 12);
    copy(a->created_at, sizeof a->created_at, jc_col_text(st, 13));
    copy(a->updated_at, sizeof a->updated_at, jc_col_text(st, 14));
}

/* ---- reading ----------------------------------------------------------------------- */

static int load(jc_db *db, const char *sql, int64_t id, const char *name, jc_account *out,
                jc_err *err)
{
    jc_stmt *st;
    int rc;
    memset(out, 0, sizeof *out);
    if (jc_db_stmt(db, sql, &st, err) != JC_OK) return JC_FAIL;
    if (name) jc_bind_text(st, 1, name);
    else jc_bind_int(st, 1, id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) read_account(st, out);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    return rc == JC_ROW ? JC_OK : not_found(err);
}

int jc_account_get(jc_db *db, int64_t id, jc_account *out, jc_err *err)
{
    return load(db, SQL_BY_ID, id, NULL, out, err);
}

int jc_account_find(jc_db *db, const char *name, jc_account *out, jc_err *err)
{
    char norm[JC_ACCOUNT_NAME_MAX + 1];
    if (name_norm(name, norm) != JC_OK) {
        memset(out, 0, sizeof *out);
        return not_found(err);
    }
    return load(db, SQL_BY_NAME, 0, norm, out, err);
}

int jc_account_list(jc_db *db, int64_t scope_org_id, jc_account **out, size_t *n, jc_err *err)
{
    jc_stmt *st;
    jc_account *arr = NULL;
    size_t cap = 0, len = 0;
    int rc;
    *out = NULL;
    *n = 0;
    if (jc_db_stmt(db, scope_org_id ? SQL_LIST_SCOPE : SQL_LIST_ALL, &st, err) != JC_OK)
        return JC_FAIL;
    if (scope_org_id) jc_bind_int(st, 1, scope_org_id);
    while ((rc = jc_step(st, err)) == JC_ROW) {
        if (len == cap) {
            cap = cap ? 2 * cap : 16;
            arr = xrealloc(arr, cap * sizeof *arr);
        }
        read_account(st, &arr[len++]);
    }
    jc_stmt_reset(st);
    if (rc < 0) {
        free(arr);
        return JC_FAIL;
    }
    *out = arr;
    *n = len;
    return JC_OK;
}

int jc_org_within(jc_db *db, int64_t scope_org_id, int64_t org_id, int *inside, jc_err *err)
{
    jc_stmt *st;
    int rc;
    *inside = 0;
    if (scope_org_id == 0) {
        *inside = 1;
        return JC_OK;
    }
    if (jc_db_stmt(db, SQL_WITHIN, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, scope_org_id);
    jc_bind_int(st, 2, org_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) *inside = jc_col_int(st, 0) > 0;
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* ---- creating ---------------------------------------------------------------------- */

/* Check the input and settle org_id (a member account takes its member's org). */
static int validate_new(jc_db *db, const jc_account_new *in, char name[JC_ACCOUNT_NAME_MAX + 1],
                        int64_t *org_id, jc_err *err)
{
    const jc_role *role = jc_role_find(in->role);
    const char *dn = in->display_name ? in->display_name : "";
    size_t dn_len = strlen(dn), dn_chars;
    int64_t v;
    int found;

    if (name_norm(in->name, name) != JC_OK)
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "ACCOUNT_NAME_INVALID", "name", "",
                       "账户名须为 2–64 个字母、数字或 . _ @ -，以字母或数字开头",
                       "name must be 2-64 letters, digits or . _ @ -, starting with a letter "
                       "or digit");
    dn_chars = jc_utf8_valid(dn, dn_len) ? jc_utf8_count(dn, dn_len) : 0;
    if (dn_chars < 1 || dn_chars > JC_ACCOUNT_DISPLAY_MAX || dn_len >= 4 * JC_ACCOUNT_DISPLAY_MAX + 1)
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "DISPLAY_NAME_INVALID", "display_name", "",
                       "显示名称须为 1–64 个字符", "display_name must have 1-64 characters");
    if (!role)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "ROLE_UNKNOWN", "role", "",
                        "未知角色：%s", "role is unknown: %s", in->role ? in->role : "");
    *org_id = in->org_id;
    if (strcmp(role->name, "member") == 0) {
        if (in->member_id <= 0)
            return jc_fail(err, JC_HTTP_UNPROCESSABLE, "MEMBER_REQUIRED", "member_id", "",
                           "党员账户须关联党员档案", "member_id is required for role member");
        if (query_int(db, SQL_MEMBER_ORG, in->member_id, &v, &found, err) != JC_OK)
            return JC_FAIL;
        if (!found)
            return jc_fail(err, JC_HTTP_UNPROCESSABLE, "MEMBER_NOT_FOUND", "member_id", "",
                           "党员档案不存在", "member_id: no such member");
        *org_id = v;
    } else if (in->member_id) {
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "MEMBER_NOT_ALLOWED", "member_id", "",
                       "只有党员账户可关联党员档案", "member_id is only for role member");
    }
    if (role->scoped && !role->org_optional && *org_id <= 0)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "ORG_REQUIRED", "org_id", "",
                        "角色 %s 须指定所属党组织", "org_id is required for role %s", role->name);
    if (*org_id > 0) {
        if (query_int(db, SQL_ORG_EXISTS, *org_id, &v, NULL, err) != JC_OK) return JC_FAIL;
        if (!v)
            return jc_fail(err, JC_HTTP_UNPROCESSABLE, "ORG_NOT_FOUND", "org_id", "",
                           "党组织不存在", "org_id: no such organization");
    }
    return JC_OK;
}

static int insert_account(jc_db *db, const jc_account_new *in, const char *name, int64_t org_id,
                          const char *hash, int64_t now, int64_t *id_out, jc_err *err)
{
    jc_stmt *st;
    char iso[21];
    int64_t v;
    int found;
    if (jc_db_stmt(db, SQL_NAME_TAKEN, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, name);
    v = jc_step(st, err) == JC_ROW ? jc_col_int(st, 0) : -1;
    jc_stmt_reset(st);
    if (v < 0) return JC_FAIL;
    if (v > 0)
        return jc_failf(err, JC_HTTP_CONFLICT, "ACCOUNT_EXISTS", "name", "", "账户名已存在：%s",
                        "name is taken: %s", name);
    if (jc_db_stmt(db, SQL_INSERT, &st, err) != JC_OK) return JC_FAIL;
    jc_auth_iso(now, iso);
    jc_bind_text(st, 1, name);
    jc_bind_text(st, 2, in->display_name);
    bind_id_or_null(st, 3, org_id);
    jc_bind_text(st, 4, in->role);
    jc_bind_text(st, 5, hash);
    bind_id_or_null(st, 6, in->member_id);
    jc_bind_text(st, 7, iso);
    if (run(st, err) != JC_OK) return JC_FAIL;
    if (jc_db_stmt(db, SQL_ID_OF, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, name);
    found = jc_step(st, err);
    v = found == JC_ROW ? jc_col_int(st, 0) : 0;
    jc_stmt_reset(st);
    if (found != JC_ROW) return found < 0 ? JC_FAIL : jc_fail_internal(err, "account", "insert lost");
    if (id_out) *id_out = v;
    return JC_OK;
}

int jc_account_create(jc_db *db, const jc_account_new *in, int64_t now,
                      char otp[JC_PW_GEN_LEN + 1], int64_t *id_out, jc_err *err)
{
    char name[JC_ACCOUNT_NAME_MAX + 1], hash[JC_PWHASH_SIZE];
    int64_t org_id = 0;
    int own = 0, rc;

    otp[0] = '\0';
    if (id_out) *id_out = 0;
    if (validate_new(db, in, name, &org_id, err) != JC_OK) return JC_FAIL;
    if (jc_password_generate(otp, JC_PW_GEN_LEN + 1, err) != JC_OK) return JC_FAIL;
    rc = jc_password_hash(otp, hash, err);
    if (rc == JC_OK) rc = jc_tx_begin(db, &own, err);
    if (rc == JC_OK) {
        rc = insert_account(db, in, name, org_id, hash, now, id_out, err);
        rc = jc_tx_end(db, own, rc, err);
    }
    if (rc != JC_OK) sodium_memzero(otp, JC_PW_GEN_LEN + 1);
    return rc;
}

/* ---- passwords --------------------------------------------------------------------- */

/* The name and current hash of account id. */
static int load_hash(jc_db *db, int64_t id, char name[JC_ACCOUNT_NAME_MAX + 1],
                     char hash[JC_PWHASH_SIZE], jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (jc_db_stmt(db, SQL_HASH_OF, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        copy(name, JC_ACCOUNT_NAME_MAX + 1, jc_col_text(st, 0));
        copy(hash, JC_PWHASH_SIZE, jc_col_text(st, 1));
    }
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    return rc == JC_ROW ? JC_OK : not_found(err);
}

/* Write hash as the password of id in its own (or the caller's) transaction. */
static int store_hash(jc_db *db, const char *sql, int64_t id, const char *hash, int64_t now,
                      int end_sessions, jc_err *err)
{
    jc_stmt *st;
    char iso[21];
    int own = 0, rc;
    if (jc_tx_begin(db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_db_stmt(db, sql, &st, err);
    if (rc == JC_OK) {
        jc_auth_iso(now, iso);
        jc_bind_int(st, 1, id);
        jc_bind_text(st, 2, hash);
        jc_bind_text(st, 3, iso);
        rc = update_one(db, st, err);
    }
    if (rc == JC_OK && end_sessions) rc = jc_session_end_all(db, id, now, NULL, err);
    return jc_tx_end(db, own, rc, err);
}

int jc_account_set_password(jc_db *db, int64_t id, const char *password, int64_t now,
                            jc_err *err)
{
    char name[JC_ACCOUNT_NAME_MAX + 1], old[JC_PWHASH_SIZE], hash[JC_PWHASH_SIZE];
    if (load_hash(db, id, name, old, err) != JC_OK) return JC_FAIL;
    if (jc_password_check(password, name, err) != JC_OK) return JC_FAIL;
    if (jc_password_verify(old, password) == JC_OK)
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "PASSWORD_REUSED", "password", "",
                       "新密码不能与当前密码相同", "password must differ from the current one");
    if (jc_password_hash(password, hash, err) != JC_OK) return JC_FAIL;
    return store_hash(db, SQL_SET_PASSWORD, id, hash, now, 0, err);
}

int jc_account_change_password(jc_db *db, int64_t id, const char *old_password,
                               const char *new_password, int64_t now, jc_err *err)
{
    char name[JC_ACCOUNT_NAME_MAX + 1], old[JC_PWHASH_SIZE];
    if (load_hash(db, id, name, old, err) != JC_OK) return JC_FAIL;
    if (!old_password || jc_password_verify(old, old_password) != JC_OK)
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "PASSWORD_WRONG", "old_password", "",
                       "当前密码错误", "old_password is wrong");
    return jc_account_set_password(db, id, new_password, now, err);
}

int jc_account_verify_password(jc_db *db, int64_t id, const char *password, jc_err *err)
{
    char name[JC_ACCOUNT_NAME_MAX + 1], hash[JC_PWHASH_SIZE];
    int ok;
    if (load_hash(db, id, name, hash, err) != JC_OK) return JC_FAIL;
    ok = password && jc_password_verify(hash, password) == JC_OK;
    sodium_memzero(hash, sizeof hash);
    if (ok) return JC_OK;
    return jc_fail(err, JC_HTTP_UNAUTHORIZED, "PASSWORD_WRONG", "password", "", "密码错误",
                   "password is wrong");
}

int jc_account_set_display_name(jc_db *db, int64_t id, const char *display_name, int64_t now,
                                jc_err *err)
{
    const char *dn = display_name ? display_name : "";
    size_t len = strlen(dn), chars = jc_utf8_valid(dn, len) ? jc_utf8_count(dn, len) : 0;
    jc_stmt *st;
    char iso[21];
    if (chars < 1 || chars > JC_ACCOUNT_DISPLAY_MAX || len >= 4 * JC_ACCOUNT_DISPLAY_MAX + 1)
        return jc_fail(err, JC_HTTP_UNPROCESSABLE, "DISPLAY_NAME_INVALID", "display_name", "",
                       "显示名称须为 1–64 个字符", "display_name must have 1-64 characters");
    if (jc_db_stmt(db, SQL_SET_DISPLAY, &st, err) != JC_OK) return JC_FAIL;
    jc_auth_iso(now, iso);
    jc_bind_int(st, 1, id);
    jc_bind_text(st, 2, dn);
    jc_bind_text(st, 3, iso);
    return update_one(db, st, err);
}

int jc_account_reset_password(jc_db *db, int64_t id, int64_t now, char otp[JC_PW_GEN_LEN + 1],
                              jc_err *err)
{
    char hash[JC_PWHASH_SIZE];
    int rc;
    otp[0] = '\0';
    if (jc_password_generate(otp, JC_PW_GEN_LEN + 1, err) != JC_OK) return JC_FAIL;
    rc = jc_password_hash(otp, hash, err);
    if (rc == JC_OK) rc = store_hash(db, SQL_RESET_PASSWORD, id, hash, now, 1, err);
    if (rc != JC_OK) sodium_memzero(otp, JC_PW_GEN_LEN + 1);
    return rc;
}

/* ---- state ------------------------------------------------------------------------- */

int jc_account_set_disabled(jc_db *db, int64_t id, int disabled, int64_t now, jc_err *err)
{
    jc_stmt *st;
    char iso[21];
    int own = 0, rc;
    if (jc_tx_begin(db, &own, err) != JC_OK) return JC_FAIL;
    rc = jc_db_stmt(db, SQL_SET_DISABLED, &st, err);
    if (rc == JC_OK) {
        jc_auth_iso(now, iso);
        jc_bind_int(st, 1, id);
        jc_bind_int(st, 2, disabled ? 1 : 0);
        jc_bind_text(st, 3, iso);
        rc = update_one(db, st, err);
    }
    if (rc == JC_OK && disabled) rc = jc_session_end_all(db, id, now, NULL, err);
    return jc_tx_end(db, own, rc, err);
}

int jc_account_unlock(jc_db *db, int64_t id, int64_t now, jc_err *err)
{
    jc_stmt *st;
    char iso[21];
    if (jc_db_stmt(db, SQL_UNLOCK, &st, err) != JC_OK) return JC_FAIL;
    jc_auth_iso(now, iso);
    jc_bind_int(st, 1, id);
    jc_bind_text(st, 2, iso);
    return update_one(db, st, err);
}

/* ---- second factor ----------------------------------------------------------------- */

int jc_account_totp_enrol(jc_db *db, int64_t id, int64_t now,
                          char secret[JC_TOTP_SECRET_B32], char *uri, size_t cap,
                          jc_err *err)
{
    jc_account a;
    jc_stmt *st;
    char iso[21];
    int rc;
    secret[0] = '\0';
    if (cap) uri[0] = '\0';
    if (jc_account_get(db, id, &a, err) != JC_OK) return JC_FAIL;
    if (jc_totp_secret_new(secret, err) != JC_OK) return JC_FAIL;
    rc = jc_totp_uri(a.name, secret, uri, cap, err);
    if (rc == JC_OK) rc = jc_db_stmt(db, SQL_TOTP_PENDING, &st, err);
    if (rc == JC_OK) {
        jc_auth_iso(now, iso);
        jc_bind_int(st, 1, id);
        jc_bind_text(st, 2, secret);
        jc_bind_text(st, 3, iso);
        rc = update_one(db, st, err);
    }
    if (rc != JC_OK) {
        sodium_memzero(secret, JC_TOTP_SECRET_B32);
        if (cap) sodium_memzero(uri, cap);
    }
    return rc;
}

int jc_account_totp_confirm(jc_db *db, int64_t id, const char *code, int64_t now, jc_err *err)
{
    char pending[64] = "", iso[21];
    jc_stmt *st;
    int64_t step = -1;
    int rc;
    if (jc_db_stmt(db, SQL_TOTP_PENDING_OF, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) copy(pending, sizeof pending, jc_col_text(st, 0));
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (rc == JC_DONE) return not_found(err);
    if (!pending[0])
        return jc_fail(err, JC_HTTP_CONFLICT, "TOTP_NOT_PENDING", "totp_code", "",
                       "尚未开始绑定动态验证码", "no TOTP enrolment was started");
    rc = jc_totp_verify(pending, code, now, -1, &step, err);
    if (rc == JC_OK) rc = jc_db_stmt(db, SQL_TOTP_CONFIRM, &st, err);
    if (rc == JC_OK) {
        jc_auth_iso(now, iso);
        jc_bind_int(st, 1, id);
        jc_bind_int(st, 2, step);
        jc_bind_text(st, 3, iso);
        jc_bind_text(st, 4, pending);
        rc = update_one(db, st, err);
    }
    sodium_memzero(pending, sizeof pending);
    return rc;
}

int jc_account_totp_clear(jc_db *db, int64_t id, int64_t now, jc_err *err)
{
    jc_stmt *st;
    char iso[21];
    if (jc_db_stmt(db, SQL_TOTP_CLEAR, &st, err) != JC_OK) return JC_FAIL;
    jc_auth_iso(now, iso);
    jc_bind_int(st, 1, id);
    jc_bind_text(st, 2, iso);
    return update_one(db, st, err);
}

/* ---- login ------------------------------------------------------------------------- */

typedef enum {
    OUT_OK,
    OUT_UNKNOWN,
    OUT_LOCKED,
    OUT_BAD_PASSWORD,
    OUT_DISABLED,
    OUT_TOTP_MISSING,
    OUT_TOTP_INVALID,
    OUT_TOTP_REPLAYED,
    OUT_ERROR,
} outcome;

static const char *const REASON[] = {
    "ok", "unknown_account", "locked", "bad_password", "disabled",
    "totp_missing", "totp_invalid", "totp_replayed", "error",
};

typedef struct login_row {
    int64_t id, org_id, member_id, totp_last_step, locked_until;
    char role[16];
    char hash[JC_PWHASH_SIZE];
    char totp[64];
    int failed_count, disabled, must_change;
} login_row;

static int load_login(jc_db *db, const char *name, login_row *row, int *found, jc_err *err)
{
    jc_stmt *st;
    int rc;
    memset(row, 0, sizeof *row);
    *found = 0;
    if (jc_db_stmt(db, SQL_LOGIN, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, name);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        *found = 1;
        row->id = jc_col_int(st, 0);
        copy(row->role, sizeof row->role, jc_col_text(st, 1));
        row->org_id = jc_col_int(st, 2);
        row->member_id = jc_col_int(st, 3);
        copy(row->hash, sizeof row->hash, jc_col_text(st, 4));
        copy(row->totp, sizeof row->totp, jc_col_text(st, 5));
        row->totp_last_step = jc_col_int(st, 6);
        row->failed_count = (int)jc_col_int(st, 7);
        row->locked_until = jc_col_int(st, 8);
        row->disabled = (int)jc_col_int(st, 9);
        row->must_change = (int)jc_col_int(st, 10);
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* The slow, read-only part: what the attempt amounts to. */
static outcome decide(const login_row *row, int found, const char *password, const char *code,
                      int64_t now, int64_t *used_step, jc_err *why)
{
    if (!found) {
        jc_password_verify_dummy(password);
        return OUT_UNKNOWN;
    }
    if (row->locked_until > now) return OUT_LOCKED;
    /* Longer than any password the policy lets in: wrong, but after the same work. */
    if (strnlen(password, 4 * JC_PW_MAX_CHARS + 1) > 4 * JC_PW_MAX_CHARS) {
        jc_password_verify_dummy("");
        return OUT_BAD_PASSWORD;
    }
    if (jc_password_verify(row->hash, password) != JC_OK) return OUT_BAD_PASSWORD;
    if (row->disabled) return OUT_DISABLED;
    if (!row->totp[0]) return OUT_OK;
    if (!code || !*code) return OUT_TOTP_MISSING;
    if (jc_totp_verify(row->totp, code, now, row->totp_last_step, used_step, why) == JC_OK)
        return OUT_OK;
    if (why->status == JC_HTTP_INTERNAL) return OUT_ERROR;
    return strcmp(why->code, "TOTP_REPLAYED") == 0 ? OUT_TOTP_REPLAYED : OUT_TOTP_INVALID;
}

/* One more failure; lock the account when it reaches the limit. A lockout that has run
 * out starts the count afresh. Counters are re-read inside the transaction. */
static int count_failure(jc_db *db, int64_t id, int64_t now, const jc_auth_settings *s,
                         jc_login_result *res, jc_err *err)
{
    jc_stmt *st;
    int64_t fc = 0, lu = 0;
    int rc;
    if (jc_db_stmt(db, SQL_COUNTERS, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        fc = jc_col_int(st, 0);
        lu = jc_col_int(st, 1);
    }
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (lu && lu <= now) fc = lu = 0;
    fc++;
    if (fc >= s->max_failures) {
        lu = now + s->lockout_s;
        res->locked_now = 1;
    }
    res->failed_count = (int)fc;
    res->locked_until = lu;
    if (jc_db_stmt(db, SQL_SET_COUNTERS, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, id);
    jc_bind_int(st, 2, fc);
    bind_id_or_null(st, 3, lu);
    return run(st, err);
}

/* Success: clear the counters, note the time and the TOTP step. *replayed = 1 when a
 * racing login used the same step first. */
static int record_success(jc_db *db, const login_row *row, int64_t used_step, int64_t now,
                          const char *rehash, int *replayed, jc_err *err)
{
    jc_stmt *st;
    *replayed = 0;
    if (jc_db_stmt(db, used_step >= 0 ? SQL_SUCCESS_TOTP : SQL_SUCCESS, &st, err) != JC_OK)
        return JC_FAIL;
    jc_bind_int(st, 1, row->id);
    jc_bind_int(st, 2, now);
    if (used_step >= 0) jc_bind_int(st, 3, used_step);
    if (run(st, err) != JC_OK) return JC_FAIL;
    if (jc_db_changes(db) == 0) {
        *replayed = 1;
        return JC_OK;
    }
    if (!rehash) return JC_OK;
    if (jc_db_stmt(db, SQL_REHASH, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, row->id);
    jc_bind_text(st, 2, rehash);
    jc_bind_text(st, 3, row->hash);
    return run(st, err);
}

/* The client's answer for an outcome (never says which of unknown/bad password). */
static int answer(outcome o, const jc_login_result *res, int64_t now, jc_err *err)
{
    long long minutes;
    switch (o) {
    case OUT_OK:
        return JC_OK;
    case OUT_LOCKED:
        minutes = (long long)((res->locked_until - now + 59) / 60);
        return jc_failf(err, JC_HTTP_LOCKED, "ACCOUNT_LOCKED", "", "",
                        "登录失败次数过多，账户已锁定，请 %lld 分钟后再试",
                        "too many failed logins: the account is locked; try again in %lld "
                        "minutes",
                        minutes);
    case OUT_DISABLED:
        return jc_fail(err, JC_HTTP_FORBIDDEN, "ACCOUNT_DISABLED", "", "", "账户已停用",
                       "account is disabled");
    case OUT_TOTP_MISSING:
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "TOTP_REQUIRED", "totp_code", "",
                       "请输入动态验证码", "totp_code is required");
    case OUT_TOTP_INVALID:
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "TOTP_INVALID", "totp_code", "",
                       "动态验证码错误", "totp_code is wrong");
    case OUT_TOTP_REPLAYED:
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "TOTP_REPLAYED", "totp_code", "",
                       "该动态验证码已使用过，请等待下一个",
                       "totp_code was used already; wait for the next one");
    case OUT_UNKNOWN:
    case OUT_BAD_PASSWORD:
    default:
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "LOGIN_FAILED", "", "",
                       "账户名或密码错误", "wrong account name or password");
    }
}

/* The name as tried, for the audit: lower case, printable ASCII only, cut to fit. */
static void tried_name(const char *name, char out[JC_ACCOUNT_NAME_MAX + 1])
{
    size_t i;
    for (i = 0; name && name[i] && i < JC_ACCOUNT_NAME_MAX; i++) {
        char c = name[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        out[i] = (c > 32 && c < 127) ? c : '?';
    }
    out[i] = '\0';
}

static void fill_result(jc_login_result *res, const login_row *row, int found,
                        const jc_auth_settings *s)
{
    const jc_role *role;
    if (!found) return;
    res->account_id = row->id;
    copy(res->role, sizeof res->role, row->role);
    res->org_id = row->org_id;
    res->member_id = row->member_id;
    res->failed_count = row->failed_count;
    res->locked_until = row->locked_until;
    res->must_change_password = row->must_change;
    role = jc_role_find(row->role);
    res->must_enrol_totp = role && role->needs_totp && s->require_totp && !row->totp[0];
}

/* The write phase: record the outcome and run the hook, in one transaction. */
static int record(jc_db *db, outcome *o, const login_row *row, int64_t used_step, int64_t now,
                  const jc_auth_settings *s, const char *rehash, jc_login_hook hook,
                  void *hook_arg, jc_login_result *res, jc_err *err)
{
    int own = 0, rc = JC_OK, replayed = 0;
    if (jc_tx_begin(db, &own, err) != JC_OK) return JC_FAIL;
    if (*o == OUT_OK) {
        rc = record_success(db, row, used_step, now, rehash, &replayed, err);
        if (rc == JC_OK && replayed) *o = OUT_TOTP_REPLAYED;
        if (rc == JC_OK && !replayed) {
            res->failed_count = 0;
            res->locked_until = 0;
        }
    }
    if (rc == JC_OK && (*o == OUT_BAD_PASSWORD || *o == OUT_TOTP_INVALID ||
                        *o == OUT_TOTP_REPLAYED))
        rc = count_failure(db, row->id, now, s, res, err);
    res->reason = REASON[*o];
    if (rc == JC_OK && hook) rc = hook(db, res, hook_arg, err);
    return jc_tx_end(db, own, rc, err);
}

int jc_login_hooked(jc_db *db, const char *name, const char *password, const char *totp_code,
                    int64_t now, const jc_auth_settings *s, jc_login_hook hook, void *hook_arg,
                    jc_login_result *res, jc_err *err)
{
    char norm[JC_ACCOUNT_NAME_MAX + 1], rehash_buf[JC_PWHASH_SIZE];
    const char *rehash = NULL;
    login_row row;
    jc_err why;
    int found = 0, rc;
    int64_t used_step = -1;
    outcome o;

    memset(res, 0, sizeof *res);
    memset(&row, 0, sizeof row);
    res->reason = REASON[OUT_ERROR];
    tried_name(name, res->name);
    if (!password) password = "";
    jc_err_clear(&why);
    if (name_norm(name, norm) == JC_OK && load_login(db, norm, &row, &found, err) != JC_OK)
        return JC_FAIL;
    fill_result(res, &row, found, s);
    o = decide(&row, found, password, totp_code, now, &used_step, &why);
    if (o == OUT_ERROR) {
        if (err) *err = why;
        rc = JC_FAIL;
        goto cleanup;
    }
    if (o == OUT_OK && jc_password_needs_rehash(row.hash) &&
        jc_password_hash(password, rehash_buf, NULL) == JC_OK)
        rehash = rehash_buf;
    rc = record(db, &o, &row, used_step, now, s, rehash, hook, hook_arg, res, err);
    if (rc == JC_OK) rc = answer(o, res, now, err);
cleanup:
    sodium_memzero(&row, sizeof row);
    return rc;
}

int jc_login(jc_db *db, const char *name, const char *password, const char *totp_code,
             int64_t now, const jc_auth_settings *s, jc_login_result *res, jc_err *err)
{
    return jc_login_hooked(db, name, password, totp_code, now, s, NULL, NULL, res, err);
}
