/*
 * org.h — the org record and the rules of the tree (RULES ORG). Pure.
 */
#ifndef JC_ORG_H
#define JC_ORG_H

#include <stdint.h>

#include "domain/date.h"
#include "util/err.h"

#define JC_ORG_CODE_MAX 40
#define JC_ORG_NAME_MAX 192

typedef struct jc_org {
    int64_t id;
    char code[JC_ORG_CODE_MAX];     /* stable human-readable code: [A-Za-z0-9._-], 1..39 */
    char name[JC_ORG_NAME_MAX];
    char type[24];                  /* jc_org_types code */
    char field[24];                 /* jc_org_fields code, "" when none */
    int64_t parent_id;              /* 0 for a root */
    char parent_code[JC_ORG_CODE_MAX]; /* the parent's code, "" for a root */
    char unit_name[256];            /* 单位 */
    int unit_count;                 /* units covered (joint branch, ORG-03) */
    jc_date founded_on, dissolved_on, term_start, term_end;
    int committee_size;             /* 支委 members incl. secretary, -1 unknown */
    char secretary[96];
    int sort_order;
    int version;
} jc_org;

void jc_org_init(jc_org *o);

/* The org's fields as data (field.h): JSON, CSV import/export, UI columns. "parent" is
 * parent_code; the caller resolves it. */
#include "domain/field.h"
extern const jc_field jc_org_field_table[];
extern const size_t jc_org_field_count;

/* Validate the record by itself: code format, name, type, field, dates (not after today
 * except term_end, term_end after term_start, dissolved after founded), unit_count >= 1,
 * committee_size -1 or 0..31. Status 422, codes REQUIRED / CODE_FORMAT / CODE_UNKNOWN /
 * DATE_FUTURE / DATE_ORDER / RANGE. */
int jc_org_validate(const jc_org *o, jc_date today, jc_err *err);

/* May an org of type child_type sit under one of parent_type (parent_type NULL for a
 * root)? Groups only under branch types; branches under committees and general
 * branches; general branches under committees; committees under committees. On refusal
 * fills err: 422 PARENT_TYPE, field "parent". */
int jc_org_parent_allowed(const char *parent_type, const char *child_type, jc_err *err);

/* True for branch, joint_branch and temporary_branch. */
int jc_org_is_branch(const char *type);

/* ORG-06: the term length in years for an org of this type and field (village and
 * community branches 5; other branches and general branches 3; committees 5). */
int jc_org_term_years(const char *type, const char *field);

/* The term end implied by term_start and ORG-06 (term_end when explicitly set). */
jc_date jc_org_term_due(const jc_org *o);

#endif
