/*
 * cli_basic.c — the small subcommands: init, backup, stats, check.
 */
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "cli/cli.h"
#include "modules/alerts/alerts.h"
#include "modules/stats/stats.h"
#include "store/migrate.h"

static const char *const DB_ONLY[] = {"db", NULL};

/* init: create or migrate the database; the first time, also its key file and the
 * sysadmin "admin" with a one-time password. */
int jc_cli_init(int argc, char **argv)
{
    jc_cli_opts o;
    jc_db *db;
    jc_err err;
    char keys[4096], otp[JC_PW_GEN_LEN + 1];
    int rc, applied = 0, version = 0, created = 0, made = 0;
    jc_db_opts opts = {0};
    if ((rc = jc_cli_parse(argc, argv, 2, DB_ONLY, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("init needs --db PATH");
    if (jc_db_open(jc_cli_get(&o, "db"), &opts, &db, &err) != JC_OK) return jc_cli_error(&err);
    rc = jc_migrate(db, &applied, &err) == JC_OK && jc_schema_version(db, &version, &err) == JC_OK;
    if (rc) rc = jc_stats_advance(db, jc_today(), &err) == JC_OK;
    if (rc) rc = jc_cli_keys(&o, db, 1, &created, &err) == JC_OK;
    if (rc) rc = jc_cli_first_admin(db, NULL, otp, &made, &err) == JC_OK;
    jc_db_close(db);
    if (!rc) return jc_cli_error(&err);
    printf("database %s: schema version %d (%d migration%s applied)\n", jc_cli_get(&o, "db"), version,
           applied, applied == 1 ? "" : "s");
    jc_cli_keys_path(&o, keys, sizeof keys);
    if (created) printf("key file %s created (mode 0600): keep it apart from the database's backups\n", keys);
    if (made) {
        printf("sysadmin account admin created; one-time password: %s\n", otp);
        printf("(shown once; change it and enrol a second factor at the first login)\n");
    }
    explicit_bzero(otp, sizeof otp);
    return 0;
}

int jc_cli_backup(int argc, char **argv)
{
    static const char *const spec[] = {"db", "out", NULL};
    jc_cli_opts o;
    jc_db *db;
    jc_err err;
    int rc;
    if ((rc = jc_cli_parse(argc, argv, 2, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db") || !jc_cli_get(&o, "out"))
        return jc_cli_usage("backup needs --db PATH --out FILE");
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    rc = jc_db_backup(db, jc_cli_get(&o, "out"), &err);
    jc_db_close(db);
    if (rc != JC_OK) return jc_cli_error(&err);
    printf("backup written to %s\n", jc_cli_get(&o, "out"));
    return 0;
}

int jc_cli_stats(int argc, char **argv)
{
    static const char *const spec[] = {"db", "org", NULL};
    jc_cli_opts o;
    jc_db *db;
    jc_ctx ctx;
    jc_err err;
    jbuf b;
    int rc;
    if ((rc = jc_cli_parse(argc, argv, 2, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db") || !jc_cli_get(&o, "org"))
        return jc_cli_usage("stats needs --db PATH --org CODE");
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    jc_cli_ctx(db, &ctx);
    jb_init(&b);
    rc = jc_stats_write_json(&ctx, jc_cli_get(&o, "org"), &b, &err);
    if (rc == JC_OK) printf("%s\n", b.p);
    jb_free(&b);
    jc_db_close(db);
    return rc == JC_OK ? 0 : jc_cli_error(&err);
}

static int print_alert(void *arg, const jc_alert *a)
{
    long *n = arg;
    (*n)++;
    printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", a->rule, a->severity, a->subject, a->code, a->name,
           a->detail_zh, a->detail_en);
    return 0;
}

int jc_cli_check(int argc, char **argv)
{
    static const char *const spec[] = {"db", "org", "rule", NULL};
    jc_cli_opts o;
    jc_db *db;
    jc_ctx ctx;
    jc_err err;
    long n = 0;
    int rc;
    if ((rc = jc_cli_parse(argc, argv, 2, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("check needs --db PATH");
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    jc_cli_ctx(db, &ctx);
    rc = jc_stats_advance(db, ctx.today, &err);
    if (rc == JC_OK)
        rc = jc_alerts_run(&ctx, jc_cli_get(&o, "org"), jc_cli_get(&o, "rule"), 0, print_alert, &n,
                           &err);
    jc_db_close(db);
    if (rc != JC_OK) return jc_cli_error(&err);
    fprintf(stderr, "%ld alert%s\n", n, n == 1 ? "" : "s");
    return 0;
}
