/*
 * members.h — the member archive module (MECHANISMS B1): reading, listing with filters,
 * creating and updating member records, each change a version with before/after, and
 * the roll-up deltas of every change, all in one transaction.
 */
#ifndef JC_MEMBERS_H
#define JC_MEMBERS_H

#include <stdint.h>

#include "core/ctx.h"
#include "domain/member.h"
#include "http/http.h"
#include "modules/orgs/orgs.h"
#include "util/jbuf.h"

typedef struct jc_member_row {
    jc_member m;                 /* org_code and group_code filled */
    char org_name[JC_ORG_NAME_MAX];
    char org_path[JC_PATH_MAX];
    char org_field[24];
    char created_at[24], created_by[64], updated_at[24];
} jc_member_row;

/* Load one member by id; 404 MEMBER_NOT_FOUND. */
int jc_members_get(jc_ctx *ctx, int64_t id, jc_member_row *out, jc_err *err);

/* Create from `in` (org_code/group_code set, ids resolved here). The batch id is kept on
 * the row (0 for none). out may be NULL. */
int jc_members_create(jc_ctx *ctx, const jc_member *in, int64_t import_batch, jc_member_row *out,
                      jc_err *err);

/* Replace the record `cur` (as loaded) with `next`; moves between orgs allowed.
 * expected_version > 0 must match (409 VERSION_CONFLICT). */
int jc_members_update(jc_ctx *ctx, const jc_member_row *cur, const jc_member *next,
                      int expected_version, jc_err *err);

/* Move every member of `from` to `to` (a merge or a dissolution), each with a version. */
int jc_members_move_all(jc_ctx *ctx, const jc_org_row *from, const jc_org_row *to, jc_err *err);

/* The org at org_path changed field from old_field to new_field: move its members'
 * field counts in the roll-up. */
int jc_members_refield(jc_ctx *ctx, int64_t org_id, const char *org_path, const char *old_field,
                       const char *new_field, jc_err *err);

/* Write a member as a JSON object (masked: PII fields masked). */
void jc_members_write_json(jbuf *b, const jc_member_row *r, jc_date today, int masked);

/* Validate a record that the caller has filled (derives birth date and sex from the ID
 * number first), resolve org and group codes to ids (422 when unknown, not a branch, or
 * dissolved) and check the ID number is not taken by another member (409). */
int jc_members_check(jc_ctx *ctx, jc_member *m, int64_t self_id, jc_org_row *org, jc_err *err);

/* Insert a checked record without history or roll-up (bulk import adds those after). */
int jc_members_insert(jc_ctx *ctx, const jc_member *m, int64_t import_batch, int64_t *id,
                      jc_err *err);

extern const jc_route jc_members_routes[];

#endif
