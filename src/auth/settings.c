/*
 * settings.c — defaults of the auth settings and their override from the setting
 * table (see settings.h). The keys and bounds are one table, read in one loop.
 */
#include "auth/settings.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

void jc_auth_settings_default(jc_auth_settings *s)
{
    memset(s, 0, sizeof *s);
    s->idle_timeout_s = 30 * 60;
    s->absolute_timeout_s = 12 * 3600;
    s->touch_interval_s = 60;
    s->max_failures = 5;
    s->lockout_s = 15 * 60;
    s->require_totp = 1;
}

typedef struct setting_key {
    const char *key;
    long long lo, hi;
    int is_int;          /* target is an int, else int64_t */
    size_t offset;
} setting_key;

static const setting_key KEYS[] = {
    {"auth.session_idle_s", 60, 86400, 0, offsetof(jc_auth_settings, idle_timeout_s)},
    {"auth.session_absolute_s", 300, 604800, 0, offsetof(jc_auth_settings, absolute_timeout_s)},
    {"auth.lockout_failures", 1, 100, 1, offsetof(jc_auth_settings, max_failures)},
    {"auth.lockout_s", 60, 86400, 0, offsetof(jc_auth_settings, lockout_s)},
    {"auth.require_totp", 0, 1, 1, offsetof(jc_auth_settings, require_totp)},
    {NULL, 0, 0, 0, 0},
};

static const char *SQL_AUTH_SETTINGS =
    "SELECT key, value FROM setting WHERE key >= 'auth.' AND key < 'auth/'";

static int apply(jc_auth_settings *s, const char *key, const char *value, jc_err *err)
{
    const setting_key *k;
    char *end;
    long long v;
    for (k = KEYS; k->key; k++)
        if (strcmp(k->key, key) == 0) break;
    if (!k->key) return JC_OK; /* an auth.* key of a later version: not ours to judge */
    errno = 0;
    v = strtoll(value, &end, 10);
    if (errno || end == value || *end || v < k->lo || v > k->hi)
        return jc_failf(err, JC_HTTP_INTERNAL, "SETTING_INVALID", key, "",
                        "设置 %s 的值无效：%s", "setting %s has an invalid value: %s", key, value);
    if (k->is_int) *(int *)(void *)((char *)s + k->offset) = (int)v;
    else *(int64_t *)(void *)((char *)s + k->offset) = (int64_t)v;
    return JC_OK;
}

int jc_auth_settings_load(jc_db *db, jc_auth_settings *s, jc_err *err)
{
    jc_stmt *st;
    int rc = JC_OK, step;
    jc_auth_settings_default(s);
    if (jc_db_stmt(db, SQL_AUTH_SETTINGS, &st, err) != JC_OK) return JC_FAIL;
    while ((step = jc_step(st, err)) == JC_ROW) {
        rc = apply(s, jc_col_text(st, 0), jc_col_text(st, 1), err);
        if (rc != JC_OK) break;
    }
    if (step < 0) rc = JC_FAIL;
    jc_stmt_reset(st);
    return rc;
}
