/*
 * session.c — session tokens, their rows, CSRF tokens and cookies (see session.h).
 * Times are epoch seconds (BIGINT), compared in C rather than in SQL so the same
 * statements run on SQLite and PostgreSQL and the clock is the caller's `now`.
 */
#include "auth/session.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "auth/auth_util.h"
#include "auth/roles.h"

#define RAW_TOKEN_BYTES 32
#define HASH_BYTES 32
#define HASH_HEX (2 * HASH_BYTES + 1)

_Static_assert(sodium_base64_ENCODED_LEN(RAW_TOKEN_BYTES,
                                         sodium_base64_VARIANT_URLSAFE_NO_PADDING) ==
                   JC_SESSION_TOKEN_LEN + 1,
               "JC_SESSION_TOKEN_LEN");

static const char CSRF_LABEL[] = "jiceng csrf v1";

static const char *SQL_ACCOUNT_STATE = "SELECT disabled FROM account WHERE id = ?1";
static const char *SQL_INSERT =
    "INSERT INTO session(token_hash, csrf_hash, account_id, created_at, last_seen, expires_at)"
    " VALUES (?1, ?2, ?3, ?4, ?4, ?5)";
static const char *SQL_CHECK =
    "SELECT s.id, s.account_id, s.csrf_hash, s.created_at, s.last_seen, s.expires_at,"
    " CASE WHEN s.ended_at IS NULL THEN 0 ELSE 1 END, a.name, a.role, coalesce(a.org_id, 0),"
    " coalesce(a.member_id, 0), a.must_change_password, a.disabled,"
    " CASE WHEN a.totp_secret IS NULL THEN 0 ELSE 1 END"
    " FROM session s JOIN account a ON a.id = s.account_id WHERE s.token_hash = ?1";
static const char *SQL_TOUCH = "UPDATE session SET last_seen = ?2 WHERE id = ?1";
static const char *SQL_END =
    "UPDATE session SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL";
static const char *SQL_END_ALL =
    "UPDATE session SET ended_at = ?2 WHERE account_id = ?1 AND ended_at IS NULL";
static const char *SQL_END_OTHERS =
    "UPDATE session SET ended_at = ?2"
    " WHERE account_id = ?1 AND ended_at IS NULL AND token_hash <> ?3";
static const char *SQL_PURGE =
    "DELETE FROM session WHERE ended_at IS NOT NULL OR expires_at <= ?1 OR last_seen <= ?2";

/* ---- tokens ------------------------------------------------------------------------ */

static int token_wellformed(const char *t)
{
    size_t i;
    if (!t) return 0;
    for (i = 0; i < JC_SESSION_TOKEN_LEN; i++) {
        char c = t[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return 0;
    }
    return t[JC_SESSION_TOKEN_LEN] == '\0';
}

/* BLAKE2b-256 of s, hex, for the token_hash and csrf_hash columns. */
static void hash_hex(const char *s, char out[HASH_HEX])
{
    unsigned char h[HASH_BYTES];
    crypto_generichash(h, sizeof h, (const unsigned char *)s, strlen(s), NULL, 0);
    sodium_bin2hex(out, HASH_HEX, h, sizeof h);
}

static void encode(const unsigned char raw[RAW_TOKEN_BYTES], char out[JC_SESSION_TOKEN_LEN + 1])
{
    sodium_bin2base64(out, JC_SESSION_TOKEN_LEN + 1, raw, RAW_TOKEN_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int jc_session_csrf(const char *token, char csrf[JC_SESSION_TOKEN_LEN + 1])
{
    unsigned char raw[RAW_TOKEN_BYTES];
    if (!token_wellformed(token) || jc_auth_sodium(NULL) != JC_OK) return JC_FAIL;
    /* The token (43 bytes) is the key: within BLAKE2b's 16..64-byte key range. */
    crypto_generichash(raw, sizeof raw, (const unsigned char *)CSRF_LABEL,
                       sizeof CSRF_LABEL - 1, (const unsigned char *)token,
                       JC_SESSION_TOKEN_LEN);
    encode(raw, csrf);
    sodium_memzero(raw, sizeof raw);
    return JC_OK;
}

/* ---- rows -------------------------------------------------------------------------- */

static int account_usable(jc_db *db, int64_t account_id, jc_err *err)
{
    jc_stmt *st;
    int rc, disabled = 0;
    if (jc_db_stmt(db, SQL_ACCOUNT_STATE, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, account_id);
    rc = jc_step(st, err);
    if (rc == JC_ROW) disabled = (int)jc_col_int(st, 0);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (rc == JC_DONE)
        return jc_fail(err, JC_HTTP_NOT_FOUND, "ACCOUNT_NOT_FOUND", "", "", "账户不存在",
                       "account not found");
    if (disabled)
        return jc_fail(err, JC_HTTP_FORBIDDEN, "ACCOUNT_DISABLED", "", "", "账户已停用",
                       "account is disabled");
    return JC_OK;
}

int jc_session_create(jc_db *db, const jc_auth_settings *s, int64_t account_id, int64_t now,
                      char token[JC_SESSION_TOKEN_LEN + 1],
                      char csrf[JC_SESSION_TOKEN_LEN + 1], jc_err *err)
{
    unsigned char raw[RAW_TOKEN_BYTES];
    char token_hash[HASH_HEX], csrf_hash[HASH_HEX];
    jc_stmt *st;
    int own = 0, rc = JC_FAIL;

    token[0] = csrf[0] = '\0';
    if (jc_auth_sodium(err) != JC_OK) return JC_FAIL;
    randombytes_buf(raw, sizeof raw);
    encode(raw, token);
    sodium_memzero(raw, sizeof raw);
    if (jc_session_csrf(token, csrf) != JC_OK) {
        jc_fail_internal(err, "session", "CSRF derivation failed");
        goto cleanup;
    }
    hash_hex(token, token_hash);
    hash_hex(csrf, csrf_hash);

    if (jc_tx_begin(db, &own, err) != JC_OK) goto cleanup;
    rc = account_usable(db, account_id, err);
    if (rc == JC_OK) rc = jc_db_stmt(db, SQL_INSERT, &st, err);
    if (rc == JC_OK) {
        jc_bind_text(st, 1, token_hash);
        jc_bind_text(st, 2, csrf_hash);
        jc_bind_int(st, 3, account_id);
        jc_bind_int(st, 4, now);
        jc_bind_int(st, 5, now + s->absolute_timeout_s);
        rc = jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
        jc_stmt_reset(st);
    }
    rc = jc_tx_end(db, own, rc, err);
cleanup:
    if (rc != JC_OK) {
        sodium_memzero(token, JC_SESSION_TOKEN_LEN + 1);
        sodium_memzero(csrf, JC_SESSION_TOKEN_LEN + 1);
    }
    return rc;
}

static int invalid(jc_err *err)
{
    return jc_fail(err, JC_HTTP_UNAUTHORIZED, "SESSION_INVALID", "", "", "未登录或会话无效，请重新登录",
                   "not logged in or the session is not valid; log in again");
}

static void read_session(jc_stmt *st, const jc_auth_settings *s, jc_session *out)
{
    const jc_role *role;
    int totp_enabled;
    memset(out, 0, sizeof *out);
    out->id = jc_col_int(st, 0);
    out->account_id = jc_col_int(st, 1);
    if (sodium_hex2bin(out->csrf_hash, sizeof out->csrf_hash, jc_col_text(st, 2),
                       2 * HASH_BYTES, NULL, NULL, NULL) != 0)
        memset(out->csrf_hash, 0, sizeof out->csrf_hash);
    out->created_at = jc_col_int(st, 3);
    out->last_seen = jc_col_int(st, 4);
    out->expires_at = jc_col_int(st, 5);
    snprintf(out->account, sizeof out->account, "%s", jc_col_text(st, 7));
    snprintf(out->role, sizeof out->role, "%s", jc_col_text(st, 8));
    out->org_id = jc_col_int(st, 9);
    out->member_id = jc_col_int(st, 10);
    out->must_change_password = (int)jc_col_int(st, 11);
    totp_enabled = (int)jc_col_int(st, 13);
    role = jc_role_find(out->role);
    out->must_enrol_totp = role && role->needs_totp && s->require_totp && !totp_enabled;
}

int jc_session_check(jc_db *db, const jc_auth_settings *s, const char *token, int64_t now,
                     jc_session *out, jc_err *err)
{
    char token_hash[HASH_HEX];
    jc_stmt *st;
    int rc, ended = 0, disabled = 0;

    memset(out, 0, sizeof *out);
    if (!token_wellformed(token) || jc_auth_sodium(err) != JC_OK) return invalid(err);
    hash_hex(token, token_hash);
    if (jc_db_stmt(db, SQL_CHECK, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, token_hash);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        read_session(st, s, out);
        ended = (int)jc_col_int(st, 6);
        disabled = (int)jc_col_int(st, 12);
    }
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (rc == JC_DONE || ended || disabled) {
        memset(out, 0, sizeof *out);
        return invalid(err);
    }
    if (now >= out->expires_at || now - out->last_seen >= s->idle_timeout_s) {
        memset(out, 0, sizeof *out);
        return jc_fail(err, JC_HTTP_UNAUTHORIZED, "SESSION_EXPIRED", "", "",
                       "会话已过期，请重新登录", "the session has expired; log in again");
    }
    if (now - out->last_seen < s->touch_interval_s) return JC_OK;
    if (jc_db_stmt(db, SQL_TOUCH, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, out->id);
    jc_bind_int(st, 2, now);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    out->last_seen = now;
    return JC_OK;
}

/* Run one of the "end" statements: ?1 = key, ?2 = now, ?3 = optional text. */
static int run_end(jc_db *db, const char *sql, int64_t key_int, const char *key_text,
                   int64_t now, const char *third, int64_t *changed, jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (changed) *changed = 0;
    if (jc_db_stmt(db, sql, &st, err) != JC_OK) return JC_FAIL;
    if (key_text) jc_bind_text(st, 1, key_text);
    else jc_bind_int(st, 1, key_int);
    jc_bind_int(st, 2, now);
    if (third) jc_bind_text(st, 3, third);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (changed) *changed = jc_db_changes(db);
    return JC_OK;
}

int jc_session_end(jc_db *db, const char *token, int64_t now, jc_err *err)
{
    char token_hash[HASH_HEX];
    if (!token_wellformed(token)) return JC_OK;
    if (jc_auth_sodium(err) != JC_OK) return JC_FAIL;
    hash_hex(token, token_hash);
    return run_end(db, SQL_END, 0, token_hash, now, NULL, NULL, err);
}

int jc_session_end_all(jc_db *db, int64_t account_id, int64_t now, int64_t *ended,
                       jc_err *err)
{
    return run_end(db, SQL_END_ALL, account_id, NULL, now, NULL, ended, err);
}

int jc_session_end_others(jc_db *db, int64_t account_id, const char *keep_token, int64_t now,
                          int64_t *ended, jc_err *err)
{
    char keep_hash[HASH_HEX] = "";
    if (token_wellformed(keep_token)) {
        if (jc_auth_sodium(err) != JC_OK) return JC_FAIL;
        hash_hex(keep_token, keep_hash);
    }
    return run_end(db, SQL_END_OTHERS, account_id, NULL, now, keep_hash, ended, err);
}

int jc_session_purge(jc_db *db, const jc_auth_settings *s, int64_t now, int64_t *deleted,
                     jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (deleted) *deleted = 0;
    if (jc_db_stmt(db, SQL_PURGE, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_int(st, 1, now);
    jc_bind_int(st, 2, now - s->idle_timeout_s);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (deleted) *deleted = jc_db_changes(db);
    return JC_OK;
}

/* ---- CSRF and cookies -------------------------------------------------------------- */

int jc_csrf_check(const jc_session *s, const char *header_value, jc_err *err)
{
    unsigned char h[HASH_BYTES];
    int ok;
    /* The length is no secret; past it, the comparison is constant-time. */
    if (!s || !header_value || strlen(header_value) != JC_SESSION_TOKEN_LEN ||
        jc_auth_sodium(NULL) != JC_OK)
        goto refuse;
    crypto_generichash(h, sizeof h, (const unsigned char *)header_value, JC_SESSION_TOKEN_LEN,
                       NULL, 0);
    ok = sodium_memcmp(h, s->csrf_hash, sizeof h) == 0;
    if (ok) return JC_OK;
refuse:
    return jc_fail(err, JC_HTTP_FORBIDDEN, "CSRF_INVALID", "", "",
                   "请求缺少有效的 CSRF 令牌，请刷新页面后重试",
                   "missing or wrong CSRF token; reload the page and try again");
}

const char *jc_session_cookie_name(int secure)
{
    return secure ? JC_SESSION_COOKIE_TLS : JC_SESSION_COOKIE_PLAIN;
}

int jc_session_cookie(const char *token, int secure, char *out, size_t cap)
{
    int n;
    if (!token_wellformed(token)) return JC_FAIL;
    n = snprintf(out, cap, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
                 jc_session_cookie_name(secure), token, secure ? "; Secure" : "");
    return n >= 0 && (size_t)n < cap ? JC_OK : JC_FAIL;
}

int jc_session_cookie_clear(int secure, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
                     jc_session_cookie_name(secure), secure ? "; Secure" : "");
    return n >= 0 && (size_t)n < cap ? JC_OK : JC_FAIL;
}
