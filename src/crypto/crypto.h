/*
 * crypto.h — the one small interface over OpenSSL 3 (EVP) and libsodium. Nothing else in
 * Jiceng calls either library for cryptography: SM3 hashing, HMAC-SM3, SM4-CTR, the key
 * file, sealing personal data and blind indexes all live here, so an assessor (密评) reads
 * one file to see which algorithms protect what.
 *
 * Algorithms (GB/T 32905 SM3, GB/T 32907 SM4): Debian 12's OpenSSL 3.0 has SM4-CTR but no
 * SM4-GCM, so personal data is sealed encrypt-then-MAC with two independent keys:
 *
 *   iv    = 16 random bytes (randombytes_buf)
 *   ct    = SM4-CTR(enc_key, iv, plaintext)
 *   tag   = HMAC-SM3(mac_key, "v1" 0x00 key_id 0x00 iv ct)      (32 bytes)
 *   token = "v1." key_id "." base64url_nopad(iv || ct || tag)
 *
 * jc_open verifies the tag in constant time before anything is decrypted. A blind index
 * HMAC-SM3(bidx_key, normalized value) gives exact lookup and uniqueness over sealed
 * columns without decrypting them.
 *
 * The key file lives outside the database, mode 0600, as text lines:
 *   jiceng-keys v1
 *   id <16 hex>          key id, carried in every token (not secret)
 *   enc <64 hex>         SM4 key (the first 16 bytes are used)
 *   mac <64 hex>         HMAC-SM3 key of the seal tags
 *   bidx <64 hex>        HMAC-SM3 key of blind indexes
 * Loaded keys sit in libsodium guarded memory (sodium_malloc, read-only after loading)
 * and are wiped on free. No error message ever contains key material or plaintext.
 *
 * Digest functions return void: SM3 is checked once by jc_crypto_selftest at start (call
 * it from every command), and a later failure of OpenSSL to hash is a broken process:
 * they abort with a message rather than return a wrong digest.
 */
#ifndef JC_CRYPTO_H
#define JC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

#define JC_SM3_LEN 32
#define JC_SM4_KEY_LEN 16
#define JC_SM4_IV_LEN 16
#define JC_KEY_ID_LEN 16           /* hex characters */
#define JC_SEAL_MAX 65536          /* longest plaintext jc_seal accepts, bytes */

/* Initialise libsodium and check that OpenSSL provides SM3, HMAC-SM3 and SM4-CTR, with
 * known answers (GB/T 32905 "abc", GB/T 32907 block). 500 CRYPTO_UNAVAILABLE otherwise.
 * Idempotent, thread-safe; the other functions call the libsodium part themselves. */
int jc_crypto_selftest(jc_err *err);

/* ---- SM3 and HMAC-SM3 --------------------------------------------------------------- */

/* One-shot SM3 of data[0..n). data is borrowed. */
void jc_sm3(const void *data, size_t n, uint8_t out[JC_SM3_LEN]);

/* Incremental SM3. init allocates (OpenSSL context), final writes the digest and frees;
 * a context abandoned before final must be released with jc_sm3_discard. */
typedef struct jc_sm3_ctx {
    void *md; /* EVP_MD_CTX, owned */
} jc_sm3_ctx;
void jc_sm3_init(jc_sm3_ctx *c);
void jc_sm3_update(jc_sm3_ctx *c, const void *data, size_t n);
void jc_sm3_final(jc_sm3_ctx *c, uint8_t out[JC_SM3_LEN]);
void jc_sm3_discard(jc_sm3_ctx *c);

/* HMAC-SM3 (EVP_MAC "HMAC", digest "SM3") of data[0..n) under key[0..klen). Borrowed. */
void jc_hmac_sm3(const uint8_t *key, size_t klen, const void *data, size_t n,
                 uint8_t out[JC_SM3_LEN]);

/* Lower-case hex of in[0..n) into out, which holds 2n+1 bytes (NUL-terminated). */
void jc_hex_encode(const uint8_t *in, size_t n, char *out);

/* Decode exactly 2n hex digits (either case, nothing else) into out[0..n). JC_OK or
 * JC_FAIL (no jc_err: callers word the error for their context). Constant time in the
 * digits (sodium_hex2bin), so it may be used on key material. */
int jc_hex_decode(const char *hex, uint8_t *out, size_t n);

/* ---- SM4 ------------------------------------------------------------------------------ */

/* SM4-CTR (128-bit big-endian counter starting at iv) of in[0..n) into out[0..n); in and
 * out may be the same buffer. The primitive under jc_seal, exposed for known-answer
 * tests; anything else must use jc_seal/jc_open, which add the MAC. JC_OK or JC_FAIL
 * with 500 CRYPTO_UNAVAILABLE. */
int jc_sm4_ctr(const uint8_t key[JC_SM4_KEY_LEN], const uint8_t iv[JC_SM4_IV_LEN],
               const uint8_t *in, size_t n, uint8_t *out, jc_err *err);

/* ---- keys ----------------------------------------------------------------------------- */

typedef struct jc_keys jc_keys; /* opaque; key bytes in guarded memory */

/* Create a new key file at path: O_CREAT|O_EXCL, mode 0600, fresh random keys, fsync.
 * Refuses an existing file (409 KEYFILE_EXISTS); 500 KEYFILE_WRITE on an I/O error.
 * path is borrowed. */
int jc_keys_create(const char *path, jc_err *err);

/* Load the key file at path. Refused, with the path and the reason but never a key:
 *   500 KEYFILE_MISSING  no such file (or it cannot be opened: the system's reason);
 *   500 KEYFILE_MODE     readable or writable by group or others (mode & 077), or not
 *                        a regular file;
 *   500 KEYFILE_FORMAT   anything but the five lines described above.
 * On success *out is the caller's, freed with jc_keys_free. path is borrowed. */
int jc_keys_load(const char *path, jc_keys **out, jc_err *err);

/* Wipe and free. k may be NULL. */
void jc_keys_free(jc_keys *k);

/* The key id (16 hex characters, not secret). Borrowed from k. */
const char *jc_keys_id(const jc_keys *k);

/* Rotate the key file at path: the current file (which must load) is copied to
 * path".prev" (0600, replacing an older .prev), then a new key file with a new key id is
 * written to a temporary file, fsynced and renamed over path, and the directory fsynced.
 * At every instant path holds a complete key file, old or new. The values sealed under
 * the old key are then re-sealed by the caller in one transaction (jc_open with the
 * .prev keys, jc_seal with the new ones); tokens name their key (jc_token_key_id), so a
 * re-run after a crash can tell which values are done. Do not rotate again while any
 * value is still sealed under the .prev key: that key would be overwritten.
 * Errors as jc_keys_load for the current file, 500 KEYFILE_WRITE for I/O. */
int jc_keys_rotate_file(const char *path, jc_err *err);

/* ---- sealing personal data ------------------------------------------------------------ */

/* Seal plaintext (NUL-terminated UTF-8, at most JC_SEAL_MAX bytes) into a token
 * "v1.<keyid>.<base64url>". *out_token is the caller's (plain free: it is not secret).
 * 400 PII_TOO_LONG past the limit; 500 CRYPTO_UNAVAILABLE if OpenSSL fails. Borrowed
 * arguments. */
int jc_seal(const jc_keys *k, const char *plaintext, char **out_token, jc_err *err);

/* Open a token sealed by jc_seal. The tag is checked (sodium_memcmp) before decryption.
 * Any malformed token, a token of another key id, a wrong key or a changed byte gives
 * 500 PII_INTEGRITY, whose message names the key ids at most, never the contents.
 * On success *plaintext is the caller's and must be released with jc_wipe_free; on
 * failure *plaintext = NULL. Borrowed arguments. */
int jc_open(const jc_keys *k, const char *token, char **plaintext, jc_err *err);

/* The key id a token claims, into out (JC_KEY_ID_LEN + 1 bytes). JC_FAIL (out = "") when
 * the token is not "v1.<16 hex>.…". Not authenticated: only to choose which key to try. */
int jc_token_key_id(const char *token, char out[JC_KEY_ID_LEN + 1]);

/* Overwrite a NUL-terminated secret string with zeros (sodium_memzero) and free it.
 * s may be NULL. */
void jc_wipe_free(char *s);

/* Blind index of an already normalized value: hex HMAC-SM3(bidx_key, normalized), 64
 * characters + NUL. Deterministic per key file; different key files give unrelated
 * indexes. Borrowed arguments. */
void jc_blind_index(const jc_keys *k, const char *normalized, char out_hex[65]);

#endif
