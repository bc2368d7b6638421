/*
 * password.h — passwords: the policy a new password must meet, Argon2id hashing and
 * verification (libsodium crypto_pwhash), and one-time passwords for new accounts.
 *
 * Policy (issue 3): 8 to 128 characters, counted as Unicode code points so a Chinese
 * passphrase is measured as a person reads it; not the account name; and not weak by
 * cracklib's dictionary check (Debian's cracklib-runtime word list), which also refuses
 * passwords built on the account name, reversed words and keyboard runs.
 *
 * Cost: production parameters make one hash 50–250 ms on the deployment machine (see
 * password.c for the measurement). JICENG_PWHASH_FAST=1 in the environment selects
 * libsodium's minimum cost instead, for tests only; a hash carries its own parameters,
 * so hashes of either cost verify under both.
 */
#ifndef JC_PASSWORD_H
#define JC_PASSWORD_H

#include <stddef.h>

#include "util/err.h"

#define JC_PW_MIN_CHARS 8
#define JC_PW_MAX_CHARS 128
#define JC_PWHASH_SIZE 128      /* == crypto_pwhash_STRBYTES, NUL included */
#define JC_PW_GEN_LEN 16        /* generated one-time passwords */

/* Check pw (UTF-8) against the policy; account_name (may be NULL or "") is the name the
 * password is for. Errors, all on field "password": 422 PASSWORD_TOO_SHORT,
 * PASSWORD_TOO_LONG, PASSWORD_INVALID (not UTF-8), PASSWORD_WEAK (equal to or based on
 * the account name, or cracklib's reason, in zh and en); 500 PASSWORD_DICT_MISSING when
 * cracklib's dictionary cannot be read (fail closed). Borrowed arguments. */
int jc_password_check(const char *pw, const char *account_name, jc_err *err);

/* Argon2id hash of pw into out (the "$argon2id$v=19$m=...,t=...,p=1$..." string). Does
 * not apply the policy. 500 on failure (out of memory for the hash's memory cost). */
int jc_password_hash(const char *pw, char out[JC_PWHASH_SIZE], jc_err *err);

/* JC_OK when pw matches hash, JC_FAIL otherwise (also for a malformed hash). */
int jc_password_verify(const char *hash, const char *pw);

/* Spend the time of one verification without an account: jc_login calls it for an
 * unknown name so that the answer takes as long as for a wrong password. */
void jc_password_verify_dummy(const char *pw);

/* 1 when hash was made with other parameters than the production ones (rehash at
 * login); always 0 under JICENG_PWHASH_FAST. */
int jc_password_needs_rehash(const char *hash);

/* A random one-time password of JC_PW_GEN_LEN characters from an alphabet without
 * look-alikes (no 0/O/o, 1/l/I/i), meeting the policy, into out (cap >= 17). */
int jc_password_generate(char *out, size_t cap, jc_err *err);

/* The parameters jc_password_hash uses now (fast or production). */
void jc_password_params(unsigned long long *opslimit, size_t *memlimit);

#endif
