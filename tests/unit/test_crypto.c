/*
 * test_crypto.c — the national-cryptography layer (crypto/crypto.c): SM3, HMAC-SM3 and
 * SM4-CTR known answers, sealing and opening personal data (round trip, every kind of
 * tampering, wrong keys), the key file (creation mode, missing, readable by others,
 * malformed, no key material in messages), blind indexes and key-file rotation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "crypto/crypto.h"

static char dir[64];

static void path_in(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

static void rm_all(void)
{
    static const char *const names[] = {"a.key", "b.key", "c.key", "bad.key", "rot.key",
                                        "rot.key.prev", "same.key", "mode.key", "new.key"};
    char p[128];
    size_t i;
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        path_in(p, sizeof p, names[i]);
        unlink(p);
    }
}

static int group_setup(void **state)
{
    jc_err err;
    snprintf(dir, sizeof dir, "/tmp/jc_crypto_XXXXXX");
    if (!mkdtemp(dir)) return -1;
    jc_err_clear(&err);
    return jc_crypto_selftest(&err) == JC_OK ? 0 : -1;
}

static int group_teardown(void **state)
{
    rm_all();
    rmdir(dir);
    return 0;
}

static jc_keys *make_keys(const char *name)
{
    char p[128];
    jc_err err;
    jc_keys *k = NULL;
    path_in(p, sizeof p, name);
    unlink(p);
    jc_err_clear(&err);
    if (jc_keys_create(p, &err) != JC_OK) fail_msg("create %s: %s", p, err.en);
    if (jc_keys_load(p, &k, &err) != JC_OK) fail_msg("load %s: %s", p, err.en);
    return k;
}

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f;
    unlink(path);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static char *read_text(const char *path)
{
    static char buf[2048];
    FILE *f = fopen(path, "r");
    size_t n;
    assert_non_null(f);
    n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* No line of the key file (its hex keys) may appear in an error message. */
static void assert_no_key_material(const jc_err *err, const char *keyfile_text)
{
    char copy[2048], *line, *save = NULL;
    snprintf(copy, sizeof copy, "%s", keyfile_text);
    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        const char *sp = strchr(line, ' ');
        if (!sp || strlen(sp + 1) < 32) continue; /* the id line is not secret */
        assert_null(strstr(err->en, sp + 1));
        assert_null(strstr(err->zh, sp + 1));
    }
}

static void hex_of(const uint8_t *b, size_t n, char *out)
{
    jc_hex_encode(b, n, out);
}

/* ---- SM3 / HMAC-SM3 / SM4 known answers --------------------------------------------- */

static void test_sm3_gbt32905_vectors(void **state)
{
    uint8_t d[32];
    char hex[65], msg[65];
    jc_sm3_ctx c;
    int i;
    jc_sm3("abc", 3, d);
    hex_of(d, 32, hex);
    /* GB/T 32905-2016, Appendix A, example 1 */
    assert_string_equal(hex, "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    for (i = 0; i < 16; i++) memcpy(msg + 4 * i, "abcd", 4);
    jc_sm3(msg, 64, d);
    hex_of(d, 32, hex);
    /* GB/T 32905-2016, Appendix A, example 2: "abcd" x 16 */
    assert_string_equal(hex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    /* incremental, split at odd places, gives the same digest */
    jc_sm3_init(&c);
    jc_sm3_update(&c, msg, 3);
    jc_sm3_update(&c, msg + 3, 0);
    jc_sm3_update(&c, msg + 3, 61);
    jc_sm3_final(&c, d);
    hex_of(d, 32, hex);
    assert_string_equal(hex, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    jc_sm3_init(&c);
    jc_sm3_discard(&c); /* abandoned contexts are released */
    assert_null(c.md);
}

static void test_hmac_sm3_known_answers(void **state)
{
    static const char fox[] = "The quick brown fox jumps over the lazy dog";
    uint8_t d[32], longkey[100];
    char hex[65];
    /* Obtained on this machine (OpenSSL 3.0.22, Debian 12) with
     *   echo -n "The quick brown fox jumps over the lazy dog" | openssl dgst -sm3 -hmac key */
    jc_hmac_sm3((const uint8_t *)"key", 3, fox, strlen(fox), d);
    hex_of(d, 32, hex);
    assert_string_equal(hex, "bd4a34077888162b210645b8ebf74b9af357303789357a27c7fc457244ebd398");
    /*   echo -n "" | openssl dgst -sm3 -hmac key */
    jc_hmac_sm3((const uint8_t *)"key", 3, "", 0, d);
    hex_of(d, 32, hex);
    assert_string_equal(hex, "4deb29b9be17bd4fd2aca21f908885b9f849bc61e8fbd101e04fd9987528d4df");
    /* A key longer than SM3's 64-byte block is hashed first (RFC 2104):
     *   echo -n jiceng | openssl dgst -sm3 -hmac "$(printf 'k%.0s' $(seq 100))" */
    memset(longkey, 'k', sizeof longkey);
    jc_hmac_sm3(longkey, sizeof longkey, "jiceng", 6, d);
    hex_of(d, 32, hex);
    assert_string_equal(hex, "fd3e9bc606ae84431b319d51a8215dff9ea573ca18dda89e0d460f3c8f67e88d");
}

static void test_sm4_ctr_known_answers(void **state)
{
    static const uint8_t k[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                  0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
    uint8_t iv[16], buf[40] = {0}, back[40];
    char hex[81];
    jc_err err;
    int i;
    jc_err_clear(&err);
    /* GB/T 32907-2016 example 1: the first CTR keystream block is SM4(key, iv); with
     * iv = the standard's plaintext it is the standard's ciphertext. */
    assert_int_equal(jc_sm4_ctr(k, k, buf, 16, buf, &err), JC_OK);
    hex_of(buf, 16, hex);
    assert_string_equal(hex, "681edf34d206965e86b3e94f536e4246");
    /* Three blocks (counter increments, partial last block). Obtained with
     *   head -c 40 /dev/zero | openssl enc -sm4-ctr -K 0123456789abcdeffedcba9876543210 \
     *     -iv 000102030405060708090a0b0c0d0e0f | xxd -p */
    for (i = 0; i < 16; i++) iv[i] = (uint8_t)i;
    memset(buf, 0, sizeof buf);
    assert_int_equal(jc_sm4_ctr(k, iv, buf, sizeof buf, buf, &err), JC_OK);
    hex_of(buf, sizeof buf, hex);
    assert_string_equal(hex, "06989c613da668ad2a8df782e1a8f96a6f070d4b40a3fc01da9113e58100"
                             "ad1a1cda52e0ca2ff76e");
    /* CTR is its own inverse */
    assert_int_equal(jc_sm4_ctr(k, iv, buf, sizeof buf, back, &err), JC_OK);
    for (i = 0; i < 40; i++) assert_int_equal(back[i], 0);
}

static void test_hex_helpers(void **state)
{
    uint8_t b[4];
    char hex[9];
    assert_int_equal(jc_hex_decode("00ff10Ab", b, 4), JC_OK);
    assert_int_equal(b[1], 0xff);
    assert_int_equal(b[3], 0xab);
    hex_of(b, 4, hex);
    assert_string_equal(hex, "00ff10ab");
    assert_int_equal(jc_hex_decode("00ff10a", b, 4), JC_FAIL);   /* short */
    assert_int_equal(jc_hex_decode("00ff10abc", b, 4), JC_FAIL); /* long */
    assert_int_equal(jc_hex_decode("00ff10ag", b, 4), JC_FAIL);  /* not hex */
    assert_int_equal(jc_hex_decode("00ff 0ab", b, 4), JC_FAIL);
}

/* ---- sealing ------------------------------------------------------------------------ */

static void test_seal_round_trip(void **state)
{
    static const char *const values[] = {"110105194912310029", "13800138000",
                                         "北京市东城区某某胡同 1 号", "", "x"};
    jc_keys *k = make_keys("a.key");
    char prefix[32], *tok, *tok2, *pt, *big;
    jc_err err;
    size_t i;
    jc_err_clear(&err);
    snprintf(prefix, sizeof prefix, "v1.%s.", jc_keys_id(k));
    for (i = 0; i < sizeof values / sizeof values[0]; i++) {
        assert_int_equal(jc_seal(k, values[i], &tok, &err), JC_OK);
        assert_int_equal(strncmp(tok, prefix, strlen(prefix)), 0);
        if (strlen(values[i]) > 4) assert_null(strstr(tok, values[i]));
        assert_int_equal(jc_open(k, tok, &pt, &err), JC_OK);
        assert_string_equal(pt, values[i]);
        jc_wipe_free(pt);
        /* a fresh IV each time: the same value never gives the same token */
        assert_int_equal(jc_seal(k, values[i], &tok2, &err), JC_OK);
        assert_string_not_equal(tok, tok2);
        free(tok);
        free(tok2);
    }
    big = malloc(JC_SEAL_MAX + 2);
    memset(big, 'a', JC_SEAL_MAX);
    big[JC_SEAL_MAX] = '\0';
    assert_int_equal(jc_seal(k, big, &tok, &err), JC_OK);
    assert_int_equal(jc_open(k, tok, &pt, &err), JC_OK);
    assert_int_equal(strlen(pt), JC_SEAL_MAX);
    jc_wipe_free(pt);
    free(tok);
    big[JC_SEAL_MAX] = 'a';
    big[JC_SEAL_MAX + 1] = '\0';
    assert_int_equal(jc_seal(k, big, &tok, &err), JC_FAIL);
    assert_null(tok);
    assert_string_equal(err.code, "PII_TOO_LONG");
    free(big);
    jc_wipe_free(NULL);
    jc_keys_free(k);
}

static void expect_integrity(const jc_keys *k, const char *tok, const char *plain)
{
    char *pt = (char *)1;
    jc_err err;
    jc_err_clear(&err);
    if (jc_open(k, tok, &pt, &err) != JC_FAIL) fail_msg("opened a bad token: %s", tok);
    assert_null(pt);
    assert_int_equal(err.status, 500);
    assert_string_equal(err.code, "PII_INTEGRITY");
    assert_null(strstr(err.en, plain));
    assert_null(strstr(err.zh, plain));
}

/* Flip one bit of byte `at` of the decoded iv|ct|tag and re-encode. Caller frees. */
static char *tamper(const char *tok, size_t at)
{
    const char *b64 = tok + 4 + JC_KEY_ID_LEN;
    uint8_t bin[256];
    size_t blen = 0, cap;
    char *out;
    assert_int_equal(sodium_base642bin(bin, sizeof bin, b64, strlen(b64), NULL, &blen, NULL,
                                       sodium_base64_VARIANT_URLSAFE_NO_PADDING), 0);
    assert_true(at < blen);
    bin[at] ^= 0x01;
    cap = sodium_base64_ENCODED_LEN(blen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    out = malloc(4 + JC_KEY_ID_LEN + cap);
    memcpy(out, tok, 4 + JC_KEY_ID_LEN);
    sodium_bin2base64(out + 4 + JC_KEY_ID_LEN, cap, bin, blen,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static void test_tamper_any_byte_detected(void **state)
{
    static const char plain[] = "110105194912310029";
    const size_t n = sizeof plain - 1, total = 16 + n + 32;
    /* first and last byte of the IV, of the ciphertext and of the tag */
    const size_t at[] = {0, 15, 16, 16 + n - 1, 16 + n, total - 1};
    jc_keys *k = make_keys("a.key");
    char *tok, *bad;
    jc_err err;
    size_t i, len;
    jc_err_clear(&err);
    assert_int_equal(jc_seal(k, plain, &tok, &err), JC_OK);
    for (i = 0; i < sizeof at / sizeof at[0]; i++) {
        bad = tamper(tok, at[i]);
        expect_integrity(k, bad, plain);
        free(bad);
    }
    len = strlen(tok);
    bad = malloc(len + 8);
    /* truncated (last tag byte gone), extended, re-encoded with a stray character */
    memcpy(bad, tok, len - 2);
    bad[len - 2] = '\0';
    expect_integrity(k, bad, plain);
    snprintf(bad, len + 8, "%sAA", tok);
    expect_integrity(k, bad, plain);
    snprintf(bad, len + 8, "%s", tok);
    bad[len - 5] = '*';
    expect_integrity(k, bad, plain);
    /* version and key id are part of the token and of the tag */
    snprintf(bad, len + 8, "%s", tok);
    bad[1] = '2';
    expect_integrity(k, bad, plain);
    snprintf(bad, len + 8, "%s", tok);
    bad[3] = bad[3] == '0' ? '1' : '0';
    expect_integrity(k, bad, plain);
    expect_integrity(k, "", plain);
    expect_integrity(k, "v1.", plain);
    snprintf(bad, len + 8, "v1.%s.", jc_keys_id(k));
    expect_integrity(k, bad, plain); /* nothing after the key id */
    free(bad);
    free(tok);
    jc_keys_free(k);
}

static void test_wrong_key_fails(void **state)
{
    static const char plain[] = "13912345678";
    jc_keys *a = make_keys("a.key"), *b = make_keys("b.key"), *same = NULL;
    char p[128], text[512], *tok, *pt = NULL;
    uint8_t r[32];
    char hex[65];
    jc_err err;
    jc_err_clear(&err);
    assert_string_not_equal(jc_keys_id(a), jc_keys_id(b));
    assert_int_equal(jc_seal(a, plain, &tok, &err), JC_OK);
    /* another key file: refused by key id */
    expect_integrity(b, tok, plain);
    /* a key file claiming the same id but holding other keys: refused by the tag */
    randombytes_buf(r, sizeof r);
    hex_of(r, sizeof r, hex);
    snprintf(text, sizeof text, "jiceng-keys v1\nid %s\nenc %s\nmac %s\nbidx %s\n",
             jc_keys_id(a), hex, hex, hex);
    path_in(p, sizeof p, "same.key");
    write_file(p, text, 0600);
    assert_int_equal(jc_keys_load(p, &same, &err), JC_OK);
    expect_integrity(same, tok, plain);
    /* and the right key still opens it */
    assert_int_equal(jc_open(a, tok, &pt, &err), JC_OK);
    assert_string_equal(pt, plain);
    jc_wipe_free(pt);
    free(tok);
    jc_keys_free(a);
    jc_keys_free(b);
    jc_keys_free(same);
}

static void test_token_key_id(void **state)
{
    jc_keys *k = make_keys("a.key");
    char id[JC_KEY_ID_LEN + 1], *tok;
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_seal(k, "x", &tok, &err), JC_OK);
    assert_int_equal(jc_token_key_id(tok, id), JC_OK);
    assert_string_equal(id, jc_keys_id(k));
    assert_int_equal(jc_token_key_id("v1.0123.abc", id), JC_FAIL);
    assert_string_equal(id, "");
    assert_int_equal(jc_token_key_id("13800138000", id), JC_FAIL);
    assert_int_equal(jc_token_key_id(NULL, id), JC_FAIL);
    free(tok);
    jc_keys_free(k);
}

/* ---- key file ----------------------------------------------------------------------- */

static void test_keyfile_created_0600(void **state)
{
    char p[128];
    struct stat st;
    mode_t old = umask(0); /* even with a permissive umask */
    jc_err err;
    jc_err_clear(&err);
    path_in(p, sizeof p, "new.key");
    unlink(p);
    assert_int_equal(jc_keys_create(p, &err), JC_OK);
    umask(old);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    /* never overwritten */
    assert_int_equal(jc_keys_create(p, &err), JC_FAIL);
    assert_string_equal(err.code, "KEYFILE_EXISTS");
}

static void expect_load_error(const char *path, const char *code, const char *text)
{
    jc_keys *k = (jc_keys *)1;
    jc_err err;
    jc_err_clear(&err);
    assert_int_equal(jc_keys_load(path, &k, &err), JC_FAIL);
    assert_null(k);
    assert_int_equal(err.status, 500);
    if (strcmp(err.code, code) != 0) fail_msg("got %s (%s), expected %s", err.code, err.en, code);
    assert_non_null(strstr(err.en, path)); /* says which file */
    assert_true(strlen(err.zh) > 0);
    if (text) assert_no_key_material(&err, text);
}

static void test_keyfile_mode_refused(void **state)
{
    static const mode_t bad[] = {0644, 0640, 0604, 0660, 0601, 0620};
    char p[128], text[2048];
    jc_keys *k = NULL;
    jc_err err;
    size_t i;
    jc_err_clear(&err);
    path_in(p, sizeof p, "mode.key");
    unlink(p);
    assert_int_equal(jc_keys_create(p, &err), JC_OK);
    snprintf(text, sizeof text, "%s", read_text(p));
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_equal(chmod(p, bad[i]), 0);
        expect_load_error(p, "KEYFILE_MODE", text);
    }
    assert_int_equal(chmod(p, 0400), 0); /* read-only for the owner is fine */
    assert_int_equal(jc_keys_load(p, &k, &err), JC_OK);
    jc_keys_free(k);
    expect_load_error(dir, "KEYFILE_MODE", NULL); /* a directory is not a key file */
}

static void test_keyfile_missing_refused(void **state)
{
    char p[128];
    path_in(p, sizeof p, "does-not-exist.key");
    expect_load_error(p, "KEYFILE_MISSING", NULL);
}

static void test_keyfile_malformed_refused(void **state)
{
    static const char h[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    char good[512], bad[600], p[128];
    const char *variants[12];
    jc_keys *k = NULL;
    jc_err err;
    size_t i;
    jc_err_clear(&err);
    snprintf(good, sizeof good, "jiceng-keys v1\nid 0123456789abcdef\nenc %s\nmac %s\nbidx %s\n",
             h, h, h);
    path_in(p, sizeof p, "bad.key");
    write_file(p, good, 0600);
    assert_int_equal(jc_keys_load(p, &k, &err), JC_OK);
    assert_string_equal(jc_keys_id(k), "0123456789abcdef");
    jc_keys_free(k);
    variants[0] = "";
    variants[1] = "jiceng-keys v2\n";
    variants[2] = "jiceng-keys v1\nid 0123\n";
    variants[3] = "jiceng-keys v1\nid 0123456789ABCDEF\n";
    variants[4] = "jiceng-keys v1\nid 0123456789abcdef\nenc 00\n";
    variants[5] = "jiceng-keys v1\nid 0123456789abcdef\n";
    for (i = 0; i < 6; i++) {
        write_file(p, variants[i], 0600);
        expect_load_error(p, "KEYFILE_FORMAT", NULL);
    }
    /* a bad hex digit in the mac line; a missing bidx line; extra text; keys swapped */
    snprintf(bad, sizeof bad, "jiceng-keys v1\nid 0123456789abcdef\nenc %s\nmac %.63sg\nbidx %s\n",
             h, h, h);
    write_file(p, bad, 0600);
    expect_load_error(p, "KEYFILE_FORMAT", bad);
    snprintf(bad, sizeof bad, "jiceng-keys v1\nid 0123456789abcdef\nenc %s\nmac %s\n", h, h);
    write_file(p, bad, 0600);
    expect_load_error(p, "KEYFILE_FORMAT", bad);
    snprintf(bad, sizeof bad, "%sextra\n", good);
    write_file(p, bad, 0600);
    expect_load_error(p, "KEYFILE_FORMAT", bad);
    snprintf(bad, sizeof bad, "jiceng-keys v1\nid 0123456789abcdef\nmac %s\nenc %s\nbidx %s\n",
             h, h, h);
    write_file(p, bad, 0600);
    expect_load_error(p, "KEYFILE_FORMAT", bad);
}

/* ---- blind index -------------------------------------------------------------------- */

static void test_blind_index(void **state)
{
    jc_keys *a = make_keys("a.key"), *b = make_keys("b.key");
    char x1[65], x2[65], y[65], z[65];
    jc_blind_index(a, "110105194912310029", x1);
    jc_blind_index(a, "110105194912310029", x2);
    jc_blind_index(a, "110105194912310037", y);
    jc_blind_index(b, "110105194912310029", z);
    assert_int_equal(strlen(x1), 64);
    assert_int_equal(strspn(x1, "0123456789abcdef"), 64);
    assert_string_equal(x1, x2);     /* deterministic: usable for lookup and UNIQUE */
    assert_string_not_equal(x1, y);  /* value-dependent */
    assert_string_not_equal(x1, z);  /* key-dependent */
    jc_keys_free(a);
    jc_keys_free(b);
}

/* ---- rotation ----------------------------------------------------------------------- */

static void test_rotate_file(void **state)
{
    char p[128], prev[140], old_id[JC_KEY_ID_LEN + 1], *tok, *tok2, *pt;
    jc_keys *old = make_keys("rot.key"), *cur = NULL, *pk = NULL;
    struct stat st;
    mode_t um = umask(0);
    jc_err err;
    jc_err_clear(&err);
    path_in(p, sizeof p, "rot.key");
    snprintf(prev, sizeof prev, "%s.prev", p);
    snprintf(old_id, sizeof old_id, "%s", jc_keys_id(old));
    assert_int_equal(jc_seal(old, "13800138000", &tok, &err), JC_OK);
    assert_int_equal(jc_keys_rotate_file(p, &err), JC_OK);
    umask(um);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(stat(prev, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(jc_keys_load(p, &cur, &err), JC_OK);
    assert_int_equal(jc_keys_load(prev, &pk, &err), JC_OK);
    assert_string_not_equal(jc_keys_id(cur), old_id);
    assert_string_equal(jc_keys_id(pk), old_id);
    /* what the caller's re-seal does: open with .prev, seal with the new key */
    assert_int_equal(jc_open(pk, tok, &pt, &err), JC_OK);
    assert_int_equal(jc_seal(cur, pt, &tok2, &err), JC_OK);
    jc_wipe_free(pt);
    expect_integrity(cur, tok, "13800138000");
    assert_int_equal(jc_open(cur, tok2, &pt, &err), JC_OK);
    assert_string_equal(pt, "13800138000");
    jc_wipe_free(pt);
    free(tok);
    free(tok2);
    jc_keys_free(old);
    jc_keys_free(cur);
    jc_keys_free(pk);
    /* the current file must be loadable to rotate (no silent key loss) */
    assert_int_equal(chmod(p, 0644), 0);
    assert_int_equal(jc_keys_rotate_file(p, &err), JC_FAIL);
    assert_string_equal(err.code, "KEYFILE_MODE");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sm3_gbt32905_vectors),
        cmocka_unit_test(test_hmac_sm3_known_answers),
        cmocka_unit_test(test_sm4_ctr_known_answers),
        cmocka_unit_test(test_hex_helpers),
        cmocka_unit_test(test_seal_round_trip),
        cmocka_unit_test(test_tamper_any_byte_detected),
        cmocka_unit_test(test_wrong_key_fails),
        cmocka_unit_test(test_token_key_id),
        cmocka_unit_test(test_keyfile_created_0600),
        cmocka_unit_test(test_keyfile_mode_refused),
        cmocka_unit_test(test_keyfile_missing_refused),
        cmocka_unit_test(test_keyfile_malformed_refused),
        cmocka_unit_test(test_blind_index),
        cmocka_unit_test(test_rotate_file),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
