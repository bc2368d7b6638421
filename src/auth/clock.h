/*
 * clock.h — the one place the auth layer's callers read the time. The functions of
 * src/auth/ never read a clock themselves: every one takes `now` (epoch seconds, UTC)
 * from its caller, and callers take it from jc_clock_now(), so a test fixes or advances
 * time with jc_clock_set() and lockouts, idle timeouts and TOTP steps are exact.
 */
#ifndef JC_CLOCK_H
#define JC_CLOCK_H

#include <stdint.h>

/* Epoch seconds: the fixed time when one is set, otherwise time(NULL). Thread-safe. */
int64_t jc_clock_now(void);

/* Fix the clock at t (epoch seconds); 0 returns to the real clock. For tests. */
void jc_clock_set(int64_t t);

#endif
