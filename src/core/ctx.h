/*
 * ctx.h — what every module operation is given: the connection of the calling thread,
 * who acts (for histories and the audit trail), what that actor may see (issue 3: the
 * subtree of its account's org, its own member record, personal fields unmasked or
 * not), and today's date (China Standard Time; fixed in tests through JICENG_TODAY).
 *
 * A zeroed ctx with db, actor and today set is the command line (and unit tests): the
 * whole tree, no audit account but the actor. The HTTP layer fills the rest from the
 * request's session (core/app.c, core/authz.c). The object-level checks are made where
 * objects are loaded (jc_orgs_get, jc_members_get, ...), all through jc_ctx_in_scope, so
 * an object outside the subtree answers exactly like a missing one.
 */
#ifndef JC_CTX_H
#define JC_CTX_H

#include <stdint.h>

#include "domain/date.h"
#include "store/db.h"

typedef struct jc_ctx {
    jc_db *db;                /* borrowed */
    const char *actor;        /* histories: "cli:root", "api:<account>" */
    jc_date today;
    const char *account;      /* audit trail: the account name; NULL: actor */
    const char *role;         /* the account's role; NULL: the command line */
    int64_t scope_org_id;     /* the account's org; 0: system-wide */
    const char *scope_path;   /* path of that org ("/1/7/"); NULL: every org */
    int64_t self_member_id;   /* > 0: only this member record may be read (role member);
                               * -1: none at all */
    int pii;                  /* the role holds pii.read */
    int reveal;               /* personal fields go out unmasked (pii and asked) */
} jc_ctx;

/* A scope_path that no org path matches (paths start with '/'): requests without a
 * session, whose handlers must not read orgs or members at all. */
#define JC_SCOPE_NONE "-"

/* 1 when an org of path org_path (borrowed, "/1/7/") lies in ctx's subtree. */
int jc_ctx_in_scope(const jc_ctx *ctx, const char *org_path);

/* 1 when ctx is bound to a subtree (not system-wide). */
int jc_ctx_scoped(const jc_ctx *ctx);

#endif
