/*
 * cli.h — the subcommands of `jiceng` and what they share: option parsing, opening
 * (and migrating) the database, printing errors on one line.
 */
#ifndef JC_CLI_H
#define JC_CLI_H

#include <stddef.h>

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
int jc_cli_user(int argc, char **argv);
int jc_cli_audit(int argc, char **argv);

/* Options: --name value pairs and --flag switches, after the subcommand (and its verb).
 * spec lists the accepted names; a name ending in '!' is a flag (no value). Every
 * command also takes --keys FILE (the key file; default "<db>.keys"). Unknown options,
 * missing values and stray arguments are usage errors (exit 2). */
typedef struct jc_cli_opts {
    const char *names[24];
    const char *values[24];
    int n;
} jc_cli_opts;

int jc_cli_parse(int argc, char **argv, int first, const char *const *spec, jc_cli_opts *out);
const char *jc_cli_get(const jc_cli_opts *o, const char *name);  /* NULL when absent */
int jc_cli_flag(const jc_cli_opts *o, const char *name);

/* Open the database of --db, run pending migrations, check the key file (jc_cli_keys).
 * Caller closes. */
int jc_cli_open(const jc_cli_opts *o, int bulk, jc_db **db, jc_err *err);

/* The key file: --keys, else "<db>.keys", into out. */
void jc_cli_keys_path(const jc_cli_opts *o, char *out, size_t cap);

/* Load and check the key file of db (crypto.h: mode 0600, format; 500 KEYFILE_*), and
 * that it is the one the database recorded (meta key_id; 500 KEYFILE_WRONG). With
 * create, a missing file is created first (init, demo) and *created (may be NULL) set.
 * Without create, a missing default file is not an error yet (no command needs the
 * keys until personal fields are sealed); a missing --keys file is (KEYFILE_MISSING). */
int jc_cli_keys(const jc_cli_opts *o, jc_db *db, int create, int *created, jc_err *err);

/* First run of a database (init, demo): when it has no account yet, create the sysadmin
 * "admin" (audited) with a one-time password written to otp (17 bytes), or, with
 * demo_password, with that password and no forced change. *made = 1 when created. */
int jc_cli_first_admin(jc_db *db, const char *demo_password, char *otp, int *made, jc_err *err);

/* A ctx for command-line work: actor "cli:<user>", today from jc_today(), the whole
 * tree, personal fields as stored. */
void jc_cli_ctx(jc_db *db, jc_ctx *ctx);

/* Print err to stderr as one line: "jiceng: CODE [field] (rule): zh — en". Returns 1. */
int jc_cli_error(const jc_err *err);

/* Print a usage error and return 2. */
int jc_cli_usage(const char *msg);

#endif
