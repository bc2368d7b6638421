/*
 * cli_common.c — what the subcommands share (see cli.h).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/migrate.h"

static int spec_find(const char *const *spec, const char *name, int *is_flag)
{
    int i;
    size_t n = strlen(name);
    for (i = 0; spec[i]; i++) {
        size_t k = strlen(spec[i]);
        int flag = spec[i][k - 1] == '!';
        if ((flag ? k - 1 : k) == n && !strncmp(spec[i], name, n)) {
            *is_flag = flag;
            return 1;
        }
    }
    return 0;
}

int jc_cli_parse(int argc, char **argv, int first, const char *const *spec, jc_cli_opts *out)
{
    int i, is_flag;
    memset(out, 0, sizeof *out);
    for (i = first; i < argc; i++) {
        const char *a = argv[i];
        char msg[256];
        if (strncmp(a, "--", 2) || !spec_find(spec, a + 2, &is_flag)) {
            snprintf(msg, sizeof msg, "unknown option or argument: %s", a);
            return jc_cli_usage(msg);
        }
        if (out->n >= 24) return jc_cli_usage("too many options");
        out->names[out->n] = a + 2;
        if (!is_flag) {
            if (i + 1 >= argc) {
                snprintf(msg, sizeof msg, "option %s needs a value", a);
                return jc_cli_usage(msg);
            }
            out->values[out->n] = argv[++i];
        } else {
            out->values[out->n] = "1";
        }
        out->n++;
    }
    return 0;
}

const char *jc_cli_get(const jc_cli_opts *o, const char *name)
{
    int i;
    for (i = o->n - 1; i >= 0; i--)
        if (!strcmp(o->names[i], name)) return o->values[i];
    return NULL;
}

int jc_cli_flag(const jc_cli_opts *o, const char *name)
{
    return jc_cli_get(o, name) != NULL;
}

int jc_cli_open(const jc_cli_opts *o, int bulk, jc_db **db, jc_err *err)
{
    jc_db_opts opts = {0};
    opts.bulk = bulk;
    if (jc_db_open(jc_cli_get(o, "db"), &opts, db, err) != JC_OK) return JC_FAIL;
    if (jc_migrate(*db, NULL, err) != JC_OK) {
        jc_db_close(*db);
        *db = NULL;
        return JC_FAIL;
    }
    return JC_OK;
}

void jc_cli_ctx(jc_db *db, jc_ctx *ctx)
{
    static char actor[80];
    const char *user = getenv("USER");
    snprintf(actor, sizeof actor, "cli:%s", user && *user ? user : "root");
    ctx->db = db;
    ctx->actor = actor;
    ctx->today = jc_today();
}

int jc_cli_error(const jc_err *err)
{
    fprintf(stderr, "jiceng: %s", err->code[0] ? err->code : "ERROR");
    if (err->field[0]) fprintf(stderr, " [%s]", err->field);
    if (err->rule[0]) fprintf(stderr, " (%s)", err->rule);
    fprintf(stderr, ": %s — %s\n", err->zh, err->en);
    return 1;
}

int jc_cli_usage(const char *msg)
{
    fprintf(stderr, "jiceng: %s (see `jiceng help`)\n", msg);
    return 2;
}
