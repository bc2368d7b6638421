/*
 * table_out.h — writing a ledger (台账) as a file: CSV (UTF-8 with BOM, so Excel shows
 * the Chinese) or xlsx (libxlsxwriter; every cell a string, so ID numbers keep all 18
 * digits and dates are not reinterpreted). Rows are given as arrays of strings.
 */
#ifndef JC_TABLE_OUT_H
#define JC_TABLE_OUT_H

#include <stddef.h>

#include "util/err.h"

typedef struct jc_table_out jc_table_out;

/* format "csv" or "xlsx"; sheet is the worksheet name (xlsx). Caller closes. */
int jc_table_open(const char *path, const char *format, const char *sheet, jc_table_out **out,
                  jc_err *err);
int jc_table_row(jc_table_out *t, const char *const *cells, size_t n, jc_err *err);
/* Finish and free; returns the write result. */
int jc_table_close(jc_table_out *t, jc_err *err);

#endif
