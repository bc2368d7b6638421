/*
 * pinyin_table.h — declarations of the pinyin tables that tools/refdata/gen-pinyin.mjs
 * generates from the pinyin-pro npm package into build/gen/pinyin_table.c. Internal to
 * src/util/pinyin.c (and its tests); everyone else uses pinyin.h. All data is static and
 * read-only.
 */
#ifndef JC_PINYIN_TABLE_H
#define JC_PINYIN_TABLE_H

#include <stddef.h>
#include <stdint.h>

/* Code points covered: CJK Unified Ideographs Extension A and the Unified block. */
#define JC_PY_FIRST 0x3400
#define JC_PY_LAST 0x9FFF

/* Bytes per syllable slot: the longest syllable (zhuang) plus its NUL. */
#define JC_PY_SYL_CAP 7

/* Distinct toneless syllables, sorted, lower case, ü written v; entry 0 is "" (no
 * reading). */
extern const char jc_py_syllables[][JC_PY_SYL_CAP];
extern const size_t jc_py_syllables_count;

/* jc_py_index[cp - JC_PY_FIRST]: the most common reading of cp, as an index into
 * jc_py_syllables; 0 when the package knows no reading. */
extern const uint16_t jc_py_index[JC_PY_LAST - JC_PY_FIRST + 1];

/* A character read differently as a surname at the start of a name (单 shan). */
typedef struct jc_py_surname {
    uint32_t cp;  /* code point */
    uint16_t syl; /* index into jc_py_syllables */
} jc_py_surname;

/* Sorted by cp. */
extern const jc_py_surname jc_py_surnames[];
extern const size_t jc_py_surnames_count;

#endif
