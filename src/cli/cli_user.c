/*
 * cli_user.c — `jiceng user add|passwd|disable|enable|unlock|list|totp`: accounts from
 * the command line, for the operator of the host (the first sysadmin, a forgotten
 * password, an account to lock at once). Every change is an audit entry by
 * "cli:<user>", in the change's transaction. One-time passwords and TOTP secrets are
 * printed once and never stored in the clear.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/account.h"
#include "auth/clock.h"
#include "auth/roles.h"
#include "cli/cli.h"
#include "core/audit_ctx.h"
#include "modules/accounts/accounts.h"
#include "modules/orgs/orgs.h"


int jc_cli_first_admin(jc_db *db, const char *demo_password, char *otp, int *made, jc_err *err)
{
    jc_ctx ctx;
    jc_account_new in = {"admin", "系统管理员", "sysadmin", 0, 0};
    int64_t n = 0, id = 0, now = jc_clock_now();
    int rc;
    *made = 0;
    otp[0] = '\0';
    if (jc_db_query_int(db, "SELECT count(*) FROM account", &n, err) != JC_OK) return JC_FAIL;
    if (n > 0) return JC_OK;
    jc_cli_ctx(db, &ctx);
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = jc_account_create(db, &in, now, otp, &id, err);
    if (rc == JC_OK && demo_password) rc = jc_account_set_password(db, id, demo_password, now, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.create", id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc == JC_OK) *made = 1;
    return rc;
}

/* ---- the verbs -------------------------------------------------------------------------- */

static int user_add(jc_db *db, const jc_cli_opts *o, jc_err *err)
{
    jc_ctx ctx;
    jc_account_new in;
    jc_org_row org;
    char otp[JC_PW_GEN_LEN + 1];
    const char *name = jc_cli_get(o, "name"), *member = jc_cli_get(o, "member");
    int64_t id = 0;
    int rc;
    jc_cli_ctx(db, &ctx);
    memset(&in, 0, sizeof in);
    in.name = name;
    in.display_name = jc_cli_get(o, "display") ? jc_cli_get(o, "display") : name;
    in.role = jc_cli_get(o, "role");
    if (jc_cli_get(o, "org")) {
        if (jc_orgs_get(&ctx, jc_cli_get(o, "org"), "org", &org, err) != JC_OK) return JC_FAIL;
        in.org_id = org.org.id;
    }
    in.member_id = member ? atoll(member) : 0;
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = jc_account_create(db, &in, jc_clock_now(), otp, &id, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.create", id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc != JC_OK) return JC_FAIL;
    printf("account %s created (role %s%s%s)\n", name, in.role, in.org_id ? ", org " : "",
           in.org_id ? jc_cli_get(o, "org") : "");
    printf("one-time password: %s\n", otp);
    printf("(shown once; it must be changed at the first login)\n");
    explicit_bzero(otp, sizeof otp);
    return JC_OK;
}

/* The account of --name into *a. */
static int named(jc_db *db, const jc_cli_opts *o, jc_account *a, jc_err *err)
{
    return jc_account_find(db, jc_cli_get(o, "name"), a, err);
}

static int user_passwd(jc_db *db, const jc_cli_opts *o, jc_err *err)
{
    jc_ctx ctx;
    jc_account a;
    char otp[JC_PW_GEN_LEN + 1];
    int rc;
    jc_cli_ctx(db, &ctx);
    if (named(db, o, &a, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = jc_account_reset_password(db, a.id, jc_clock_now(), otp, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.reset_password", a.id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc != JC_OK) return JC_FAIL;
    printf("one-time password for %s: %s\n", a.name, otp);
    printf("(shown once; every session of the account has ended; it must be changed at the "
           "next login)\n");
    explicit_bzero(otp, sizeof otp);
    return JC_OK;
}

static int user_state(jc_db *db, const jc_cli_opts *o, const char *verb, jc_err *err)
{
    jc_ctx ctx;
    jc_account a;
    int rc, unlock = !strcmp(verb, "unlock"), disable = !strcmp(verb, "disable");
    jc_cli_ctx(db, &ctx);
    if (named(db, o, &a, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = unlock ? jc_account_unlock(db, a.id, jc_clock_now(), err)
                : jc_account_set_disabled(db, a.id, disable, jc_clock_now(), err);
    if (rc == JC_OK)
        rc = jc_accounts_audit(&ctx, unlock ? "account.unlock" : disable ? "account.disable" : "account.enable",
                           a.id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc != JC_OK) return JC_FAIL;
    printf("account %s %s%s\n", a.name, unlock ? "unlocked" : disable ? "disabled" : "enabled",
           disable ? " (its sessions have ended)" : "");
    return JC_OK;
}

static int user_list(jc_db *db, jc_err *err)
{
    jc_account *arr = NULL;
    size_t n = 0, i;
    int64_t now = jc_clock_now();
    if (jc_account_list(db, 0, &arr, &n, err) != JC_OK) return JC_FAIL;
    printf("name\trole\torg\tdisplay_name\tstate\n");
    for (i = 0; i < n; i++) {
        jc_account_org org;
        const jc_account *a = &arr[i];
        if (jc_accounts_org(db, a->org_id, &org, err) != JC_OK) break;
        printf("%s\t%s\t%s\t%s\t%s%s%s%s\n", a->name, a->role, org.code[0] ? org.code : "-",
               a->display_name, a->disabled ? "disabled" : "active",
               a->locked_until > now ? ",locked" : "",
               a->must_change_password ? ",must_change_password" : "",
               a->totp_enabled ? ",totp" : "");
    }
    free(arr);
    return i == n ? JC_OK : JC_FAIL;
}

static int user_totp(jc_db *db, const jc_cli_opts *o, jc_err *err)
{
    jc_ctx ctx;
    jc_account a;
    char secret[JC_TOTP_SECRET_B32], uri[384];
    int rc;
    jc_cli_ctx(db, &ctx);
    if (named(db, o, &a, err) != JC_OK) return JC_FAIL;
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = jc_account_totp_enrol(db, a.id, jc_clock_now(), secret, uri, sizeof uri, err);
    if (rc == JC_OK) rc = jc_accounts_audit(&ctx, "account.totp_enrol", a.id, NULL, err);
    if (rc == JC_OK) rc = jc_db_commit(db, err);
    else jc_db_rollback(db);
    if (rc != JC_OK) return JC_FAIL;
    printf("secret: %s\nuri: %s\n", secret, uri);
    printf("(pending: the account confirms it with a code at its next login, "
           "POST /api/v1/session/totp/confirm)\n");
    explicit_bzero(secret, sizeof secret);
    explicit_bzero(uri, sizeof uri);
    return JC_OK;
}

int jc_cli_user(int argc, char **argv)
{
    static const char *const spec[] = {"db", "name", "role", "org", "display", "member", NULL};
    const char *verb = argc > 2 ? argv[2] : "";
    jc_cli_opts o;
    jc_db *db = NULL;
    jc_err err;
    int rc;
    if (strcmp(verb, "add") && strcmp(verb, "passwd") && strcmp(verb, "disable") &&
        strcmp(verb, "enable") && strcmp(verb, "unlock") && strcmp(verb, "list") &&
        strcmp(verb, "totp"))
        return jc_cli_usage("user add|passwd|disable|enable|unlock|list|totp ...");
    if ((rc = jc_cli_parse(argc, argv, 3, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("user needs --db PATH");
    if (strcmp(verb, "list") && !jc_cli_get(&o, "name")) return jc_cli_usage("user needs --name NAME");
    if (!strcmp(verb, "add") && !jc_cli_get(&o, "role"))
        return jc_cli_usage("user add needs --role sysadmin|org_admin|clerk|viewer|member");
    jc_err_clear(&err);
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    if (!strcmp(verb, "add")) rc = user_add(db, &o, &err);
    else if (!strcmp(verb, "passwd")) rc = user_passwd(db, &o, &err);
    else if (!strcmp(verb, "list")) rc = user_list(db, &err);
    else if (!strcmp(verb, "totp")) rc = user_totp(db, &o, &err);
    else rc = user_state(db, &o, verb, &err);
    jc_db_close(db);
    return rc == JC_OK ? 0 : jc_cli_error(&err);
}
