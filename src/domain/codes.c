/*
 * codes.c — the code tables of the member archive and the org tree, and the lookup that
 * turns what people type into a stored code. Imports come from spreadsheets kept for
 * years by hand: "汉", "汉族", "01", "1" (Excel drops the leading zero), "本科",
 * "大学本科" all mean one thing, and jc_code_find accepts each of them so that a clerk
 * does not have to retype a column. Stored values are always the code.
 *
 * Where these tables come from. Other reference tables (divisions, pinyin) are generated
 * from npm packages by tools/refdata rather than typed by hand. For these that is only
 * partly possible: the npm package gb3304 (1.0.1, MIT) does carry GB 3304-1991, and the
 * ethnicity table below was checked row by row against it (code, Chinese name,
 * romanization); a tools/refdata generator could replace it, which this file does not
 * do because tools/ and the Makefile are outside the domain layer. No npm package was
 * found for GB/T 4658-2006 (education) or GB/T 6864 (degrees), so those tables are
 * written here from the standards, and the project's own enumerations (category,
 * status, org type and field) from GLOSSARY.md and the 2017 member form.
 */
#include "domain/codes.h"

#include <string.h>
#include <strings.h>

#define N_ITEMS(a) (sizeof(a) / sizeof((a)[0]))

#define U_ZU "\xE6\x97\x8F" /* 族 */
#define U_IDEO_SPACE "\xE3\x80\x80"

/* GB 3304-1991《中国各民族名称的罗马字母拼写法和代码》: the 56 groups with their
 * numeric codes, in the standard's order. The English column is the usual English name
 * (Tibetan, Uyghur, Korean, Manchu); the standard's own romanization, where it differs,
 * is accepted as an alias below. 36 毛南族 and 46 德昂族 are the names in force since
 * 1986 and 1985; their older names are aliases too, because old archives still use them. */
static const jc_code ethnicity_items[] = {
    {"01", "汉族", "Han"},          {"02", "蒙古族", "Mongol"},      {"03", "回族", "Hui"},
    {"04", "藏族", "Tibetan"},      {"05", "维吾尔族", "Uyghur"},    {"06", "苗族", "Miao"},
    {"07", "彝族", "Yi"},           {"08", "壮族", "Zhuang"},        {"09", "布依族", "Buyei"},
    {"10", "朝鲜族", "Korean"},     {"11", "满族", "Manchu"},        {"12", "侗族", "Dong"},
    {"13", "瑶族", "Yao"},          {"14", "白族", "Bai"},           {"15", "土家族", "Tujia"},
    {"16", "哈尼族", "Hani"},       {"17", "哈萨克族", "Kazakh"},    {"18", "傣族", "Dai"},
    {"19", "黎族", "Li"},           {"20", "傈僳族", "Lisu"},        {"21", "佤族", "Va"},
    {"22", "畲族", "She"},          {"23", "高山族", "Gaoshan"},     {"24", "拉祜族", "Lahu"},
    {"25", "水族", "Sui"},          {"26", "东乡族", "Dongxiang"},   {"27", "纳西族", "Naxi"},
    {"28", "景颇族", "Jingpo"},     {"29", "柯尔克孜族", "Kyrgyz"},  {"30", "土族", "Tu"},
    {"31", "达斡尔族", "Daur"},     {"32", "仫佬族", "Mulao"},       {"33", "羌族", "Qiang"},
    {"34", "布朗族", "Blang"},      {"35", "撒拉族", "Salar"},       {"36", "毛南族", "Maonan"},
    {"37", "仡佬族", "Gelao"},      {"38", "锡伯族", "Xibe"},        {"39", "阿昌族", "Achang"},
    {"40", "普米族", "Pumi"},       {"41", "塔吉克族", "Tajik"},     {"42", "怒族", "Nu"},
    {"43", "乌孜别克族", "Uzbek"},  {"44", "俄罗斯族", "Russian"},   {"45", "鄂温克族", "Ewenki"},
    {"46", "德昂族", "De'ang"},     {"47", "保安族", "Bonan"},       {"48", "裕固族", "Yugur"},
    {"49", "京族", "Gin"},          {"50", "塔塔尔族", "Tatar"},     {"51", "独龙族", "Derung"},
    {"52", "鄂伦春族", "Oroqen"},   {"53", "赫哲族", "Hezhen"},      {"54", "门巴族", "Monba"},
    {"55", "珞巴族", "Lhoba"},      {"56", "基诺族", "Jino"},
};

/* GB/T 4658-2006《学历代码》, the level codes (the second digit 0 is the level, 1..9
 * the completion status; the member form records the level, and for 中等职业教育 the
 * three kinds of school, 41 44 47). Labels as the member information form prints them. */
static const jc_code education_items[] = {
    {"10", "研究生", "Postgraduate"},
    {"20", "大学本科", "Bachelor's level"},
    {"30", "大学专科", "Junior college"},
    {"41", "中等专科", "Secondary specialized"},
    {"44", "职业高中", "Vocational high school"},
    {"47", "技工学校", "Technical school"},
    {"60", "普通高中", "Senior high school"},
    {"70", "初中", "Junior high school"},
    {"80", "小学", "Primary school"},
    {"90", "其他", "Other"},
};

/* GB/T 6864《中华人民共和国学位代码》, the three degree levels; stored as words because
 * the standard's codes also encode the discipline, which the member form does not ask. */
static const jc_code degree_items[] = {
    {"doctor", "博士", "Doctor"},
    {"master", "硕士", "Master"},
    {"bachelor", "学士", "Bachelor"},
};

/* Sex as GB 11643 encodes it in the ID number (odd sequence digit male); stored M/F. */
static const jc_code sex_items[] = {
    {"M", "男", "Male"},
    {"F", "女", "Female"},
};

/* 人员类别 of the 2017 member information form (RULES ID-04). */
static const jc_code category_items[] = {
    {"full", "正式党员", "Full member"},
    {"probationary", "预备党员", "Probationary member"},
};

/* 党籍状态 of the 2017 member information form (RULES ID-04). */
static const jc_code status_items[] = {
    {"normal", "正常", "Normal"},
    {"suspended", "停止党籍", "Membership suspended"},
    {"discipline_probation", "留党察看", "Probation within the Party"},
};

/* Org types (GLOSSARY.md, Organizations). */
static const jc_code org_type_items[] = {
    {"committee", "党委", "Committee"},
    {"working_committee", "党工委", "Working committee"},
    {"general_branch", "党总支", "General branch"},
    {"branch", "党支部", "Branch"},
    {"joint_branch", "联合党支部", "Joint branch"},
    {"temporary_branch", "临时党支部", "Temporary branch"},
    {"group", "党小组", "Party group"},
};

/* Org fields 领域 (GLOSSARY.md, Organizations). */
static const jc_code org_field_items[] = {
    {"village", "农村", "Village"},
    {"community", "社区", "Community"},
    {"government", "机关", "Government body"},
    {"soe", "国企", "State-owned enterprise"},
    {"university", "高校", "University"},
    {"private_enterprise", "非公企业", "Private enterprise"},
    {"social_org", "社会组织", "Social organization"},
    {"office_building", "楼宇", "Office building"},
    {"park", "园区", "Park"},
    {"market", "商圈", "Business district"},
    {"internet", "网络", "Internet"},
};

const jc_code_table jc_ethnicities = {"ethnicity", ethnicity_items, N_ITEMS(ethnicity_items)};
const jc_code_table jc_educations = {"education", education_items, N_ITEMS(education_items)};
const jc_code_table jc_degrees = {"degree", degree_items, N_ITEMS(degree_items)};
const jc_code_table jc_sexes = {"sex", sex_items, N_ITEMS(sex_items)};
const jc_code_table jc_categories = {"category", category_items, N_ITEMS(category_items)};
const jc_code_table jc_statuses = {"status", status_items, N_ITEMS(status_items)};
const jc_code_table jc_org_types = {"org_type", org_type_items, N_ITEMS(org_type_items)};
const jc_code_table jc_org_fields = {"org_field", org_field_items, N_ITEMS(org_field_items)};

/* What else people type, table by table. An alias never names a different entry than
 * the table's own labels would, and tests check every alias resolves. */
typedef struct code_alias {
    const jc_code_table *table;
    const char *alias;
    const char *code;
} code_alias;

static const code_alias aliases[] = {
    /* GB 3304 romanization where it differs from the English column, and the common
     * English spellings Wa and Jing */
    {&jc_ethnicities, "Zang", "04"},   {&jc_ethnicities, "Uygur", "05"},
    {&jc_ethnicities, "Chosen", "10"}, {&jc_ethnicities, "Man", "11"},
    {&jc_ethnicities, "Kazak", "17"},  {&jc_ethnicities, "Wa", "21"},
    {&jc_ethnicities, "Kirgiz", "29"}, {&jc_ethnicities, "Russ", "44"},
    {&jc_ethnicities, "Deang", "46"},  {&jc_ethnicities, "Jing", "49"},
    /* names before the renamings of 1985/1986 */
    {&jc_ethnicities, "毛难族", "36"}, {&jc_ethnicities, "崩龙族", "46"},
    /* spreadsheet shorthand and the standard's own long labels */
    {&jc_educations, "研究生教育", "10"},   {&jc_educations, "硕士研究生", "10"},
    {&jc_educations, "博士研究生", "10"},   {&jc_educations, "本科", "20"},
    {&jc_educations, "大学本科教育", "20"}, {&jc_educations, "大专", "30"},
    {&jc_educations, "专科", "30"},         {&jc_educations, "大学专科教育", "30"},
    {&jc_educations, "中专", "41"},         {&jc_educations, "职高", "44"},
    {&jc_educations, "技校", "47"},         {&jc_educations, "高中", "60"},
    {&jc_educations, "普通高级中学教育", "60"}, {&jc_educations, "初级中学教育", "70"},
    {&jc_educations, "小学教育", "80"},
    /* GB/T 2261 labels */
    {&jc_sexes, "男性", "M"},               {&jc_sexes, "女性", "F"},
    {&jc_degrees, "博士学位", "doctor"},    {&jc_degrees, "硕士学位", "master"},
    {&jc_degrees, "学士学位", "bachelor"},
    {&jc_categories, "正式", "full"},       {&jc_categories, "预备", "probationary"},
    {&jc_org_fields, "国有企业", "soe"},    {&jc_org_fields, "非公有制企业", "private_enterprise"},
};

/* ---- lookup --------------------------------------------------------------------- */

/* Compare the n bytes at s with the NUL-terminated lit, ASCII letters case-blind. UTF-8
 * bytes are >= 0x80 and unaffected by strncasecmp, so Chinese compares exactly. */
static int eq_n(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

static void trim(const char **pp, size_t *pn)
{
    const char *p = *pp;
    size_t n = *pn;
    for (;;) {
        if (n > 0 && (*p == ' ' || *p == '\t')) { p++; n--; continue; }
        if (n >= 3 && memcmp(p, U_IDEO_SPACE, 3) == 0) { p += 3; n -= 3; continue; }
        break;
    }
    for (;;) {
        if (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\r' || p[n - 1] == '\n')) {
            n--;
            continue;
        }
        if (n >= 3 && memcmp(p + n - 3, U_IDEO_SPACE, 3) == 0) { n -= 3; continue; }
        break;
    }
    *pp = p;
    *pn = n;
}

static const jc_code *find_label(const jc_code_table *t, const char *s, size_t n)
{
    for (size_t i = 0; i < t->count; i++) {
        const jc_code *c = &t->items[i];
        if (eq_n(s, n, c->code) || eq_n(s, n, c->zh) || eq_n(s, n, c->en)) return c;
    }
    return NULL;
}

static const jc_code *find_alias(const jc_code_table *t, const char *s, size_t n)
{
    for (size_t i = 0; i < N_ITEMS(aliases); i++) {
        if (aliases[i].table == t && eq_n(s, n, aliases[i].alias))
            return jc_code_by_code(t, aliases[i].code);
    }
    return NULL;
}

/* "汉" for 汉族. Accepted only when exactly one name matches, so that a short form that
 * could mean two groups is refused rather than guessed; with today's 56 names and exact
 * matching no two short forms coincide ("土" is 土族, "土家" is 土家族). */
static const jc_code *find_ethnicity_short(const char *s, size_t n)
{
    const jc_code *hit = NULL;
    int hits = 0;
    size_t zu = strlen(U_ZU);

    for (size_t i = 0; i < jc_ethnicities.count; i++) {
        const char *zh = jc_ethnicities.items[i].zh;
        size_t len = strlen(zh);
        if (len != n + zu || memcmp(zh + n, U_ZU, zu) != 0) continue;
        if (memcmp(zh, s, n) != 0) continue;
        hit = &jc_ethnicities.items[i];
        hits++;
    }
    return hits == 1 ? hit : NULL;
}

/* Excel turns the text "05" into the number 5; put the zero back. */
static const jc_code *find_ethnicity_unpadded(const char *s, size_t n)
{
    char code[3];
    if (n != 1 || s[0] < '1' || s[0] > '9') return NULL;
    code[0] = '0';
    code[1] = s[0];
    code[2] = '\0';
    return jc_code_by_code(&jc_ethnicities, code);
}

const jc_code *jc_code_find(const jc_code_table *t, const char *s)
{
    const jc_code *c = NULL;
    size_t n;

    if (!t || !s) goto cleanup;
    n = strlen(s);
    trim(&s, &n);
    if (n == 0) goto cleanup;
    c = find_label(t, s, n);
    if (!c) c = find_alias(t, s, n);
    if (c || t != &jc_ethnicities) goto cleanup;
    c = find_ethnicity_short(s, n);
    if (!c) c = find_ethnicity_unpadded(s, n);
cleanup:
    return c;
}

const jc_code *jc_code_by_code(const jc_code_table *t, const char *code)
{
    if (!t || !code) return NULL;
    for (size_t i = 0; i < t->count; i++) {
        if (strcmp(t->items[i].code, code) == 0) return &t->items[i];
    }
    return NULL;
}

int jc_education_le_junior(const char *code)
{
    if (!code) return 0;
    return strcmp(code, "70") == 0 || strcmp(code, "80") == 0 || strcmp(code, "90") == 0;
}
