/*
 * crypto.c — SM3, HMAC-SM3, SM4-CTR (OpenSSL 3 EVP), randomness, guarded memory and
 * constant-time comparison (libsodium), the key file, sealing and blind indexes.
 * See crypto.h for the formats. The OpenSSL algorithm objects are fetched once per process
 * (pthread_once) and shared read-only between threads, as OpenSSL 3 allows; every
 * operation uses its own short-lived context.
 */
#include "crypto/crypto.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include "util/mem.h"

#define KEY_SLOT 32                /* bytes per key in the file and in guarded memory */
#define KEY_BYTES (3 * KEY_SLOT)   /* enc | mac | bidx */
#define KEYFILE_MAX 1024           /* a valid key file is ~240 bytes */
#define TAG_LEN JC_SM3_LEN
#define B64_VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING

struct jc_keys {
    char id[JC_KEY_ID_LEN + 1];
    uint8_t *k; /* sodium_malloc(KEY_BYTES), read-only once loaded */
};

static const uint8_t *enc_key(const jc_keys *k) { return k->k; }
static const uint8_t *mac_key(const jc_keys *k) { return k->k + KEY_SLOT; }
static const uint8_t *bidx_key(const jc_keys *k) { return k->k + 2 * KEY_SLOT; }

/* ---- process-wide algorithm objects ------------------------------------------------- */

static pthread_once_t algs_once = PTHREAD_ONCE_INIT;
static EVP_MD *alg_sm3;
static EVP_MAC *alg_hmac;
static EVP_CIPHER *alg_sm4ctr;
static int sodium_ok;

static void algs_init(void)
{
    sodium_ok = sodium_init() >= 0;
    alg_sm3 = EVP_MD_fetch(NULL, "SM3", NULL);
    alg_hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
    alg_sm4ctr = EVP_CIPHER_fetch(NULL, "SM4-CTR", NULL);
}

static void algs(void)
{
    pthread_once(&algs_once, algs_init);
}

/* A hashing failure after the self-test means OpenSSL itself is broken (or out of
 * memory): returning a wrong digest would be worse than stopping. */
static void die(const char *what)
{
    fprintf(stderr, "jiceng: cryptography failed in %s; aborting\n", what);
    abort();
}

static int unavailable(jc_err *err, const char *what)
{
    return jc_failf(err, JC_HTTP_INTERNAL, "CRYPTO_UNAVAILABLE", "", "",
                    "密码算法不可用：%s", "cryptographic algorithm unavailable: %s", what);
}

/* ---- SM3 ------------------------------------------------------------------------------ */

void jc_sm3_init(jc_sm3_ctx *c)
{
    EVP_MD_CTX *md;
    algs();
    if (!alg_sm3) die("SM3 (not provided by OpenSSL)");
    md = EVP_MD_CTX_new();
    if (!md || EVP_DigestInit_ex2(md, alg_sm3, NULL) != 1) die("SM3 init");
    c->md = md;
}

void jc_sm3_update(jc_sm3_ctx *c, const void *data, size_t n)
{
    if (n && EVP_DigestUpdate(c->md, data, n) != 1) die("SM3 update");
}

void jc_sm3_final(jc_sm3_ctx *c, uint8_t out[JC_SM3_LEN])
{
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(c->md, out, &len) != 1 || len != JC_SM3_LEN) die("SM3 final");
    jc_sm3_discard(c);
}

void jc_sm3_discard(jc_sm3_ctx *c)
{
    EVP_MD_CTX_free(c->md);
    c->md = NULL;
}

void jc_sm3(const void *data, size_t n, uint8_t out[JC_SM3_LEN])
{
    jc_sm3_ctx c;
    jc_sm3_init(&c);
    jc_sm3_update(&c, data, n);
    jc_sm3_final(&c, out);
}

/* ---- HMAC-SM3 ------------------------------------------------------------------------- */

/* HMAC-SM3 over the concatenation of up to two parts (the seal tag covers a header and
 * the IV+ciphertext without copying them together). */
static void hmac2(const uint8_t *key, size_t klen, const void *a, size_t an, const void *b,
                  size_t bn, uint8_t out[JC_SM3_LEN])
{
    static char digest[] = "SM3";
    OSSL_PARAM params[2];
    EVP_MAC_CTX *c;
    size_t len = 0;
    algs();
    if (!alg_hmac) die("HMAC (not provided by OpenSSL)");
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0);
    params[1] = OSSL_PARAM_construct_end();
    c = EVP_MAC_CTX_new(alg_hmac);
    if (!c || EVP_MAC_init(c, key, klen, params) != 1) die("HMAC-SM3 init");
    if (an && EVP_MAC_update(c, a, an) != 1) die("HMAC-SM3 update");
    if (bn && EVP_MAC_update(c, b, bn) != 1) die("HMAC-SM3 update");
    if (EVP_MAC_final(c, out, &len, JC_SM3_LEN) != 1 || len != JC_SM3_LEN) die("HMAC-SM3 final");
    EVP_MAC_CTX_free(c);
}

void jc_hmac_sm3(const uint8_t *key, size_t klen, const void *data, size_t n,
                 uint8_t out[JC_SM3_LEN])
{
    hmac2(key, klen, data, n, NULL, 0, out);
}

/* ---- hex ------------------------------------------------------------------------------ */

void jc_hex_encode(const uint8_t *in, size_t n, char *out)
{
    algs();
    sodium_bin2hex(out, 2 * n + 1, in, n);
}

int jc_hex_decode(const char *hex, uint8_t *out, size_t n)
{
    size_t got = 0;
    const char *end = NULL;
    algs();
    if (strlen(hex) != 2 * n) return JC_FAIL;
    if (sodium_hex2bin(out, n, hex, 2 * n, NULL, &got, &end) != 0) return JC_FAIL;
    return got == n && end == hex + 2 * n ? JC_OK : JC_FAIL;
}

/* ---- SM4-CTR -------------------------------------------------------------------------- */

int jc_sm4_ctr(const uint8_t key[JC_SM4_KEY_LEN], const uint8_t iv[JC_SM4_IV_LEN],
               const uint8_t *in, size_t n, uint8_t *out, jc_err *err)
{
    EVP_CIPHER_CTX *c = NULL;
    int len = 0, rc = JC_FAIL;
    algs();
    if (!alg_sm4ctr) return unavailable(err, "SM4-CTR");
    if (n > INT_MAX) return unavailable(err, "SM4-CTR input too long");
    c = EVP_CIPHER_CTX_new();
    if (!c || EVP_EncryptInit_ex2(c, alg_sm4ctr, key, iv, NULL) != 1) goto cleanup;
    if (n && (EVP_EncryptUpdate(c, out, &len, in, (int)n) != 1 || (size_t)len != n)) goto cleanup;
    rc = JC_OK;
cleanup:
    EVP_CIPHER_CTX_free(c); /* cleanses the key schedule and counter state */
    return rc == JC_OK ? JC_OK : unavailable(err, "SM4-CTR failed");
}

/* ---- self-test ------------------------------------------------------------------------ */

int jc_crypto_selftest(jc_err *err)
{
    /* GB/T 32905-2016 example 1: SM3("abc"). */
    static const char sm3_abc[] =
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0";
    /* GB/T 32907-2016 example 1: key = plaintext = 0123456789abcdeffedcba9876543210;
     * one SM4-CTR block of zeros under iv = that block is the ECB ciphertext. */
    static const uint8_t k[16] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
                                  0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10};
    static const char sm4_ct[] = "681edf34d206965e86b3e94f536e4246";
    uint8_t d[JC_SM3_LEN], blk[16] = {0};
    char hex[2 * JC_SM3_LEN + 1];
    algs();
    if (!sodium_ok) return unavailable(err, "libsodium initialisation");
    if (!alg_sm3) return unavailable(err, "SM3");
    if (!alg_hmac) return unavailable(err, "HMAC");
    if (!alg_sm4ctr) return unavailable(err, "SM4-CTR");
    jc_sm3("abc", 3, d);
    jc_hex_encode(d, sizeof d, hex);
    if (strcmp(hex, sm3_abc) != 0) return unavailable(err, "SM3 known answer mismatch");
    jc_hmac_sm3(k, sizeof k, "abc", 3, d); /* dies if HMAC-SM3 cannot be computed */
    if (jc_sm4_ctr(k, k, blk, sizeof blk, blk, err) != JC_OK) return JC_FAIL;
    jc_hex_encode(blk, sizeof blk, hex);
    if (strcmp(hex, sm4_ct) != 0) return unavailable(err, "SM4 known answer mismatch");
    return JC_OK;
}

/* ---- key file ------------------------------------------------------------------------- */

static int need_sodium(jc_err *err)
{
    algs();
    return sodium_ok ? JC_OK : unavailable(err, "libsodium initialisation");
}

static jc_keys *keys_alloc(void)
{
    jc_keys *k = xcalloc(1, sizeof *k);
    k->k = sodium_malloc(KEY_BYTES);
    if (!k->k) {
        fprintf(stderr, "jiceng: out of guarded memory for keys\n");
        abort();
    }
    return k;
}

void jc_keys_free(jc_keys *k)
{
    if (!k) return;
    if (k->k) {
        sodium_mprotect_readwrite(k->k);
        sodium_memzero(k->k, KEY_BYTES);
        sodium_free(k->k);
    }
    sodium_memzero(k, sizeof *k);
    free(k);
}

const char *jc_keys_id(const jc_keys *k)
{
    return k->id;
}

static void keys_generate(jc_keys *k, const char *avoid_id)
{
    uint8_t idb[JC_KEY_ID_LEN / 2];
    do {
        randombytes_buf(idb, sizeof idb);
        jc_hex_encode(idb, sizeof idb, k->id);
    } while (avoid_id && strcmp(avoid_id, k->id) == 0);
    randombytes_buf(k->k, KEY_BYTES);
}

/* The file text of k into buf (cap >= 300). Caller wipes buf. */
static size_t keys_format(const jc_keys *k, char *buf, size_t cap)
{
    char e[2 * KEY_SLOT + 1], m[2 * KEY_SLOT + 1], b[2 * KEY_SLOT + 1];
    int n;
    jc_hex_encode(enc_key(k), KEY_SLOT, e);
    jc_hex_encode(mac_key(k), KEY_SLOT, m);
    jc_hex_encode(bidx_key(k), KEY_SLOT, b);
    n = snprintf(buf, cap, "jiceng-keys v1\nid %s\nenc %s\nmac %s\nbidx %s\n", k->id, e, m, b);
    sodium_memzero(e, sizeof e);
    sodium_memzero(m, sizeof m);
    sodium_memzero(b, sizeof b);
    return n > 0 && (size_t)n < cap ? (size_t)n : 0;
}

static int write_fail(jc_err *err, const char *path, int e)
{
    return jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_WRITE", "", "", "无法写入密钥文件 %s：%s",
                    "cannot write key file %s: %s", path, strerror(e));
}

/* Write text to an open fd, fsync and close it. JC_OK or JC_FAIL with errno kept. */
static int write_all_close(int fd, const char *text, size_t n)
{
    size_t off = 0;
    int e;
    while (off < n) {
        ssize_t w = write(fd, text + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) goto fail;
        off += (size_t)w;
    }
    if (fchmod(fd, 0600) != 0 || fsync(fd) != 0) goto fail;
    return close(fd) == 0 ? JC_OK : JC_FAIL;
fail:
    e = errno;
    close(fd);
    errno = e ? e : EIO;
    return JC_FAIL;
}

/* Write k to path through a temporary file in the same directory and rename(2). */
static int keys_write_atomic(const jc_keys *k, const char *path, jc_err *err)
{
    char tmp[PATH_MAX], text[512];
    size_t n = keys_format(k, text, sizeof text);
    int fd, rc = JC_FAIL;
    if (snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= (int)sizeof tmp) {
        write_fail(err, path, ENAMETOOLONG);
        goto cleanup;
    }
    fd = mkstemp(tmp); /* 0600 */
    if (fd < 0) {
        write_fail(err, path, errno);
        goto cleanup;
    }
    if (write_all_close(fd, text, n) != JC_OK || rename(tmp, path) != 0) {
        write_fail(err, path, errno);
        unlink(tmp);
        goto cleanup;
    }
    rc = JC_OK;
cleanup:
    sodium_memzero(text, sizeof text);
    return rc;
}

/* fsync the directory holding path so the renames survive a crash. */
static void sync_dir(const char *path)
{
    char dir[PATH_MAX];
    char *slash;
    int fd;
    snprintf(dir, sizeof dir, "%s", path);
    slash = strrchr(dir, '/');
    if (!slash) snprintf(dir, sizeof dir, ".");
    else if (slash == dir) dir[1] = '\0';
    else *slash = '\0';
    fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

int jc_keys_create(const char *path, jc_err *err)
{
    char text[512];
    jc_keys *k = NULL;
    size_t n;
    int fd, rc = JC_FAIL;
    if (need_sodium(err) != JC_OK) return JC_FAIL;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0 && errno == EEXIST)
        return jc_failf(err, JC_HTTP_CONFLICT, "KEYFILE_EXISTS", "", "",
                        "密钥文件 %s 已存在，不会覆盖", "key file %s exists; not overwriting it", path);
    if (fd < 0) return write_fail(err, path, errno);
    k = keys_alloc();
    keys_generate(k, NULL);
    n = keys_format(k, text, sizeof text);
    if (write_all_close(fd, text, n) != JC_OK) {
        write_fail(err, path, errno);
        unlink(path);
        goto cleanup;
    }
    sync_dir(path);
    rc = JC_OK;
cleanup:
    sodium_memzero(text, sizeof text);
    jc_keys_free(k);
    return rc;
}

static int format_fail(jc_err *err, const char *path, const char *what)
{
    return jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_FORMAT", "", "",
                    "密钥文件 %s 格式错误：%s", "key file %s is malformed: %s", path, what);
}

/* Next line of text (in place: the '\n' becomes NUL); NULL at the end. */
static char *next_line(char **p)
{
    char *s = *p, *nl;
    if (!s || !*s) return NULL;
    nl = strchr(s, '\n');
    if (nl) {
        *nl = '\0';
        *p = nl + 1;
    } else {
        *p = NULL;
    }
    return s;
}

/* Parse the five lines into k. The messages say which line, never its value. */
static int keys_parse(char *text, jc_keys *k, const char *path, jc_err *err)
{
    static const char *const names[3] = {"enc ", "mac ", "bidx "};
    char *p = text, *line;
    int i;
    line = next_line(&p);
    if (!line || strcmp(line, "jiceng-keys v1") != 0)
        return format_fail(err, path, "first line is not \"jiceng-keys v1\"");
    line = next_line(&p);
    if (!line || strncmp(line, "id ", 3) != 0 || strlen(line + 3) != JC_KEY_ID_LEN ||
        strspn(line + 3, "0123456789abcdef") != JC_KEY_ID_LEN)
        return format_fail(err, path, "line 2 is not \"id <16 hex digits>\"");
    memcpy(k->id, line + 3, JC_KEY_ID_LEN + 1);
    for (i = 0; i < 3; i++) {
        size_t nl = strlen(names[i]);
        line = next_line(&p);
        if (!line || strncmp(line, names[i], nl) != 0 ||
            jc_hex_decode(line + nl, k->k + i * KEY_SLOT, KEY_SLOT) != JC_OK)
            return jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_FORMAT", "", "",
                            "密钥文件 %s 格式错误：第 %d 行应为「%s<64 位十六进制>」",
                            "key file %s is malformed: line %d is not \"%s<64 hex digits>\"",
                            path, i + 3, names[i]);
    }
    if (p && *p) return format_fail(err, path, "unexpected text after line 5");
    return JC_OK;
}

/* Read the whole (small) file at path into buf after the mode checks. */
static int keys_read(const char *path, char *buf, size_t cap, jc_err *err)
{
    struct stat st;
    size_t off = 0;
    int fd, e, rc = JC_FAIL;
    fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        e = errno;
        if (e == ENOENT)
            return jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_MISSING", "", "",
                            "密钥文件 %s 不存在（由 jiceng init 创建）",
                            "key file %s does not exist (jiceng init creates it)", path);
        return jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_MISSING", "", "",
                        "无法打开密钥文件 %s：%s", "cannot open key file %s: %s", path, strerror(e));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_MODE", "", "", "密钥文件 %s 不是普通文件",
                 "key file %s is not a regular file", path);
        goto cleanup;
    }
    if (st.st_mode & 077) {
        jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_MODE", "", "",
                 "密钥文件 %s 的权限为 %04o，其他用户可访问；请执行 chmod 600",
                 "key file %s has mode %04o, accessible to group or others; chmod 600 it",
                 path, (unsigned)(st.st_mode & 07777));
        goto cleanup;
    }
    for (;;) {
        ssize_t r = read(fd, buf + off, cap - 1 - off);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            jc_failf(err, JC_HTTP_INTERNAL, "KEYFILE_MISSING", "", "", "无法读取密钥文件 %s：%s",
                     "cannot read key file %s: %s", path, strerror(errno));
            goto cleanup;
        }
        if (r == 0) break;
        off += (size_t)r;
        if (off == cap - 1) {
            format_fail(err, path, "file too long");
            goto cleanup;
        }
    }
    buf[off] = '\0';
    if (memchr(buf, '\0', off)) {
        format_fail(err, path, "binary content");
        goto cleanup;
    }
    rc = JC_OK;
cleanup:
    close(fd);
    return rc;
}

int jc_keys_load(const char *path, jc_keys **out, jc_err *err)
{
    char text[KEYFILE_MAX];
    jc_keys *k = NULL;
    int rc = JC_FAIL;
    *out = NULL;
    if (need_sodium(err) != JC_OK) return JC_FAIL;
    if (keys_read(path, text, sizeof text, err) != JC_OK) goto cleanup;
    k = keys_alloc();
    if (keys_parse(text, k, path, err) != JC_OK) goto cleanup;
    sodium_mprotect_readonly(k->k);
    *out = k;
    k = NULL;
    rc = JC_OK;
cleanup:
    sodium_memzero(text, sizeof text);
    jc_keys_free(k);
    return rc;
}

int jc_keys_rotate_file(const char *path, jc_err *err)
{
    char prev[PATH_MAX];
    jc_keys *old = NULL, *next = NULL;
    int rc = JC_FAIL;
    if (jc_keys_load(path, &old, err) != JC_OK) return JC_FAIL;
    if (snprintf(prev, sizeof prev, "%s.prev", path) >= (int)sizeof prev) {
        write_fail(err, path, ENAMETOOLONG);
        goto cleanup;
    }
    if (keys_write_atomic(old, prev, err) != JC_OK) goto cleanup;
    next = keys_alloc();
    keys_generate(next, old->id);
    if (keys_write_atomic(next, path, err) != JC_OK) goto cleanup;
    sync_dir(path);
    rc = JC_OK;
cleanup:
    jc_keys_free(old);
    jc_keys_free(next);
    return rc;
}

/* ---- sealing -------------------------------------------------------------------------- */

#define HDR_LEN (2 + 1 + JC_KEY_ID_LEN + 1) /* "v1" 0 id 0 */

static void seal_header(const char *id, uint8_t hdr[HDR_LEN])
{
    memcpy(hdr, "v1", 3);                  /* with its NUL */
    memcpy(hdr + 3, id, JC_KEY_ID_LEN + 1); /* with its NUL */
}

int jc_seal(const jc_keys *k, const char *plaintext, char **out_token, jc_err *err)
{
    size_t n = strlen(plaintext), blen, b64cap;
    uint8_t hdr[HDR_LEN], *bin;
    char *tok;
    *out_token = NULL;
    if (n > JC_SEAL_MAX)
        return jc_failf(err, 400, "PII_TOO_LONG", "", "", "个人信息字段过长（最多 %d 字节）",
                        "personal data value too long (at most %d bytes)", JC_SEAL_MAX);
    if (need_sodium(err) != JC_OK) return JC_FAIL;
    blen = JC_SM4_IV_LEN + n + TAG_LEN;
    bin = xmalloc(blen);
    randombytes_buf(bin, JC_SM4_IV_LEN);
    if (jc_sm4_ctr(enc_key(k), bin, (const uint8_t *)plaintext, n, bin + JC_SM4_IV_LEN, err) !=
        JC_OK) {
        free(bin);
        return JC_FAIL;
    }
    seal_header(k->id, hdr);
    hmac2(mac_key(k), KEY_SLOT, hdr, HDR_LEN, bin, JC_SM4_IV_LEN + n, bin + JC_SM4_IV_LEN + n);
    b64cap = sodium_base64_ENCODED_LEN(blen, B64_VARIANT);
    tok = xmalloc(3 + JC_KEY_ID_LEN + 1 + b64cap);
    memcpy(tok, "v1.", 3);
    memcpy(tok + 3, k->id, JC_KEY_ID_LEN);
    tok[3 + JC_KEY_ID_LEN] = '.';
    sodium_bin2base64(tok + 4 + JC_KEY_ID_LEN, b64cap, bin, blen, B64_VARIANT);
    free(bin);
    *out_token = tok;
    return JC_OK;
}

int jc_token_key_id(const char *token, char out[JC_KEY_ID_LEN + 1])
{
    out[0] = '\0';
    if (!token || strncmp(token, "v1.", 3) != 0) return JC_FAIL;
    if (strspn(token + 3, "0123456789abcdef") != JC_KEY_ID_LEN) return JC_FAIL;
    if (token[3 + JC_KEY_ID_LEN] != '.') return JC_FAIL;
    memcpy(out, token + 3, JC_KEY_ID_LEN);
    out[JC_KEY_ID_LEN] = '\0';
    return JC_OK;
}

static int integrity(jc_err *err, const char *why)
{
    return jc_failf(err, JC_HTTP_INTERNAL, "PII_INTEGRITY", "", "",
                    "个人信息密文校验失败（%s）：数据被篡改或密钥不符",
                    "personal data failed its integrity check (%s): altered data or wrong key",
                    why);
}

int jc_open(const jc_keys *k, const char *token, char **plaintext, jc_err *err)
{
    char tid[JC_KEY_ID_LEN + 1];
    const char *b64, *end = NULL;
    size_t b64len, cap, blen = 0, n = 0;
    uint8_t hdr[HDR_LEN], tag[TAG_LEN], *bin = NULL;
    char *pt = NULL;
    int rc = JC_FAIL;
    *plaintext = NULL;
    if (need_sodium(err) != JC_OK) return JC_FAIL;
    if (jc_token_key_id(token, tid) != JC_OK) return integrity(err, "not a v1 token");
    if (strcmp(tid, k->id) != 0)
        return jc_failf(err, JC_HTTP_INTERNAL, "PII_INTEGRITY", "", "",
                        "个人信息密文由密钥 %s 加密，当前密钥文件为 %s",
                        "personal data sealed under key %s, but the key file holds key %s",
                        tid, k->id);
    b64 = token + 4 + JC_KEY_ID_LEN;
    b64len = strlen(b64);
    cap = b64len / 4 * 3 + 3;
    if (cap > JC_SM4_IV_LEN + JC_SEAL_MAX + TAG_LEN + 3) return integrity(err, "too long");
    bin = xmalloc(cap);
    if (sodium_base642bin(bin, cap, b64, b64len, NULL, &blen, &end, B64_VARIANT) != 0 ||
        end != b64 + b64len) {
        integrity(err, "bad encoding");
        goto cleanup;
    }
    if (blen < JC_SM4_IV_LEN + TAG_LEN) {
        integrity(err, "too short");
        goto cleanup;
    }
    n = blen - JC_SM4_IV_LEN - TAG_LEN;
    seal_header(k->id, hdr);
    hmac2(mac_key(k), KEY_SLOT, hdr, HDR_LEN, bin, JC_SM4_IV_LEN + n, tag);
    if (sodium_memcmp(tag, bin + JC_SM4_IV_LEN + n, TAG_LEN) != 0) {
        integrity(err, "tag mismatch");
        goto cleanup;
    }
    pt = xmalloc(n + 1);
    if (jc_sm4_ctr(enc_key(k), bin, bin + JC_SM4_IV_LEN, n, (uint8_t *)pt, err) != JC_OK)
        goto cleanup;
    pt[n] = '\0';
    if (memchr(pt, '\0', n)) { /* authentic but not from jc_seal: refuse */
        integrity(err, "embedded NUL");
        goto cleanup;
    }
    *plaintext = pt;
    pt = NULL;
    rc = JC_OK;
cleanup:
    if (pt) { /* whatever was decrypted, wiped to its full length */
        sodium_memzero(pt, n + 1);
        free(pt);
    }
    free(bin);
    return rc;
}

void jc_wipe_free(char *s)
{
    if (!s) return;
    sodium_memzero(s, strlen(s));
    free(s);
}

void jc_blind_index(const jc_keys *k, const char *normalized, char out_hex[65])
{
    uint8_t mac[JC_SM3_LEN];
    jc_hmac_sm3(bidx_key(k), KEY_SLOT, normalized, strlen(normalized), mac);
    jc_hex_encode(mac, sizeof mac, out_hex);
    sodium_memzero(mac, sizeof mac);
}
