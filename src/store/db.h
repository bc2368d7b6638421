/*
 * db.h — the storage interface. Everything above src/store/ reaches the database only
 * through these calls: prepared statements with bound parameters, explicit transactions.
 * SQL is written once, portably, with numbered placeholders ?1, ?2 ... ; the SQLite
 * driver uses them as they are and the PostgreSQL driver (a later issue) rewrites them
 * to $1, $2. A connection belongs to one thread at a time.
 *
 * Statements are cached per connection by the address of their SQL text (which must
 * therefore be a string literal or otherwise live as long as the connection):
 * jc_db_stmt() returns a reset statement ready to bind, owned by the connection.
 */
#ifndef JC_DB_H
#define JC_DB_H

#include <stdint.h>

#include "domain/date.h"
#include "util/err.h"

#define JC_ROW 1
#define JC_DONE 0

typedef struct jc_db jc_db;
typedef struct jc_stmt jc_stmt;

typedef struct jc_db_opts {
    int readonly;        /* open read-only (no migration) */
    int bulk;            /* bulk load: synchronous=OFF while loading (demo, import) */
    long cache_kib;      /* page cache size; 0 → driver default */
} jc_db_opts;

/* Open a database: a file path (SQLite) or "postgresql://..." (PostgreSQL, later).
 * SQLite: WAL, foreign keys on, busy timeout, secure_delete. Caller closes. */
int jc_db_open(const char *target, const jc_db_opts *opts, jc_db **out, jc_err *err);
void jc_db_close(jc_db *db);

/* Driver name: "sqlite" or "postgresql". */
const char *jc_db_driver(const jc_db *db);

/* Run SQL text without parameters (may hold several statements). */
int jc_db_exec(jc_db *db, const char *sql, jc_err *err);

/* Cached, reset statement for sql (see above). Owned by db; do not finalize. */
int jc_db_stmt(jc_db *db, const char *sql, jc_stmt **out, jc_err *err);

/* Cached statement for SQL text built at run time (filter combinations): cached by the
 * text's content, copied. Call jc_stmt_free after use (a no-op while cached). */
int jc_db_stmt_dyn(jc_db *db, const char *sql, jc_stmt **out, jc_err *err);

/* One-off statement for dynamic SQL; caller finalizes with jc_stmt_free. */
int jc_db_prepare(jc_db *db, const char *sql, jc_stmt **out, jc_err *err);
void jc_stmt_free(jc_stmt *st);

/* Bind; idx is 1-based, as in ?1. Text is copied (transient). */
void jc_bind_int(jc_stmt *st, int idx, int64_t v);
void jc_bind_text(jc_stmt *st, int idx, const char *s);      /* NULL or "" binds NULL */
void jc_bind_text_empty(jc_stmt *st, int idx, const char *s);/* "" binds "" */
/* Like jc_bind_text without the copy: s must stay unchanged until the statement is
 * stepped and reset (bulk paths binding from a record that outlives the step). */
void jc_bind_text_static(jc_stmt *st, int idx, const char *s);
void jc_bind_date(jc_stmt *st, int idx, jc_date d);          /* unset binds NULL */
void jc_bind_null(jc_stmt *st, int idx);
void jc_bind_double(jc_stmt *st, int idx, double v);

/* Step: JC_ROW, JC_DONE, or JC_FAIL with err filled (constraint violations become 409
 * CONFLICT, anything else 500). */
int jc_step(jc_stmt *st, jc_err *err);

/* Reset after use so a cached statement releases its read snapshot. */
void jc_stmt_reset(jc_stmt *st);

/* Columns, 0-based, valid until the next step/reset. */
int64_t jc_col_int(jc_stmt *st, int col);
double jc_col_double(jc_stmt *st, int col);
const char *jc_col_text(jc_stmt *st, int col);   /* "" for NULL */
int jc_col_is_null(jc_stmt *st, int col);
jc_date jc_col_date(jc_stmt *st, int col);        /* JC_DATE_NONE for NULL/invalid */
int jc_col_count(jc_stmt *st);
const char *jc_col_name(jc_stmt *st, int col);

/* Transactions. jc_db_begin takes the write lock at once (BEGIN IMMEDIATE on SQLite) so
 * a transaction never fails half-way for a lock. Nesting is not supported. */
int jc_db_begin(jc_db *db, jc_err *err);
int jc_db_commit(jc_db *db, jc_err *err);
void jc_db_rollback(jc_db *db);
int jc_db_in_tx(const jc_db *db);

/* Enter a write transaction unless one is open already (*own says which); leave it
 * with jc_tx_end, which commits when rc is JC_OK and this call opened it, rolls back
 * when rc failed and this call opened it, and returns the final rc. Lets an operation
 * run alone or inside a caller's larger transaction (an import). */
int jc_tx_begin(jc_db *db, int *own, jc_err *err);
int jc_tx_end(jc_db *db, int own, int rc, jc_err *err);

/* Read snapshot for multi-statement reads (BEGIN DEFERRED); end with jc_db_commit. */
int jc_db_begin_read(jc_db *db, jc_err *err);

/* A number that changes whenever the database's content may have changed: commits by
 * other connections (SQLite's data_version) and this connection's own write commits.
 * Used to know whether something computed earlier from the database is still valid. */
int jc_db_generation(jc_db *db, uint64_t *gen, jc_err *err);

/* This connection's committed write transactions so far (no SQL): lets a caller holding a
 * generation see at once that its own connection has written since. */
uint32_t jc_db_write_commits(const jc_db *db);

/* Rows changed by the last statement. */
int64_t jc_db_changes(jc_db *db);

/* Online backup into a new file (SQLite backup API). */
int jc_db_backup(jc_db *db, const char *dest_path, jc_err *err);

/* Run one statement expecting one integer (SELECT count(*) ...). *out = 0 when no row. */
int jc_db_query_int(jc_db *db, const char *sql, int64_t *out, jc_err *err);

/* Current UTC timestamp "YYYY-MM-DDTHH:MM:SSZ" into out (>= 21 bytes). */
void jc_db_now(char *out);

#endif
