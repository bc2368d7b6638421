/*
 * migrate.c — applies the embedded numbered migrations (see migrate.h). The
 * schema_migrations table itself is created here, the only DDL outside the files.
 */
#include "store/migrate.h"

#include <stdio.h>

static const char *SQL_CREATE =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
static const char *SQL_MAX = "SELECT coalesce(max(version), 0) FROM schema_migrations";
static const char *SQL_RECORD =
    "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?1, ?2, ?3)";

int jc_schema_version(jc_db *db, int *version, jc_err *err)
{
    int64_t v = 0;
    if (jc_db_exec(db, SQL_CREATE, err) != JC_OK) return JC_FAIL;
    if (jc_db_query_int(db, SQL_MAX, &v, err) != JC_OK) return JC_FAIL;
    *version = (int)v;
    return JC_OK;
}

static int apply_one(jc_db *db, const jc_migration *m, jc_err *err)
{
    jc_stmt *st;
    char now[32];
    if (jc_db_begin(db, err) != JC_OK) return JC_FAIL;
    if (jc_db_exec(db, m->sql, err) != JC_OK) goto fail;
    if (jc_db_prepare(db, SQL_RECORD, &st, err) != JC_OK) goto fail;
    jc_db_now(now);
    jc_bind_int(st, 1, m->version);
    jc_bind_text(st, 2, m->name);
    jc_bind_text(st, 3, now);
    if (jc_step(st, err) != JC_DONE) {
        jc_stmt_free(st);
        goto fail;
    }
    jc_stmt_free(st);
    return jc_db_commit(db, err);
fail:
    jc_db_rollback(db);
    fprintf(stderr, "jiceng: migration %s failed: %s\n", m->name, err ? err->en : "");
    return JC_FAIL;
}

int jc_migrate(jc_db *db, int *applied, jc_err *err)
{
    int current = 0, n = 0;
    const jc_migration *m;
    if (applied) *applied = 0;
    if (jc_schema_version(db, &current, err) != JC_OK) return JC_FAIL;
    for (m = jc_migrations; m->version; m++) {
        if (m->version <= current) continue;
        if (apply_one(db, m, err) != JC_OK) return JC_FAIL;
        n++;
    }
    if (applied) *applied = n;
    return JC_OK;
}
