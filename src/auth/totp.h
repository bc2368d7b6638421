/*
 * totp.h — the second factor: time-based one-time passwords (RFC 6238) as every
 * authenticator app computes them — HMAC-SHA-1, 6 digits, 30-second steps from the
 * Unix epoch — through liboath. A code is accepted in the step of `now` and one step
 * either side (clock drift), and each step is accepted once: the caller keeps the last
 * step used per account, and a code of that step or an earlier one is a replay.
 *
 * Secrets are 20 random bytes (the RFC's and the apps' size), kept and shown in
 * base32 (RFC 4648, no padding), the form the otpauth:// URI and manual entry use.
 */
#ifndef JC_TOTP_H
#define JC_TOTP_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define JC_TOTP_SECRET_BYTES 20
#define JC_TOTP_SECRET_B32 33      /* 32 base32 characters + NUL */
#define JC_TOTP_STEP 30
#define JC_TOTP_DIGITS 6
#define JC_TOTP_WINDOW 1           /* steps accepted either side of now */
#define JC_TOTP_ISSUER "Jiceng"

/* A new random secret, base32, into out. */
int jc_totp_secret_new(char out[JC_TOTP_SECRET_B32], jc_err *err);

/* "otpauth://totp/Jiceng:<account>?secret=<secret>&issuer=Jiceng" into out (the account
 * name percent-encoded). 500 when cap is too small. Borrowed arguments. */
int jc_totp_uri(const char *account, const char *secret_b32, char *out, size_t cap,
                jc_err *err);

/* The code of the step containing now, into out ("012345"). For tests and the CLI. */
int jc_totp_code(const char *secret_b32, int64_t now, char out[JC_TOTP_DIGITS + 1],
                 jc_err *err);

/* Check code (6 digits; spaces ignored) against secret at now. On success *used_step
 * (may be NULL) is the step the code belongs to, to be stored as the new last step.
 * 401 TOTP_INVALID (field "totp_code") for a wrong or malformed code; 401
 * TOTP_REPLAYED when the code is right but its step is <= last_used_step (pass -1 when
 * none was used). When several steps of the window match, the newest unused one wins. */
int jc_totp_verify(const char *secret_b32, const char *code, int64_t now,
                   int64_t last_used_step, int64_t *used_step, jc_err *err);

#endif
