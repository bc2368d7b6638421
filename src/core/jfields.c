/*
 * jfields.c — jc_field records to and from JSON. See jfields.h.
 */
#include "core/jfields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"

static int type_error(const jc_field *f, const char *want_zh, const char *want_en, jc_err *err)
{
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "%s：类型错误，应为%s", f->zh, want_zh);
    snprintf(en, sizeof en, "%s: wrong JSON type, expected %s", f->name, want_en);
    return jc_fail(err, 400, "JSON_TYPE", f->name, "", zh, en);
}

static int set_one(const jc_field *f, json_t *v, void *rec, jc_err *err)
{
    char num[32];
    if (f->flags & JC_FF_READONLY)
        return jc_failf(err, 400, "FIELD_READONLY", f->name, "", "%s：只读字段，不能修改",
                        "%s: read-only field", f->zh);
    if (json_is_null(v)) return jc_field_parse(f, rec, "", err);
    switch (f->type) {
    case JC_F_INT:
        if (!json_is_integer(v)) return type_error(f, "整数", "an integer", err);
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        return jc_field_parse(f, rec, num, err);
    case JC_F_BOOL:
        if (!json_is_boolean(v)) return type_error(f, "true/false", "a boolean", err);
        return jc_field_parse(f, rec, json_is_true(v) ? "1" : "0", err);
    default:
        if (!json_is_string(v)) return type_error(f, "字符串", "a string", err);
        return jc_field_parse(f, rec, json_string_value(v), err);
    }
}

int jc_json_to_fields(json_t *obj, const jc_field *fields, size_t n, void *rec, jc_err *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        json_t *v = json_object_get(obj, fields[i].name);
        if (v && set_one(&fields[i], v, rec, err) != JC_OK) return JC_FAIL;
    }
    return JC_OK;
}

void jc_mask_plain(const char *s, char *out, size_t cap)
{
    char buf[64];
    size_t n = strlen(s), i, o = 0;
    if (n == 0) {
        if (cap) out[0] = '\0';
        return;
    }
    for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++) {}
    if (i == n && n > 8 && n < 40) {        /* ASCII: ID numbers, phones */
        memcpy(buf, s, 3);
        for (i = 3, o = 3; i < n - 4 && o < 40; i++) buf[o++] = '*';
        memcpy(buf + o, s + n - 4, 4);
        buf[o + 4] = '\0';
    } else {
        /* first UTF-8 character, then stars */
        size_t k = 1;
        while (k < n && k < 8 && ((unsigned char)s[k] & 0xC0) == 0x80) k++;
        memcpy(buf, s, k);
        memcpy(buf + k, "***", 4);
    }
    snprintf(out, cap, "%s", buf);
}

int jc_json_require(json_t *obj, const jc_field *fields, size_t n, jc_err *err)
{
    size_t i;
    for (i = 0; i < n; i++)
        if ((fields[i].flags & JC_FF_REQUIRED) && !json_object_get(obj, fields[i].name))
            return jc_field_fail_required(&fields[i], err);
    return JC_OK;
}

void jc_mask_text(jbuf *b, const char *s)
{
    char out[64];
    if (!*s) {
        jb_null(b);
        return;
    }
    jc_mask_plain(s, out, sizeof out);
    jb_str(b, out);
}

void jc_json_write_masked(jbuf *b, const char *json, const jc_field *fields, size_t n)
{
    json_t *o;
    const char *key;
    json_t *v;
    if (!json || !*json) {
        jb_null(b);
        return;
    }
    o = json_loads(json, 0, NULL);
    if (!o || !json_is_object(o)) {
        jb_raw_value(b, json);
        json_decref(o);
        return;
    }
    jb_obj_open(b);
    json_object_foreach(o, key, v) {
        const jc_field *f = jc_field_find(fields, n, key);
        jb_key(b, key);
        if (f && (f->flags & JC_FF_PII) && json_is_string(v)) {
            jc_mask_text(b, json_string_value(v));
        } else {
            char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
            jb_raw_value(b, t ? t : "null");
            free(t);
        }
    }
    jb_obj_close(b);
    json_decref(o);
}

void jc_fields_to_json(jbuf *b, const jc_field *fields, size_t n, const void *rec, int masked)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const jc_field *f = &fields[i];
        const char *p = (const char *)rec + f->offset;
        jb_key(b, f->name);
        switch (f->type) {
        case JC_F_DATE: {
            char d[16];
            jc_date dt = *(const jc_date *)p;
            if (!jc_date_is_set(dt)) { jb_null(b); break; }
            jc_date_format(dt, d);
            jb_str(b, d);
            break;
        }
        case JC_F_INT:
            if ((f->flags & JC_FF_NEG_NULL) && *(const int *)p < 0) jb_null(b);
            else jb_int(b, *(const int *)p);
            break;
        case JC_F_BOOL: jb_bool(b, *(const int *)p); break;
        default:
            if (!*p) jb_null(b);
            else if (masked && (f->flags & JC_FF_PII)) jc_mask_text(b, p);
            else jb_str(b, p);
        }
    }
}

const char *const *jc_fields_allowed(const jc_field *fields, size_t n, const char *const *extra,
                                     const char **storage, size_t cap)
{
    size_t i, k = 0;
    /* read-only fields are listed too, so jc_json_to_fields can say FIELD_READONLY */
    for (i = 0; i < n && k + 1 < cap; i++) storage[k++] = fields[i].name;
    for (i = 0; extra && extra[i] && k + 1 < cap; i++) storage[k++] = extra[i];
    storage[k] = NULL;
    return storage;
}
