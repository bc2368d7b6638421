/*
 * cli_demo.c — `jiceng demo`: fill an empty database with deterministic demo data, and
 * make it usable at once: its key file, demo accounts of every role with one known
 * password (printed at the end), and the second factor switched off (auth.require_totp=0,
 * audited), which `serve` and the UI then announce. A demo database is for trying
 * Jiceng out, never for real data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/account.h"
#include "auth/clock.h"
#include "auth/settings.h"
#include "cli/cli.h"
#include "core/audit_ctx.h"
#include "modules/accounts/accounts.h"
#include "modules/demo/demo.h"

#define DEMO_PASSWORD "Jiceng-Demo-2026"

typedef struct demo_account {
    const char *name, *display, *role;
    const char *where;           /* "root", "street", "member" or NULL (system-wide) */
} demo_account;

static const demo_account ACCOUNTS[] = {
    {"district", "区级管理员", "org_admin", "root"},
    {"street", "街道党务工作者", "clerk", "street"},
    {"leader", "区委领导（查阅）", "viewer", "root"},
    {"member", "党员本人", "member", "member"},
    {NULL, NULL, NULL, NULL},
};

static const char *SQL_ROOT = "SELECT id, path FROM org WHERE parent_id IS NULL ORDER BY id LIMIT 1";
static const char *SQL_STREET =
    "SELECT id, path FROM org WHERE parent_id = ?1 AND dissolved_on IS NULL "
    "ORDER BY type <> 'working_committee', id LIMIT 1";
static const char *SQL_MEMBER =
    "SELECT m.id FROM member m JOIN org o ON o.id = m.org_id "
    "WHERE o.path >= ?1 AND o.path < ?1 || '~' ORDER BY m.id LIMIT 1";

/* The first row's id (and path) of sql with an optional int or text parameter. */
static int first_row(jc_db *db, const char *sql, int64_t iarg, const char *targ, int64_t *id,
                     char *path, size_t cap, jc_err *err)
{
    jc_stmt *st;
    int rc;
    *id = 0;
    if (path) path[0] = '\0';
    if (jc_db_stmt(db, sql, &st, err) != JC_OK) return JC_FAIL;
    if (targ) jc_bind_text(st, 1, targ);
    else if (iarg) jc_bind_int(st, 1, iarg);
    rc = jc_step(st, err);
    if (rc == JC_ROW) {
        *id = jc_col_int(st, 0);
        if (path) snprintf(path, cap, "%s", jc_col_text(st, 1));
    }
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

/* One demo account with the demo password (no forced change), audited. */
static int add_account(jc_ctx *ctx, const demo_account *a, int64_t org_id, int64_t member_id,
                       jc_err *err)
{
    jc_account_new in = {a->name, a->display, a->role, org_id, member_id};
    jc_account acc;
    jc_account_org org;
    char otp[JC_PW_GEN_LEN + 1], object[96];
    int64_t id = 0, now = jc_clock_now();
    jbuf d;
    int rc;
    jb_init(&d);
    rc = jc_account_create(ctx->db, &in, now, otp, &id, err);
    if (rc == JC_OK) rc = jc_account_set_password(ctx->db, id, DEMO_PASSWORD, now, err);
    if (rc == JC_OK) rc = jc_account_get(ctx->db, id, &acc, err);
    if (rc == JC_OK) rc = jc_accounts_org(ctx->db, acc.org_id, &org, err);
    if (rc == JC_OK) {
        jc_accounts_audit_detail(&d, &acc, &org);
        snprintf(object, sizeof object, "account:%s", a->name);
        rc = jc_audit_ctx(ctx, "account.create", object, org.path[0] ? org.path : NULL, d.p, err);
    }
    jb_free(&d);
    return rc;
}

/* Accounts of every role (when the database has none) and no second factor. */
static int demo_accounts(jc_db *db, int *made, jc_err *err)
{
    jc_ctx ctx;
    char root_path[512], street_path[512], detail[128];
    int64_t n = 0, root = 0, street = 0, member = 0;
    long long old = 0;
    const demo_account *a;
    int rc, admin = 0;
    char otp[JC_PW_GEN_LEN + 1];
    *made = 0;
    if (jc_db_query_int(db, "SELECT count(*) FROM account", &n, err) != JC_OK) return JC_FAIL;
    if (n > 0) return JC_OK;
    if (jc_cli_first_admin(db, DEMO_PASSWORD, otp, &admin, err) != JC_OK) return JC_FAIL;
    if (first_row(db, SQL_ROOT, 0, NULL, &root, root_path, sizeof root_path, err) != JC_OK ||
        first_row(db, SQL_STREET, root, NULL, &street, street_path, sizeof street_path, err) != JC_OK)
        return JC_FAIL;
    if (!street) {
        street = root;
        snprintf(street_path, sizeof street_path, "%s", root_path);
    }
    if (first_row(db, SQL_MEMBER, 0, street_path, &member, NULL, 0, err) != JC_OK) return JC_FAIL;
    jc_cli_ctx(db, &ctx);
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = JC_OK;
    for (a = ACCOUNTS; rc == JC_OK && a->name; a++) {
        if (!strcmp(a->where, "member") && !member) continue;
        rc = add_account(&ctx, a, !strcmp(a->where, "street") ? street : root,
                         !strcmp(a->where, "member") ? member : 0, err);
    }
    if (rc == JC_OK) rc = jc_auth_setting_write(db, "auth.require_totp", 0, ctx.actor, &old, err);
    snprintf(detail, sizeof detail, "{\"key\":\"auth.require_totp\",\"before\":%lld,\"after\":0}", old);
    if (rc == JC_OK) rc = jc_audit_ctx(&ctx, "setting.update", "setting", NULL, detail, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc == JC_OK) *made = 1;
    return rc;
}

static void print_accounts(void)
{
    const demo_account *a;
    printf("demo accounts (password %s for all; change them if anyone else can reach this "
           "server):\n", DEMO_PASSWORD);
    printf("  %-10s %-10s %s\n", "admin", "sysadmin", "系统管理员 (accounts, settings, audit)");
    for (a = ACCOUNTS; a->name; a++) printf("  %-10s %-10s %s\n", a->name, a->role, a->display);
    printf("the second factor (TOTP) is OFF for this demo database (auth.require_totp=0)\n");
}

int jc_cli_demo(int argc, char **argv)
{
    static const char *const spec[] = {"db", "orgs", "members", "seed", "district", NULL};
    jc_cli_opts o;
    jc_demo_opts d = {0};
    jc_db *db;
    jc_err err;
    struct timespec t0, t1;
    int rc, made = 0;
    if ((rc = jc_cli_parse(argc, argv, 2, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("demo needs --db PATH");
    d.orgs = jc_cli_get(&o, "orgs") ? atol(jc_cli_get(&o, "orgs")) : 300;
    d.members = jc_cli_get(&o, "members") ? atol(jc_cli_get(&o, "members")) : 5000;
    d.seed = jc_cli_get(&o, "seed") ? strtoull(jc_cli_get(&o, "seed"), NULL, 10) : 1;
    d.district = jc_cli_get(&o, "district") ? atoi(jc_cli_get(&o, "district")) : 0;
    d.today = jc_today();
    if (d.orgs < 1 || d.members < 0) return jc_cli_usage("--orgs must be >= 1 and --members >= 0");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (jc_cli_open(&o, 1, &db, &err) != JC_OK) return jc_cli_error(&err);
    rc = jc_demo_generate(db, &d, &err);
    if (rc == JC_OK) rc = jc_cli_keys(&o, db, 1, NULL, &err);
    if (rc == JC_OK) rc = demo_accounts(db, &made, &err);
    jc_db_close(db);
    if (rc != JC_OK) return jc_cli_error(&err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("demo data: %ld orgs, %ld members (seed %llu) in %.1f s\n", d.orgs, d.members,
           (unsigned long long)d.seed,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    if (made) print_accounts();
    return 0;
}
