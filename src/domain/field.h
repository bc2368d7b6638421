/*
 * field.h — records described as data. A jc_field says where a field lives in a C
 * struct, its API name, its Chinese column name, its type and its code table; the same
 * description drives JSON input and output, CSV import and export, and the column
 * chooser of the UI, so a field is declared once. Pure: parsing text only.
 */
#ifndef JC_FIELD_H
#define JC_FIELD_H

#include <stddef.h>

#include "domain/codes.h"
#include "util/err.h"

typedef enum jc_ftype {
    JC_F_TEXT,   /* char[size] */
    JC_F_DATE,   /* jc_date */
    JC_F_INT,    /* int */
    JC_F_BOOL,   /* int 0/1 */
    JC_F_CODE    /* char[size] holding a code of `codes` */
} jc_ftype;

#define JC_FF_REQUIRED 1u  /* must be present on create */
#define JC_FF_READONLY 2u  /* output only */
#define JC_FF_PII 4u       /* personal data: masked for roles without pii.read (issue 3) */
#define JC_FF_NEG_NULL 8u  /* an int field where -1 means "not recorded" (null, empty cell) */

typedef struct jc_field {
    const char *name;             /* API / English CSV header */
    const char *zh;               /* Chinese column name */
    jc_ftype type;
    size_t offset, size;          /* in the record */
    const jc_code_table *codes;   /* JC_F_CODE */
    unsigned flags;
} jc_field;

/* Set a field from text as people type it: dates in any jc_date_parse form, codes by
 * code or label (stored as the code), booleans 是/否/1/0/true/false/Y/N/yes/no, text
 * within size-1 bytes (TOO_LONG otherwise) with surrounding spaces trimmed. Empty text
 * clears the field. Errors 422 naming f->name: DATE_FORMAT, CODE_UNKNOWN, BOOL_FORMAT,
 * INT_FORMAT, TOO_LONG. */
int jc_field_parse(const jc_field *f, void *rec, const char *text, jc_err *err);

/* Format a field as text (dates ISO, codes as their code, booleans "1"/"0",
 * text as is) into out (cap bytes). */
void jc_field_format(const jc_field *f, const void *rec, char *out, size_t cap);

/* Format for people: codes as their Chinese label, booleans 是/否. */
void jc_field_format_zh(const jc_field *f, const void *rec, char *out, size_t cap);

/* Fill err with 422 REQUIRED naming the field (zh: its column name, en: its API name). */
int jc_field_fail_required(const jc_field *f, jc_err *err);

/* Find a field by API name or Chinese column name; NULL when unknown. */
const jc_field *jc_field_find(const jc_field *fields, size_t n, const char *name);

#endif
