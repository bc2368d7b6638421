/*
 * jfields.h — JSON in and out for records described by jc_field tables (domain/field.h).
 */
#ifndef JC_JFIELDS_H
#define JC_JFIELDS_H

#include <jansson.h>

#include "domain/field.h"
#include "util/jbuf.h"

/* Overlay the keys of obj that name fields onto rec. Types are strict: text, date and
 * code fields take a string or null, int fields an integer or null, bool fields true,
 * false or null (400 JSON_TYPE naming the field); values are then parsed as in
 * jc_field_parse (422 on bad values). READONLY fields are refused (400 FIELD_READONLY).
 * Keys that are not fields are ignored here (the route's allowed list governs them). */
int jc_json_to_fields(json_t *obj, const jc_field *fields, size_t n, void *rec, jc_err *err);

/* 422 REQUIRED (jc_field_fail_required) for the first required field obj lacks. */
int jc_json_require(json_t *obj, const jc_field *fields, size_t n, jc_err *err);

/* Write every field as "name": value into the open object b (dates ISO or null, codes as
 * codes, booleans true/false, ints as numbers, empty text as null). When masked is
 * non-zero, PII fields are written masked (jc_mask_text). */
void jc_fields_to_json(jbuf *b, const jc_field *fields, size_t n, const void *rec, int masked);

/* Write `s` masked: keep the first 3 and last 4 bytes of ASCII strings longer than 8,
 * otherwise the first character and stars. */
void jc_mask_text(jbuf *b, const char *s);

/* The same mask as plain text into out (cap >= 64); "" for "". */
void jc_mask_plain(const char *s, char *out, size_t cap);

/* Copy the JSON object text json (a history's before/after; "null" or NULL writes null)
 * into b as a value, with the string values of PII fields masked. Keys keep their order.
 * Text that is not an object is copied as it is. */
void jc_json_write_masked(jbuf *b, const char *json, const jc_field *fields, size_t n);

/* Fill storage (cap entries) with the names of the fields (read-only ones included: they
 * are refused with FIELD_READONLY rather than UNKNOWN_FIELD), then
 * the extra names (NULL-terminated list), then NULL; returns storage. Used as the
 * allowed-key list of JSON bodies. */
const char *const *jc_fields_allowed(const jc_field *fields, size_t n, const char *const *extra,
                                     const char **storage, size_t cap);

#endif
