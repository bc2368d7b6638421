/*
 * cli_io.c — `jiceng import` and `jiceng export` for orgs and members.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "modules/members/member_export.h"
#include "modules/members/member_import.h"
#include "modules/orgs/org_import.h"
#include "util/enc.h"

#define IMPORT_MAX_BYTES (4L * 1024 * 1024 * 1024)

static void print_row_error(void *arg, long line, const char *column, const jc_err *e)
{
    (void)arg;
    printf("第%ld行\t%s\t%s\t%s\t%s\t%s\n", line, column && *column ? column : "-",
           e->rule[0] ? e->rule : "-", e->code, e->zh, e->en);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

int jc_cli_import(int argc, char **argv)
{
    static const char *const spec[] = {"db", "file", "skip-invalid!", NULL};
    jc_cli_opts o;
    jc_db *db = NULL;
    jc_ctx ctx;
    jc_err err;
    jc_import_report rep;
    struct timespec t0;
    char *data = NULL;
    size_t len = 0;
    const char *what = argc > 2 ? argv[2] : "";
    int rc, members = !strcmp(what, "members");
    if (!members && strcmp(what, "orgs")) return jc_cli_usage("import orgs|members ...");
    if ((rc = jc_cli_parse(argc, argv, 3, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db") || !jc_cli_get(&o, "file"))
        return jc_cli_usage("import needs --db PATH --file F.csv");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (jc_read_file(jc_cli_get(&o, "file"), IMPORT_MAX_BYTES, &data, &len, &err) != JC_OK)
        return jc_cli_error(&err);
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) {
        free(data);
        return jc_cli_error(&err);
    }
    jc_cli_ctx(db, &ctx);
    rc = members ? jc_members_import(&ctx, data, len, jc_cli_get(&o, "file"),
                                     jc_cli_flag(&o, "skip-invalid"), print_row_error, NULL, &rep, &err)
                 : jc_orgs_import(&ctx, data, len, jc_cli_flag(&o, "skip-invalid"), print_row_error,
                                  NULL, &rep, &err);
    jc_db_close(db);
    free(data);
    if (rc != JC_OK) return jc_cli_error(&err);
    fprintf(stderr, "%s: %ld rows, %ld valid, %ld invalid; %s (%.2f s)\n", what, rep.rows, rep.ok,
            rep.bad,
            rep.written ? (rep.bad ? "valid rows written, invalid rows skipped" : "all rows written")
                        : "nothing written",
            seconds_since(&t0));
    return rep.bad ? 1 : 0;
}

int jc_cli_export(int argc, char **argv)
{
    static const char *const spec[] = {"db", "org", "subtree!", "format", "out", NULL};
    jc_cli_opts o;
    jc_db *db = NULL;
    jc_ctx ctx;
    jc_err err;
    int64_t rows = 0;
    const char *what = argc > 2 ? argv[2] : "", *format;
    int rc, members = !strcmp(what, "members");
    if (!members && strcmp(what, "orgs")) return jc_cli_usage("export orgs|members ...");
    if ((rc = jc_cli_parse(argc, argv, 3, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db") || !jc_cli_get(&o, "org") || !jc_cli_get(&o, "out"))
        return jc_cli_usage("export needs --db PATH --org CODE --out FILE");
    format = jc_cli_get(&o, "format") ? jc_cli_get(&o, "format") : "csv";
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    jc_cli_ctx(db, &ctx);
    rc = members ? jc_members_export(&ctx, jc_cli_get(&o, "org"), jc_cli_flag(&o, "subtree"), format,
                                     jc_cli_get(&o, "out"), &rows, &err)
                 : jc_orgs_export(&ctx, jc_cli_get(&o, "org"), jc_cli_flag(&o, "subtree"), format,
                                  jc_cli_get(&o, "out"), &rows, &err);
    jc_db_close(db);
    if (rc != JC_OK) return jc_cli_error(&err);
    fprintf(stderr, "%s: %lld rows written to %s\n", what, (long long)rows, jc_cli_get(&o, "out"));
    return 0;
}
