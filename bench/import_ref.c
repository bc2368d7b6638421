/*
 * import_ref.c — the reference for issue 2's import figure: a bare loop that inserts
 * the rows of a member CSV (English header, stored codes) through one prepared
 * statement into the same schema, in one transaction: no validation, no derivation,
 * no roll-up, org codes resolved through a hash map.
 *   import_ref DB FILE.csv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/migrate.h"
#include "util/csv.h"
#include "util/enc.h"
#include "util/strmap.h"

static const char *COLS[] = {"org", "name", "sex", "ethnicity", "id_number", "birth_date",
                             "education", "degree", "category", "joined_on", "full_on", "job",
                             "phone", "address", "status", "lost_contact", "lost_on", "mobile",
                             "mobile_destination", "native_place", "work_started_on", NULL};

int main(int argc, char **argv)
{
    static const char *SQL =
        "INSERT INTO member(org_id, name, name_pinyin, sex, ethnicity, id_number, birth_date, "
        "education, degree, category, joined_on, full_on, job, phone, address, status, "
        "lost_contact, lost_on, mobile, mobile_destination, native_place, work_started_on, "
        "version, created_at, created_by, updated_at) VALUES (?1, ?2, '', ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, 1, ?22, 'bench', ?22)";
    jc_db *db;
    jc_db_opts o = {0};
    jc_err err;
    jc_stmt *st, *q;
    jc_strmap orgs;
    jc_csv *csv;
    char *data;
    size_t len, n, i;
    char **f;
    long line, rows = 0;
    int colmap[32];
    struct timespec t0, t1;
    if (argc < 3) return 2;
    if (jc_read_file(argv[2], (size_t)8 << 30, &data, &len, &err) != JC_OK) return 1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (jc_db_open(argv[1], &o, &db, &err) != JC_OK || jc_migrate(db, NULL, &err) != JC_OK) return 1;
    jc_strmap_init(&orgs);
    jc_db_prepare(db, "SELECT code, id FROM org", &q, &err);
    while (jc_step(q, &err) == JC_ROW)
        jc_strmap_put(&orgs, jc_col_text(q, 0), (void *)(intptr_t)jc_col_int(q, 1));
    jc_stmt_free(q);
    csv = jc_csv_new(data, len);
    jc_csv_next(csv, &f, &n, &line);
    for (i = 0; COLS[i]; i++) {
        size_t k;
        colmap[i] = -1;
        for (k = 0; k < n; k++)
            if (!strcmp(f[k], COLS[i])) colmap[i] = (int)k;
    }
    jc_db_begin(db, &err);
    jc_db_prepare(db, SQL, &st, &err);
    while (jc_csv_next(csv, &f, &n, &line) == 1) {
        char now[32] = "2026-01-01T00:00:00Z";
        jc_bind_int(st, 1, (int64_t)(intptr_t)jc_strmap_get(&orgs, f[colmap[0]]));
        for (i = 1; COLS[i]; i++) {
            const char *v = colmap[i] >= 0 ? f[colmap[i]] : "";
            if (!strcmp(COLS[i], "lost_contact") || !strcmp(COLS[i], "mobile"))
                jc_bind_int(st, (int)i + 1, atoi(v));
            else
                jc_bind_text(st, (int)i + 1, v);
        }
        jc_bind_text(st, 22, now);
        if (jc_step(st, &err) != JC_DONE) {
            fprintf(stderr, "line %ld: %s\n", line, err.en);
            return 1;
        }
        jc_stmt_reset(st);
        rows++;
    }
    jc_stmt_free(st);
    jc_db_commit(db, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    {
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        printf("%ld %.3f\n", rows, s);
    }
    jc_csv_free(csv);
    jc_strmap_free(&orgs, NULL);
    jc_db_close(db);
    free(data);
    return 0;
}
