/*
 * cli_demo.c — `jiceng demo`: fill an empty database with deterministic demo data.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "modules/demo/demo.h"

int jc_cli_demo(int argc, char **argv)
{
    static const char *const spec[] = {"db", "orgs", "members", "seed", "district", NULL};
    jc_cli_opts o;
    jc_demo_opts d = {0};
    jc_db *db;
    jc_err err;
    struct timespec t0, t1;
    int rc;
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
    jc_db_close(db);
    if (rc != JC_OK) return jc_cli_error(&err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("demo data: %ld orgs, %ld members (seed %llu) in %.1f s\n", d.orgs, d.members,
           (unsigned long long)d.seed,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    return 0;
}
