/*
 * roles.h — roles and permissions as data: one table of permissions (every name a route
 * or a check may ask for) and one table of roles, each with the permissions it holds.
 * Nothing else in the code decides what a role may do. A route declares one permission
 * in the route table (http.h); the auth layer asks jc_role_has(role, permission) before
 * the handler runs. "public" is held by everyone, even without a session.
 *
 * Permission names are "<area>.<verb>". In a role's list, "<area>.*" stands for every
 * permission of that area, so org_admin's "member.*" also covers a member.* permission a
 * later module adds. Subtree (object) checks and masking are the caller's: a role says
 * what kind of thing may be done, the account's org says where.
 */
#ifndef JC_ROLES_H
#define JC_ROLES_H

#include <stddef.h>

#define JC_PERM_PUBLIC "public"
#define JC_PERM_SESSION "session"   /* any logged-in account, whatever its role */

typedef struct jc_permission {
    const char *name;            /* "member.read" */
    const char *zh, *en;         /* what it allows */
} jc_permission;

typedef struct jc_role {
    const char *name;            /* "org_admin" */
    const char *zh, *en;         /* label */
    const char *const *perms;    /* NULL-terminated; "x.*" wildcards allowed */
    const char *const *grants;   /* roles an account of this role may give to another
                                  * account (NULL-terminated; org_admin: below its own org) */
    int needs_totp;              /* second factor required (unless require_totp is off) */
    int scoped;                  /* 1: bound to the subtree of its org; 0: system-wide */
    int org_optional;            /* scoped, but an account without an org is system-wide
                                  * (the top administrator of a deployment: creates roots) */
} jc_role;

/* Every permission name, terminated by a NULL name. Static. */
extern const jc_permission jc_permissions[];

/* Every role, in order of decreasing reach, terminated by a NULL name. Static. */
extern const jc_role jc_roles[];

/* The role called name, or NULL. Static result. name may be NULL. */
const jc_role *jc_role_find(const char *name);

/* 1 when role holds permission (exactly or through "<area>.*"), else 0. "public" is held
 * by every role and by NULL (no session); "session" by every known role; an unknown role
 * holds nothing else. Borrowed. */
int jc_role_has(const char *role, const char *permission);

/* 1 when an account of role granter may create or edit an account of role target. */
int jc_role_may_grant(const char *granter, const char *target);

/* 1 when name is in jc_permissions, or is "<area>.*" for an area that has one. */
int jc_permission_known(const char *name);

#endif
