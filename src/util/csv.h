/*
 * csv.h — RFC 4180 CSV: a reader for imported member and organization files, and a
 * field writer for exports. Input is UTF-8 (convert first with enc.h).
 *
 * Reader rules, in the order an Excel-produced file exercises them:
 *   - a UTF-8 BOM at the start is dropped;
 *   - records end at LF or CRLF; a CR not followed by LF is data;
 *   - a field starting with '"' is quoted: it may hold commas, CR, LF, and "" for a
 *     quote; characters after its closing quote (up to the next comma) are kept
 *     literally, as Excel does; a '"' inside an unquoted field is ordinary data;
 *   - nothing is trimmed: " a " stays " a ";
 *   - empty lines (nothing between two line ends) are skipped, so a trailing newline, or
 *     several, never yields a record; a line ",," is a record of three empty fields.
 *     A record of one empty field is written as "" (see the writer) to survive this.
 * Records are returned with the physical line (1-based) where they start, so import
 * errors can say "line 1234" even when earlier records span several lines.
 */
#ifndef JC_CSV_H
#define JC_CSV_H

#include <stddef.h>

#include "util/jbuf.h"

typedef struct jc_csv jc_csv;

/* A reader over data[0..len). data is borrowed and must outlive the reader; it need not
 * be NUL-terminated and may be NULL when len is 0. Caller frees with jc_csv_free. */
jc_csv *jc_csv_new(const char *data, size_t len);

/* Next record. Returns 1 with *fields (n NUL-terminated strings) and *line (the physical
 * line where the record starts); 0 at end of input; -1 when a quoted field is never
 * closed, with *line = the line of its opening quote (every later call returns -1 too).
 * *fields and its strings are owned by the reader and valid until the next call or
 * jc_csv_free; the caller may modify the strings in place (e.g. to trim them). */
int jc_csv_next(jc_csv *c, char ***fields, size_t *n, long *line);

/* Free the reader and everything it returned. c may be NULL. */
void jc_csv_free(jc_csv *c);

/* Append one field to out, quoted when it holds ',' '"' CR or LF or starts or ends with
 * a space or tab (so readers that trim cannot change it), then ',' or, when last is
 * non-zero, CRLF. s is borrowed; NULL writes an empty field. A record made of one empty
 * field is written as "" so that readers do not take it for an empty line.
 * Exports opened in a spreadsheet should also defuse formula prefixes (= + - @); that is
 * the exporter's decision, not this function's. */
void jc_csv_write_field(jbuf *out, const char *s, int last);

/* Append a whole record: n fields (borrowed; NULL entries are empty) and CRLF. n == 0
 * writes nothing (an empty line is not a record). */
void jc_csv_write_row(jbuf *out, const char *const *fields, size_t n);

#endif
