/*
 * settings.c — defaults of the auth settings and their override from the setting
 * table (see settings.h). The keys and bounds are one table, read in one loop.
 */
#include "auth/settings.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
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

/* The bounds: shorter than 10 s idle would end a session between two clicks; longer
 * than a day idle or a week absolute is no session timeout at all. */
static const setting_key KEYS[] = {
    {"auth.session_idle_s", 10, 86400, 0, offsetof(jc_auth_settings, idle_timeout_s)},
    {"auth.session_absolute_s", 300, 604800, 0, offsetof(jc_auth_settings, absolute_timeout_s)},
    {"auth.lockout_failures", 1, 100, 1, offsetof(jc_auth_settings, max_failures)},
    {"auth.lockout_s", 60, 86400, 0, offsetof(jc_auth_settings, lockout_s)},
    {"auth.require_totp", 0, 1, 1, offsetof(jc_auth_settings, require_totp)},
    {NULL, 0, 0, 0, 0},
};

const jc_setting_def jc_auth_setting_defs[] = {
    {"auth.session_idle_s", 10, 86400, 1800, "会话空闲超时（秒）", "session idle timeout (s)"},
    {"auth.session_absolute_s", 300, 604800, 43200, "会话最长时间（秒）", "session absolute timeout (s)"},
    {"auth.lockout_failures", 1, 100, 5, "锁定前允许的登录失败次数", "failed logins before lockout"},
    {"auth.lockout_s", 60, 86400, 900, "锁定时长（秒）", "lockout duration (s)"},
    {"auth.require_totp", 0, 1, 1, "管理员须使用动态验证码（1 是，0 否）",
     "administrators must use TOTP (1 yes, 0 no)"},
    {NULL, 0, 0, 0, NULL, NULL},
};

static const char *SQL_OLD = "SELECT value FROM setting WHERE key = ?1";
static const char *SQL_UPSERT =
    "INSERT INTO setting(key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
    "updated_by = excluded.updated_by";
static const char *SQL_HISTORY =
    "INSERT INTO setting_history(key, old_value, new_value, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)";

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
    /* last_seen must move well within the idle timeout, or a short one ends live sessions */
    if (s->touch_interval_s > s->idle_timeout_s / 4) s->touch_interval_s = s->idle_timeout_s / 4;
    return rc;
}

int jc_auth_setting_write(jc_db *db, const char *key, long long value, const char *actor,
                          long long *old_value, jc_err *err)
{
    const jc_setting_def *d;
    jc_stmt *st;
    char old[64] = "", val[32], now[32];
    int rc;
    for (d = jc_auth_setting_defs; d->key; d++)
        if (key && strcmp(d->key, key) == 0) break;
    if (!d->key)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "SETTING_UNKNOWN", key ? key : "", "",
                        "没有这项设置：%s", "no such setting: %s", key ? key : "");
    if (value < d->lo || value > d->hi)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "SETTING_RANGE", key, "",
                        "%s 应在 %lld 到 %lld 之间", "%s must be from %lld to %lld", key, d->lo,
                        d->hi);
    if (jc_db_stmt(db, SQL_OLD, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, key);
    rc = jc_step(st, err);
    if (rc == JC_ROW) snprintf(old, sizeof old, "%s", jc_col_text(st, 0));
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (old_value) *old_value = old[0] ? strtoll(old, NULL, 10) : d->def;
    snprintf(val, sizeof val, "%lld", value);
    jc_db_now(now);
    if (jc_db_stmt(db, SQL_UPSERT, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, key);
    jc_bind_text(st, 2, val);
    jc_bind_text(st, 3, now);
    jc_bind_text(st, 4, actor);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    if (rc < 0) return JC_FAIL;
    if (jc_db_stmt(db, SQL_HISTORY, &st, err) != JC_OK) return JC_FAIL;
    jc_bind_text(st, 1, key);
    jc_bind_text(st, 2, old[0] ? old : NULL);
    jc_bind_text(st, 3, val);
    jc_bind_text(st, 4, now);
    jc_bind_text(st, 5, actor);
    rc = jc_step(st, err);
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}
