/*
 * import.h — importing spreadsheet files (台账) into records described by jc_field
 * tables: the file's encoding is detected (UTF-8 or GB18030), its header mapped to
 * fields by Chinese column name or English identifier, and each row parsed into a
 * record, each bad row reported with its line, column and rule. The modules
 * (members/member_import.c, orgs/org_import.c) validate and write the records.
 */
#ifndef JC_IMPORT_H
#define JC_IMPORT_H

#include <stddef.h>

#include "domain/field.h"
#include "util/csv.h"
#include "util/err.h"

#define JC_IMPORT_MAX_COLS 64

/* One bad row: the physical line in the file, the column as the file names it. */
typedef void (*jc_import_err_fn)(void *arg, long line, const char *column, const jc_err *e);

typedef struct jc_import_report {
    long rows, ok, bad;
    int written;            /* 1 when the good rows were written */
} jc_import_report;

typedef struct jc_import_file {
    char *utf8;             /* owned: the file converted to UTF-8 */
    size_t len;
    jc_csv *csv;            /* owned */
    const jc_field *fields;
    size_t nfields;
    int col_field[JC_IMPORT_MAX_COLS]; /* field index per column, -1 ignored */
    char *col_name[JC_IMPORT_MAX_COLS]; /* owned copies of the header */
    size_t ncols;
} jc_import_file;

/* Open data (borrowed; any encoding of the two) as a table of `fields`: converts, reads
 * the header, maps columns. Refuses an empty file (400 FILE_EMPTY), unknown columns
 * (400 UNKNOWN_COLUMN naming it), a duplicated column (400 DUPLICATE_COLUMN) and missing
 * required columns (400 MISSING_COLUMN), except that the names in `optional_required`
 * (NULL-terminated, may be NULL) may be missing. Columns named in `ignored` (e.g. a
 * read-only "id" an export wrote) are skipped. Caller calls jc_import_close. */
int jc_import_open(const char *data, size_t len, const jc_field *fields, size_t nfields,
                   const char *const *optional_required, const char *const *ignored,
                   jc_import_file *f, jc_err *err);

/* Next row parsed into rec (which the caller initialised): returns 1 with the row's
 * line; 1 with *row_err set when a value could not be parsed (err filled, field set);
 * 0 at end; -1 on a broken file (unterminated quote: err filled). */
int jc_import_next(jc_import_file *f, void *rec, long *line, int *row_err, jc_err *err);

/* The file's name for the column of field `name` (API name), or name itself. */
const char *jc_import_column(const jc_import_file *f, const char *name);

void jc_import_close(jc_import_file *f);

#endif
