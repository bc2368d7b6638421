/*
 * enc.c — encoding detection and conversion to UTF-8, and whole-file reads. See enc.h.
 *
 * GB18030 goes through glibc's iconv: its GB18030 table is the complete standard
 * (two- and four-byte forms), which a hand-written GBK table would not be. Positions in
 * error messages are 1-based byte positions in the file as uploaded, which is what a
 * user can find with a hex viewer or count to in an editor status bar.
 */
#include "util/enc.h"

#include "util/mem.h"
#include "util/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UTF8_BOM "\xEF\xBB\xBF"

static int has_bom(const char *s, size_t n)
{
    return n >= 3 && memcmp(s, UTF8_BOM, 3) == 0;
}

jc_enc jc_enc_detect(const char *buf, size_t n)
{
    if (n == 0 || has_bom(buf, n) || jc_utf8_valid(buf, n)) return JC_ENC_UTF8;
    return JC_ENC_GB18030;
}

const char *jc_enc_name(jc_enc enc)
{
    return enc == JC_ENC_GB18030 ? "GB18030" : "UTF-8";
}

static int fail_at(jc_err *err, jc_enc enc, size_t offset)
{
    if (enc == JC_ENC_UTF8)
        return jc_failf(err, JC_HTTP_UNPROCESSABLE, "ENCODING", "file", "",
                        "文件编码无法识别：第%zu字节处不是有效的UTF-8",
                        "file encoding not recognized: byte %zu is not valid UTF-8",
                        offset + 1);
    return jc_failf(err, JC_HTTP_UNPROCESSABLE, "ENCODING", "file", "",
                    "文件编码无法识别：第%zu字节处既不是UTF-8也不是GB18030",
                    "file encoding not recognized: byte %zu is neither UTF-8 nor GB18030",
                    offset + 1);
}

static int utf8_copy(const char *in, size_t n, char **out, size_t *out_len, jc_err *err)
{
    size_t skip = has_bom(in, n) ? 3 : 0, ok;

    ok = jc_utf8_prefix(in + skip, n - skip);
    if (ok != n - skip) return fail_at(err, JC_ENC_UTF8, skip + ok);
    *out = xstrndup(in + skip, n - skip);
    *out_len = n - skip;
    return JC_OK;
}

static int gb18030_convert(const char *in, size_t n, char **out, size_t *out_len,
                           jc_err *err)
{
    iconv_t cd;
    char *buf, *ip = (char *)in, *op;
    size_t cap, il = n, ol, used;
    int rc = JC_FAIL;

    cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) return jc_fail_internal(err, "jc_enc_to_utf8", strerror(errno));
    /* Two GBK bytes become three UTF-8 bytes; four-byte forms at most four. */
    cap = n + n / 2 + 16;
    buf = xmalloc(cap);
    op = buf;
    ol = cap - 1;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) break;
        if (errno != E2BIG) { /* EILSEQ, or EINVAL: truncated at the end */
            rc = fail_at(err, JC_ENC_GB18030, (size_t)(ip - in));
            goto cleanup;
        }
        used = (size_t)(op - buf);
        cap *= 2;
        buf = xrealloc(buf, cap);
        op = buf + used;
        ol = cap - 1 - used;
    }
    used = (size_t)(op - buf);
    if (has_bom(buf, used)) { /* GB18030's own BOM, 84 31 95 33, decodes to U+FEFF */
        memmove(buf, buf + 3, used - 3);
        used -= 3;
    }
    buf[used] = '\0';
    *out = buf;
    *out_len = used;
    buf = NULL;
    rc = JC_OK;
cleanup:
    free(buf);
    iconv_close(cd);
    return rc;
}

int jc_enc_to_utf8(const char *in, size_t n, jc_enc enc, char **out, size_t *out_len,
                   jc_err *err)
{
    *out = NULL;
    *out_len = 0;
    if (n == 0) {
        *out = xstrdup("");
        return JC_OK;
    }
    if (enc == JC_ENC_GB18030) return gb18030_convert(in, n, out, out_len, err);
    return utf8_copy(in, n, out, out_len, err);
}

static int too_large(jc_err *err, size_t max)
{
    return jc_failf(err, JC_HTTP_TOO_LARGE, "FILE_TOO_LARGE", "file", "",
                    "文件过大：超过上限%zu字节", "file too large: more than %zu bytes", max);
}

int jc_read_file(const char *path, size_t max, char **out, size_t *len, jc_err *err)
{
    struct stat st = {0};
    char *buf = NULL;
    size_t limit = max < (size_t)-1 - 2 ? max + 1 : max; /* reading limit bytes = too large */
    size_t dcap, used = 0;
    ssize_t r;
    int fd, rc = JC_FAIL;

    *out = NULL;
    *len = 0;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return jc_failf(err, JC_HTTP_BAD_REQUEST, "FILE_OPEN", "file", "",
                        "无法打开文件%s：%s", "cannot open file %s: %s", path, strerror(errno));
    if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        const char *why = strerror(S_ISDIR(st.st_mode) ? EISDIR : errno);
        rc = jc_failf(err, JC_HTTP_BAD_REQUEST, "FILE_OPEN", "file", "",
                      "无法打开文件%s：%s", "cannot open file %s: %s", path, why);
        goto cleanup;
    }
    if (S_ISREG(st.st_mode) && (uintmax_t)st.st_size > max) {
        rc = too_large(err, max);
        goto cleanup;
    }
    /* Regular files: room for the whole file plus one byte, so EOF needs no growth. */
    dcap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536;
    if (dcap > limit) dcap = limit;
    buf = xmalloc(dcap + 1);
    for (;;) {
        if (used == dcap) {
            if (used >= limit) break;
            dcap = dcap * 2 > limit ? limit : dcap * 2;
            buf = xrealloc(buf, dcap + 1);
        }
        r = read(fd, buf + used, dcap - used);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) {
            rc = jc_failf(err, JC_HTTP_BAD_REQUEST, "FILE_READ", "file", "",
                          "读取文件%s失败：%s", "cannot read file %s: %s", path,
                          strerror(errno));
            goto cleanup;
        }
        if (r == 0) break;
        used += (size_t)r;
    }
    if (used > max) {
        rc = too_large(err, max);
        goto cleanup;
    }
    buf[used] = '\0';
    *out = buf;
    *len = used;
    buf = NULL;
    rc = JC_OK;
cleanup:
    free(buf);
    close(fd);
    return rc;
}
