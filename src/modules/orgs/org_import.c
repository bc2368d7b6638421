/*
 * org_import.c — importing org ledgers: every row parsed and created through
 * jc_orgs_create (the same checks as the API), parents before children whatever the
 * row order, all in one transaction; nothing written when a row fails unless
 * skip_invalid.
 */
#include "modules/orgs/org_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit_ctx.h"
#include "util/mem.h"
#include "util/strmap.h"

typedef struct pending {
    jc_org org;
    long line;
    int state;                  /* 0 waiting, 1 done, 2 failed */
} pending;

typedef struct rows {
    pending *v;
    size_t n, cap;
    jc_strmap codes;            /* code → pending* of this file */
} rows;

static int read_rows(jc_import_file *f, rows *r, jc_import_err_fn on_err, void *arg,
                     jc_import_report *rep, jc_err *err)
{
    for (;;) {
        pending p;
        int bad, rc;
        memset(&p, 0, sizeof p);
        jc_org_init(&p.org);
        rc = jc_import_next(f, &p.org, &p.line, &bad, err);
        if (rc == 0) return JC_OK;
        if (rc < 0) return JC_FAIL;
        rep->rows++;
        if (bad) {
            rep->bad++;
            if (on_err) on_err(arg, p.line, jc_import_column(f, err->field), err);
            continue;
        }
        if (r->n == r->cap) r->v = xrealloc(r->v, (r->cap = r->cap ? r->cap * 2 : 256) * sizeof *r->v);
        r->v[r->n++] = p;
    }
}

static void fail_row(jc_import_file *f, pending *p, const jc_err *e, jc_import_err_fn on_err,
                     void *arg, jc_import_report *rep)
{
    p->state = 2;
    rep->bad++;
    if (on_err) on_err(arg, p->line, jc_import_column(f, e->field), e);
}

/* One pass: create every waiting row whose parent is not a waiting row of the file.
 * Returns how many rows left the waiting state, or -1 on a database fault. */
static long pass(jc_ctx *ctx, jc_import_file *f, rows *r, jc_import_err_fn on_err, void *arg,
                 jc_import_report *rep, jc_err *err)
{
    size_t i;
    long progressed = 0;
    for (i = 0; i < r->n; i++) {
        pending *p = &r->v[i], *parent;
        jc_err e;
        if (p->state) continue;
        parent = p->org.parent_code[0] ? jc_strmap_get(&r->codes, p->org.parent_code) : NULL;
        if (parent && parent != p && parent->state == 0) continue;
        progressed++;
        jc_err_clear(&e);
        if (jc_orgs_create(ctx, &p->org, NULL, &e) == JC_OK) {
            p->state = 1;
            rep->ok++;
            continue;
        }
        if (e.status >= 500) { *err = e; return -1; }
        fail_row(f, p, &e, on_err, arg, rep);
    }
    return progressed;
}

static void fail_waiting(jc_import_file *f, rows *r, jc_import_err_fn on_err, void *arg,
                         jc_import_report *rep)
{
    size_t i;
    for (i = 0; i < r->n; i++) {
        jc_err e;
        if (r->v[i].state) continue;
        jc_failf(&e, 422, "PARENT_NOT_IMPORTED", "parent", "",
                 "上级党组织「%s」未能导入（或与本行形成循环）",
                 "parent \"%s\" was not imported (or forms a cycle with this row)",
                 r->v[i].org.parent_code);
        fail_row(f, &r->v[i], &e, on_err, arg, rep);
    }
}

int jc_orgs_import(jc_ctx *ctx, const char *data, size_t len, int skip_invalid,
                   jc_import_err_fn on_err, void *arg, jc_import_report *rep, jc_err *err)
{
    static const char *const IGNORED[] = {"id", "version", "depth", NULL};
    jc_import_file f;
    rows r;
    size_t i;
    long moved = 1;
    int rc, own = 0;
    memset(rep, 0, sizeof *rep);
    memset(&r, 0, sizeof r);
    jc_strmap_init(&r.codes);
    rc = jc_import_open(data, len, jc_org_field_table, jc_org_field_count, NULL, IGNORED, &f, err);
    if (rc == JC_OK) rc = read_rows(&f, &r, on_err, arg, rep, err);
    for (i = 0; rc == JC_OK && i < r.n; i++) jc_strmap_put(&r.codes, r.v[i].org.code, &r.v[i]);
    if (rc == JC_OK) rc = jc_tx_begin(ctx->db, &own, err);
    while (rc == JC_OK && moved > 0) {
        moved = pass(ctx, &f, &r, on_err, arg, rep, err);
        if (moved < 0) rc = JC_FAIL;
    }
    if (rc == JC_OK) fail_waiting(&f, &r, on_err, arg, rep);
    if (rc == JC_OK && !(rep->bad && !skip_invalid))
        rc = jc_audit_import(ctx, "org.import", NULL, rep->rows, rep->ok, rep->bad, skip_invalid,
                             0, err);
    if (rc == JC_OK && rep->bad && !skip_invalid) {
        jc_tx_end(ctx->db, own, JC_FAIL, err);
    } else if (own || rc != JC_OK) {
        rc = jc_tx_end(ctx->db, own, rc, err);
        rep->written = rc == JC_OK && rep->ok > 0;
    }
    jc_import_close(&f);
    jc_strmap_free(&r.codes, NULL);
    free(r.v);
    return rc;
}
