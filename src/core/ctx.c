/*
 * ctx.c — the subtree test every object-level check uses (see ctx.h). Paths end in '/',
 * so a prefix test is exact: "/1/70/" is not inside "/1/7/".
 */
#include "core/ctx.h"

#include <string.h>

int jc_ctx_in_scope(const jc_ctx *ctx, const char *org_path)
{
    if (!ctx->scope_path) return 1;
    if (!org_path) return 0;
    return strncmp(org_path, ctx->scope_path, strlen(ctx->scope_path)) == 0;
}

int jc_ctx_scoped(const jc_ctx *ctx)
{
    return ctx->scope_path != NULL;
}
