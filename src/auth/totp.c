/*
 * totp.c — RFC 6238 codes over liboath (see totp.h). The window is walked here rather
 * than with oath_totp_validate so that every step of it is compared (in constant time)
 * and the replay rule can pick the step: liboath reports only the first match.
 */
#include "auth/totp.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <liboath/oath.h>
#include <sodium.h>

#include "auth/auth_util.h"

static pthread_once_t oath_once = PTHREAD_ONCE_INIT;
static int oath_started_rc;

static void oath_start(void)
{
    oath_started_rc = oath_init() == OATH_OK ? JC_OK : JC_FAIL;
}

static int start(jc_err *err)
{
    if (jc_auth_sodium(err) != JC_OK) return JC_FAIL;
    pthread_once(&oath_once, oath_start);
    if (oath_started_rc != JC_OK) return jc_fail_internal(err, "totp", "oath_init failed");
    return JC_OK;
}

int jc_totp_secret_new(char out[JC_TOTP_SECRET_B32], jc_err *err)
{
    unsigned char raw[JC_TOTP_SECRET_BYTES];
    char *b32 = NULL;
    size_t len = 0;
    int rc = JC_FAIL;
    if (start(err) != JC_OK) return JC_FAIL;
    randombytes_buf(raw, sizeof raw);
    if (oath_base32_encode((const char *)raw, sizeof raw, &b32, &len) != OATH_OK ||
        len + 1 != JC_TOTP_SECRET_B32) {
        jc_fail_internal(err, "totp", "base32 encoding failed");
        goto cleanup;
    }
    memcpy(out, b32, len + 1);
    rc = JC_OK;
cleanup:
    sodium_memzero(raw, sizeof raw);
    if (b32) {
        sodium_memzero(b32, len);
        free(b32);
    }
    return rc;
}

/* RFC 3986 unreserved characters pass; everything else is %XX. */
static int pct_encode(const char *s, char *out, size_t cap)
{
    static const char HEX[] = "0123456789ABCDEF";
    size_t n = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
        if (n + (plain ? 1 : 3) >= cap) return JC_FAIL;
        if (plain) {
            out[n++] = (char)c;
        } else {
            out[n++] = '%';
            out[n++] = HEX[c >> 4];
            out[n++] = HEX[c & 15];
        }
    }
    out[n] = '\0';
    return JC_OK;
}

int jc_totp_uri(const char *account, const char *secret_b32, char *out, size_t cap,
                jc_err *err)
{
    char name[3 * 64 + 1];
    int n;
    if (pct_encode(account ? account : "", name, sizeof name) != JC_OK)
        return jc_fail_internal(err, "totp", "account name too long for the URI");
    n = snprintf(out, cap, "otpauth://totp/" JC_TOTP_ISSUER ":%s?secret=%s&issuer=" JC_TOTP_ISSUER,
                 name, secret_b32 ? secret_b32 : "");
    if (n < 0 || (size_t)n >= cap) return jc_fail_internal(err, "totp", "URI buffer too small");
    return JC_OK;
}

/* Decode the base32 secret; caller wipes and frees *raw. */
static int decode(const char *secret_b32, char **raw, size_t *len, jc_err *err)
{
    *raw = NULL;
    *len = 0;
    if (start(err) != JC_OK) return JC_FAIL;
    if (!secret_b32 || !*secret_b32 ||
        oath_base32_decode(secret_b32, strlen(secret_b32), raw, len) != OATH_OK || !*raw) {
        *raw = NULL;
        return jc_fail_internal(err, "totp", "stored TOTP secret is not base32");
    }
    return JC_OK;
}

static void wipe(char *raw, size_t len)
{
    if (!raw) return;
    sodium_memzero(raw, len);
    free(raw);
}

static int code_at(const char *raw, size_t len, int64_t step, char out[JC_TOTP_DIGITS + 1])
{
    return oath_totp_generate(raw, len, (time_t)(step * JC_TOTP_STEP), JC_TOTP_STEP, 0,
                              JC_TOTP_DIGITS, out) == OATH_OK
               ? JC_OK
               : JC_FAIL;
}

int jc_totp_code(const char *secret_b32, int64_t now, char out[JC_TOTP_DIGITS + 1],
                 jc_err *err)
{
    char *raw;
    size_t len;
    int rc;
    if (decode(secret_b32, &raw, &len, err) != JC_OK) return JC_FAIL;
    rc = code_at(raw, len, now / JC_TOTP_STEP, out);
    wipe(raw, len);
    if (rc != JC_OK) return jc_fail_internal(err, "totp", "oath_totp_generate failed");
    return JC_OK;
}

/* The typed code without spaces, when it is exactly JC_TOTP_DIGITS digits. */
static int normalise(const char *code, char out[JC_TOTP_DIGITS + 1])
{
    size_t n = 0;
    for (; code && *code; code++) {
        if (*code == ' ') continue;
        if (*code < '0' || *code > '9' || n == JC_TOTP_DIGITS) return JC_FAIL;
        out[n++] = *code;
    }
    out[n] = '\0';
    return n == JC_TOTP_DIGITS ? JC_OK : JC_FAIL;
}

static int invalid(jc_err *err)
{
    return jc_fail(err, JC_HTTP_UNAUTHORIZED, "TOTP_INVALID", "totp_code", "", "动态验证码错误",
                   "totp_code is wrong");
}

int jc_totp_verify(const char *secret_b32, const char *code, int64_t now,
                   int64_t last_used_step, int64_t *used_step, jc_err *err)
{
    char typed[JC_TOTP_DIGITS + 1], expect[JC_TOTP_DIGITS + 1];
    char *raw = NULL;
    size_t len = 0;
    int64_t base = now / JC_TOTP_STEP, step, fresh = -1;
    int replayed = 0, rc = JC_FAIL;

    if (normalise(code, typed) != JC_OK) return invalid(err);
    if (decode(secret_b32, &raw, &len, err) != JC_OK) return JC_FAIL;
    for (step = base - JC_TOTP_WINDOW; step <= base + JC_TOTP_WINDOW; step++) {
        if (step < 0) continue;
        if (code_at(raw, len, step, expect) != JC_OK) {
            jc_fail_internal(err, "totp", "oath_totp_generate failed");
            goto cleanup;
        }
        if (sodium_memcmp(expect, typed, JC_TOTP_DIGITS) != 0) continue;
        if (step <= last_used_step) replayed = 1;
        else fresh = step;
    }
    if (fresh >= 0) {
        if (used_step) *used_step = fresh;
        rc = JC_OK;
    } else if (replayed) {
        jc_fail(err, JC_HTTP_UNAUTHORIZED, "TOTP_REPLAYED", "totp_code", "", "该动态验证码已使用过，请等待下一个",
                "totp_code was used already; wait for the next one");
    } else {
        invalid(err);
    }
cleanup:
    sodium_memzero(expect, sizeof expect);
    wipe(raw, len);
    return rc;
}
