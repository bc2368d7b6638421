/*
 * test_auth_session.c — sessions (auth/session.c) on an in-memory migrated database with
 * a fake clock (every call takes `now`): create and check, idle and absolute expiry,
 * the last_seen write interval, logout, ending every session of an account (also by
 * disabling it), CSRF tokens, cookie strings, purge, and the auth settings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "auth/account.h"
#include "auth/clock.h"
#include "auth/session.h"
#include "auth/settings.h"
#include "store/db.h"
#include "store/migrate.h"

#define T0 1750000000LL   /* 2025-06-15T15:06:40Z */
#define MIN 60LL

typedef struct fixture {
    jc_db *db;
    jc_auth_settings s;
    int64_t clerk, admin;
} fixture;

static int64_t count(jc_db *db, const char *sql)
{
    int64_t v = -1;
    jc_err err;
    if (jc_db_query_int(db, sql, &v, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
    return v;
}

static int64_t new_account(jc_db *db, const char *name, const char *role)
{
    jc_account_new in = {name, "测试账户", role, 2, 0};
    char otp[JC_PW_GEN_LEN + 1];
    int64_t id = 0;
    jc_err err;
    jc_err_clear(&err);
    if (jc_account_create(db, &in, T0, otp, &id, &err) != JC_OK)
        fail_msg("create %s: %s %s", name, err.code, err.en);
    return id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    jc_err err;
    if (jc_db_open(":memory:", NULL, &f->db, &err) != JC_OK) return -1;
    if (jc_migrate(f->db, NULL, &err) != JC_OK) return -1;
    if (jc_db_exec(f->db,
                   "INSERT INTO org(id, code, name, type, parent_id, path, depth, created_at,"
                   " updated_at) VALUES"
                   " (1, 'D01', '中共某县委员会', 'committee', NULL, '/1/', 0, 'x', 'x'),"
                   " (2, 'D01.01', '某村党支部', 'branch', 1, '/1/2/', 1, 'x', 'x')",
                   &err) != JC_OK)
        return -1;
    jc_auth_settings_default(&f->s);
    f->clerk = new_account(f->db, "clerk1", "clerk");
    f->admin = new_account(f->db, "admin1", "org_admin");
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    jc_db_close(f->db);
    free(f);
    return 0;
}

static void create(fixture *f, int64_t account, int64_t now, char *token, char *csrf)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_session_create(f->db, &f->s, account, now, token, csrf, &err) != JC_OK)
        fail_msg("session_create: %s %s", err.code, err.en);
}

static void expect_ok(fixture *f, const char *token, int64_t now, jc_session *out)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_session_check(f->db, &f->s, token, now, out, &err) != JC_OK)
        fail_msg("check at +%lld s: %s %s", (long long)(now - T0), err.code, err.en);
}

static void expect_refused(fixture *f, const char *token, int64_t now, const char *code)
{
    jc_session out;
    jc_err err;
    jc_err_clear(&err);
    if (jc_session_check(f->db, &f->s, token, now, &out, &err) != JC_FAIL)
        fail_msg("check at +%lld s accepted; expected %s", (long long)(now - T0), code);
    assert_string_equal(err.code, code);
    assert_int_equal(err.status, 401);
    assert_int_equal(out.account_id, 0);
}

static void test_create_and_check(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1], again[64];
    jc_session s;
    jc_stmt *st;
    jc_err err;

    create(f, f->clerk, T0, token, csrf);
    assert_int_equal(strlen(token), JC_SESSION_TOKEN_LEN);
    assert_int_equal(strlen(csrf), JC_SESSION_TOKEN_LEN);
    assert_int_equal(strspn(token, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
                     JC_SESSION_TOKEN_LEN);
    assert_string_not_equal(token, csrf);

    expect_ok(f, token, T0 + 5, &s);
    assert_int_equal(s.account_id, f->clerk);
    assert_string_equal(s.account, "clerk1");
    assert_string_equal(s.role, "clerk");
    assert_int_equal(s.org_id, 2);
    assert_int_equal(s.must_change_password, 1);   /* new account, one-time password */
    assert_int_equal(s.must_enrol_totp, 0);        /* clerk: TOTP optional */
    assert_int_equal(s.created_at, T0);
    assert_int_equal(s.expires_at, T0 + 12 * 3600);

    /* Only hashes are stored: neither token appears in the table. */
    assert_int_equal(jc_db_prepare(f->db, "SELECT count(*) FROM session WHERE token_hash = ?1"
                                          " OR csrf_hash = ?2 OR token_hash = ?2",
                                   &st, &err), JC_OK);
    jc_bind_text(st, 1, token);
    jc_bind_text(st, 2, csrf);
    assert_int_equal(jc_step(st, &err), JC_ROW);
    assert_int_equal(jc_col_int(st, 0), 0);
    jc_stmt_free(st);
    assert_int_equal(count(f->db, "SELECT length(token_hash) FROM session"), 64);

    /* The CSRF token can be derived again from the session token (page reload). */
    assert_int_equal(jc_session_csrf(token, again), JC_OK);
    assert_string_equal(again, csrf);

    /* Each login is a new, different session. */
    create(f, f->clerk, T0, again, csrf);
    assert_string_not_equal(again, token);

    /* org_admin without a second factor: the session is for enrolment only. */
    create(f, f->admin, T0, token, csrf);
    expect_ok(f, token, T0 + 1, &s);
    assert_int_equal(s.must_enrol_totp, 1);
    f->s.require_totp = 0;
    expect_ok(f, token, T0 + 2, &s);
    assert_int_equal(s.must_enrol_totp, 0);
}

static void test_unknown_and_malformed(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_err err;
    create(f, f->clerk, T0, token, csrf);
    expect_refused(f, NULL, T0, "SESSION_INVALID");
    expect_refused(f, "", T0, "SESSION_INVALID");
    expect_refused(f, "short", T0, "SESSION_INVALID");
    expect_refused(f, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", T0, "SESSION_INVALID");
    expect_refused(f, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", T0, "SESSION_INVALID");
    token[3] = token[3] == 'A' ? 'B' : 'A';
    expect_refused(f, token, T0, "SESSION_INVALID");
    /* No session for an account that does not exist, or is disabled. */
    jc_err_clear(&err);
    assert_int_equal(jc_session_create(f->db, &f->s, 999, T0, token, csrf, &err), JC_FAIL);
    assert_string_equal(err.code, "ACCOUNT_NOT_FOUND");
    assert_string_equal(token, "");
}

static void test_idle_timeout(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    create(f, f->clerk, T0, token, csrf);
    expect_ok(f, token, T0 + 29 * MIN, &s);            /* keeps it alive */
    assert_int_equal(s.last_seen, T0 + 29 * MIN);
    expect_ok(f, token, T0 + 58 * MIN, &s);            /* 29 min after the last request */
    expect_ok(f, token, T0 + 58 * MIN + 30 * MIN - 1, &s);
    /* 30 min without a request after that one. */
    expect_refused(f, token, T0 + 88 * MIN - 1 + 30 * MIN, "SESSION_EXPIRED");
    expect_refused(f, token, T0 + 200 * MIN, "SESSION_EXPIRED");
}

static void test_idle_exact_edge(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    create(f, f->clerk, T0, token, csrf);
    expect_ok(f, token, T0 + 30 * MIN - 1, &s);
    create(f, f->clerk, T0, token, csrf);
    expect_refused(f, token, T0 + 30 * MIN, "SESSION_EXPIRED");
}

static void test_touch_interval(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    create(f, f->clerk, T0, token, csrf);
    expect_ok(f, token, T0 + 59, &s);                  /* within a minute: no write */
    assert_int_equal(s.last_seen, T0);
    assert_int_equal(count(f->db, "SELECT last_seen FROM session"), T0);
    expect_ok(f, token, T0 + 60, &s);
    assert_int_equal(s.last_seen, T0 + 60);
    assert_int_equal(count(f->db, "SELECT last_seen FROM session"), T0 + 60);
}

static void test_absolute_timeout(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    int64_t t;
    create(f, f->clerk, T0, token, csrf);
    /* A request every 20 minutes keeps it from idling, but not past 12 hours. */
    for (t = T0 + 20 * MIN; t < T0 + 12 * 3600; t += 20 * MIN) expect_ok(f, token, t, &s);
    expect_ok(f, token, T0 + 12 * 3600 - 1, &s);
    expect_refused(f, token, T0 + 12 * 3600, "SESSION_EXPIRED");

    /* Configurable: a 1-hour absolute limit. */
    f->s.absolute_timeout_s = 3600;
    create(f, f->clerk, T0, token, csrf);
    expect_ok(f, token, T0 + 25 * MIN, &s);
    expect_ok(f, token, T0 + 50 * MIN, &s);
    expect_refused(f, token, T0 + 60 * MIN, "SESSION_EXPIRED");
}

static void test_end(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    char other[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    jc_err err;
    create(f, f->clerk, T0, token, csrf);
    create(f, f->clerk, T0, other, csrf);
    jc_err_clear(&err);
    assert_int_equal(jc_session_end(f->db, token, T0 + 10, &err), JC_OK);
    expect_refused(f, token, T0 + 11, "SESSION_INVALID");
    expect_ok(f, other, T0 + 11, &s);                    /* the other device stays */
    assert_int_equal(jc_session_end(f->db, token, T0 + 12, &err), JC_OK); /* again: fine */
    assert_int_equal(jc_session_end(f->db, "garbage", T0 + 12, &err), JC_OK);
    assert_int_equal(jc_session_end(f->db, NULL, T0 + 12, &err), JC_OK);
    assert_int_equal(count(f->db, "SELECT ended_at FROM session WHERE ended_at IS NOT NULL"),
                     T0 + 10);
}

static void test_end_all_and_others(void **state)
{
    fixture *f = *state;
    char a[JC_SESSION_TOKEN_LEN + 1], b[JC_SESSION_TOKEN_LEN + 1], c[JC_SESSION_TOKEN_LEN + 1];
    char adm[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    int64_t ended = -1;
    jc_err err;
    create(f, f->clerk, T0, a, csrf);
    create(f, f->clerk, T0, b, csrf);
    create(f, f->clerk, T0, c, csrf);
    create(f, f->admin, T0, adm, csrf);

    jc_err_clear(&err);
    assert_int_equal(jc_session_end_others(f->db, f->clerk, a, T0 + 1, &ended, &err), JC_OK);
    assert_int_equal(ended, 2);
    expect_ok(f, a, T0 + 2, &s);
    expect_refused(f, b, T0 + 2, "SESSION_INVALID");
    expect_refused(f, c, T0 + 2, "SESSION_INVALID");

    assert_int_equal(jc_session_end_all(f->db, f->clerk, T0 + 3, &ended, &err), JC_OK);
    assert_int_equal(ended, 1);
    expect_refused(f, a, T0 + 4, "SESSION_INVALID");
    expect_ok(f, adm, T0 + 4, &s);                       /* other accounts untouched */
}

static void test_disable_ends_sessions(void **state)
{
    fixture *f = *state;
    char a[JC_SESSION_TOKEN_LEN + 1], b[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    jc_err err;
    create(f, f->clerk, T0, a, csrf);
    create(f, f->clerk, T0, b, csrf);
    jc_err_clear(&err);
    assert_int_equal(jc_account_set_disabled(f->db, f->clerk, 1, T0 + 5, &err), JC_OK);
    expect_refused(f, a, T0 + 6, "SESSION_INVALID");
    expect_refused(f, b, T0 + 6, "SESSION_INVALID");
    assert_int_equal(count(f->db, "SELECT count(*) FROM session WHERE ended_at IS NULL"), 0);
    /* No new session while disabled; enabling does not revive the old ones. */
    assert_int_equal(jc_session_create(f->db, &f->s, f->clerk, T0 + 7, a, csrf, &err), JC_FAIL);
    assert_string_equal(err.code, "ACCOUNT_DISABLED");
    assert_int_equal(err.status, 403);
    assert_int_equal(jc_account_set_disabled(f->db, f->clerk, 0, T0 + 8, &err), JC_OK);
    expect_refused(f, b, T0 + 9, "SESSION_INVALID");
    create(f, f->clerk, T0 + 10, a, csrf);
    expect_ok(f, a, T0 + 11, &s);
}

static void test_csrf(void **state)
{
    fixture *f = *state;
    char token[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    char token2[JC_SESSION_TOKEN_LEN + 1], csrf2[JC_SESSION_TOKEN_LEN + 1];
    char wrong[JC_SESSION_TOKEN_LEN + 2];
    jc_session s;
    jc_err err;
    create(f, f->clerk, T0, token, csrf);
    create(f, f->clerk, T0, token2, csrf2);
    expect_ok(f, token, T0 + 1, &s);

    jc_err_clear(&err);
    assert_int_equal(jc_csrf_check(&s, csrf, &err), JC_OK);

    assert_int_equal(jc_csrf_check(&s, NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "CSRF_INVALID");
    assert_int_equal(err.status, 403);
    jc_err_clear(&err);
    assert_int_equal(jc_csrf_check(&s, "", &err), JC_FAIL);
    assert_string_equal(err.code, "CSRF_INVALID");
    assert_int_equal(jc_csrf_check(&s, csrf2, &err), JC_FAIL);   /* another session's */
    assert_int_equal(jc_csrf_check(&s, token, &err), JC_FAIL);   /* the session token */
    memcpy(wrong, csrf, sizeof csrf);
    wrong[JC_SESSION_TOKEN_LEN - 1] = wrong[JC_SESSION_TOKEN_LEN - 1] == 'x' ? 'y' : 'x';
    assert_int_equal(jc_csrf_check(&s, wrong, &err), JC_FAIL);   /* one character off */
    memcpy(wrong, csrf, sizeof csrf);
    wrong[JC_SESSION_TOKEN_LEN] = 'x';
    wrong[JC_SESSION_TOKEN_LEN + 1] = '\0';
    assert_int_equal(jc_csrf_check(&s, wrong, &err), JC_FAIL);   /* one character more */
    assert_int_equal(jc_csrf_check(NULL, csrf, &err), JC_FAIL);
    assert_int_equal(jc_session_csrf("bad", wrong), JC_FAIL);
}

static void test_cookies(void **state)
{
    const char *tok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x";
    char out[256], tiny[40];
    (void)state;
    assert_int_equal(strlen(tok), JC_SESSION_TOKEN_LEN);
    assert_int_equal(jc_session_cookie(tok, 1, out, sizeof out), JC_OK);
    assert_string_equal(out, "__Host-jiceng=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x; Path=/;"
                             " HttpOnly; SameSite=Strict; Secure");
    assert_int_equal(jc_session_cookie(tok, 0, out, sizeof out), JC_OK);
    assert_string_equal(out, "jiceng=abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123-_x; Path=/;"
                             " HttpOnly; SameSite=Strict");
    assert_int_equal(jc_session_cookie_clear(1, out, sizeof out), JC_OK);
    assert_string_equal(out, "__Host-jiceng=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
    assert_int_equal(jc_session_cookie_clear(0, out, sizeof out), JC_OK);
    assert_string_equal(out, "jiceng=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    assert_string_equal(jc_session_cookie_name(1), "__Host-jiceng");
    assert_string_equal(jc_session_cookie_name(0), "jiceng");
    assert_int_equal(jc_session_cookie(tok, 1, tiny, sizeof tiny), JC_FAIL);
    assert_int_equal(jc_session_cookie("a;b", 1, out, sizeof out), JC_FAIL);  /* no injection */
    assert_int_equal(jc_session_cookie(NULL, 1, out, sizeof out), JC_FAIL);
    assert_int_equal(jc_session_cookie_clear(0, tiny, 10), JC_FAIL);
}

static void test_purge(void **state)
{
    fixture *f = *state;
    char a[JC_SESSION_TOKEN_LEN + 1], b[JC_SESSION_TOKEN_LEN + 1], c[JC_SESSION_TOKEN_LEN + 1];
    char csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_session s;
    int64_t deleted = -1;
    jc_err err;
    create(f, f->clerk, T0, a, csrf);              /* ended */
    create(f, f->clerk, T0, b, csrf);              /* idle */
    create(f, f->clerk, T0 + 40 * MIN, c, csrf);   /* live */
    jc_err_clear(&err);
    assert_int_equal(jc_session_end(f->db, a, T0 + 1, &err), JC_OK);
    assert_int_equal(jc_session_purge(f->db, &f->s, T0 + 45 * MIN, &deleted, &err), JC_OK);
    assert_int_equal(deleted, 2);
    expect_ok(f, c, T0 + 46 * MIN, &s);
    assert_int_equal(count(f->db, "SELECT count(*) FROM session"), 1);
}

static void test_settings(void **state)
{
    fixture *f = *state;
    jc_auth_settings s;
    jc_err err;
    jc_auth_settings_default(&s);
    assert_int_equal(s.idle_timeout_s, 1800);
    assert_int_equal(s.absolute_timeout_s, 43200);
    assert_int_equal(s.max_failures, 5);
    assert_int_equal(s.lockout_s, 900);
    assert_int_equal(s.require_totp, 1);
    jc_err_clear(&err);
    assert_int_equal(jc_auth_settings_load(f->db, &s, &err), JC_OK);   /* no rows: defaults */
    assert_int_equal(s.idle_timeout_s, 1800);
    assert_int_equal(jc_db_exec(f->db,
                                "INSERT INTO setting(key, value, updated_at, updated_by) VALUES"
                                " ('auth.session_idle_s', '600', 'x', 'x'),"
                                " ('auth.lockout_failures', '3', 'x', 'x'),"
                                " ('auth.require_totp', '0', 'x', 'x'),"
                                " ('auth.future_key', 'whatever', 'x', 'x'),"
                                " ('other.key', 'x', 'x', 'x')",
                                &err), JC_OK);
    assert_int_equal(jc_auth_settings_load(f->db, &s, &err), JC_OK);
    assert_int_equal(s.idle_timeout_s, 600);
    assert_int_equal(s.max_failures, 3);
    assert_int_equal(s.require_totp, 0);
    assert_int_equal(s.lockout_s, 900);
    assert_int_equal(jc_db_exec(f->db, "UPDATE setting SET value = '2' WHERE key = 'auth.require_totp'",
                                &err), JC_OK);
    assert_int_equal(jc_auth_settings_load(f->db, &s, &err), JC_FAIL);
    assert_string_equal(err.code, "SETTING_INVALID");
    assert_string_equal(err.field, "auth.require_totp");
    assert_int_equal(jc_db_exec(f->db, "UPDATE setting SET value = '10x' WHERE key = 'auth.require_totp'",
                                &err), JC_OK);
    assert_int_equal(jc_auth_settings_load(f->db, &s, &err), JC_FAIL);
}

/* Writing a setting: bounds, history, and a short idle timeout pulls last_seen writes in. */
static void test_setting_write(void **state)
{
    fixture *f = *state;
    jc_auth_settings s;
    jc_err err;
    long long old = 0;
    jc_err_clear(&err);
    assert_int_equal(jc_db_begin(f->db, &err), JC_OK);
    assert_int_equal(jc_auth_setting_write(f->db, "auth.session_idle_s", 20, "t", &old, &err), JC_OK);
    assert_int_equal(old, 1800);
    assert_int_equal(jc_auth_setting_write(f->db, "auth.session_idle_s", 40, "t", &old, &err), JC_OK);
    assert_int_equal(old, 20);
    assert_int_equal(jc_auth_setting_write(f->db, "auth.session_idle_s", 9, "t", NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "SETTING_RANGE");
    assert_int_equal(jc_auth_setting_write(f->db, "auth.require_totp", 2, "t", NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "SETTING_RANGE");
    assert_int_equal(jc_auth_setting_write(f->db, "auth.nothing", 1, "t", NULL, &err), JC_FAIL);
    assert_string_equal(err.code, "SETTING_UNKNOWN");
    assert_int_equal(jc_db_commit(f->db, &err), JC_OK);
    assert_int_equal(count(f->db, "SELECT count(*) FROM setting_history"), 2);
    assert_int_equal(jc_auth_settings_load(f->db, &s, &err), JC_OK);
    assert_int_equal(s.idle_timeout_s, 40);
    assert_int_equal(s.touch_interval_s, 10);
}

static void test_clock(void **state)
{
    int64_t real;
    (void)state;
    real = jc_clock_now();
    assert_true(real > 1700000000);
    jc_clock_set(T0);
    assert_int_equal(jc_clock_now(), T0);
    jc_clock_set(T0 + 15 * MIN);
    assert_int_equal(jc_clock_now(), T0 + 15 * MIN);
    jc_clock_set(0);
    assert_true(jc_clock_now() >= real);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_create_and_check), T(test_unknown_and_malformed), T(test_idle_timeout),
        T(test_idle_exact_edge),  T(test_touch_interval),        T(test_absolute_timeout),
        T(test_end),              T(test_end_all_and_others),    T(test_disable_ends_sessions),
        T(test_csrf),             cmocka_unit_test(test_cookies), T(test_purge),
        T(test_settings),         T(test_setting_write),    cmocka_unit_test(test_clock),
    };
    setenv("JICENG_PWHASH_FAST", "1", 0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
