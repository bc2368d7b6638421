/*
 * member.h — the member record (RULES ID-04's 16 items plus degree, native place and
 * date of starting work) and its validation. Pure: the caller supplies today and
 * anything that needs the database (uniqueness, org existence) is checked by the caller.
 *
 * Fixed-size buffers, so a million-row import validates without allocating. Lengths are
 * in bytes of UTF-8 including the terminator; validation refuses longer input rather
 * than truncating it (the parsers that fill the struct report overflow as an error).
 */
#ifndef JC_MEMBER_H
#define JC_MEMBER_H

#include <stdint.h>

#include "domain/date.h"
#include "util/err.h"

#define JC_NAME_MAX 96       /* 姓名: up to 30 CJK characters (minority names are long) */
#define JC_IDNUM_MAX 19
#define JC_CODE_MAX 24
#define JC_TEXT_MAX 256      /* job, address, destination, native place */
#define JC_PHONE_MAX 32

typedef struct jc_member {
    int64_t id;                 /* 0 when new */
    int64_t org_id;             /* 所在党支部 (resolved by the caller) */
    int64_t group_id;           /* 党小组, 0 when none */
    char org_code[40];          /* the org's code, as the API and files name it */
    char group_code[40];        /* the group's code, "" when none */
    char name[JC_NAME_MAX];
    char sex[2];                /* "M" / "F" */
    char ethnicity[3];          /* GB 3304 code */
    char id_number[JC_IDNUM_MAX];
    jc_date birth_date;
    char education[3];          /* GB/T 4658 code */
    char degree[JC_CODE_MAX];   /* "" / doctor / master / bachelor */
    char category[JC_CODE_MAX]; /* full / probationary */
    jc_date joined_on;          /* 加入党组织日期 */
    jc_date full_on;            /* 转为正式党员日期 */
    char job[JC_TEXT_MAX];      /* 工作岗位 */
    char phone[JC_PHONE_MAX];
    char address[JC_TEXT_MAX];
    char status[JC_CODE_MAX];   /* normal / suspended / discipline_probation */
    int lost_contact;           /* 是否失联党员 */
    jc_date lost_on;            /* 失去联系日期 */
    int mobile;                 /* 是否流动党员 */
    char mobile_destination[JC_TEXT_MAX]; /* 外出流向 */
    char native_place[JC_TEXT_MAX];       /* 籍贯 */
    jc_date work_started_on;    /* 参加工作日期 */
    int version;
} jc_member;

/* Initialise to an empty record (status normal, category full). */
void jc_member_init(jc_member *m);

/* Fill birth_date and sex from the ID number when they are not set. Call after the ID
 * number passed jc_idnum_validate. */
void jc_member_derive_from_id(jc_member *m);

/* Normalise the ID number and fill birth date and sex from it when unset. When the ID
 * number is invalid and there is nothing to fill them from, fails with the ID error.
 * Call before jc_member_validate. */
int jc_member_prepare(jc_member *m, jc_date today, jc_err *err);

/* Validate a whole record, field by field in form order, stopping at the first error.
 * Rules (each error names the field and the rule):
 *   name required, at most JC_NAME_MAX-1 bytes       REQUIRED / TOO_LONG
 *   id_number ID-01; birth_date and sex agree with it ID-02 (ID_BIRTH_MISMATCH, ID_SEX_MISMATCH)
 *   ethnicity one of the 56 (GB 3304)                 CODE_UNKNOWN
 *   education and degree from their tables           CODE_UNKNOWN
 *   category, status from their tables               CODE_UNKNOWN
 *   no date after today                              DATE_FUTURE
 *   joined_on on or after the 18th birthday          DEV-01 UNDER_18
 *   probationary: no full_on, joined_on within 2 years (DEV-13/DEV-14)  PROBATION_TOO_LONG
 *   full: full_on required; full_on between joined_on + 1 year (DEV-13) and joined_on +
 *     2 years (one extension of at most 1 year, DEV-14)   FULL_DATE_RULE
 *   lost_contact requires lost_on (ID-04)            REQUIRED
 *   mobile requires mobile_destination (ID-04)       REQUIRED
 *   phone: digits, spaces, '+', '-', 5..20 of them   PHONE_FORMAT
 * All failures are status 422. */
int jc_member_validate(const jc_member *m, jc_date today, jc_err *err);

/* The member's fields described as data (field.h), in form order: drives JSON, CSV
 * import/export and the UI's columns. org and group are the codes (org_code,
 * group_code); the caller resolves them to ids. */
#include "domain/field.h"
extern const jc_field jc_member_field_table[];
extern const size_t jc_member_field_count;

/* The field names of the API and the CSV header in English, in form order, and their
 * Chinese column names (ID-04 wording). NULL-terminated parallel arrays. */
extern const char *const jc_member_fields_en[];
extern const char *const jc_member_fields_zh[];

#endif
