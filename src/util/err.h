/*
 * err.h — the one status type and the structured error every layer returns.
 *
 * Functions return int rc: JC_OK (0) on success, JC_FAIL (-1) on failure. On failure
 * the function has filled the caller's jc_err (when the caller passed one): an HTTP
 * status, a stable machine code, the field it concerns, the RULES.md rule id, and a
 * message in zh-CN and en. The HTTP layer turns a jc_err into
 *   {"error":{"code":..,"field":..,"rule":..,"message":{"zh":..,"en":..}}}
 * and the CLI prints it on one line. A jc_err lives on the caller's stack: no
 * allocation, so it can be filled on any path, including out-of-memory paths.
 */
#ifndef JC_ERR_H
#define JC_ERR_H

#include <stdarg.h>

#define JC_OK 0
#define JC_FAIL (-1)

/* HTTP-like classes, so the CLI and HTTP layers agree on what kind of failure it is. */
#define JC_HTTP_BAD_REQUEST 400
#define JC_HTTP_UNAUTHORIZED 401
#define JC_HTTP_FORBIDDEN 403
#define JC_HTTP_NOT_FOUND 404
#define JC_HTTP_METHOD 405
#define JC_HTTP_CONFLICT 409
#define JC_HTTP_TOO_LARGE 413
#define JC_HTTP_UNSUPPORTED 415
#define JC_HTTP_UNPROCESSABLE 422
#define JC_HTTP_LOCKED 423
#define JC_HTTP_INTERNAL 500

typedef struct jc_err {
    int status;        /* HTTP status class, 0 when unset */
    char code[48];     /* stable code, e.g. "ID_CHECKSUM" */
    char field[64];    /* field name as in the API, "" when none */
    char rule[16];     /* RULES.md id, e.g. "ID-01", "" when none */
    char zh[320];      /* message, zh-CN */
    char en[320];      /* message, en */
} jc_err;

/* Clear an error. err may be NULL. */
void jc_err_clear(jc_err *err);

/* Fill err (may be NULL) and return JC_FAIL. Strings are copied (truncated to fit). */
int jc_fail(jc_err *err, int status, const char *code, const char *field,
            const char *rule, const char *zh, const char *en);

/* Like jc_fail, but zh_fmt and en_fmt are printf formats taking the same arguments. */
int jc_failf(jc_err *err, int status, const char *code, const char *field,
             const char *rule, const char *zh_fmt, const char *en_fmt, ...)
    __attribute__((format(printf, 6, 8)));

/* Internal failure (a bug or an I/O fault): status 500, code "INTERNAL", detail in en. */
int jc_fail_internal(jc_err *err, const char *where, const char *detail);

/* True when err is set. */
int jc_err_is_set(const jc_err *err);

#endif
