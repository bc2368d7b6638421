/*
 * roles.c — the permission and role tables (see roles.h). Separation of duties is in
 * the data: sysadmin manages accounts and settings and reads the audit trail but holds
 * no member.* or pii.read; viewer reads but holds no pii.read, so personal fields
 * reach it masked.
 */
#include "auth/roles.h"

#include <string.h>

const jc_permission jc_permissions[] = {
    {"public", "无需登录", "no session needed"},
    {"session", "已登录即可", "any logged-in account"},
    {"org.read", "查看党组织", "read organizations"},
    {"org.write", "编辑党组织", "create and edit organizations"},
    {"org.import", "导入党组织", "import organizations"},
    {"org.export", "导出党组织", "export organizations"},
    {"member.read", "查看党员", "read members"},
    {"member.write", "编辑党员", "create and edit members"},
    {"member.import", "导入党员", "import members"},
    {"member.export", "导出党员", "export members"},
    {"pii.read", "查看未脱敏的个人信息", "read personal fields unmasked"},
    {"stats.read", "查看统计", "read statistics"},
    {"alert.read", "查看预警", "read alerts"},
    {"account.read", "查看账户", "read accounts"},
    {"account.write", "管理账户", "create, edit and disable accounts"},
    {"setting.read", "查看系统设置", "read settings"},
    {"setting.write", "修改系统设置", "change settings"},
    {"audit.read", "查看审计日志", "read the audit trail"},
    {"self.read", "查看本人信息", "read one's own record"},
    {"self.write", "修改本人信息", "edit one's own record"},
    {NULL, NULL, NULL},
};

/* sysadmin reads the org tree (names, codes, counts: no personal data) to bind accounts
 * to orgs. */
static const char *const SYSADMIN_PERMS[] = {
    "account.*", "setting.*", "audit.read", "stats.read", "org.read", NULL,
};
static const char *const ORG_ADMIN_PERMS[] = {
    "org.*", "member.*", "pii.read", "stats.read", "alert.read",
    "account.read", "account.write", "audit.read", NULL,
};
static const char *const CLERK_PERMS[] = {
    "org.read", "org.write", "org.import", "org.export",
    "member.read", "member.write", "member.import", "member.export",
    "stats.read", "alert.read", "pii.read", NULL,
};
static const char *const VIEWER_PERMS[] = {
    "org.read", "member.read", "member.export", "stats.read", "alert.read", NULL,
};
static const char *const MEMBER_PERMS[] = {"self.read", "self.write", NULL};

static const char *const SYSADMIN_GRANTS[] = {
    "sysadmin", "org_admin", "clerk", "viewer", "member", NULL,
};
static const char *const ORG_ADMIN_GRANTS[] = {"org_admin", "clerk", "viewer", "member", NULL};
static const char *const NO_GRANTS[] = {NULL};

const jc_role jc_roles[] = {
    {"sysadmin", "系统管理员", "system administrator", SYSADMIN_PERMS, SYSADMIN_GRANTS, 1, 0, 0},
    {"org_admin", "组织管理员", "organization administrator", ORG_ADMIN_PERMS, ORG_ADMIN_GRANTS,
     1, 1, 1},
    {"clerk", "党务工作者", "clerk", CLERK_PERMS, NO_GRANTS, 0, 1, 0},
    {"viewer", "领导查阅", "viewer", VIEWER_PERMS, NO_GRANTS, 0, 1, 0},
    {"member", "党员", "member", MEMBER_PERMS, NO_GRANTS, 0, 1, 0},
    {NULL, NULL, NULL, NULL, NULL, 0, 0, 0},
};

const jc_role *jc_role_find(const char *name)
{
    const jc_role *r;
    if (!name) return NULL;
    for (r = jc_roles; r->name; r++)
        if (strcmp(r->name, name) == 0) return r;
    return NULL;
}

/* "x.*" matches "x.<anything>"; anything else matches itself only. */
static int perm_matches(const char *held, const char *asked)
{
    size_t n = strlen(held);
    if (n >= 2 && held[n - 2] == '.' && held[n - 1] == '*')
        return strncmp(held, asked, n - 1) == 0 && asked[n - 1] != '\0';
    return strcmp(held, asked) == 0;
}

int jc_role_has(const char *role, const char *permission)
{
    const jc_role *r;
    const char *const *p;
    if (!permission) return 0;
    if (strcmp(permission, JC_PERM_PUBLIC) == 0) return 1;
    r = jc_role_find(role);
    if (!r) return 0;
    if (strcmp(permission, JC_PERM_SESSION) == 0) return 1;
    for (p = r->perms; *p; p++)
        if (perm_matches(*p, permission)) return 1;
    return 0;
}

int jc_role_may_grant(const char *granter, const char *target)
{
    const jc_role *r = jc_role_find(granter);
    const char *const *g;
    if (!r || !jc_role_find(target)) return 0;
    for (g = r->grants; *g; g++)
        if (strcmp(*g, target) == 0) return 1;
    return 0;
}

int jc_permission_known(const char *name)
{
    const jc_permission *p;
    size_t n;
    if (!name) return 0;
    n = strlen(name);
    for (p = jc_permissions; p->name; p++) {
        if (strcmp(p->name, name) == 0) return 1;
        /* "area.*": known when some permission starts with "area." */
        if (n >= 2 && name[n - 2] == '.' && name[n - 1] == '*' &&
            strncmp(p->name, name, n - 1) == 0)
            return 1;
    }
    return 0;
}
