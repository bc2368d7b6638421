/*
 * test_auth_login.c — accounts and login (auth/account.c) on an in-memory migrated
 * database with a fake clock, and the role table (auth/roles.c): lockout after 5
 * failures and its end after 15 minutes, one answer for an unknown name and a wrong
 * password, disabled accounts, the second factor for org_admin (required, wrong,
 * replayed, enrolment), the first-login password change, the audit hook, account
 * validation and scope, and every role's permissions, including the route table's.
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
#include "auth/roles.h"
#include "auth/session.h"
#include "auth/totp.h"
#include "modules/registry.h"
#include "store/db.h"
#include "store/migrate.h"

#define T0 1750000000LL
#define MIN 60LL
#define CLERK_PW "Kq7-mz4Rwp2x"
#define ADMIN_PW "学习教育组织生活会2025"

typedef struct fixture {
    jc_db *db;
    jc_auth_settings s;
    int64_t clerk, admin, member_acc;
    char clerk_otp[JC_PW_GEN_LEN + 1];
} fixture;

static int64_t query(jc_db *db, const char *sql)
{
    int64_t v = -1;
    jc_err err;
    if (jc_db_query_int(db, sql, &v, &err) != JC_OK) fail_msg("%s: %s", sql, err.en);
    return v;
}

static int64_t new_account(jc_db *db, const char *name, const char *role, int64_t org,
                           int64_t member, char otp[JC_PW_GEN_LEN + 1])
{
    jc_account_new in = {name, "张伟", role, org, member};
    char buf[JC_PW_GEN_LEN + 1];
    int64_t id = 0;
    jc_err err;
    jc_err_clear(&err);
    if (jc_account_create(db, &in, T0, otp ? otp : buf, &id, &err) != JC_OK)
        fail_msg("create %s: %s %s", name, err.code, err.en);
    return id;
}

static void set_pw(jc_db *db, int64_t id, const char *pw)
{
    jc_err err;
    jc_err_clear(&err);
    if (jc_account_set_password(db, id, pw, T0, &err) != JC_OK)
        fail_msg("set_password: %s %s", err.code, err.en);
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
                   " (2, 'D01.01', '某村党支部', 'branch', 1, '/1/2/', 1, 'x', 'x'),"
                   " (3, 'D02', '中共另一县委员会', 'committee', NULL, '/3/', 0, 'x', 'x');"
                   "INSERT INTO member(id, org_id, name, name_pinyin, sex, ethnicity, id_number,"
                   " birth_date, education, category, joined_on, created_at, created_by,"
                   " updated_at) VALUES (7, 2, '李明', 'lm liming', 'M', '01',"
                   " '11010519491231002X', '1949-12-31', '21', 'full', '1975-07-01', 'x', 'x',"
                   " 'x')",
                   &err) != JC_OK) {
        fprintf(stderr, "setup: %s\n", err.en);
        return -1;
    }
    jc_auth_settings_default(&f->s);
    f->clerk = new_account(f->db, "Clerk.One", "clerk", 2, 0, f->clerk_otp);
    f->admin = new_account(f->db, "admin1", "org_admin", 1, 0, NULL);
    set_pw(f->db, f->clerk, CLERK_PW);
    set_pw(f->db, f->admin, ADMIN_PW);
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

static int login(fixture *f, const char *name, const char *pw, const char *code, int64_t now,
                 jc_login_result *res, jc_err *err)
{
    jc_err_clear(err);
    return jc_login(f->db, name, pw, code, now, &f->s, res, err);
}

static void expect_fail(fixture *f, const char *name, const char *pw, const char *code,
                        int64_t now, const char *want, int status, jc_login_result *res)
{
    jc_err err;
    if (login(f, name, pw, code, now, res, &err) != JC_FAIL)
        fail_msg("login %s at +%llds accepted; expected %s", name, (long long)(now - T0), want);
    if (strcmp(err.code, want) != 0)
        fail_msg("login %s: got %s (%s), expected %s", name, err.code, err.en, want);
    assert_int_equal(err.status, status);
}

static void expect_ok(fixture *f, const char *name, const char *pw, const char *code,
                      int64_t now, jc_login_result *res)
{
    jc_err err;
    if (login(f, name, pw, code, now, res, &err) != JC_OK)
        fail_msg("login %s at +%llds: %s %s", name, (long long)(now - T0), err.code, err.en);
    assert_string_equal(res->reason, "ok");
}

/* ---- lockout ----------------------------------------------------------------------- */

static void test_lockout_and_unlock(void **state)
{
    fixture *f = *state;
    jc_login_result r;
    int i;
    for (i = 1; i <= 4; i++) {
        expect_fail(f, "clerk.one", "wrong-password", NULL, T0 + i, "LOGIN_FAILED", 401, &r);
        assert_int_equal(r.failed_count, i);
        assert_int_equal(r.locked_now, 0);
    }
    expect_fail(f, "clerk.one", "wrong-password", NULL, T0 + 5, "LOGIN_FAILED", 401, &r);
    assert_int_equal(r.locked_now, 1);
    assert_int_equal(r.locked_until, T0 + 5 + 15 * MIN);
    assert_string_equal(r.reason, "bad_password");
    /* Locked: even the right password is refused, and without counting. */
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 6, "ACCOUNT_LOCKED", 423, &r);
    assert_string_equal(r.reason, "locked");
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 5 + 15 * MIN - 1, "ACCOUNT_LOCKED", 423, &r);
    /* 15 minutes later it opens again, and the counters start afresh. */
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 5 + 15 * MIN, &r);
    assert_int_equal(r.failed_count, 0);
    assert_int_equal(query(f->db, "SELECT failed_count FROM account WHERE name = 'clerk.one'"), 0);
    assert_int_equal(query(f->db, "SELECT count(*) FROM account WHERE locked_until IS NOT NULL"),
                     0);
}

static void test_lockout_expiry_restarts_count(void **state)
{
    fixture *f = *state;
    jc_login_result r;
    jc_err err;
    int i;
    for (i = 0; i < 5; i++)
        expect_fail(f, "clerk.one", "nope-nope", NULL, T0 + i, "LOGIN_FAILED", 401, &r);
    /* After the lock ran out, one failure is one failure, not a new lock. */
    expect_fail(f, "clerk.one", "nope-nope", NULL, T0 + 20 * MIN, "LOGIN_FAILED", 401, &r);
    assert_int_equal(r.failed_count, 1);
    assert_int_equal(r.locked_now, 0);
    /* A success resets the count; an administrator can unlock early. */
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 21 * MIN, &r);
    for (i = 0; i < 5; i++)
        expect_fail(f, "clerk.one", "nope-nope", NULL, T0 + 22 * MIN, "LOGIN_FAILED", 401, &r);
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 23 * MIN, "ACCOUNT_LOCKED", 423, &r);
    jc_err_clear(&err);
    assert_int_equal(jc_account_unlock(f->db, f->clerk, T0 + 23 * MIN, &err), JC_OK);
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 23 * MIN + 1, &r);
}

static void test_lockout_configurable(void **state)
{
    fixture *f = *state;
    jc_login_result r;
    f->s.max_failures = 3;
    f->s.lockout_s = 60;
    expect_fail(f, "clerk.one", "x-wrong-1", NULL, T0, "LOGIN_FAILED", 401, &r);
    expect_fail(f, "clerk.one", "x-wrong-1", NULL, T0, "LOGIN_FAILED", 401, &r);
    expect_fail(f, "clerk.one", "x-wrong-1", NULL, T0, "LOGIN_FAILED", 401, &r);
    assert_int_equal(r.locked_now, 1);
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 59, "ACCOUNT_LOCKED", 423, &r);
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 60, &r);
}

/* ---- no enumeration ---------------------------------------------------------------- */

static void test_unknown_same_as_wrong_password(void **state)
{
    fixture *f = *state;
    jc_login_result r1, r2, r3;
    jc_err e1, e2, e3;
    assert_int_equal(login(f, "nobody", "wrong-password", NULL, T0, &r1, &e1), JC_FAIL);
    assert_int_equal(login(f, "clerk.one", "wrong-password", NULL, T0, &r2, &e2), JC_FAIL);
    assert_int_equal(login(f, "not a valid name!", "x", NULL, T0, &r3, &e3), JC_FAIL);
    /* Byte for byte the same answer. */
    assert_memory_equal(&e1, &e2, sizeof e1);
    assert_memory_equal(&e1, &e3, sizeof e1);
    assert_string_equal(e1.code, "LOGIN_FAILED");
    assert_int_equal(e1.status, 401);
    /* The audit sees the difference. */
    assert_string_equal(r1.reason, "unknown_account");
    assert_int_equal(r1.account_id, 0);
    assert_string_equal(r1.name, "nobody");
    assert_string_equal(r2.reason, "bad_password");
    assert_int_equal(r2.account_id, f->clerk);
    assert_string_equal(r3.name, "not?a?valid?name!");
    /* Login names are case-insensitive. */
    expect_ok(f, "CLERK.ONE", CLERK_PW, NULL, T0, &r1);
    expect_fail(f, "clerk.one", NULL, NULL, T0, "LOGIN_FAILED", 401, &r1);
    expect_fail(f, NULL, NULL, NULL, T0, "LOGIN_FAILED", 401, &r1);
}

/* ---- disabled ---------------------------------------------------------------------- */

static void test_disabled(void **state)
{
    fixture *f = *state;
    jc_login_result r;
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_account_set_disabled(f->db, f->clerk, 1, T0, &err), JC_OK);
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 1, "ACCOUNT_DISABLED", 403, &r);
    assert_string_equal(r.reason, "disabled");
    /* A wrong password learns nothing about the state. */
    expect_fail(f, "clerk.one", "wrong-password", NULL, T0 + 2, "LOGIN_FAILED", 401, &r);
    assert_int_equal(jc_account_set_disabled(f->db, f->clerk, 0, T0 + 3, &err), JC_OK);
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 4, &r);
    assert_int_equal(jc_account_set_disabled(f->db, 999, 1, T0, &err), JC_FAIL);
    assert_string_equal(err.code, "ACCOUNT_NOT_FOUND");
}

/* ---- second factor ----------------------------------------------------------------- */

static void enrol(fixture *f, int64_t id, int64_t now, char secret[JC_TOTP_SECRET_B32])
{
    char uri[256], code[7];
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_account_totp_enrol(f->db, id, now, secret, uri, sizeof uri, &err), JC_OK);
    assert_non_null(strstr(uri, secret));
    assert_int_equal(strncmp(uri, "otpauth://totp/Jiceng:", 22), 0);
    assert_int_equal(jc_totp_code(secret, now, code, &err), JC_OK);
    assert_int_equal(jc_account_totp_confirm(f->db, id, code, now, &err), JC_OK);
}

static void test_totp_required_for_org_admin(void **state)
{
    fixture *f = *state;
    char secret[JC_TOTP_SECRET_B32], code[7], bad[16];
    jc_login_result r;
    jc_err err;

    /* Not enrolled yet: the login succeeds but only for enrolment. */
    expect_ok(f, "admin1", ADMIN_PW, NULL, T0, &r);
    assert_int_equal(r.must_enrol_totp, 1);
    f->s.require_totp = 0;                                  /* demo databases */
    expect_ok(f, "admin1", ADMIN_PW, NULL, T0, &r);
    assert_int_equal(r.must_enrol_totp, 0);
    f->s.require_totp = 1;
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0, &r);
    assert_int_equal(r.must_enrol_totp, 0);                 /* optional for clerks */

    enrol(f, f->admin, T0, secret);
    /* Right password, no code: asked for one (the password was right: no failure). */
    expect_fail(f, "admin1", ADMIN_PW, NULL, T0 + 60, "TOTP_REQUIRED", 401, &r);
    assert_string_equal(r.reason, "totp_missing");
    assert_int_equal(query(f->db, "SELECT failed_count FROM account WHERE name = 'admin1'"), 0);
    expect_fail(f, "admin1", ADMIN_PW, "", T0 + 60, "TOTP_REQUIRED", 401, &r);
    /* Wrong password with a code: the same answer as any wrong password. */
    jc_totp_code(secret, T0 + 60, code, &err);
    expect_fail(f, "admin1", "wrong-password", code, T0 + 60, "LOGIN_FAILED", 401, &r);
    /* Wrong code: refused and counted. */
    snprintf(bad, sizeof bad, "%06d", (atoi(code) + 1) % 1000000);
    expect_fail(f, "admin1", ADMIN_PW, bad, T0 + 60, "TOTP_INVALID", 401, &r);
    assert_int_equal(r.failed_count, 2);
    /* Right code: in, and the counters reset. */
    expect_ok(f, "admin1", ADMIN_PW, code, T0 + 60, &r);
    assert_int_equal(r.must_enrol_totp, 0);
    assert_int_equal(r.failed_count, 0);
    assert_int_equal(query(f->db, "SELECT totp_last_step FROM account WHERE name = 'admin1'"),
                     (T0 + 60) / 30);
    /* The same code again, even seconds later: replay. */
    expect_fail(f, "admin1", ADMIN_PW, code, T0 + 65, "TOTP_REPLAYED", 401, &r);
    assert_string_equal(r.reason, "totp_replayed");
    /* The next step's code works. */
    jc_totp_code(secret, T0 + 90, code, &err);
    expect_ok(f, "admin1", ADMIN_PW, code, T0 + 90, &r);
    /* Five wrong codes lock like five wrong passwords. */
    expect_fail(f, "admin1", ADMIN_PW, "000000", T0 + 200, "TOTP_INVALID", 401, &r);
    expect_fail(f, "admin1", ADMIN_PW, "000001", T0 + 200, "TOTP_INVALID", 401, &r);
    expect_fail(f, "admin1", ADMIN_PW, "000002", T0 + 200, "TOTP_INVALID", 401, &r);
    expect_fail(f, "admin1", ADMIN_PW, "000003", T0 + 200, "TOTP_INVALID", 401, &r);
    expect_fail(f, "admin1", ADMIN_PW, "000004", T0 + 200, "TOTP_INVALID", 401, &r);
    assert_int_equal(r.locked_now, 1);
    jc_totp_code(secret, T0 + 210, code, &err);
    expect_fail(f, "admin1", ADMIN_PW, code, T0 + 210, "ACCOUNT_LOCKED", 423, &r);
}

static void test_totp_enrolment(void **state)
{
    fixture *f = *state;
    char secret[JC_TOTP_SECRET_B32], uri[256], code[7];
    jc_account a;
    jc_login_result r;
    jc_err err;
    jc_err_clear(&err);
    /* Confirm without enrolment. */
    assert_int_equal(jc_account_totp_confirm(f->db, f->clerk, "123456", T0, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_NOT_PENDING");
    assert_int_equal(jc_account_totp_enrol(f->db, f->clerk, T0, secret, uri, sizeof uri, &err),
                     JC_OK);
    assert_string_equal(uri + strlen(uri) - strlen("&issuer=Jiceng"), "&issuer=Jiceng");
    assert_non_null(strstr(uri, "Jiceng:clerk.one?secret="));
    assert_int_equal(jc_account_get(f->db, f->clerk, &a, &err), JC_OK);
    assert_int_equal(a.totp_pending, 1);
    assert_int_equal(a.totp_enabled, 0);
    /* Pending is not in force: login needs no code yet. */
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0, &r);
    jc_err_clear(&err);
    assert_int_equal(jc_account_totp_confirm(f->db, f->clerk, "abc", T0, &err), JC_FAIL);
    assert_string_equal(err.code, "TOTP_INVALID");
    jc_totp_code(secret, T0, code, &err);
    assert_int_equal(jc_account_totp_confirm(f->db, f->clerk, code, T0, &err), JC_OK);
    assert_int_equal(jc_account_get(f->db, f->clerk, &a, &err), JC_OK);
    assert_int_equal(a.totp_enabled, 1);
    assert_int_equal(a.totp_pending, 0);
    /* The code that confirmed cannot log in (same step). */
    expect_fail(f, "clerk.one", CLERK_PW, code, T0 + 1, "TOTP_REPLAYED", 401, &r);
    expect_fail(f, "clerk.one", CLERK_PW, NULL, T0 + 1, "TOTP_REQUIRED", 401, &r);
    /* Lost phone: the administrator clears it. */
    assert_int_equal(jc_account_totp_clear(f->db, f->clerk, T0 + 2, &err), JC_OK);
    expect_ok(f, "clerk.one", CLERK_PW, NULL, T0 + 3, &r);
}

/* ---- first login, password changes --------------------------------------------------- */

static void test_must_change_password(void **state)
{
    fixture *f = *state;
    char otp[JC_PW_GEN_LEN + 1], tok[JC_SESSION_TOKEN_LEN + 1], csrf[JC_SESSION_TOKEN_LEN + 1];
    jc_login_result r;
    jc_session s;
    jc_err err;
    int64_t id = new_account(f->db, "viewer9", "viewer", 2, 0, otp);
    expect_ok(f, "viewer9", otp, NULL, T0, &r);
    assert_int_equal(r.must_change_password, 1);
    assert_int_equal(r.account_id, id);
    assert_string_equal(r.role, "viewer");
    assert_int_equal(r.org_id, 2);

    jc_err_clear(&err);
    /* The one-time password cannot be "changed" to itself, nor to a weak one. */
    assert_int_equal(jc_account_set_password(f->db, id, otp, T0, &err), JC_FAIL);
    assert_string_equal(err.code, "PASSWORD_REUSED");
    assert_int_equal(jc_account_set_password(f->db, id, "viewer9", T0, &err), JC_FAIL);
    assert_string_equal(err.code, "PASSWORD_TOO_SHORT");
    assert_int_equal(jc_account_set_password(f->db, id, "password123", T0, &err), JC_FAIL);
    assert_string_equal(err.code, "PASSWORD_WEAK");
    /* Self-service change checks the old password. */
    assert_int_equal(jc_account_change_password(f->db, id, "not-it-at-all", "Qv8-lantern-ox",
                                                T0, &err), JC_FAIL);
    assert_string_equal(err.code, "PASSWORD_WRONG");
    assert_int_equal(err.status, 401);
    assert_int_equal(jc_account_change_password(f->db, id, otp, "Qv8-lantern-ox", T0, &err),
                     JC_OK);
    expect_fail(f, "viewer9", otp, NULL, T0 + 1, "LOGIN_FAILED", 401, &r);
    expect_ok(f, "viewer9", "Qv8-lantern-ox", NULL, T0 + 2, &r);
    assert_int_equal(r.must_change_password, 0);

    /* An administrator's reset: new one-time password, must change, sessions ended. */
    assert_int_equal(jc_session_create(f->db, &f->s, id, T0 + 3, tok, csrf, &err), JC_OK);
    assert_int_equal(jc_account_reset_password(f->db, id, T0 + 4, otp, &err), JC_OK);
    assert_int_equal(strlen(otp), JC_PW_GEN_LEN);
    assert_int_equal(jc_session_check(f->db, &f->s, tok, T0 + 5, &s, &err), JC_FAIL);
    assert_string_equal(err.code, "SESSION_INVALID");
    expect_ok(f, "viewer9", otp, NULL, T0 + 6, &r);
    assert_int_equal(r.must_change_password, 1);
}

/* ---- the audit hook ------------------------------------------------------------------ */

typedef struct hook_log {
    int calls, in_tx, fail;
    char reasons[8][24];
    char token[JC_SESSION_TOKEN_LEN + 1];
    const jc_auth_settings *s;
} hook_log;

static int hook(jc_db *db, const jc_login_result *res, void *arg, jc_err *err)
{
    hook_log *h = arg;
    char csrf[JC_SESSION_TOKEN_LEN + 1];
    if (h->calls < 8) snprintf(h->reasons[h->calls], sizeof h->reasons[0], "%s", res->reason);
    h->calls++;
    h->in_tx += jc_db_in_tx(db);
    if (h->fail) return jc_fail_internal(err, "test", "audit write failed");
    if (strcmp(res->reason, "ok") == 0)
        return jc_session_create(db, h->s, res->account_id, T0, h->token, csrf, err);
    return JC_OK;
}

static void test_hook(void **state)
{
    fixture *f = *state;
    hook_log h;
    jc_login_result r;
    jc_session s;
    jc_err err;
    memset(&h, 0, sizeof h);
    h.s = &f->s;
    jc_err_clear(&err);
    assert_int_equal(jc_login_hooked(f->db, "ghost", "x", NULL, T0, &f->s, hook, &h, &r, &err),
                     JC_FAIL);
    assert_int_equal(jc_login_hooked(f->db, "clerk.one", "bad-one", NULL, T0, &f->s, hook, &h, &r,
                                     &err), JC_FAIL);
    assert_int_equal(jc_login_hooked(f->db, "clerk.one", CLERK_PW, NULL, T0, &f->s, hook, &h, &r,
                                     &err), JC_OK);
    assert_int_equal(h.calls, 3);
    assert_int_equal(h.in_tx, 3);
    assert_string_equal(h.reasons[0], "unknown_account");
    assert_string_equal(h.reasons[1], "bad_password");
    assert_string_equal(h.reasons[2], "ok");
    /* The session made in the hook is live. */
    assert_int_equal(jc_session_check(f->db, &f->s, h.token, T0 + 1, &s, &err), JC_OK);
    assert_int_equal(s.account_id, f->clerk);
    /* A failing hook rolls the counters back and its error is returned. */
    h.fail = 1;
    assert_int_equal(jc_login_hooked(f->db, "clerk.one", "bad-one", NULL, T0, &f->s, hook, &h, &r,
                                     &err), JC_FAIL);
    assert_int_equal(err.status, 500);
    assert_int_equal(query(f->db, "SELECT failed_count FROM account WHERE name = 'clerk.one'"), 0);
    assert_int_equal(jc_db_in_tx(f->db), 0);
}

/* ---- account records ------------------------------------------------------------------ */

static void expect_create_error(fixture *f, jc_account_new in, const char *code,
                                const char *field)
{
    char otp[JC_PW_GEN_LEN + 1];
    jc_err err;
    jc_err_clear(&err);
    if (jc_account_create(f->db, &in, T0, otp, NULL, &err) != JC_FAIL)
        fail_msg("created %s; expected %s", in.name ? in.name : "(null)", code);
    if (strcmp(err.code, code) != 0 || strcmp(err.field, field) != 0)
        fail_msg("got %s on %s (%s), expected %s on %s", err.code, err.field, err.en, code, field);
    assert_string_equal(otp, "");
}

static void test_account_validation(void **state)
{
    fixture *f = *state;
    jc_account a;
    jc_err err;
    char long_dn[4 * 70];
    int64_t id;
    int i;
    expect_create_error(f, (jc_account_new){"x", "某", "clerk", 2, 0}, "ACCOUNT_NAME_INVALID",
                        "name");
    expect_create_error(f, (jc_account_new){"-abc", "某", "clerk", 2, 0},
                        "ACCOUNT_NAME_INVALID", "name");
    expect_create_error(f, (jc_account_new){"张伟", "某", "clerk", 2, 0}, "ACCOUNT_NAME_INVALID",
                        "name");
    expect_create_error(f, (jc_account_new){NULL, "某", "clerk", 2, 0}, "ACCOUNT_NAME_INVALID",
                        "name");
    expect_create_error(f, (jc_account_new){"abc", "", "clerk", 2, 0}, "DISPLAY_NAME_INVALID",
                        "display_name");
    for (i = 0; i < 65; i++) memcpy(long_dn + 3 * i, "党", 3);
    long_dn[3 * 65] = '\0';
    expect_create_error(f, (jc_account_new){"abc", long_dn, "clerk", 2, 0},
                        "DISPLAY_NAME_INVALID", "display_name");
    expect_create_error(f, (jc_account_new){"abc", "某", "root", 2, 0}, "ROLE_UNKNOWN", "role");
    expect_create_error(f, (jc_account_new){"abc", "某", "clerk", 0, 0}, "ORG_REQUIRED",
                        "org_id");
    expect_create_error(f, (jc_account_new){"abc", "某", "clerk", 99, 0}, "ORG_NOT_FOUND",
                        "org_id");
    expect_create_error(f, (jc_account_new){"abc", "某", "member", 2, 0}, "MEMBER_REQUIRED",
                        "member_id");
    expect_create_error(f, (jc_account_new){"abc", "某", "member", 2, 99}, "MEMBER_NOT_FOUND",
                        "member_id");
    expect_create_error(f, (jc_account_new){"abc", "某", "clerk", 2, 7}, "MEMBER_NOT_ALLOWED",
                        "member_id");
    expect_create_error(f, (jc_account_new){"CLERK.one", "某", "clerk", 2, 0}, "ACCOUNT_EXISTS",
                        "name");

    /* sysadmin: system-wide, no org needed. member: takes its member's org. */
    id = new_account(f->db, "root", "sysadmin", 0, 0, NULL);
    jc_err_clear(&err);
    assert_int_equal(jc_account_get(f->db, id, &a, &err), JC_OK);
    assert_int_equal(a.org_id, 0);
    assert_int_equal(a.must_change_password, 1);
    id = new_account(f->db, "liming", "member", 0, 7, NULL);
    assert_int_equal(jc_account_find(f->db, "LiMing", &a, &err), JC_OK);
    assert_int_equal(a.id, id);
    assert_int_equal(a.org_id, 2);
    assert_int_equal(a.member_id, 7);
    assert_string_equal(a.display_name, "张伟");
    assert_string_equal(a.created_at, "2025-06-15T15:06:40Z");
    assert_int_equal(jc_account_get(f->db, 12345, &a, &err), JC_FAIL);
    assert_string_equal(err.code, "ACCOUNT_NOT_FOUND");
    assert_int_equal(err.status, 404);
    assert_int_equal(jc_account_find(f->db, "", &a, &err), JC_FAIL);
    /* Only the hash is stored, never the one-time password. */
    assert_int_equal(query(f->db, "SELECT count(*) FROM account WHERE password_hash NOT LIKE"
                                  " '$argon2id$%'"), 0);
}

static void test_list_and_scope(void **state)
{
    fixture *f = *state;
    jc_account *list;
    size_t n;
    int inside;
    jc_err err;
    new_account(f->db, "other.clerk", "clerk", 3, 0, NULL);
    new_account(f->db, "root", "sysadmin", 0, 0, NULL);
    jc_err_clear(&err);
    assert_int_equal(jc_account_list(f->db, 0, &list, &n, &err), JC_OK);
    assert_int_equal(n, 4);
    assert_string_equal(list[0].name, "admin1");   /* by name */
    assert_string_equal(list[3].name, "root");
    free(list);
    assert_int_equal(jc_account_list(f->db, 1, &list, &n, &err), JC_OK);
    assert_int_equal(n, 2);                        /* admin1 (org 1), clerk.one (org 2) */
    assert_string_equal(list[0].name, "admin1");
    assert_string_equal(list[1].name, "clerk.one");
    free(list);
    assert_int_equal(jc_account_list(f->db, 2, &list, &n, &err), JC_OK);
    assert_int_equal(n, 1);
    free(list);
    assert_int_equal(jc_account_list(f->db, 3, &list, &n, &err), JC_OK);
    assert_int_equal(n, 1);
    assert_string_equal(list[0].name, "other.clerk");
    free(list);

    assert_int_equal(jc_org_within(f->db, 1, 2, &inside, &err), JC_OK);
    assert_int_equal(inside, 1);
    assert_int_equal(jc_org_within(f->db, 1, 1, &inside, &err), JC_OK);
    assert_int_equal(inside, 1);
    assert_int_equal(jc_org_within(f->db, 2, 1, &inside, &err), JC_OK);
    assert_int_equal(inside, 0);
    assert_int_equal(jc_org_within(f->db, 1, 3, &inside, &err), JC_OK);
    assert_int_equal(inside, 0);
    assert_int_equal(jc_org_within(f->db, 0, 3, &inside, &err), JC_OK);
    assert_int_equal(inside, 1);
}

/* ---- roles ------------------------------------------------------------------------- */

static void test_roles(void **state)
{
    static const char *const all[] = {
        "org.read", "org.write", "org.import", "org.export", "member.read", "member.write",
        "member.import", "member.export", "pii.read", "stats.read", "alert.read",
        "account.read", "account.write", "setting.read", "setting.write", "audit.read",
        "self.read", "self.write", NULL,
    };
    /* Expected holders, one string per permission above: s=sysadmin o=org_admin c=clerk
     * v=viewer m=member. */
    static const char *const holders[] = {
        "socv", "oc", "oc", "oc", "ocv", "oc",
        "oc", "ocv", "oc", "socv", "ocv",
        "so", "so", "s", "s", "so",
        "m", "m",
    };
    static const char *const roles[] = {"sysadmin", "org_admin", "clerk", "viewer", "member"};
    size_t i, k;
    (void)state;
    for (i = 0; all[i]; i++) {
        for (k = 0; k < 5; k++) {
            int want = strchr(holders[i], "socvm"[k]) != NULL;
            if (jc_role_has(roles[k], all[i]) != want)
                fail_msg("%s %s %s", roles[k], want ? "lacks" : "holds", all[i]);
        }
        assert_true(jc_permission_known(all[i]));
    }
    /* Separation of duties, masking. */
    assert_false(jc_role_has("sysadmin", "member.read"));
    assert_false(jc_role_has("sysadmin", "pii.read"));
    assert_false(jc_role_has("viewer", "pii.read"));
    assert_false(jc_role_has("viewer", "member.write"));
    /* Wildcards: "account.*" and "member.*" cover verbs added later, not other areas. */
    assert_true(jc_role_has("sysadmin", "account.delete"));
    assert_true(jc_role_has("sysadmin", "setting.anything"));
    assert_true(jc_role_has("org_admin", "member.transfer"));
    assert_true(jc_role_has("org_admin", "org.anything"));
    assert_false(jc_role_has("org_admin", "setting.write"));
    assert_false(jc_role_has("sysadmin", "account"));
    assert_false(jc_role_has("sysadmin", "account."));
    assert_false(jc_role_has("sysadmin", "accounts.read"));
    assert_false(jc_role_has("clerk", "member.delete"));   /* clerk's list is explicit */
    /* public: everyone, even without a session; unknown roles nothing else. */
    for (k = 0; k < 5; k++) assert_true(jc_role_has(roles[k], "public"));
    for (k = 0; k < 5; k++) assert_true(jc_role_has(roles[k], "session"));
    assert_true(jc_role_has(NULL, "public"));
    assert_false(jc_role_has(NULL, "session"));
    assert_false(jc_role_has("root", "session"));
    assert_false(jc_role_has(NULL, "org.read"));
    assert_false(jc_role_has("root", "org.read"));
    assert_false(jc_role_has("clerk", NULL));
    assert_false(jc_role_has("", "org.read"));

    assert_non_null(jc_role_find("clerk"));
    assert_string_equal(jc_role_find("clerk")->zh, "党务工作者");
    assert_null(jc_role_find("Clerk"));
    assert_null(jc_role_find(NULL));
    assert_true(jc_role_find("sysadmin")->needs_totp);
    assert_true(jc_role_find("org_admin")->needs_totp);
    assert_false(jc_role_find("clerk")->needs_totp);
    assert_false(jc_role_find("sysadmin")->scoped);
    assert_true(jc_role_find("viewer")->scoped);
    assert_true(jc_role_find("org_admin")->org_optional);
    assert_false(jc_role_find("clerk")->org_optional);

    assert_true(jc_role_may_grant("sysadmin", "sysadmin"));
    assert_true(jc_role_may_grant("org_admin", "clerk"));
    assert_false(jc_role_may_grant("org_admin", "sysadmin"));
    assert_false(jc_role_may_grant("clerk", "viewer"));
    assert_false(jc_role_may_grant("sysadmin", "root"));
}

static void test_role_table_consistent(void **state)
{
    const jc_role *r;
    const char *const *p;
    size_t n = 0;
    (void)state;
    for (r = jc_roles; r->name; r++, n++)
        for (p = r->perms; *p; p++)
            if (!jc_permission_known(*p)) fail_msg("role %s: unknown permission %s", r->name, *p);
    assert_int_equal(n, 5);
    assert_true(jc_permission_known("account.*"));
    assert_false(jc_permission_known("nothing.*"));
    assert_false(jc_permission_known("member.delete"));
    assert_false(jc_permission_known(NULL));
}

/* Every route of the build declares a permission the role table knows, and each one
 * except "public" is held by some role (no route nobody can use). */
static void test_route_permissions(void **state)
{
    const jc_route *rt = jc_registry_routes();
    const jc_role *r;
    size_t n = 0;
    (void)state;
    for (; rt->method; rt++, n++) {
        int held = 0;
        if (!rt->permission) fail_msg("%s %s: no permission", rt->method, rt->pattern);
        if (!jc_permission_known(rt->permission))
            fail_msg("%s %s: unknown permission %s", rt->method, rt->pattern, rt->permission);
        for (r = jc_roles; r->name; r++) held |= jc_role_has(r->name, rt->permission);
        if (!held) fail_msg("%s %s: no role holds %s", rt->method, rt->pattern, rt->permission);
        /* sysadmin reads no member data through any route. */
        if (strncmp(rt->permission, "member.", 7) == 0)
            assert_false(jc_role_has("sysadmin", rt->permission));
    }
    assert_true(n > 10);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_lockout_and_unlock),
        T(test_lockout_expiry_restarts_count),
        T(test_lockout_configurable),
        T(test_unknown_same_as_wrong_password),
        T(test_disabled),
        T(test_totp_required_for_org_admin),
        T(test_totp_enrolment),
        T(test_must_change_password),
        T(test_hook),
        T(test_account_validation),
        T(test_list_and_scope),
        cmocka_unit_test(test_roles),
        cmocka_unit_test(test_role_table_consistent),
        cmocka_unit_test(test_route_permissions),
    };
    setenv("JICENG_PWHASH_FAST", "1", 0);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
