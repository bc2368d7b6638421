/*
 * enc.h — the text encodings of uploaded and imported files, and reading them whole.
 *
 * Everything inside Jiceng is UTF-8. Files come from outside: Excel on a Chinese
 * Windows saves "CSV" in GBK, which GB18030 contains, and newer tools write UTF-8,
 * often with a BOM. Detection is deliberately simple and strict: a buffer that is
 * entirely valid UTF-8 is UTF-8 (GBK text of any length is almost never valid UTF-8);
 * anything else is taken as GB18030 and must convert cleanly, or the upload is refused
 * with the byte position, so a user never imports silently garbled names.
 */
#ifndef JC_ENC_H
#define JC_ENC_H

#include <stddef.h>

#include "util/err.h"

typedef enum { JC_ENC_UTF8, JC_ENC_GB18030 } jc_enc;

/* UTF-8 when buf starts with a UTF-8 BOM or buf[0..n) is entirely valid UTF-8 (an empty
 * buffer included); otherwise GB18030. Meant for whole files: a prefix cut inside a
 * multi-byte character is not valid UTF-8. buf is borrowed. */
jc_enc jc_enc_detect(const char *buf, size_t n);

/* "UTF-8" or "GB18030", for messages and logs. Static string. */
const char *jc_enc_name(jc_enc enc);

/* Convert in[0..n) from enc to UTF-8. For UTF-8 the input is checked and copied, without
 * a leading BOM; for GB18030 it is converted with iconv (a GB18030 BOM, too, is dropped).
 * On success *out is NUL-terminated (it may hold NUL bytes that were in the input) and
 * *out_len excludes the NUL; caller frees *out. On an invalid or truncated sequence
 * returns JC_FAIL with err = 422 ENCODING on field "file", the message giving the 1-based
 * byte position in the input, and *out = NULL. in is borrowed. */
int jc_enc_to_utf8(const char *in, size_t n, jc_enc enc, char **out, size_t *out_len,
                   jc_err *err);

/* Read the whole file at path into *out (NUL-terminated; caller frees), its size in
 * *len. Files over max bytes are refused (413 FILE_TOO_LARGE) without reading them in
 * full; a file that cannot be opened is 400 FILE_OPEN with the system's reason, and a
 * read error 400 FILE_READ. On failure *out = NULL. path is borrowed. */
int jc_read_file(const char *path, size_t max, char **out, size_t *len, jc_err *err);

#endif
