/*
 * field.c — parsing and formatting fields described by jc_field. See field.h.
 */
#include "domain/field.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/date.h"

static const char *trim(const char *s, size_t *len)
{
    size_t n = strlen(s);
    while (n && isspace((unsigned char)*s)) { s++; n--; }
    while (n && isspace((unsigned char)s[n - 1])) n--;
    *len = n;
    return s;
}

static int parse_bool(const char *s, size_t n, int *out)
{
    static const char *yes[] = {"1", "true", "y", "yes", "是", "t"};
    static const char *no[] = {"0", "false", "n", "no", "否", "f"};
    size_t i;
    for (i = 0; i < sizeof yes / sizeof *yes; i++) {
        if (strlen(yes[i]) == n && !strncasecmp(s, yes[i], n)) { *out = 1; return JC_OK; }
        if (strlen(no[i]) == n && !strncasecmp(s, no[i], n)) { *out = 0; return JC_OK; }
    }
    return JC_FAIL;
}

/* Fail naming the field: its Chinese column name in zh, its API name in en. */
static int field_fail(jc_err *err, const jc_field *f, const char *code, const char *zh,
                      const char *en, const char *value)
{
    char mzh[300], men[300];
    snprintf(mzh, sizeof mzh, "%s：「%s」%s", f->zh, value, zh);
    snprintf(men, sizeof men, "%s: \"%s\" %s", f->name, value, en);
    return jc_fail(err, 422, code, f->name, "", mzh, men);
}

static int too_long(jc_err *err, const jc_field *f, size_t cap)
{
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "%s：内容过长（最多%zu字节）", f->zh, cap - 1);
    snprintf(en, sizeof en, "%s: too long (at most %zu bytes)", f->name, cap - 1);
    return jc_fail(err, 422, "TOO_LONG", f->name, "", zh, en);
}

static int parse_value(const jc_field *f, char *p, const char *s, size_t n, jc_err *err)
{
    char buf[512];
    /* codes are looked up by label too, so only stored text is bounded by its buffer */
    if (n >= sizeof buf || (f->type == JC_F_TEXT && n >= f->size))
        return too_long(err, f, n >= sizeof buf ? sizeof buf : f->size);
    memcpy(buf, s, n);
    buf[n] = '\0';
    switch (f->type) {
    case JC_F_TEXT:
        memcpy(p, buf, n + 1);
        return JC_OK;
    case JC_F_DATE:
        if (jc_date_parse(buf, (jc_date *)p) == JC_OK) return JC_OK;
        return field_fail(err, f, "DATE_FORMAT", "不是有效日期（如 2020-03-05、2020/3/5、2020年3月5日）",
                          "is not a valid date (e.g. 2020-03-05)", buf);
    case JC_F_INT: {
        char *end;
        long v;
        errno = 0;
        v = strtol(buf, &end, 10);
        if (errno || *end || end == buf || v < -2147483647L || v > 2147483647L)
            return field_fail(err, f, "INT_FORMAT", "不是整数", "is not a whole number", buf);
        *(int *)p = (int)v;
        return JC_OK;
    }
    case JC_F_BOOL:
        if (parse_bool(buf, n, (int *)p) == JC_OK) return JC_OK;
        return field_fail(err, f, "BOOL_FORMAT", "应为“是”或“否”", "must be yes or no", buf);
    case JC_F_CODE: {
        const jc_code *c = jc_code_find(f->codes, buf);
        if (!c)
            return field_fail(err, f, "CODE_UNKNOWN", "不在代码表中", "is not in the code table", buf);
        snprintf(p, f->size, "%s", c->code);
        return JC_OK;
    }
    }
    return jc_fail_internal(err, "field_parse", "bad type");
}

int jc_field_parse(const jc_field *f, void *rec, const char *text, jc_err *err)
{
    char *p = (char *)rec + f->offset;
    size_t n;
    const char *s = trim(text ? text : "", &n);
    if (n == 0) {
        if (f->type == JC_F_DATE) *(jc_date *)p = JC_DATE_NONE;
        else if (f->type == JC_F_INT) *(int *)p = (f->flags & JC_FF_NEG_NULL) ? -1 : 0;
        else if (f->type == JC_F_BOOL) *(int *)p = 0;
        else p[0] = '\0';
        return JC_OK;
    }
    return parse_value(f, p, s, n, err);
}

void jc_field_format(const jc_field *f, const void *rec, char *out, size_t cap)
{
    const char *p = (const char *)rec + f->offset;
    switch (f->type) {
    case JC_F_DATE: {
        char d[16];
        jc_date_format(*(const jc_date *)p, d);
        snprintf(out, cap, "%s", d);
        return;
    }
    case JC_F_INT:
        if ((f->flags & JC_FF_NEG_NULL) && *(const int *)p < 0) snprintf(out, cap, "%s", "");
        else snprintf(out, cap, "%d", *(const int *)p);
        return;
    case JC_F_BOOL: snprintf(out, cap, "%s", *(const int *)p ? "1" : "0"); return;
    default: snprintf(out, cap, "%s", p); return;
    }
}

void jc_field_format_zh(const jc_field *f, const void *rec, char *out, size_t cap)
{
    const char *p = (const char *)rec + f->offset;
    if (f->type == JC_F_BOOL) {
        snprintf(out, cap, "%s", *(const int *)p ? "是" : "否");
        return;
    }
    if (f->type == JC_F_CODE) {
        const jc_code *c = *p ? jc_code_by_code(f->codes, p) : NULL;
        snprintf(out, cap, "%s", c ? c->zh : p);
        return;
    }
    jc_field_format(f, rec, out, cap);
}

const jc_field *jc_field_find(const jc_field *fields, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (!strcmp(fields[i].name, name) || !strcmp(fields[i].zh, name)) return &fields[i];
    return NULL;
}

int jc_field_fail_required(const jc_field *f, jc_err *err)
{
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "%s：必填", f->zh);
    snprintf(en, sizeof en, "%s: required", f->name);
    return jc_fail(err, 422, "REQUIRED", f->name, "", zh, en);
}
