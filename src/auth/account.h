/*
 * account.h — accounts and login. An account has a login name, a role (roles.h) and an
 * org whose subtree bounds what it sees; a member account is tied to its own member
 * record. New accounts get a one-time password and must change it at first login;
 * sysadmin and org_admin must also enrol a TOTP second factor (unless the deployment
 * turned auth.require_totp off: demo databases).
 *
 * Login answers the same 401 LOGIN_FAILED, after the same Argon2id work, for an unknown
 * name and a wrong password, so the answer tells nothing about which names exist. Five
 * failures (wrong password or wrong TOTP code; settings.h) lock the account for 15
 * minutes. What happened is reported in jc_login_result for the audit trail; the audit
 * entry is the caller's, written through the hook inside the same transaction as the
 * counters.
 *
 * Mutations run in the caller's transaction when one is open (jc_tx_begin), so the
 * caller can add its audit entry atomically; Argon2id hashing happens before the
 * transaction so the write lock is never held for it. Authorization (who may create or
 * disable whom: jc_role_may_grant and the subtree) is the caller's.
 */
#ifndef JC_ACCOUNT_H
#define JC_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "auth/password.h"
#include "auth/settings.h"
#include "auth/totp.h"
#include "store/db.h"
#include "util/err.h"

#define JC_ACCOUNT_NAME_MAX 64        /* bytes: [a-z0-9._@-], stored lower case */
#define JC_ACCOUNT_DISPLAY_MAX 64     /* code points */

typedef struct jc_account {
    int64_t id;
    char name[JC_ACCOUNT_NAME_MAX + 1];
    char display_name[4 * JC_ACCOUNT_DISPLAY_MAX + 1];
    int64_t org_id;              /* 0 when system-wide */
    char role[16];
    int64_t member_id;           /* 0 unless role member */
    int must_change_password;
    int totp_enabled;            /* a confirmed second factor */
    int totp_pending;            /* enrolment started, not confirmed */
    int failed_count;
    int64_t locked_until;        /* epoch seconds; 0 when not locked */
    int disabled;
    int64_t last_login_at;       /* epoch seconds; 0 never */
    char created_at[24], updated_at[24];
} jc_account;

typedef struct jc_account_new {
    const char *name;            /* login name; case-insensitive, stored lower case */
    const char *display_name;    /* 1..64 characters */
    const char *role;            /* a name from jc_roles */
    int64_t org_id;              /* required for scoped roles; for member taken from the
                                  * member record */
    int64_t member_id;           /* required for role member, else 0 */
} jc_account_new;

/* Create an account with a one-time password (written to otp, the caller's, to be shown
 * once) and must_change_password = 1. *id_out (may be NULL) gets the new id. Errors:
 * 422 ACCOUNT_NAME_INVALID (name), DISPLAY_NAME_INVALID (display_name), ROLE_UNKNOWN
 * (role), ORG_REQUIRED / ORG_NOT_FOUND (org_id), MEMBER_REQUIRED / MEMBER_NOT_FOUND /
 * MEMBER_NOT_ALLOWED (member_id); 409 ACCOUNT_EXISTS (name). */
int jc_account_create(jc_db *db, const jc_account_new *in, int64_t now,
                      char otp[JC_PW_GEN_LEN + 1], int64_t *id_out, jc_err *err);

/* One account by id or by name (case-insensitive) into *out; 404 ACCOUNT_NOT_FOUND. */
int jc_account_get(jc_db *db, int64_t id, jc_account *out, jc_err *err);
int jc_account_find(jc_db *db, const char *name, jc_account *out, jc_err *err);

/* Accounts whose org lies in the subtree of scope_org_id (0: all accounts, system-wide
 * ones included), by name. *out is a new array of *n accounts, caller frees (free()). */
int jc_account_list(jc_db *db, int64_t scope_org_id, jc_account **out, size_t *n,
                    jc_err *err);

/* Set a new password (policy: password.h) and clear must_change_password. 422
 * PASSWORD_REUSED when it is the current password. The caller has authenticated the
 * change (jc_account_change_password for self-service, or its forced-change flow). */
int jc_account_set_password(jc_db *db, int64_t id, const char *password, int64_t now,
                            jc_err *err);

/* Self-service change: verifies old_password first (401 PASSWORD_WRONG on field
 * "old_password"), then as jc_account_set_password. */
int jc_account_change_password(jc_db *db, int64_t id, const char *old_password,
                               const char *new_password, int64_t now, jc_err *err);

/* JC_OK when password is the account's password; otherwise 401 PASSWORD_WRONG on field
 * "password" (re-authentication before a sensitive change, e.g. a new second factor). */
int jc_account_verify_password(jc_db *db, int64_t id, const char *password, jc_err *err);

/* Set the display name (1..64 characters: 422 DISPLAY_NAME_INVALID). */
int jc_account_set_display_name(jc_db *db, int64_t id, const char *display_name, int64_t now,
                                jc_err *err);

/* Administrator reset: a new one-time password into otp, must_change_password = 1,
 * lockout cleared, every session of the account ended. */
int jc_account_reset_password(jc_db *db, int64_t id, int64_t now, char otp[JC_PW_GEN_LEN + 1],
                              jc_err *err);

/* Disable (disabled = 1: every session ends in the same transaction) or enable again. */
int jc_account_set_disabled(jc_db *db, int64_t id, int disabled, int64_t now, jc_err *err);

/* Clear a lockout before it runs out. */
int jc_account_unlock(jc_db *db, int64_t id, int64_t now, jc_err *err);

/* Start TOTP enrolment: a new secret, kept pending until confirmed, into secret, and
 * the otpauth:// URI for a QR code into uri (cap bytes; 320 is enough). A second factor
 * already confirmed stays in force until the new one is confirmed. */
int jc_account_totp_enrol(jc_db *db, int64_t id, int64_t now,
                          char secret[JC_TOTP_SECRET_B32], char *uri, size_t cap,
                          jc_err *err);

/* Confirm enrolment with a code from the app: the pending secret becomes the second
 * factor. 409 TOTP_NOT_PENDING when no enrolment was started; 401 TOTP_INVALID. */
int jc_account_totp_confirm(jc_db *db, int64_t id, const char *code, int64_t now,
                            jc_err *err);

/* Remove the second factor (lost phone; administrator). */
int jc_account_totp_clear(jc_db *db, int64_t id, int64_t now, jc_err *err);

/* 1 in *inside when org_id lies in the subtree of scope_org_id (itself included); a
 * scope of 0 (system-wide account) contains every org. For the object-level checks. */
int jc_org_within(jc_db *db, int64_t scope_org_id, int64_t org_id, int *inside, jc_err *err);

/* ---- login ------------------------------------------------------------------------- */

typedef struct jc_login_result {
    const char *reason;          /* for the audit only, never the client: "ok",
                                  * "unknown_account", "bad_password", "locked",
                                  * "disabled", "totp_missing", "totp_invalid",
                                  * "totp_replayed", "error" (static) */
    char name[JC_ACCOUNT_NAME_MAX + 1]; /* the name as tried, lower case, cut to fit */
    int64_t account_id;          /* 0 for an unknown name */
    char role[16];
    int64_t org_id;
    int64_t member_id;
    int must_change_password;    /* success: allow only the password change */
    int must_enrol_totp;         /* success: allow only TOTP enrolment (and password) */
    int failed_count;            /* after this attempt */
    int locked_now;              /* this failure locked the account */
    int64_t locked_until;        /* when locked, until when (epoch seconds) */
} jc_login_result;

/* Called inside the login's write transaction, after the counters are written, for
 * every outcome (res filled): the caller writes its audit entry and, on success
 * (res->reason "ok"), creates the session there. JC_FAIL rolls everything back and
 * jc_login returns the hook's err. */
typedef int (*jc_login_hook)(jc_db *db, const jc_login_result *res, void *arg, jc_err *err);

/* Authenticate name + password (+ totp_code, may be NULL or "") at now. JC_OK on
 * success. Otherwise err: 401 LOGIN_FAILED (unknown name or wrong password, alike),
 * 423 ACCOUNT_LOCKED, 403 ACCOUNT_DISABLED (only after a right password), 401
 * TOTP_REQUIRED (right password, a code is needed: ask for it and send both again),
 * 401 TOTP_INVALID / TOTP_REPLAYED. Call outside a transaction: the Argon2id work is
 * done first, then one short transaction records the outcome. */
int jc_login(jc_db *db, const char *name, const char *password, const char *totp_code,
             int64_t now, const jc_auth_settings *s, jc_login_result *res, jc_err *err);
int jc_login_hooked(jc_db *db, const char *name, const char *password, const char *totp_code,
                    int64_t now, const jc_auth_settings *s, jc_login_hook hook, void *hook_arg,
                    jc_login_result *res, jc_err *err);

#endif
