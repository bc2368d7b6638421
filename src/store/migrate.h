/*
 * migrate.h — numbered schema migrations (src/store/migrations/NNN_name.sql, compiled
 * into the binary by scripts/embed-migrations.sh). Every command runs jc_migrate at
 * start; each migration runs once, in its own transaction, recorded in schema_migrations.
 */
#ifndef JC_MIGRATE_H
#define JC_MIGRATE_H

#include "store/db.h"

typedef struct jc_migration {
    int version;
    const char *name;
    const char *sql;
} jc_migration;

extern const jc_migration jc_migrations[]; /* terminated by version 0 */

/* Apply pending migrations. *applied (may be NULL) gets how many ran. */
int jc_migrate(jc_db *db, int *applied, jc_err *err);

/* Highest applied version (0 for an empty database). */
int jc_schema_version(jc_db *db, int *version, jc_err *err);

#endif
