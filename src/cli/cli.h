/*
 * cli.h — the subcommands of `jiceng` and what they share: option parsing, opening
 * (and migrating) the database, printing errors on one line.
 */
#ifndef JC_CLI_H
#define JC_CLI_H

#include "core/ctx.h"

typedef int (*jc_cli_fn)(int argc, char **argv);

int jc_cli_init(int argc, char **argv);
int jc_cli_serve(int argc, char **argv);
int jc_cli_demo(int argc, char **argv);
int jc_cli_import(int argc, char **argv);
int jc_cli_export(int argc, char **argv);
int jc_cli_backup(int argc, char **argv);
int jc_cli_stats(int argc, char **argv);
int jc_cli_check(int argc, char **argv);

/* Options: --name value pairs and --flag switches, after the subcommand (and its verb).
 * spec lists the accepted names; a name ending in '!' is a flag (no value). Unknown
 * options, missing values and stray arguments are usage errors (exit 2). */
typedef struct jc_cli_opts {
    const char *names[24];
    const char *values[24];
    int n;
} jc_cli_opts;

int jc_cli_parse(int argc, char **argv, int first, const char *const *spec, jc_cli_opts *out);
const char *jc_cli_get(const jc_cli_opts *o, const char *name);  /* NULL when absent */
int jc_cli_flag(const jc_cli_opts *o, const char *name);

/* Open the database of --db and run pending migrations. Caller closes. */
int jc_cli_open(const jc_cli_opts *o, int bulk, jc_db **db, jc_err *err);

/* A ctx for command-line work: actor "cli:<user>", today from jc_today(). */
void jc_cli_ctx(jc_db *db, jc_ctx *ctx);

/* Print err to stderr as one line: "jiceng: CODE [field] (rule): zh — en". Returns 1. */
int jc_cli_error(const jc_err *err);

/* Print a usage error and return 2. */
int jc_cli_usage(const char *msg);

#endif
