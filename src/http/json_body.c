/*
 * json_body.c — the two ends of a JSON exchange that every handler shares: reading a
 * request body as a JSON object whose keys are all known (so a typo in a field name is
 * an error, not a silently ignored value), and writing a jc_err as the error document
 *   {"error":{"code":..,"field":..,"rule":..,"message":{"zh":..,"en":..}}}
 * with "field" and "rule" left out when empty.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

/* Copy at most cap-1 bytes of s into dst, never cutting a UTF-8 sequence in half, so a
 * long key quoted in a message stays valid text. */
static void copy_utf8_prefix(char *dst, size_t cap, const char *s)
{
    size_t n = strlen(s);

    if (n >= cap) {
        n = cap - 1;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int key_allowed(const char *const *allowed, const char *key)
{
    size_t i;

    if (!allowed) return 1;
    for (i = 0; allowed[i]; i++)
        if (strcmp(allowed[i], key) == 0) return 1;
    return 0;
}

/* allowed == NULL accepts every key (for handlers that check keys themselves). */
int jc_http_json_body(const jc_http_req *req, const char *const *allowed, json_t **out,
                      jc_err *err)
{
    json_error_t je;
    json_t *doc = NULL;
    const char *key;
    json_t *val;
    char shown[48];
    int rc = JC_FAIL;

    *out = NULL;
    if (!req->body || req->body_len == 0) {
        jc_fail(err, JC_HTTP_BAD_REQUEST, "BODY_REQUIRED", "", "", "请求体不能为空",
                "a request body is required");
        goto cleanup;
    }
    doc = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        jc_failf(err, JC_HTTP_BAD_REQUEST, "JSON_SYNTAX", "", "",
                 "请求体不是合法的 JSON：第 %d 行第 %d 列（%s）",
                 "request body is not valid JSON: line %d, column %d (%s)", je.line,
                 je.column, je.text);
        goto cleanup;
    }
    if (!json_is_object(doc)) {
        jc_fail(err, JC_HTTP_BAD_REQUEST, "JSON_TYPE", "", "", "请求体必须是 JSON 对象",
                "the request body must be a JSON object");
        goto cleanup;
    }
    json_object_foreach(doc, key, val) {
        if (key_allowed(allowed, key)) continue;
        copy_utf8_prefix(shown, sizeof shown, key);
        jc_failf(err, JC_HTTP_BAD_REQUEST, "UNKNOWN_FIELD", shown, "", "未知字段“%s”",
                 "unknown field \"%s\"", shown);
        goto cleanup;
    }
    *out = doc;
    doc = NULL;
    rc = JC_OK;
cleanup:
    json_decref(doc);
    return rc;
}

void jc_http_write_error(jc_http_resp *resp, const jc_err *err)
{
    int set = err && err->code[0];
    jbuf *b = &resp->body;

    resp->status = err && err->status >= 400 && err->status <= 599 ? err->status
                                                                    : JC_HTTP_INTERNAL;
    resp->content_type = "application/json; charset=utf-8";
    resp->content_disposition = NULL;
    free(resp->owned_content_disposition);
    resp->owned_content_disposition = NULL;

    jb_reset(b);
    jb_obj_open(b);
    jb_key(b, "error");
    jb_obj_open(b);
    jb_kstr(b, "code", set ? err->code : "INTERNAL");
    if (set && err->field[0]) jb_kstr(b, "field", err->field);
    if (set && err->rule[0]) jb_kstr(b, "rule", err->rule);
    jb_key(b, "message");
    jb_obj_open(b);
    jb_kstr(b, "zh", set && err->zh[0] ? err->zh : "服务器内部错误");
    jb_kstr(b, "en", set && err->en[0] ? err->en : "internal server error");
    jb_obj_close(b);
    jb_obj_close(b);
    jb_obj_close(b);
}
