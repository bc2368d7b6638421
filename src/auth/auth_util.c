/*
 * auth_util.c — libsodium start-up, the replaceable clock and timestamp text for the
 * auth files (see auth_util.h).
 */
#include "auth/auth_util.h"
#include "auth/clock.h"

#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include <sodium.h>

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_rc;

static void sodium_start(void)
{
    sodium_rc = sodium_init() < 0 ? JC_FAIL : JC_OK;
}

int jc_auth_sodium(jc_err *err)
{
    pthread_once(&sodium_once, sodium_start);
    if (sodium_rc != JC_OK) return jc_fail_internal(err, "auth", "sodium_init failed");
    return JC_OK;
}

/* 0 means "the real clock"; epoch 0 itself is never a meaningful fake time. */
static _Atomic long long fake_now;

int64_t jc_clock_now(void)
{
    long long t = atomic_load(&fake_now);
    return t ? (int64_t)t : (int64_t)time(NULL);
}

void jc_clock_set(int64_t t)
{
    atomic_store(&fake_now, (long long)t);
}

void jc_auth_iso(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        out[0] = '\0';
}
