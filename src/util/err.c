/*
 * err.c — filling jc_err. See err.h.
 */
#include "util/err.h"

#include <stdio.h>
#include <string.h>

static void copy_str(char *dst, size_t cap, const char *src)
{
    if (!src) src = "";
    snprintf(dst, cap, "%s", src);
}

void jc_err_clear(jc_err *err)
{
    if (err) memset(err, 0, sizeof *err);
}

int jc_fail(jc_err *err, int status, const char *code, const char *field,
            const char *rule, const char *zh, const char *en)
{
    if (!err) return JC_FAIL;
    err->status = status;
    copy_str(err->code, sizeof err->code, code);
    copy_str(err->field, sizeof err->field, field);
    copy_str(err->rule, sizeof err->rule, rule);
    copy_str(err->zh, sizeof err->zh, zh);
    copy_str(err->en, sizeof err->en, en);
    return JC_FAIL;
}

int jc_failf(jc_err *err, int status, const char *code, const char *field,
             const char *rule, const char *zh_fmt, const char *en_fmt, ...)
{
    va_list ap, ap2;
    if (!err) return JC_FAIL;
    jc_fail(err, status, code, field, rule, "", "");
    va_start(ap, en_fmt);
    va_copy(ap2, ap);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(err->zh, sizeof err->zh, zh_fmt, ap);
    vsnprintf(err->en, sizeof err->en, en_fmt, ap2);
#pragma GCC diagnostic pop
    va_end(ap2);
    va_end(ap);
    return JC_FAIL;
}

int jc_fail_internal(jc_err *err, const char *where, const char *detail)
{
    char en[320];
    snprintf(en, sizeof en, "internal error in %s: %s", where ? where : "?", detail ? detail : "");
    fprintf(stderr, "jiceng: %s\n", en);
    return jc_fail(err, JC_HTTP_INTERNAL, "INTERNAL", "", "", "服务器内部错误", en);
}

int jc_err_is_set(const jc_err *err)
{
    return err && err->status != 0;
}
