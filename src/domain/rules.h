/*
 * rules.h — the rule registry of domain/RULES.md as data: one row per rule id (what kind
 * of rule it is, where it comes from, a short title), and every number the rules state,
 * each with its default and whether a deployment may change it. Code that enforces a
 * rule asks here for its number (jc_param_default) instead of writing a literal, so the
 * numbers live in one table that the settings screen, the docs and the tests can read.
 * Pure: the per-deployment overrides live in the `setting` table and are applied by the
 * caller; this layer knows only the defaults.
 */
#ifndef JC_RULES_H
#define JC_RULES_H

#include <stddef.h>

/* One rule of RULES.md. kind is the first word of the table's kind column: "refuse",
 * "check", "compute", "configurable", "accept" or "schema"; configurable is 1 when the
 * column says "configurable" (alone or beside another kind). source is the regulation
 * and article in Chinese, the regulation's name alone where RULES.md marks the article
 * with (?). All strings are static. */
typedef struct jc_rule {
    const char *id, *kind, *source, *zh, *en;
    int configurable;
} jc_rule;

extern const jc_rule jc_rules[];
extern const size_t jc_rules_count;

/* The rule with this id ("DEV-01"), NULL when there is none. id is borrowed. */
const jc_rule *jc_rule_find(const char *id);

/* One number of RULES.md. key is "<rule>.<name>" ("DEV-01.min_age"); unit says how to
 * read value: "years", "months", "days", "working_days", "hours", "members", "units",
 * "times", "quarter", "fen" (0.01 yuan), "bp" (basis points, 1/10000), "denominator"
 * (the n of a share 1/n), "characters" or "items". All strings are static. */
typedef struct jc_param {
    const char *key;
    const char *rule;
    long value;
    const char *unit;
    int configurable;
    const char *zh;
    const char *en;
} jc_param;

extern const jc_param jc_params[];
extern const size_t jc_params_count;

/* The parameter with this key, NULL when there is none. key is borrowed. */
const jc_param *jc_param_find(const char *key);

/* The default value of a parameter. An unknown key is a programming error: it asserts,
 * and returns -1 when assertions are compiled out. */
long jc_param_default(const char *key);

#endif
