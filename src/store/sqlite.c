/*
 * sqlite.c — the SQLite driver behind db.h: one sqlite3 connection per jc_db, WAL,
 * foreign keys, a per-connection statement cache keyed by the SQL text's address,
 * errors mapped to jc_err (constraint → 409, busy → 503-like 500, rest → 500).
 * The PostgreSQL driver (pg.c, a later issue) implements the same functions; until then
 * a "postgresql://" target is refused with a clear error.
 */
#include "store/db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/mem.h"

struct jc_stmt {
    sqlite3_stmt *st;
    jc_db *db;
    int cached;
};

typedef struct cache_slot {
    const char *key;
    jc_stmt *stmt;
} cache_slot;

typedef struct dyn_entry {
    char *sql;                  /* owned copy */
    jc_stmt *stmt;
    struct dyn_entry *next;
} dyn_entry;

#define DYN_BUCKETS 64
#define DYN_MAX 512             /* distinct dynamic statements kept per connection */

struct jc_db {
    sqlite3 *h;
    cache_slot *slots;
    size_t nslots, nused;
    dyn_entry *dyn[DYN_BUCKETS];
    size_t ndyn;
    int in_tx;
    int writing;                /* the open transaction is a write transaction */
    const volatile uint32_t *shm; /* read-only view of the WAL-index header, or NULL */
    size_t shm_len;
    int shm_tried;
    uint32_t write_commits;     /* this connection's committed write transactions */
};

static int map_error(jc_db *db, int rc, const char *what, jc_err *err)
{
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    int prim = rc & 0xff;
    if (prim == SQLITE_CONSTRAINT)
        return jc_failf(err, JC_HTTP_CONFLICT, "CONSTRAINT", "", "",
                        "数据约束冲突：%s", "constraint violated: %s", msg);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return jc_failf(err, 503, "BUSY", "", "", "数据库繁忙，请稍后重试：%s",
                        "database busy, try again: %s", msg);
    return jc_fail_internal(err, what, msg);
}

static void set_pragmas(jc_db *db, const jc_db_opts *o)
{
    char sql[160];
    long cache = o && o->cache_kib ? o->cache_kib : 65536; /* 64 MiB */
    sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", 0, 0, 0);
    sqlite3_exec(db->h, "PRAGMA secure_delete=ON", 0, 0, 0);
    sqlite3_exec(db->h, "PRAGMA temp_store=MEMORY", 0, 0, 0);
    snprintf(sql, sizeof sql, "PRAGMA cache_size=-%ld", cache);
    sqlite3_exec(db->h, sql, 0, 0, 0);
    sqlite3_exec(db->h, "PRAGMA mmap_size=268435456", 0, 0, 0);
    if (o && o->readonly) return;
    sqlite3_exec(db->h, "PRAGMA journal_mode=WAL", 0, 0, 0);
    sqlite3_exec(db->h, o && o->bulk ? "PRAGMA synchronous=OFF" : "PRAGMA synchronous=NORMAL",
                 0, 0, 0);
}

int jc_db_open(const char *target, const jc_db_opts *opts, jc_db **out, jc_err *err)
{
    jc_db *db;
    int flags, rc;
    *out = NULL;
    if (!target || !*target)
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "DB_TARGET", "db", "",
                       "未指定数据库（--db）", "no database given (--db)");
    if (!strncmp(target, "postgresql://", 13) || !strncmp(target, "postgres://", 11))
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "DB_DRIVER", "db", "",
                       "本版本尚未包含PostgreSQL驱动", "the PostgreSQL driver is not in this build yet");
    db = xcalloc(1, sizeof *db);
    flags = opts && opts->readonly ? SQLITE_OPEN_READONLY
                                   : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    rc = sqlite3_open_v2(target, &db->h, flags, NULL);
    if (rc != SQLITE_OK) {
        jc_failf(err, JC_HTTP_BAD_REQUEST, "DB_OPEN", "db", "", "无法打开数据库 %s：%s",
                 "cannot open database %s: %s", target,
                 db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        jc_db_close(db);
        return JC_FAIL;
    }
    sqlite3_busy_timeout(db->h, 10000);
    sqlite3_extended_result_codes(db->h, 1);
    set_pragmas(db, opts);
    db->nslots = 64;
    db->slots = xcalloc(db->nslots, sizeof *db->slots);
    *out = db;
    return JC_OK;
}

void jc_db_close(jc_db *db)
{
    size_t i;
    if (!db) return;
    for (i = 0; i < db->nslots; i++) {
        if (!db->slots || !db->slots[i].stmt) continue;
        sqlite3_finalize(db->slots[i].stmt->st);
        free(db->slots[i].stmt);
    }
    free(db->slots);
    for (i = 0; i < DYN_BUCKETS; i++) {
        dyn_entry *e = db->dyn[i], *next;
        for (; e; e = next) {
            next = e->next;
            sqlite3_finalize(e->stmt->st);
            free(e->stmt);
            free(e->sql);
            free(e);
        }
    }
    if (db->shm) munmap((void *)db->shm, db->shm_len);
    if (db->h) sqlite3_close_v2(db->h);
    free(db);
}

const char *jc_db_driver(const jc_db *db)
{
    (void)db;
    return "sqlite";
}

int jc_db_exec(jc_db *db, const char *sql, jc_err *err)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? JC_OK : map_error(db, rc, "exec", err);
}

static size_t slot_of(const jc_db *db, const char *key)
{
    uintptr_t h = (uintptr_t)key;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15ull;
    return (size_t)(h >> 7) & (db->nslots - 1);
}

static void cache_grow(jc_db *db)
{
    cache_slot *old = db->slots;
    size_t n = db->nslots, i;
    db->nslots *= 2;
    db->slots = xcalloc(db->nslots, sizeof *db->slots);
    for (i = 0; i < n; i++) {
        size_t j;
        if (!old[i].key) continue;
        j = slot_of(db, old[i].key);
        while (db->slots[j].key) j = (j + 1) & (db->nslots - 1);
        db->slots[j] = old[i];
    }
    free(old);
}

static int prepare_raw(jc_db *db, const char *sql, jc_stmt **out, jc_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        fprintf(stderr, "jiceng: prepare failed: %s\n  in: %.200s\n", sqlite3_errmsg(db->h), sql);
        return map_error(db, rc, "prepare", err);
    }
    *out = xcalloc(1, sizeof **out);
    (*out)->st = st;
    (*out)->db = db;
    return JC_OK;
}

int jc_db_stmt(jc_db *db, const char *sql, jc_stmt **out, jc_err *err)
{
    size_t j = slot_of(db, sql);
    while (db->slots[j].key) {
        if (db->slots[j].key == sql) {
            *out = db->slots[j].stmt;
            sqlite3_reset((*out)->st);
            sqlite3_clear_bindings((*out)->st);
            return JC_OK;
        }
        j = (j + 1) & (db->nslots - 1);
    }
    if (prepare_raw(db, sql, out, err) != JC_OK) return JC_FAIL;
    (*out)->cached = 1;
    db->slots[j].key = sql;
    db->slots[j].stmt = *out;
    if (++db->nused * 2 > db->nslots) cache_grow(db);
    return JC_OK;
}

static size_t text_hash(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

int jc_db_stmt_dyn(jc_db *db, const char *sql, jc_stmt **out, jc_err *err)
{
    size_t b = text_hash(sql) % DYN_BUCKETS;
    dyn_entry *e;
    for (e = db->dyn[b]; e; e = e->next)
        if (!strcmp(e->sql, sql)) {
            *out = e->stmt;
            sqlite3_reset((*out)->st);
            sqlite3_clear_bindings((*out)->st);
            return JC_OK;
        }
    if (prepare_raw(db, sql, out, err) != JC_OK) return JC_FAIL;
    if (db->ndyn >= DYN_MAX) { /* unbounded variety: hand out uncached */
        (*out)->cached = 0;
        return JC_OK;
    }
    (*out)->cached = 1;
    e = xcalloc(1, sizeof *e);
    e->sql = xstrdup(sql);
    e->stmt = *out;
    e->next = db->dyn[b];
    db->dyn[b] = e;
    db->ndyn++;
    return JC_OK;
}

int jc_db_prepare(jc_db *db, const char *sql, jc_stmt **out, jc_err *err)
{
    return prepare_raw(db, sql, out, err);
}

void jc_stmt_free(jc_stmt *st)
{
    if (!st || st->cached) return;
    sqlite3_finalize(st->st);
    free(st);
}

void jc_bind_int(jc_stmt *st, int idx, int64_t v) { sqlite3_bind_int64(st->st, idx, v); }
void jc_bind_null(jc_stmt *st, int idx) { sqlite3_bind_null(st->st, idx); }
void jc_bind_double(jc_stmt *st, int idx, double v) { sqlite3_bind_double(st->st, idx, v); }

void jc_bind_text(jc_stmt *st, int idx, const char *s)
{
    if (!s || !*s) sqlite3_bind_null(st->st, idx);
    else sqlite3_bind_text(st->st, idx, s, -1, SQLITE_TRANSIENT);
}

void jc_bind_text_static(jc_stmt *st, int idx, const char *s)
{
    if (!s || !*s) sqlite3_bind_null(st->st, idx);
    else sqlite3_bind_text(st->st, idx, s, -1, SQLITE_STATIC);
}

void jc_bind_text_empty(jc_stmt *st, int idx, const char *s)
{
    sqlite3_bind_text(st->st, idx, s ? s : "", -1, SQLITE_TRANSIENT);
}

void jc_bind_date(jc_stmt *st, int idx, jc_date d)
{
    char buf[16];
    if (!jc_date_is_set(d)) {
        sqlite3_bind_null(st->st, idx);
        return;
    }
    jc_date_format(d, buf);
    sqlite3_bind_text(st->st, idx, buf, 10, SQLITE_TRANSIENT);
}

int jc_step(jc_stmt *st, jc_err *err)
{
    int rc = sqlite3_step(st->st);
    if (rc == SQLITE_ROW) return JC_ROW;
    if (rc == SQLITE_DONE) return JC_DONE;
    rc = map_error(st->db, rc, "step", err);
    sqlite3_reset(st->st);
    return rc;
}

void jc_stmt_reset(jc_stmt *st)
{
    if (st) sqlite3_reset(st->st);
}

int64_t jc_col_int(jc_stmt *st, int col) { return sqlite3_column_int64(st->st, col); }
double jc_col_double(jc_stmt *st, int col) { return sqlite3_column_double(st->st, col); }
int jc_col_is_null(jc_stmt *st, int col) { return sqlite3_column_type(st->st, col) == SQLITE_NULL; }
int jc_col_count(jc_stmt *st) { return sqlite3_column_count(st->st); }
const char *jc_col_name(jc_stmt *st, int col) { return sqlite3_column_name(st->st, col); }

const char *jc_col_text(jc_stmt *st, int col)
{
    const unsigned char *s = sqlite3_column_text(st->st, col);
    return s ? (const char *)s : "";
}

jc_date jc_col_date(jc_stmt *st, int col)
{
    jc_date d;
    const unsigned char *s = sqlite3_column_text(st->st, col);
    if (!s || jc_date_parse_iso((const char *)s, &d) != JC_OK) return JC_DATE_NONE;
    return d;
}

int jc_db_begin(jc_db *db, jc_err *err)
{
    if (jc_db_exec(db, "BEGIN IMMEDIATE", err) != JC_OK) return JC_FAIL;
    db->in_tx = 1;
    db->writing = 1;
    return JC_OK;
}

int jc_tx_begin(jc_db *db, int *own, jc_err *err)
{
    *own = !db->in_tx;
    return *own ? jc_db_begin(db, err) : JC_OK;
}

int jc_tx_end(jc_db *db, int own, int rc, jc_err *err)
{
    if (!own) return rc;
    if (rc == JC_OK) return jc_db_commit(db, err);
    jc_db_rollback(db);
    return rc;
}

int jc_db_begin_read(jc_db *db, jc_err *err)
{
    if (jc_db_exec(db, "BEGIN", err) != JC_OK) return JC_FAIL;
    db->in_tx = 1;
    return JC_OK;
}

int jc_db_commit(jc_db *db, jc_err *err)
{
    int rc = jc_db_exec(db, "COMMIT", err);
    if (rc != JC_OK) jc_db_rollback(db);
    else if (db->writing) db->write_commits++;
    db->in_tx = 0;
    db->writing = 0;
    return rc;
}

void jc_db_rollback(jc_db *db)
{
    if (sqlite3_get_autocommit(db->h) == 0) sqlite3_exec(db->h, "ROLLBACK", 0, 0, 0);
    db->in_tx = 0;
    db->writing = 0;
}

int jc_db_in_tx(const jc_db *db)
{
    return db->in_tx;
}

/* Map the WAL-index (the "-shm" file) read-only, once. Its header (sqlite.org/walformat
 * .html, "WAL-Index Header") changes with every commit, whichever connection or process
 * commits: mxFrame grows by the frames appended, and the salts change when the WAL
 * restarts. Reading it costs no
 * lock and no system call, where PRAGMA data_version opens a read transaction (file locks):
 * on the list page that was half the time of a cached answer. */
static void map_shm(jc_db *db)
{
    const char *file;
    char path[4096];
    struct stat stbuf;
    void *p;
    int fd;
    db->shm_tried = 1;
    file = sqlite3_db_filename(db->h, "main");
    if (!file || !*file) return;
    snprintf(path, sizeof path, "%s-shm", file);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    if (fstat(fd, &stbuf) == 0 && stbuf.st_size >= 136) {
        p = mmap(NULL, 136, PROT_READ, MAP_SHARED, fd, 0);
        if (p != MAP_FAILED) {
            db->shm = p;
            db->shm_len = 136;
        }
    }
    close(fd);
}

int jc_db_generation(jc_db *db, uint64_t *gen, jc_err *err)
{
    static const char *SQL = "PRAGMA data_version";
    jc_stmt *st;
    int rc;
    if (!db->shm_tried) map_shm(db);
    if (db->shm) {
        /* Header words (copy 1): 2 iChange, 4 mxFrame (last valid frame: every commit
         * appends frames), 8-9 the salts (new whenever the WAL restarts from its start).
         * Copy 2 (words 12..23) is written first; any half-written state reads as a change. */
        const volatile uint32_t *h = db->shm;
        uint32_t lo = h[4] ^ (h[16] << 1), hi = h[2] ^ h[8] ^ h[9] ^ h[20] ^ h[21];
        *gen = ((uint64_t)hi << 32) | lo;
        return JC_OK;
    }
    /* Statements outside jc_db_begin (autocommit writes) are not counted: every write in
     * this codebase goes through a transaction. */
    if (jc_db_stmt(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) *gen = ((uint64_t)jc_col_int(st, 0) << 32) | db->write_commits;
    jc_stmt_reset(st);
    return rc == JC_ROW ? JC_OK : JC_FAIL;
}

uint32_t jc_db_write_commits(const jc_db *db)
{
    return db->write_commits;
}

int64_t jc_db_changes(jc_db *db)
{
    return sqlite3_changes64(db->h);
}

int jc_db_backup(jc_db *db, const char *dest_path, jc_err *err)
{
    sqlite3 *dst = NULL;
    sqlite3_backup *bk;
    int rc = sqlite3_open_v2(dest_path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        jc_failf(err, JC_HTTP_BAD_REQUEST, "BACKUP_OPEN", "out", "", "无法创建备份文件 %s",
                 "cannot create backup file %s", dest_path);
        goto cleanup;
    }
    bk = sqlite3_backup_init(dst, "main", db->h, "main");
    if (!bk) {
        rc = SQLITE_ERROR;
        jc_fail_internal(err, "backup", sqlite3_errmsg(dst));
        goto cleanup;
    }
    /* Copy in steps so a running server's writers are not held up for the whole copy. */
    do {
        rc = sqlite3_backup_step(bk, 4096);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(bk);
    if (rc != SQLITE_DONE) {
        jc_fail_internal(err, "backup", sqlite3_errstr(rc));
        goto cleanup;
    }
    rc = SQLITE_OK;
cleanup:
    if (dst) sqlite3_close_v2(dst);
    return rc == SQLITE_OK ? JC_OK : JC_FAIL;
}

int jc_db_query_int(jc_db *db, const char *sql, int64_t *out, jc_err *err)
{
    jc_stmt *st;
    int rc;
    *out = 0;
    if (jc_db_prepare(db, sql, &st, err) != JC_OK) return JC_FAIL;
    rc = jc_step(st, err);
    if (rc == JC_ROW) *out = jc_col_int(st, 0);
    jc_stmt_free(st);
    return rc < 0 ? JC_FAIL : JC_OK;
}

void jc_db_now(char *out)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}
