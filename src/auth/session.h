/*
 * session.h — server-side sessions. A session token is 256 random bits (libsodium),
 * sent to the browser once in a cookie and stored only as its BLAKE2b-256 hash, so a
 * copy of the database opens no session. Each session has a CSRF token derived from the
 * session token by a keyed hash (BLAKE2b keyed with the token over a fixed label): the
 * server can hand it out again (GET /api/v1/session after a page reload) without
 * storing it, and stores its hash to check the X-CSRF-Token header in constant time.
 *
 * A session ends at logout, when its account is disabled, after idle_timeout_s without
 * a request, and absolute_timeout_s after login, whichever comes first (settings.h).
 * last_seen is written at most once per touch_interval_s, so reads cost no write each.
 *
 * Cookies: "__Host-jiceng" under TLS. Browsers accept the __Host- prefix only with
 * Secure, Path=/ and no Domain, and a Secure cookie is not sent over plain http; so
 * over plain http (serve on loopback, or behind a TLS-terminating proxy that talks
 * http to us) the cookie is called "jiceng", without Secure. jc_session_cookie() picks
 * the name from `secure`; the reader must look for the same name.
 */
#ifndef JC_SESSION_H
#define JC_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "auth/settings.h"
#include "store/db.h"
#include "util/err.h"

#define JC_SESSION_TOKEN_LEN 43      /* base64url, no padding, of 32 bytes */
#define JC_SESSION_COOKIE_TLS "__Host-jiceng"
#define JC_SESSION_COOKIE_PLAIN "jiceng"
#define JC_CSRF_HEADER "X-CSRF-Token"

typedef struct jc_session {
    int64_t id;
    int64_t account_id;
    char account[65];            /* account name */
    char role[16];
    int64_t org_id;              /* 0 for a system-wide account (sysadmin) */
    int64_t member_id;           /* role member: the member record; else 0 */
    int must_change_password;    /* only the password change may be used */
    int must_enrol_totp;         /* role needs TOTP, none enrolled: only enrolment */
    int64_t created_at, last_seen, expires_at;   /* epoch seconds */
    unsigned char csrf_hash[32];
} jc_session;

/* A new session for account_id (which must exist and not be disabled: 404
 * ACCOUNT_NOT_FOUND, 403 ACCOUNT_DISABLED). The token and its CSRF token are written to
 * token and csrf (JC_SESSION_TOKEN_LEN + 1 bytes each, the caller's); only hashes are
 * stored. Runs in the caller's transaction when one is open. */
int jc_session_create(jc_db *db, const jc_auth_settings *s, int64_t account_id, int64_t now,
                      char token[JC_SESSION_TOKEN_LEN + 1],
                      char csrf[JC_SESSION_TOKEN_LEN + 1], jc_err *err);

/* The live session of token (borrowed; NULL or malformed is simply unknown) into *out.
 * 401 SESSION_INVALID for an unknown, ended (logout, disabled account) or malformed
 * token; 401 SESSION_EXPIRED when idle or absolute time ran out. Writes last_seen when
 * touch_interval_s has passed since the last write. */
int jc_session_check(jc_db *db, const jc_auth_settings *s, const char *token, int64_t now,
                     jc_session *out, jc_err *err);

/* End the session of token (logout). Unknown or ended tokens are not an error. */
int jc_session_end(jc_db *db, const char *token, int64_t now, jc_err *err);

/* End every live session of account_id (account disabled, password reset);
 * *ended (may be NULL) gets how many. */
int jc_session_end_all(jc_db *db, int64_t account_id, int64_t now, int64_t *ended,
                       jc_err *err);

/* End every live session of account_id except the one of keep_token (own password
 * change: the other devices are logged out). */
int jc_session_end_others(jc_db *db, int64_t account_id, const char *keep_token, int64_t now,
                          int64_t *ended, jc_err *err);

/* Delete the rows of sessions that can no longer be used at now (ended, expired, idle). */
int jc_session_purge(jc_db *db, const jc_auth_settings *s, int64_t now, int64_t *deleted,
                     jc_err *err);

/* The CSRF token of a session token, into csrf (the caller's). JC_FAIL for a malformed
 * token. */
int jc_session_csrf(const char *token, char csrf[JC_SESSION_TOKEN_LEN + 1]);

/* JC_OK when header_value (the X-CSRF-Token header, may be NULL) is the CSRF token of
 * session s; otherwise 403 CSRF_INVALID. Constant time in the token's content. */
int jc_csrf_check(const jc_session *s, const char *header_value, jc_err *err);

/* The cookie name for a TLS (secure=1) or plain-http (secure=0) server. Static. */
const char *jc_session_cookie_name(int secure);

/* Set-Cookie value carrying token:
 *   "__Host-jiceng=<token>; Path=/; HttpOnly; SameSite=Strict; Secure"   (secure)
 *   "jiceng=<token>; Path=/; HttpOnly; SameSite=Strict"                  (plain http)
 * A session cookie (no Max-Age): the server decides when the session ends.
 * JC_FAIL when out (cap bytes) is too small or token malformed. */
int jc_session_cookie(const char *token, int secure, char *out, size_t cap);

/* Set-Cookie value that removes the cookie (logout): same name and attributes, empty
 * value, Max-Age=0. */
int jc_session_cookie_clear(int secure, char *out, size_t cap);

#endif
