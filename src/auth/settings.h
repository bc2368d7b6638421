/*
 * settings.h — the knobs of login and sessions, in one struct the caller loads once
 * (at start, and again when an administrator changes a setting) and passes down.
 * Defaults follow issue 3: idle timeout 30 min, absolute 12 h, lockout after 5
 * failures for 15 min, TOTP required for the roles that need it. Each can be changed
 * per deployment through the `setting` table (keys below); a demo database turns
 * auth.require_totp off and the caller says so at start and in the UI.
 */
#ifndef JC_AUTH_SETTINGS_H
#define JC_AUTH_SETTINGS_H

#include <stdint.h>

#include "store/db.h"
#include "util/err.h"

typedef struct jc_auth_settings {
    int64_t idle_timeout_s;     /* auth.session_idle_s      default 1800  (10..86400) */
    int64_t absolute_timeout_s; /* auth.session_absolute_s  default 43200 (300..604800) */
    int64_t touch_interval_s;   /* last_seen is written at most this often: 60, or a
                                 * quarter of a shorter idle timeout (not a setting; 0 in
                                 * tests that count writes) */
    int max_failures;           /* auth.lockout_failures    default 5 (1..100) */
    int64_t lockout_s;          /* auth.lockout_s           default 900 (60..86400) */
    int require_totp;           /* auth.require_totp        default 1 (0 or 1) */
} jc_auth_settings;

/* Fill s with the defaults. s is the caller's. */
void jc_auth_settings_default(jc_auth_settings *s);

/* Defaults, then every auth.* row of the setting table over them. A row with a value
 * that is not an integer in its range is refused (500 SETTING_INVALID naming the key)
 * rather than silently ignored: a security setting must not fall back unnoticed. */
int jc_auth_settings_load(jc_db *db, jc_auth_settings *s, jc_err *err);

/* The settable keys, their bounds and defaults (NULL key ends the table). Static. */
typedef struct jc_setting_def {
    const char *key;
    long long lo, hi, def;
    const char *zh, *en;
} jc_setting_def;
extern const jc_setting_def jc_auth_setting_defs[];

/* Write key = value in the caller's open transaction, with its setting_history row:
 * 422 SETTING_UNKNOWN for a key not in the table, 422 SETTING_RANGE outside lo..hi.
 * *old_value (may be NULL) gets the previous value (the default when unset). */
int jc_auth_setting_write(jc_db *db, const char *key, long long value, const char *actor,
                          long long *old_value, jc_err *err);

#endif
