/*
 * idnum.h — 公民身份号码 (GB 11643-1999), RULES ID-01..ID-03. Pure.
 */
#ifndef JC_IDNUM_H
#define JC_IDNUM_H

#include "domain/date.h"
#include "util/err.h"

/* The check character for the first 17 digits (ISO 7064 MOD 11-2): '0'..'9' or 'X'.
 * first17 must point to 17 ASCII digits. */
char jc_idnum_check_char(const char *first17);

/* Validate an ID number (ID-01): 18 characters, 17 digits then a digit or 'X' (a lower
 * 'x' is refused: callers normalise first with jc_idnum_normalize), a real birth date
 * not after today, and the right check character. The address code is not checked
 * against today's GB/T 2260 table (ID-03). On failure fills err with field `field`:
 * codes ID_FORMAT, ID_DATE, ID_CHECKSUM, all rule "ID-01", status 422. */
int jc_idnum_validate(const char *id, jc_date today, const char *field, jc_err *err);

/* Upper-case a trailing 'x' and strip surrounding spaces, in place. */
void jc_idnum_normalize(char *id);

/* Birth date encoded in a valid ID number. */
jc_date jc_idnum_birth(const char *id);

/* 'M' when the sequence digit (17th) is odd, 'F' when even. */
char jc_idnum_sex(const char *id);

#endif
