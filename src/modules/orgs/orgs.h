/*
 * orgs.h — the organization tree module (MECHANISMS A1, A3): reading nodes, creating,
 * updating, moving, merging and dissolving them, each change with its history row and
 * its roll-up deltas in one transaction. Every operation runs in its own transaction,
 * or inside the caller's when one is open (imports).
 */
#ifndef JC_ORGS_H
#define JC_ORGS_H

#include <stdint.h>

#include "core/ctx.h"
#include "domain/org.h"
#include "http/http.h"
#include "util/jbuf.h"

#define JC_PATH_MAX 512

typedef struct jc_org_row {
    jc_org org;            /* parent_code filled */
    char path[JC_PATH_MAX];
    int depth;
    int64_t children;      /* active direct children */
    int64_t members;       /* members directly in this org */
} jc_org_row;

/* Load by code; 404 ORG_NOT_FOUND naming `field` (e.g. "org", "parent") when absent. */
int jc_orgs_get(jc_ctx *ctx, const char *code, const char *field, jc_org_row *out, jc_err *err);
int jc_orgs_get_by_id(jc_ctx *ctx, int64_t id, jc_org_row *out, jc_err *err);

/* Create under in->parent_code (a root when empty). out may be NULL. */
int jc_orgs_create(jc_ctx *ctx, const jc_org *in, jc_org_row *out, jc_err *err);

/* Replace the editable fields of the org `cur` (as loaded) with `next`. code and parent
 * cannot change here (use move). expected_version > 0 must match (409 VERSION_CONFLICT). */
int jc_orgs_update(jc_ctx *ctx, const jc_org_row *cur, const jc_org *next, int expected_version,
                   jc_err *err);

/* Move the org (and its subtree) under new_parent. Refused: under itself or one of its
 * descendants (422 ORG_MOVE_CYCLE), a parent type that may not hold it (PARENT_TYPE),
 * a dissolved parent (ORG_DISSOLVED). */
int jc_orgs_move(jc_ctx *ctx, const char *code, const char *new_parent, jc_err *err);

/* Merge `code` into `into`: children and members go to `into`, then `code` is dissolved. */
int jc_orgs_merge(jc_ctx *ctx, const char *code, const char *into, jc_err *err);

/* Dissolve: refused while it has active children (409 ORG_HAS_CHILDREN) or members
 * (409 ORG_HAS_MEMBERS) unless move_members_to names a branch that takes them in the same
 * transaction. on: the dissolution date (today when unset). */
int jc_orgs_dissolve(jc_ctx *ctx, const char *code, jc_date on, const char *move_members_to,
                     jc_err *err);

/* Write an org as a JSON object (fields, id, path depth, version, counts). */
void jc_orgs_write_json(jbuf *b, const jc_org_row *row);

/* Subtree bounds of a path for range queries: lo = path, hi = path + "~". */
void jc_orgs_subtree_bounds(const char *path, char *hi, size_t cap);

/* The module's routes, terminated by a NULL method. */
extern const jc_route jc_orgs_routes[];

#endif
