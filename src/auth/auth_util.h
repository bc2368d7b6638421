/*
 * auth_util.h — small helpers shared by the files of src/auth/ and by nothing else:
 * libsodium's one-time initialisation and the formatting of an epoch second as the
 * ISO-8601 text the other tables use.
 */
#ifndef JC_AUTH_UTIL_H
#define JC_AUTH_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* Statuses err.h does not name (yet); guarded in case it comes to. */
#ifndef JC_HTTP_UNAUTHORIZED
#define JC_HTTP_UNAUTHORIZED 401
#endif
#ifndef JC_HTTP_FORBIDDEN
#define JC_HTTP_FORBIDDEN 403
#endif
#ifndef JC_HTTP_LOCKED
#define JC_HTTP_LOCKED 423
#endif

/* sodium_init() once per process; JC_FAIL (500) when libsodium cannot start. */
int jc_auth_sodium(jc_err *err);

/* "YYYY-MM-DDTHH:MM:SSZ" for epoch second t into out (>= 21 bytes). */
void jc_auth_iso(int64_t t, char out[21]);

#endif
