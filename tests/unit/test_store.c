/*
 * test_store.c — the storage driver's change detection (jc_db_generation), on which the
 * response cache relies: it must change when another connection (or process) commits,
 * change after this connection's own commits, and stay put otherwise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>

#include "store/migrate.h"

static char path[64];

static void open_db(jc_db **db)
{
    jc_err err;
    jc_db_opts o = {0};
    assert_int_equal(jc_db_open(path, &o, db, &err), JC_OK);
}

static void write_one(jc_db *db, const char *key)
{
    jc_err err;
    jc_stmt *st;
    assert_int_equal(jc_db_begin(db, &err), JC_OK);
    assert_int_equal(jc_db_prepare(db, "INSERT INTO meta(key, value) VALUES (?1, 'x')", &st, &err), JC_OK);
    jc_bind_text(st, 1, key);
    assert_int_equal(jc_step(st, &err), JC_DONE);
    jc_stmt_free(st);
    assert_int_equal(jc_db_commit(db, &err), JC_OK);
}

static uint64_t gen_of(jc_db *db)
{
    jc_err err;
    uint64_t g = 0;
    assert_int_equal(jc_db_generation(db, &g, &err), JC_OK);
    return g;
}

static void test_generation_tracks_commits(void **state)
{
    jc_db *a, *b;
    jc_err err;
    uint64_t g0, g1, g2;
    (void)state;
    snprintf(path, sizeof path, "/tmp/jiceng-test-store-%d.db", (int)getpid());
    unlink(path);
    open_db(&a);
    assert_int_equal(jc_migrate(a, NULL, &err), JC_OK);
    open_db(&b);
    g0 = gen_of(a);
    assert_true(gen_of(a) == g0);            /* nothing happened: unchanged */
    write_one(b, "by-b");                      /* another connection commits */
    g1 = gen_of(a);
    assert_true(g1 != g0);
    assert_true(gen_of(a) == g1);
    write_one(a, "by-a");                      /* this connection commits */
    g2 = gen_of(a);
    assert_true(g2 != g1);
    assert_true(gen_of(b) == g2);              /* b reads the same counter */
    /* every commit, one after the other from either side, is seen by both */
    for (int i = 0; i < 40; i++) {
        char key[16];
        uint64_t before_a = gen_of(a), before_b = gen_of(b);
        snprintf(key, sizeof key, "k%d", i);
        write_one(i % 3 ? b : a, key);
        assert_true(gen_of(a) != before_a);
        assert_true(gen_of(b) != before_b);
    }
    jc_db_close(b);
    jc_db_close(a);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_generation_tracks_commits)};
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char p[80];
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
    return rc;
}
