/*
 * pinyin.h — pinyin search keys for people's names, so a list can be filtered by typing
 * "zw" or "zhangw" to find 张伟. A key is the syllables run together, a space, then the
 * first letter of each syllable (full part first, so keys sort in pinyin order), all
 * lower case, ü written v:
 *   张伟 → "zhangwei zw",  单雄信 → "shanxiongxin sxx" (单 read as a surname).
 * Readings come from tables generated out of the pinyin-pro npm package (see
 * pinyin_table.h); each Han character takes its most common reading, except that the
 * first character of a name takes its surname reading when that differs.
 * Nothing here allocates; both functions are safe to call from any thread.
 */
#ifndef JC_PINYIN_H
#define JC_PINYIN_H

#include <stddef.h>

/* Room for the whole key of any name up to 100 bytes of UTF-8: each input byte adds at
 * most 7/3 bytes (a 3-byte Han character gives an initial and up to 6 letters), plus the
 * space and the NUL. Longer names are truncated, never overflowed. */
#define JC_PINYIN_KEY_CAP 256

/* Write the search key of utf8_name into out (cap bytes, NUL-terminated when cap > 0).
 * Syllables, in order:
 *   - each Han character in U+3400..U+9FFF with a known reading gives its syllable;
 *   - each run of ASCII letters and digits gives one syllable, lower-cased
 *     ("Li Na 2" → "ln2 lina2"); its initial is its first character;
 *   - everything else (spaces, punctuation, ·, other scripts, invalid UTF-8) separates
 *     runs and is otherwise skipped.
 * When the whole key does not fit, it is truncated at a syllable boundary: initials and
 * full part then cover the same leading syllables. A name with no syllable (or a cap too
 * small for one) gives "". utf8_name and out are borrowed; utf8_name may be NULL. */
void jc_pinyin_key(const char *utf8_name, char *out, size_t cap);

/* True (1) when query matches key (made by jc_pinyin_key): the query, lower-cased and
 * with spaces and apostrophes ignored, is a prefix of the initials or a substring of
 * the full pinyin. So "zw", "ZW", "zhangw", "wei" and "zhang wei" all match
 * "zhangwei zw"; "wz" does not. An empty query matches every key. Both borrowed. */
int jc_pinyin_matches(const char *key, const char *query);

#endif
