/*
 * cli_common.c — what the subcommands share (see cli.h).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "crypto/crypto.h"
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

/* Options every command takes. */
static const char *const COMMON[] = {"keys", NULL};

int jc_cli_parse(int argc, char **argv, int first, const char *const *spec, jc_cli_opts *out)
{
    int i, is_flag;
    memset(out, 0, sizeof *out);
    for (i = first; i < argc; i++) {
        const char *a = argv[i];
        char msg[256];
        if (strncmp(a, "--", 2) ||
            (!spec_find(spec, a + 2, &is_flag) && !spec_find(COMMON, a + 2, &is_flag))) {
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
    if (jc_migrate(*db, NULL, err) != JC_OK || jc_cli_keys(o, *db, 0, NULL, err) != JC_OK) {
        jc_db_close(*db);
        *db = NULL;
        return JC_FAIL;
    }
    return JC_OK;
}

/* ---- the key file ----------------------------------------------------------------------- */

static const char *SQL_KEY_ID = "SELECT value FROM meta WHERE key = 'key_id'";
static const char *SQL_SET_KEY_ID = "INSERT INTO meta(key, value) VALUES ('key_id', ?1)";

void jc_cli_keys_path(const jc_cli_opts *o, char *out, size_t cap)
{
    if (jc_cli_get(o, "keys")) snprintf(out, cap, "%s", jc_cli_get(o, "keys"));
    else snprintf(out, cap, "%s.keys", jc_cli_get(o, "db") ? jc_cli_get(o, "db") : "jiceng.db");
}

static int recorded_key_id(jc_db *db, char out[JC_KEY_ID_LEN + 1], jc_err *err)
{
    jc_stmt *st;
    int rc;
    out[0] = '\0';
    if (jc_db_stmt(db, SQL_KEY_ID, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) snprintf(out, JC_KEY_ID_LEN + 1, "%s", jc_col_text(st, 0));
    jc_stmt_reset(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

static int record_key_id(jc_db *db, const char *id, jc_err *err)
{
    jc_stmt *st;
    int rc;
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    rc = jc_db_stmt(db, SQL_SET_KEY_ID, &st, err);
    if (rc == JC_OK) {
        jc_bind_text(st, 1, id);
        rc = jc_step(st, err) == JC_DONE ? JC_OK : JC_FAIL;
        jc_stmt_reset(st);
    }
    if (rc == JC_OK) return jc_db_commit(db, err);
    jc_db_rollback(db);
    return JC_FAIL;
}

int jc_cli_keys(const jc_cli_opts *o, jc_db *db, int create, int *created, jc_err *err)
{
    char path[4096], recorded[JC_KEY_ID_LEN + 1];
    struct stat sb;
    jc_keys *k = NULL;
    int rc = JC_FAIL, exists;
    if (created) *created = 0;
    jc_cli_keys_path(o, path, sizeof path);
    if (recorded_key_id(db, recorded, err) != JC_OK) return JC_FAIL;
    exists = lstat(path, &sb) == 0;
    /* Nothing reads the keys yet (sealing personal fields is a later step): a database
     * without its key file still opens, unless --keys named one. */
    if (!exists && !create && !jc_cli_get(o, "keys")) return JC_OK;
    if (!exists && create) {
        if (jc_keys_create(path, err) != JC_OK) return JC_FAIL;
        if (created) *created = 1;
    }
    if (jc_keys_load(path, &k, err) != JC_OK) return JC_FAIL;
    if (recorded[0] && strcmp(recorded, jc_keys_id(k)) != 0) {
        jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_WRONG", "keys", "",
                 "密钥文件 %s（密钥 %s）不属于此数据库（应为密钥 %s）",
                 "the key file %s (key %s) is not this database's (key %s expected)", path,
                 jc_keys_id(k), recorded);
        goto cleanup;
    }
    if (!recorded[0] && record_key_id(db, jc_keys_id(k), err) != JC_OK) goto cleanup;
    rc = JC_OK;
cleanup:
    jc_keys_free(k);
    return rc;
}

void jc_cli_ctx(jc_db *db, jc_ctx *ctx)
{
    static char actor[80];
    const char *user = getenv("USER");
    snprintf(actor, sizeof actor, "cli:%s", user && *user ? user : "root");
    memset(ctx, 0, sizeof *ctx);
    ctx->db = db;
    ctx->actor = actor;
    ctx->today = jc_today();
    ctx->pii = 1;      /* the operator of the host: the whole tree, the data as stored */
    ctx->reveal = 1;
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
