/*
 * import.c — spreadsheet files into records (see import.h).
 */
#include "core/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/enc.h"
#include "util/mem.h"

static void trim_inplace(char *s)
{
    size_t n = strlen(s), k = 0;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    while (s[k] == ' ' || s[k] == '\t') k++;
    if (k) memmove(s, s + k, n - k + 1);
}

static int listed(const char *const *names, const jc_field *f)
{
    size_t i;
    for (i = 0; names && names[i]; i++)
        if (!strcmp(names[i], f->name)) return 1;
    return 0;
}

static int is_ignored(const char *const *names, const char *col)
{
    size_t i;
    for (i = 0; names && names[i]; i++)
        if (!strcmp(names[i], col)) return 1;
    return 0;
}

static int map_header(jc_import_file *f, char **hdr, size_t n, const char *const *optional,
                      const char *const *ignored, jc_err *err)
{
    size_t i, k;
    if (n > JC_IMPORT_MAX_COLS)
        return jc_failf(err, 400, "TOO_MANY_COLUMNS", "file", "", "列数过多（%zu）",
                        "too many columns (%zu)", n);
    f->ncols = n;
    for (i = 0; i < n; i++) {
        const jc_field *fd;
        trim_inplace(hdr[i]);
        f->col_name[i] = xstrdup(hdr[i]);
        f->col_field[i] = -1;
        if (is_ignored(ignored, hdr[i])) continue;
        fd = jc_field_find(f->fields, f->nfields, hdr[i]);
        if (!fd)
            return jc_failf(err, 400, "UNKNOWN_COLUMN", hdr[i], "",
                            "第1行表头：无法识别的列「%s」", "header: unknown column \"%s\"", hdr[i]);
        f->col_field[i] = (int)(fd - f->fields);
        for (k = 0; k < i; k++)
            if (f->col_field[k] == f->col_field[i])
                return jc_failf(err, 400, "DUPLICATE_COLUMN", hdr[i], "", "第1行表头：列「%s」重复",
                                "header: column \"%s\" appears twice", hdr[i]);
    }
    for (k = 0; k < f->nfields; k++) {
        int found = 0;
        if (!(f->fields[k].flags & JC_FF_REQUIRED) || listed(optional, &f->fields[k])) continue;
        for (i = 0; i < n; i++) found |= f->col_field[i] == (int)k;
        if (!found)
            return jc_failf(err, 400, "MISSING_COLUMN", f->fields[k].name, "",
                            "缺少必填列「%s」", "missing required column \"%s\"", f->fields[k].zh);
    }
    return JC_OK;
}

int jc_import_open(const char *data, size_t len, const jc_field *fields, size_t nfields,
                   const char *const *optional_required, const char *const *ignored,
                   jc_import_file *f, jc_err *err)
{
    char **hdr;
    size_t n;
    long line;
    int rc;
    memset(f, 0, sizeof *f);
    f->fields = fields;
    f->nfields = nfields;
    if (jc_enc_to_utf8(data, len, jc_enc_detect(data, len), &f->utf8, &f->len, err) != JC_OK)
        return JC_FAIL;
    f->csv = jc_csv_new(f->utf8, f->len);
    rc = jc_csv_next(f->csv, &hdr, &n, &line);
    if (rc == 0)
        return jc_fail(err, 400, "FILE_EMPTY", "file", "", "文件为空，没有表头",
                       "the file is empty: no header row");
    if (rc < 0)
        return jc_failf(err, 400, "CSV_QUOTE", "file", "", "第%ld行：引号未闭合",
                        "line %ld: unterminated quoted field", line);
    return map_header(f, hdr, n, optional_required, ignored, err);
}

int jc_import_next(jc_import_file *f, void *rec, long *line, int *row_err, jc_err *err)
{
    char **vals;
    size_t n, i;
    int rc = jc_csv_next(f->csv, &vals, &n, line);
    *row_err = 0;
    if (rc == 0) return 0;
    if (rc < 0)
        return jc_failf(err, 400, "CSV_QUOTE", "file", "", "第%ld行：引号未闭合",
                        "line %ld: unterminated quoted field", *line),
               -1;
    if (n > f->ncols) {
        *row_err = 1;
        jc_failf(err, 422, "EXTRA_VALUES", "", "", "该行有%zu个值，多于表头的%zu列",
                 "the row has %zu values, more than the %zu columns of the header", n, f->ncols);
        return 1;
    }
    for (i = 0; i < n; i++) {
        if (f->col_field[i] < 0) continue;
        if (jc_field_parse(&f->fields[f->col_field[i]], rec, vals[i], err) != JC_OK) {
            *row_err = 1;
            return 1;
        }
    }
    return 1;
}

const char *jc_import_column(const jc_import_file *f, const char *name)
{
    size_t i;
    for (i = 0; i < f->ncols; i++)
        if (f->col_field[i] >= 0 && !strcmp(f->fields[f->col_field[i]].name, name))
            return f->col_name[i];
    return name;
}

void jc_import_close(jc_import_file *f)
{
    size_t i;
    jc_csv_free(f->csv);
    free(f->utf8);
    for (i = 0; i < f->ncols; i++) free(f->col_name[i]);
    memset(f, 0, sizeof *f);
}
