/*
 * codes.h — the code tables of the member archive and the org tree: ethnicity
 * (GB 3304-1991, the 56 recognised groups), education (GB/T 4658-2006), degree
 * (GB/T 6864), sex, category, membership status, org type and field (GLOSSARY).
 * Each entry has the code stored in the database, its Chinese label (what the
 * zh-CN UI and the official forms show) and the English label.
 */
#ifndef JC_CODES_H
#define JC_CODES_H

#include <stddef.h>

typedef struct jc_code {
    const char *code; /* stored value: "01", "20", "branch", "full", ... */
    const char *zh;   /* 汉族, 大学本科, 党支部, 正式党员 */
    const char *en;   /* Han, Bachelor, Branch, Full member */
} jc_code;

typedef struct jc_code_table {
    const char *name; /* "ethnicity", "education", ... */
    const jc_code *items;
    size_t count;
} jc_code_table;

extern const jc_code_table jc_ethnicities;   /* 56 rows, "01" 汉族 .. "56" 基诺族 */
extern const jc_code_table jc_educations;    /* 10 20 30 41 44 47 60 70 80 90 */
extern const jc_code_table jc_degrees;       /* doctor, master, bachelor */
extern const jc_code_table jc_sexes;         /* M 男, F 女 */
extern const jc_code_table jc_categories;    /* full 正式党员, probationary 预备党员 */
extern const jc_code_table jc_statuses;      /* normal 正常, suspended 停止党籍, discipline_probation 留党察看 */
extern const jc_code_table jc_org_types;     /* committee .. group (GLOSSARY) */
extern const jc_code_table jc_org_fields;    /* village .. internet (GLOSSARY) */

/* Find an entry by its code, its Chinese label or its English label (case-insensitive
 * for English); for ethnicity also the label without the trailing 族 ("汉" → "01");
 * for sex also 男/女/male/female. NULL when not found. s is borrowed. */
const jc_code *jc_code_find(const jc_code_table *t, const char *s);

/* Find by exact stored code only. NULL when not found. */
const jc_code *jc_code_by_code(const jc_code_table *t, const char *code);

/* Education at or below junior high (初中及以下: 70, 80, 90), for the B8 share. */
int jc_education_le_junior(const char *code);

#endif
