/*
 * demo.c — the demo-data generator (demo.h). It plans an org tree for one district with
 * exactly o->orgs nodes, hangs the real streets, communities and villages of
 * util/divisions under the district committee, adds invented agencies, schools,
 * enterprises, social organizations, office buildings, parks, markets and internet
 * firms, then fills the branches with exactly o->members members whose make-up follows
 * the published national Party statistics below. Everything is drawn from xoshiro256**
 * generators seeded from o->seed (members each from their own stream, keyed by their
 * number), and nothing reads the clock: the same options give byte-identical rows.
 *
 * Speed (10,000,000 members in a few minutes): one transaction, cached prepared
 * statements, no allocation per row (each row is assembled in fixed buffers). Members
 * go in by ID number (a first pass draws every ID number and sorts), so the table and
 * the unique index on id_number grow at their right edge; on SQLite the other member
 * indexes are rebuilt by sorting after the load and foreign keys are not looked up row
 * by row (see drop_member_indexes and jc_demo_generate).
 *
 * ---- Published figures used (中共中央组织部《中国共产党党内统计公报》) -------------
 * Bulletin of 2025-06-30, figures as of 2024-12-31, quoted from China Daily
 * (cn.chinadaily.com.cn/a/202507/02/WS6864f7d9a3106af2b3c7223d.html, 2025-07-02) and
 * 纬度新闻网 (weidunews.com/article/2025-06-30/27089.html, 2025-06-30):
 *   members 10027.1万; women 3099.5万 (30.9%); minorities 773.4万 (7.7%);
 *   大专及以上 5778.6万 (57.6%);
 *   age: ≤30 1227.2万, 31–35 1076.4万, 36–40 1147.5万, 41–45 968.7万, 46–50 904.1万,
 *        51–55 941.2万, 56–60 864.6万, ≥61 2897.3万;
 *   occupation: 工人(工勤技能人员) 663.9万, 农牧渔民 2614.4万, 专业技术人员 1639.4万,
 *        管理人员 1156.3万, 党政机关工作人员 759.2万, 学生 262.2万, 其他职业人员 784.9万,
 *        离退休人员 2146.9万;
 *   recruited in 2024: 213.1万, of whom 35岁及以下 83.7%.
 * Bulletin of 2024-06-30 (as of 2023-12-31; 人民日报 2024-07-01 p.4): women among the
 *   members recruited in 2023: 45.9% (the 2024 share was not in the text we found).
 * The bulletins give no count of probationary members: probation lasts one year, so the
 * share recruited in the last year (213.1 / 10027.1 = 2.13%) stands in for it.
 * Everything else (the split inside ≥61, education inside 大专及以上, sex by age, the
 * mobile and lost-contact shares, ethnic weights among minorities, surname weights) is
 * a demo assumption, listed as such in docs/DEMO_DATA.md, calibrated so that the
 * totals above come out.
 */
#include "modules/demo/demo.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/date.h"
#include "domain/idnum.h"
#include "domain/org.h"
#include "modules/stats/stats.h"
#include "util/divisions.h"
#include "util/mem.h"
#include "util/pinyin.h"

#define PPM 1000000u
#define NATIONAL_SAMPLE 240
#define JC_NAME_BUF 192 /* org names: JC_ORG_NAME_MAX */

/* ---- Random numbers: splitmix64 to seed, xoshiro256** to draw ------------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Independent streams: the org plan, each member (stream = its number), the tables. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull) ^ 0x6A09E667F3BCC909ull;
    int i;
    for (i = 0; i < 4; i++) r->s[i] = splitmix(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

/* Uniform in [0, n), n >= 1 (multiply-shift; integer only, so identical everywhere). */
static uint32_t rng_below(rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in [lo, hi]. */
static long rng_range(rng *r, long lo, long hi)
{
    if (hi <= lo) return lo;
    return lo + (long)rng_below(r, (uint32_t)(hi - lo + 1));
}

/* True with probability ppm / 1e6. */
static int rng_ppm(rng *r, uint32_t ppm)
{
    return rng_below(r, PPM) < ppm;
}

/* Index drawn from cumulative weights cum[0..n) (cum[n-1] is the total). */
static int pick_cum(rng *r, const uint32_t *cum, int n)
{
    uint32_t x = rng_below(r, cum[n - 1]);
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (cum[mid] > x) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

/* Index drawn from plain weights w[0..n) (small tables; no precomputed sums). */
static int pick_w(rng *r, const uint32_t *w, int n)
{
    uint32_t total = 0, x;
    int i;
    for (i = 0; i < n; i++) total += w[i];
    x = rng_below(r, total);
    for (i = 0; i < n - 1; i++) {
        if (x < w[i]) return i;
        x -= w[i];
    }
    return n - 1;
}

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])
#define COUNT(arr) ((int)(sizeof(arr) / sizeof((arr)[0])))

/* ---- Fixed-buffer string building ----------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap; /* cap includes the NUL */
} sbuf;

static void sb_init(sbuf *b, char *mem, size_t cap)
{
    b->p = mem;
    b->len = 0;
    b->cap = cap;
    mem[0] = 0;
}

/* Appends as much as fits; the buffers are sized so nothing real is ever cut. */
static void sb_str(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) n = b->cap - b->len - 1;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

static void sb_uint(sbuf *b, unsigned long v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n < width) tmp[n++] = '0';
    while (n > 0 && b->len + 1 < b->cap) b->p[b->len++] = tmp[--n];
    b->p[b->len] = 0;
}

/* out = a b c d (NULL parts skipped), cut at cap like sb_str. */
static void cat(char *out, size_t cap, const char *a, const char *b, const char *c, const char *d)
{
    sbuf sb;
    sb_init(&sb, out, cap);
    if (a) sb_str(&sb, a);
    if (b) sb_str(&sb, b);
    if (c) sb_str(&sb, c);
    if (d) sb_str(&sb, d);
}

/* A code part: letter + number, zero-padded to width (B01, C003, U0001, G1). */
static void code_part(char *out, size_t cap, const char *letter, long n, int width)
{
    sbuf sb;
    sb_init(&sb, out, cap);
    sb_str(&sb, letter);
    sb_uint(&sb, (unsigned long)n, width);
}

/* Chinese numerals 1..99 as used in org names (第十二党支部); larger as digits. */
static void sb_cnum(sbuf *b, long n)
{
    static const char *const d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 1 || n > 99) {
        sb_uint(b, (unsigned long)(n < 0 ? 0 : n), 0);
        return;
    }
    if (n >= 20) sb_str(b, d[n / 10]);
    if (n >= 10) sb_str(b, "十");
    if (n % 10 || n < 10) sb_str(b, d[n % 10]);
}

/* Strip a suffix in place when present; returns 1 when it was there. */
static int strip_suffix(char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    if (n > k && memcmp(s + n - k, suf, k) == 0) {
        s[n - k] = 0;
        return 1;
    }
    return 0;
}

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/* An arena of 1 MiB blocks for the names, codes and paths of the tree (freed at once). */
typedef struct arena_block {
    struct arena_block *next;
    size_t used;
    char mem[1 << 20];
} arena_block;

static char *arena_dup(arena_block **a, const char *s)
{
    size_t n = strlen(s) + 1;
    char *p;
    if (!*a || (*a)->used + n > sizeof((*a)->mem)) {
        arena_block *b = xmalloc(sizeof *b);
        b->next = *a;
        b->used = 0;
        *a = b;
    }
    p = (*a)->mem + (*a)->used;
    memcpy(p, s, n);
    (*a)->used += n;
    return p;
}

static void arena_free(arena_block *a)
{
    while (a) {
        arena_block *n = a->next;
        free(a);
        a = n;
    }
}

/* ---- Names of people ------------------------------------------------------------------
 * Surname weights are approximate frequencies per thousand of the most common surnames
 * (a demo assumption, not a sourced figure); given names come from character lists by
 * sex and generation. Minority groups with non-Han naming get their own small lists. */

typedef struct wstr {
    const char *s;
    uint32_t w;
} wstr;

static const wstr SURNAMES[] = {
    {"王", 71}, {"李", 70}, {"张", 66}, {"刘", 54}, {"陈", 46}, {"杨", 31}, {"黄", 24},
    {"赵", 23}, {"吴", 20}, {"周", 20}, {"徐", 17}, {"孙", 15}, {"马", 15}, {"朱", 13},
    {"胡", 13}, {"郭", 12}, {"何", 12}, {"林", 11}, {"高", 11}, {"罗", 10}, {"郑", 10},
    {"梁", 9},  {"谢", 8},  {"宋", 7},  {"唐", 7},  {"许", 7},  {"韩", 7},  {"邓", 7},
    {"冯", 7},  {"曹", 6},  {"彭", 6},  {"曾", 6},  {"肖", 6},  {"田", 6},  {"董", 5},
    {"潘", 5},  {"袁", 5},  {"蔡", 5},  {"蒋", 5},  {"余", 5},  {"于", 5},  {"杜", 5},
    {"叶", 4},  {"程", 4},  {"魏", 4},  {"苏", 4},  {"吕", 4},  {"丁", 4},  {"任", 4},
    {"卢", 4},  {"姚", 4},  {"沈", 4},  {"钟", 4},  {"姜", 4},  {"崔", 3},  {"谭", 3},
    {"陆", 3},  {"范", 3},  {"汪", 3},  {"廖", 3},  {"石", 3},  {"金", 3},  {"韦", 3},
    {"贾", 3},  {"夏", 3},  {"付", 3},  {"方", 3},  {"邹", 2},  {"熊", 2},  {"白", 2},
    {"孟", 2},  {"秦", 2},  {"邱", 2},  {"侯", 2},  {"江", 2},  {"尹", 2},  {"薛", 2},
    {"闫", 2},  {"段", 2},  {"雷", 2},  {"龙", 2},  {"黎", 2},  {"史", 2},  {"陶", 2},
    {"贺", 2},  {"毛", 2},  {"郝", 2},  {"顾", 2},  {"龚", 2},  {"邵", 2},  {"万", 2},
    {"覃", 2},  {"武", 2},  {"钱", 2},  {"戴", 2},  {"严", 1},  {"莫", 1},  {"孔", 1},
    {"向", 1},  {"常", 1},  {"汤", 1},  {"康", 1},  {"乔", 1},  {"赖", 1},  {"文", 1},
    {"施", 1},  {"洪", 1},  {"牛", 1},  {"樊", 1},  {"葛", 1},  {"邢", 1},  {"安", 1},
    {"齐", 1},  {"伍", 1},  {"庞", 1},  {"颜", 1},  {"倪", 1},  {"单", 1},  {"欧阳", 1},
    {"上官", 1}, {"诸葛", 1},
};

/* Given-name characters: [sex][generation]; generation 0 born before 1965, 1 before
 * 1990, 2 later. */
static const char *const GIVEN_M0[] = {
    "国", "建", "华", "明", "军", "德", "文", "忠", "民", "平", "强", "林", "海", "春",
    "庆", "福", "荣", "生", "学", "志", "宝", "祥", "贵", "兴", "东", "成", "仁", "保",
    "金", "广", "永", "利", "胜", "友", "占", "才", "山", "良", "振", "卫", "红", "新"};
static const char *const GIVEN_M1[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "辉", "刚", "平", "斌", "波",
    "鹏", "宇", "浩", "飞", "峰", "俊", "凯", "亮", "健", "东", "志", "永", "建", "海",
    "林", "龙", "亚", "晓", "春", "立", "宏", "军", "锋", "文", "洪", "兵", "鑫", "俊"};
static const char *const GIVEN_M2[] = {
    "子", "轩", "浩", "宇", "睿", "泽", "晨", "一", "博", "文", "俊", "铭", "昊", "天",
    "梓", "航", "宸", "嘉", "锦", "然", "皓", "哲", "奕", "煜", "毅", "鑫", "翔", "诚",
    "瑞", "阳", "凯", "佳", "思", "远", "昕", "辰", "逸", "承", "骏", "宁", "鹏", "磊"};
static const char *const GIVEN_F0[] = {
    "秀", "英", "兰", "桂", "芳", "凤", "珍", "玉", "华", "淑", "红", "梅", "琴", "霞",
    "云", "莲", "素", "荣", "翠", "爱", "美", "萍", "丽", "清", "金", "春", "月", "敏"};
static const char *const GIVEN_F1[] = {
    "丽", "静", "敏", "燕", "艳", "娟", "霞", "芳", "娜", "玲", "红", "梅", "琳", "慧",
    "颖", "晶", "莉", "萍", "婷", "雪", "洁", "倩", "琴", "丹", "晓", "小", "海", "春"};
static const char *const GIVEN_F2[] = {
    "欣", "怡", "梓", "涵", "诗", "雨", "萱", "佳", "悦", "琪", "思", "若", "彤", "婧",
    "晴", "一", "可", "馨", "妍", "语", "璐", "雅", "子", "嘉", "月", "靖", "宁", "瑶"};

/* Uyghur and Kazakh: personal name · father's name. Tibetan: two two-syllable names. */
static const char *const UY_M[] = {"艾力", "买买提", "阿不都", "吐尔逊", "艾尼瓦尔", "热合曼",
                                   "伊力哈木", "阿迪力", "麦麦提", "努尔", "亚森", "依明"};
static const char *const UY_F[] = {"阿依古丽", "古丽娜尔", "帕提古丽", "米热阿依", "努尔古丽",
                                   "热孜万古丽", "再努尔", "阿依努尔", "古丽巴哈尔"};
static const char *const KZ_M[] = {"叶尔兰", "努尔兰", "阿斯哈尔", "别克", "哈那提", "叶尔江"};
static const char *const TB_M[] = {"扎西", "次仁", "多吉", "平措", "旺堆", "尼玛", "达瓦",
                                   "格桑", "罗布", "顿珠", "索朗", "强巴"};
static const char *const TB_F[] = {"卓玛", "央金", "拉姆", "德吉", "曲珍", "白玛", "次仁",
                                   "格桑", "尼玛", "达瓦", "央宗", "措姆"};
static const char *const MN_M[] = {"巴特尔", "额尔敦", "乌力吉", "朝鲁", "苏和", "那仁", "宝音"};
static const char *const MN_F[] = {"其其格", "乌云", "萨仁", "娜仁花", "斯琴", "高娃", "塔娜"};

/* GB 3304 codes "02".."56" weighted by the rough size of each group (tens of thousands,
 * 2020 census as we recall it — a demo assumption used only as relative weights). */
static const uint32_t MINORITY_W[55] = {
    629,  1138, 706, 1177, 1107, 983, 1957, 358, 170, 1042, /* 02..11 */
    350,  331,  209, 959,  173,  156, 133,  160, 76,  43,   /* 12..21 */
    75,   1,    50,  50,   77,   32,  16,   20,  28,  13,   /* 22..31 */
    28,   31,   13,  17,   12,   68,  19,   4,   4,   5,    /* 32..41 */
    4,    1,    2,   3,    2,    2,   2,    3,   1,   1,    /* 42..51 */
    1,    1,    1,   1,    3,                              /* 52..56 */
};

/* ---- Places, units and their names ---------------------------------------------------- */

static const char *const TRADE[] = {
    "华", "泰", "恒", "信", "瑞", "丰", "盛", "鑫", "宏", "达", "隆", "兴", "源", "金",
    "海", "天", "通", "远", "德", "润", "嘉", "和", "安", "康", "祥", "福", "宝", "晟",
    "昌", "荣", "辰", "星", "宇", "博", "创", "新", "汇", "融", "联", "中", "诚", "正",
    "伟", "业", "弘", "锦", "旭", "耀", "晨", "光", "明", "峰", "益", "佳", "立", "东",
    "方", "圣", "美", "启", "航", "腾", "翔", "驰", "凯", "豪", "振", "云", "港", "开",
    "元", "宁", "致", "智", "睿", "慧", "泽", "清", "永", "顺", "利", "万", "百", "乐",
    "欣", "悦", "银", "铭", "翰", "聚", "合", "众", "邦", "鼎", "卓", "越", "尚", "品"};
static const char *const INDUSTRY[] = {
    "物流", "科技", "建材", "食品", "机械", "化工", "电子", "纺织", "医药", "贸易",
    "建设工程", "房地产开发", "新材料", "海产品", "港口服务", "船舶工程", "国际货运代理",
    "环保科技", "能源", "装饰工程", "农业发展", "水产养殖", "餐饮管理", "物业管理",
    "酒店管理", "汽车销售服务", "人力资源", "广告传媒", "印务", "服饰", "家具", "光伏科技",
    "生物科技", "精密制造", "钢结构", "电力设备", "仓储", "冷链物流", "商贸", "旅游开发"};
static const char *const COMPANY_SUFFIX[] = {"有限公司", "有限公司", "有限公司", "有限公司",
                                             "股份有限公司", "有限责任公司", "集团有限公司"};
static const char *const SOE_INDUSTRY[] = {
    "港口", "城市建设投资", "交通控股", "水务", "燃气", "公共交通", "国有资产投资经营",
    "农业发展", "文化旅游", "供销", "粮食储备", "海洋开发", "产业投资", "盐业", "电力工程"};
static const char *const SOE_DEPT[] = {"机关", "第一车间", "第二车间", "生产部", "营销中心",
                                       "技术中心", "安全环保部", "物流部", "质检部", "财务部",
                                       "工程部", "运营中心"};
static const char *const NET_KIND[] = {"网络科技", "信息技术", "数字科技", "软件", "电子商务",
                                       "数据服务", "智能科技", "互联网科技", "云计算"};
static const char *const SOCIAL_KIND[] = {"律师事务所", "会计师事务所", "社会工作服务中心",
                                          "养老服务中心", "职业培训学校", "志愿服务中心",
                                          "税务师事务所", "物业管理协会", "个体劳动者协会",
                                          "餐饮行业协会", "物流行业协会", "慈善会"};
static const char *const BUILDING_KIND[] = {"大厦", "国际大厦", "商务中心", "金融中心",
                                            "科技大厦", "广场写字楼", "总部大楼"};
static const char *const PARK_KIND[] = {"电子商务产业园", "科技创业园", "物流园", "双创产业园",
                                        "海洋经济产业园", "现代服务业集聚区", "智能制造产业园"};
static const char *const MARKET_KIND[] = {"农贸市场", "商贸城", "步行街商圈", "建材市场",
                                          "水产品批发市场", "商业街", "购物中心"};
static const char *const SCHOOL_KIND[] = {"中心小学", "实验小学", "中学", "初级中学",
                                          "实验学校", "中心幼儿园", "社区卫生服务中心",
                                          "卫生院", "文化站", "便民服务中心"};
static const char *const COLLEGES[] = {"机电工程学院", "经济管理学院", "信息工程学院",
                                       "外国语学院", "艺术设计学院", "马克思主义学院",
                                       "建筑工程学院", "海洋工程学院", "化学工程学院",
                                       "医学院", "商学院", "体育学院"};

/* District agencies: name = pre + district name + post. */
typedef struct agency {
    const char *pre, *post;
} agency;
static const agency AGENCIES[] = {
    {"", "委办公室"}, {"", "人大常委会机关"}, {"", "人民政府办公室"}, {"政协", "委员会机关"},
    {"", "纪委监委机关"}, {"", "委组织部"}, {"", "委宣传部"}, {"", "委统战部"},
    {"", "委政法委员会"}, {"", "发展和改革委员会"}, {"", "教育局"}, {"", "科学技术局"},
    {"", "工业和信息化局"}, {"", "民政局"}, {"", "司法局"}, {"", "财政局"},
    {"", "人力资源和社会保障局"}, {"", "住房和城乡建设局"}, {"", "交通运输局"},
    {"", "水利局"}, {"", "农业农村局"}, {"", "商务局"}, {"", "文化广电和旅游局"},
    {"", "卫生健康委员会"}, {"", "退役军人事务局"}, {"", "应急管理局"}, {"", "审计局"},
    {"", "市场监督管理局"}, {"", "统计局"}, {"", "医疗保障局"}, {"", "信访局"},
    {"", "人民法院"}, {"", "人民检察院"}, {"", "总工会"}, {"共青团", "委员会"},
    {"", "妇女联合会"}, {"", "城市管理局"}, {"", "行政审批局"}, {"", "机关事务管理中心"},
    {"", "政务服务管理办公室"},
};
static const char *const GOV_INST[] = {
    "政务服务中心", "不动产登记中心", "融媒体中心", "城市管理综合执法大队", "档案馆",
    "图书馆", "文化馆", "疾病预防控制中心", "人民医院", "中医院", "妇幼保健院",
    "社会保险服务中心", "公共就业服务中心", "农业技术推广中心", "环境卫生管理所",
    "市政设施管理所", "退役军人服务中心", "数据资源管理中心", "社会福利院", "殡仪馆"};

/* Mobile members' destinations: prefecture-level city codes (names come from the
 * division tables). */
static const int DESTINATIONS[] = {4403, 4401, 3101, 1101, 3201, 3205, 3301, 4419, 3202, 3702,
                                   1201, 5001, 3502, 4406, 3302, 5101, 4201, 3401, 3206, 3203};

/* Mobile numbering prefixes (three digits) of the mainland operators. */
static const uint16_t PHONE_PREFIX[] = {130, 131, 132, 133, 134, 135, 136, 137, 138, 139,
                                        150, 151, 152, 153, 155, 156, 157, 158, 159, 166,
                                        173, 175, 176, 177, 178, 180, 181, 182, 183, 184,
                                        185, 186, 187, 188, 189, 191, 193, 195, 198, 199};

/* ---- Member statistics ------------------------------------------------------------------ */

/* Age brackets of the bulletin (≤30, 31–35, …, 56–60, ≥61), members in units of 1000. */
#define NBANDS 8
static const uint32_t AGE_BAND_COUNT[NBANDS] = {12272, 10764, 11475, 9687, 9041, 9412, 8646, 28973};
static const int AGE_BAND_LO[NBANDS] = {18, 31, 36, 41, 46, 51, 56, 61};
static const int AGE_BAND_HI[NBANDS] = {30, 35, 40, 45, 50, 55, 60, 100};
/* Ages 18..30 inside the first bracket: few join at 18–20 (assumption). */
static const uint32_t AGE_LE30_W[13] = {1, 2, 4, 6, 8, 10, 10, 10, 10, 10, 10, 10, 10};
/* ≥61 split 61–70 / 71–80 / 81–90 / 91–100 (assumption). */
static const uint32_t AGE_OLD_W[4] = {45, 35, 17, 3};
/* Age profile of members recruited in the last year: 83.7% are ≤35 (bulletin); the
 * split of that and the rest is an assumption. Per mille by bracket. */
static const uint32_t NEW_AGE_W[NBANDS] = {700, 137, 80, 50, 23, 10, 0, 0};
/* Students in student branches, ages 18..26 (assumption). */
static const uint32_t STUDENT_AGE_W[9] = {2, 8, 14, 16, 14, 10, 8, 6, 4};
/* Women by bracket (ppm), assumption calibrated to the bulletin's 30.9%. */
static const uint32_t FEMALE_BY_BAND[NBANDS] = {430000, 420000, 330000, 320000,
                                                310000, 260000, 260000, 215000};
#define FEMALE_NEW 459000u     /* 2023 bulletin: women among new members */
#define FEMALE_STUDENT 560000u /* assumption */
#define MINORITY_PPM 77130u    /* 773.4 / 10027.1 */
#define PROBATIONARY_PPM 21250u /* 213.1 / 10027.1 */
#define STUDENT_PROB_PPM 200000u /* assumption: student branches recruit more */
#define MOBILE_PPM 19000u      /* among members ≤ 70: ≈1.5% of all (assumption) */
#define LOST_PPM 3000u
#define OVERDUE_PROB_PPM 40000u /* probationary members whose year is up */

enum { J_WORKER, J_FARMER, J_PROF, J_MANAGER, J_OFFICIAL, J_STUDENT, J_OTHER, J_RETIRED, J_COUNT };
static const char *const JOB_LABEL[J_COUNT] = {"工人（工勤技能人员）", "农牧渔民", "专业技术人员",
                                               "管理人员", "党政机关工作人员", "学生",
                                               "其他职业人员", "离退休人员"};
/* P(大专及以上) by occupation (ppm), assumption calibrated to the bulletin's 57.6%. */
static const uint32_t COLLEGE_BY_JOB[J_COUNT] = {350000, 190000, 950000, 880000,
                                                 970000, 1000000, 560000, 520000};
/* Inside 大专及以上: 研究生 / 本科 / 专科 per mille by occupation (assumption). */
static const uint32_t COLLEGE_SPLIT[J_COUNT][3] = {
    {10, 250, 740}, {0, 250, 750}, {150, 600, 250}, {80, 550, 370},
    {120, 700, 180}, {250, 600, 150}, {30, 400, 570}, {30, 400, 570}};
/* Below 大专: 41 中专, 44 职高, 47 技校, 60 高中, 70 初中, 80 小学, 90 其他 (assumption). */
static const char *const LOW_EDU[7] = {"41", "44", "47", "60", "70", "80", "90"};
static const uint32_t LOW_EDU_W[3][7] = {
    {250, 50, 50, 350, 220, 70, 10},   /* most */
    {80, 20, 20, 250, 450, 170, 10},   /* farmers */
    {100, 10, 10, 250, 350, 260, 20}}; /* aged 75 and over */

/* Field of an org. F_NONE: public institutions (schools, clinics) — no field. */
enum {
    F_NONE, F_VILLAGE, F_COMMUNITY, F_GOVERNMENT, F_SOE, F_UNIVERSITY, F_PRIVATE, F_SOCIAL,
    F_BUILDING, F_PARK, F_MARKET, F_INTERNET, F_COUNT
};
static const char *const FIELD_CODE[F_COUNT] = {
    NULL, "village", "community", "government", "soe", "university", "private_enterprise",
    "social_org", "office_building", "park", "market", "internet"};
/* Share of members by field, per 10000 (assumption, tuned so the occupation mix comes
 * out near the bulletin's). */
static const uint32_t FIELD_SHARE[F_COUNT] = {700, 3200, 1700, 1100, 800, 300,
                                             1100, 200, 300, 250, 150, 200};
/* Occupations of working-age members by field (per mille; assumption). */
static const uint32_t JOB_BY_FIELD[F_COUNT][J_COUNT] = {
    /* W    F    P    M    O    S  Oth  R */
    {80, 0, 800, 100, 0, 0, 20, 0},      /* none: schools, clinics */
    {50, 820, 20, 30, 0, 0, 80, 0},      /* village */
    {150, 30, 350, 300, 0, 0, 170, 0},   /* community */
    {40, 0, 60, 0, 900, 0, 0, 0},        /* government */
    {300, 0, 350, 350, 0, 0, 0, 0},      /* soe */
    {50, 0, 800, 150, 0, 0, 0, 0},       /* university staff */
    {250, 0, 350, 350, 0, 0, 50, 0},     /* private enterprise */
    {0, 0, 450, 450, 0, 0, 100, 0},      /* social org */
    {0, 0, 450, 450, 0, 0, 100, 0},      /* office building */
    {250, 0, 400, 350, 0, 0, 0, 0},      /* park */
    {100, 0, 0, 400, 0, 0, 500, 0},      /* market */
    {0, 0, 650, 330, 0, 0, 20, 0},       /* internet */
};

/* Org types, as stored. */
enum { T_COMMITTEE, T_WORKING, T_GENERAL, T_BRANCH, T_JOINT, T_TEMPORARY, T_GROUP };
static const char *const TYPE_CODE[] = {"committee", "working_committee", "general_branch",
                                        "branch", "joint_branch", "temporary_branch", "group"};

static int is_branch_type(int t)
{
    return t == T_BRANCH || t == T_JOINT || t == T_TEMPORARY;
}

/* ---- The generator's state --------------------------------------------------------------- */

#define NODE_STUDENT 1 /* a student branch of a university */
#define NODE_RESIDENT 2 /* lives in its real community/village (address) */

typedef struct node {
    int32_t parent, first_child, last_child, next_sib;
    int32_t nchildren;   /* so far; gives sort_order */
    int32_t nunits;      /* generated units so far, for their codes U0001, ... */
    int32_t street;      /* index into jc_streets, -1 */
    int32_t village;     /* index into jc_villages for the address, -1 */
    int32_t unit_count;
    int32_t committee_size; /* -1: NULL */
    int32_t ngroups, first_group;
    int32_t sort_order, depth;
    int64_t id;
    long members, full_members, first_member; /* first_member: 0-based member number */
    long founded, term_start;                 /* day numbers (term_start unused for groups) */
    uint8_t type, field, flags;
    const char *code, *name, *unit_name, *secretary, *path;
} node;

/* A place in the ID-number address pool. */
typedef struct id_area {
    const jc_area *a;
    const char *pc;  /* 江苏省连云港市: native place of people registered there */
    uint16_t *count; /* [day][sex] numbers given out; allocated on first use */
} id_area;

typedef struct gen {
    jc_db *db;
    jc_demo_opts o;
    const jc_area *district;
    char dname[64];     /* 连云区 */
    char cityshort[64]; /* 连云港 */
    long today;         /* day number */
    char created_at[24];

    /* tree */
    node *nodes;
    long nnodes, cap;
    arena_block *arena;
    size_t street_first, street_count, streets_used;
    int32_t *street_node; /* node of each used street */
    int32_t agency_parent;
    long njoint;          /* joint branches so far (the first two cover > 5 units) */
    long name_seq;        /* numbers the public institutions */
    long name_extra;      /* numbers the rare names that stay taken after redraws */
    uint64_t *names;      /* open-addressing set of hashes of generated unit names */
    size_t names_cap;     /* a power of two, over twice the orgs */

    /* real units of the district: village indices, all and per street */
    int32_t *res_all;
    long nres_all;
    int32_t *res_first, *res_count; /* per district street: slice of res_all */
    char **res_prefix;              /* address prefix of each jc_villages entry (NULL else) */

    /* tables */
    uint32_t surname_cum[COUNT(SURNAMES)];
    uint32_t minority_cum[55];
    uint32_t regular_band_w[NBANDS];
    uint32_t prob_ppm; /* probationary share outside student branches */
    id_area *areas;
    int nareas;
    uint32_t *area_cum;
    long birth_lo;        /* earliest birth day number in the counters */
    long birth_days;      /* span of the counters */
    const char *dest_pc[COUNT(DESTINATIONS)];
    int ndest;
} gen;

/* ---- Dates --------------------------------------------------------------------------------- */

static long to_days(jc_date d)
{
    return jc_date_to_days(d);
}

static long add_years_days(long days, int years)
{
    return jc_date_to_days(jc_date_add_years(jc_date_from_days(days), years));
}

static void fmt_days(long days, char *out)
{
    jc_date_format(jc_date_from_days(days), out);
}

/* A founding or term day in [lo, hi], clamped to today. */
static long day_between(rng *r, long lo, long hi, long today)
{
    if (hi > today) hi = today;
    if (lo > hi) lo = hi;
    return rng_range(r, lo, hi);
}

static long year_start(int y)
{
    jc_date d = {y, 1, 1};
    return to_days(d);
}

/* ---- Names ----------------------------------------------------------------------------- */

static void han_name(gen *g, rng *r, int female, int birth_year, sbuf *b)
{
    int gen_ix = birth_year < 1965 ? 0 : birth_year < 1990 ? 1 : 2;
    int single = rng_ppm(r, gen_ix == 1 ? 250000 : gen_ix == 0 ? 280000 : 120000);
    const char *const *tab;
    int n, k;
    sb_str(b, SURNAMES[pick_cum(r, g->surname_cum, COUNT(SURNAMES))].s);
    if (female) {
        tab = gen_ix == 0 ? GIVEN_F0 : gen_ix == 1 ? GIVEN_F1 : GIVEN_F2;
        n = gen_ix == 0 ? COUNT(GIVEN_F0) : gen_ix == 1 ? COUNT(GIVEN_F1) : COUNT(GIVEN_F2);
    } else {
        tab = gen_ix == 0 ? GIVEN_M0 : gen_ix == 1 ? GIVEN_M1 : GIVEN_M2;
        n = gen_ix == 0 ? COUNT(GIVEN_M0) : gen_ix == 1 ? COUNT(GIVEN_M1) : COUNT(GIVEN_M2);
    }
    k = (int)rng_below(r, (uint32_t)n);
    sb_str(b, tab[k]);
    if (!single) {
        int k2 = (int)rng_below(r, (uint32_t)n);
        if (k2 == k) k2 = (k2 + 1) % n;
        sb_str(b, tab[k2]);
    }
}

/* A member's name given sex, ethnicity and birth year. */
static void person_name(gen *g, rng *r, int female, int eth, int birth_year, sbuf *b)
{
    if (eth == 5 || eth == 17) { /* Uyghur, Kazakh */
        if (female) sb_str(b, PICK(r, UY_F));
        else sb_str(b, eth == 17 ? PICK(r, KZ_M) : PICK(r, UY_M));
        sb_str(b, "·");
        sb_str(b, eth == 17 ? PICK(r, KZ_M) : PICK(r, UY_M));
        return;
    }
    if (eth == 4) { /* Tibetan */
        sb_str(b, female ? PICK(r, TB_F) : PICK(r, TB_M));
        sb_str(b, female ? PICK(r, TB_F) : PICK(r, TB_M));
        return;
    }
    if (eth == 2 && rng_ppm(r, 500000)) { /* Mongol: half keep a Mongolian name */
        sb_str(b, female ? PICK(r, MN_F) : PICK(r, MN_M));
        return;
    }
    han_name(g, r, female, birth_year, b);
}

/* Two different trade-name characters, e.g. 华泰. */
static void trade_name(rng *r, sbuf *b)
{
    int a = (int)rng_below(r, COUNT(TRADE)), c = (int)rng_below(r, COUNT(TRADE) - 1);
    if (c >= a) c++;
    sb_str(b, TRADE[a]);
    sb_str(b, TRADE[c]);
}

/* ---- Reference data ------------------------------------------------------------------ */

/* "东园社区居委会" → "东园社区", "李庄村委会" → "李庄村". Returns 1 for a village. */
static int unit_short(const char *full, char *out, size_t cap)
{
    int village = strstr(full, "村委会") != NULL || strstr(full, "村民委员会") != NULL;
    snprintf(out, cap, "%s", full);
    if (!strip_suffix(out, "村民委员会") && !strip_suffix(out, "村委会") &&
        !strip_suffix(out, "居民委员会") && !strip_suffix(out, "居委会"))
        strip_suffix(out, "委员会");
    if (village) {
        if (!ends_with(out, "村")) snprintf(out + strlen(out), cap - strlen(out), "村");
    } else if (!ends_with(out, "社区")) {
        snprintf(out + strlen(out), cap - strlen(out), "社区");
    }
    return village;
}

/* "墟沟街道" → "墟沟", "川沙新镇" → "川沙". */
static void place_short(const char *full, char *out, size_t cap)
{
    snprintf(out, cap, "%s", full);
    if (!strip_suffix(out, "街道") && !strip_suffix(out, "新镇") && !strip_suffix(out, "镇") &&
        !strip_suffix(out, "乡") && !strip_suffix(out, "社区") && !strip_suffix(out, "村"))
        strip_suffix(out, "农场");
    if (!out[0]) snprintf(out, cap, "%s", full);
}

/* Province + city as written in addresses and places: 江苏省连云港市, 上海市. */
static void prov_city(const jc_area *a, char *out, size_t cap)
{
    if (strcmp(a->province, a->city) == 0) snprintf(out, cap, "%s", a->province);
    else snprintf(out, cap, "%s%s", a->province, a->city);
}

static int usable_village(size_t i)
{
    return strstr(jc_villages[i].name, "虚拟") == NULL &&
           (i == 0 || jc_villages[i].code != jc_villages[i - 1].code);
}

static int setup_places(gen *g, jc_err *err)
{
    size_t s, i, first, count;
    char pc[128], sh[96];
    g->res_first = xcalloc(g->street_count, sizeof *g->res_first);
    g->res_count = xcalloc(g->street_count, sizeof *g->res_count);
    g->res_all = xcalloc(jc_villages_count + 1, sizeof *g->res_all);
    g->res_prefix = xcalloc(jc_villages_count, sizeof *g->res_prefix);
    prov_city(g->district, pc, sizeof pc);
    for (s = 0; s < g->street_count; s++) {
        size_t si = g->street_first + s;
        g->res_first[s] = (int32_t)g->nres_all;
        if (jc_street_villages(si, &first, &count) != JC_OK) continue;
        for (i = first; i < first + count; i++) {
            char addr[512];
            if (!usable_village(i)) continue;
            unit_short(jc_villages[i].name, sh, sizeof sh);
            cat(addr, sizeof addr, pc, g->district->name, jc_streets[si].name, sh);
            g->res_prefix[i] = arena_dup(&g->arena, addr);
            g->res_all[g->nres_all++] = (int32_t)i;
            g->res_count[s]++;
        }
    }
    if (g->nres_all == 0)
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "DEMO_DISTRICT", "district", "",
                       "该区县没有村居数据", "the district has no communities or villages");
    return JC_OK;
}

/* ID-number address pool: the district itself (45%), the rest of its city (20%), the
 * rest of its province (20%) and a sample of the country (15%; every k-th area, so the
 * sample is fixed). Weights are a demo assumption. */
static void setup_areas(gen *g)
{
    size_t i;
    int own_city = g->district->code / 100, own_prov = g->district->code / 10000, a;
    char pc[128];
    long ncity = 0, nprov = 0, nnat = 0, step, k = 0, nsel = 0;
    uint32_t total;
    for (i = 0; i < jc_areas_count; i++) {
        int c = jc_areas[i].code;
        if (c == g->district->code) continue;
        if (c / 100 == own_city) ncity++;
        else if (c / 10000 == own_prov) nprov++;
        else nnat++;
    }
    step = nnat > NATIONAL_SAMPLE ? nnat / NATIONAL_SAMPLE : 1;
    /* in code order (the own district at its place), so the pool index sorts like codes */
    g->areas = xcalloc(1 + (size_t)(ncity + nprov) + NATIONAL_SAMPLE, sizeof *g->areas);
    g->area_cum = xcalloc(1 + (size_t)(ncity + nprov) + NATIONAL_SAMPLE, sizeof *g->area_cum);
    total = 0;
    for (i = 0; i < jc_areas_count; i++) {
        int c = jc_areas[i].code;
        uint32_t w;
        if (c == g->district->code) {
            w = 450000;
        } else if (c / 100 == own_city) {
            w = (uint32_t)(200000 / ncity);
        } else if (c / 10000 == own_prov) {
            w = (uint32_t)(200000 / nprov);
        } else {
            long kk = k++;
            if (kk % step != 0 || nsel >= NATIONAL_SAMPLE) continue;
            nsel++;
            w = 150000 / NATIONAL_SAMPLE;
        }
        g->areas[g->nareas].a = &jc_areas[i];
        total += w ? w : 1;
        g->area_cum[g->nareas++] = total;
    }
    for (a = 0; a < g->nareas; a++) {
        prov_city(g->areas[a].a, pc, sizeof pc);
        g->areas[a].pc = arena_dup(&g->arena, pc);
    }
    g->birth_lo = to_days(jc_date_add_years(jc_date_from_days(g->today), -101));
    g->birth_days = g->today - g->birth_lo + 1;
    for (i = 0; i < (size_t)COUNT(DESTINATIONS); i++) {
        size_t j;
        if (DESTINATIONS[i] == own_city) continue;
        for (j = 0; j < jc_areas_count; j++) {
            if (jc_areas[j].code / 100 != DESTINATIONS[i]) continue;
            prov_city(&jc_areas[j], pc, sizeof pc);
            g->dest_pc[g->ndest++] = arena_dup(&g->arena, pc);
            break;
        }
    }
}

static void setup_tables(gen *g)
{
    uint32_t t = 0;
    int i;
    for (i = 0; i < COUNT(SURNAMES); i++) g->surname_cum[i] = t += SURNAMES[i].w;
    t = 0;
    for (i = 0; i < 55; i++) g->minority_cum[i] = t += MINORITY_W[i];
}

/* Age weights for members outside student branches who are not new: the bulletin's
 * brackets less the part that new (probationary) members and students take, so that
 * the whole archive comes out at the published brackets. student_ppm: students' share. */
static void setup_ages(gen *g, uint32_t student_ppm)
{
    uint64_t total = 0;
    int b;
    for (b = 0; b < NBANDS; b++) total += AGE_BAND_COUNT[b];
    /* probationary share outside student branches, so that the whole comes to 2.13% */
    {
        int64_t p = (int64_t)PROBATIONARY_PPM * PPM - (int64_t)STUDENT_PROB_PPM * student_ppm;
        int64_t rest = (int64_t)PPM - student_ppm;
        g->prob_ppm = rest > 0 && p > 0 ? (uint32_t)(p / rest) : 0;
    }
    for (b = 0; b < NBANDS; b++) {
        int64_t w = (int64_t)AGE_BAND_COUNT[b] * PPM / (int64_t)total;
        w -= (int64_t)g->prob_ppm * (PPM - student_ppm) / PPM * NEW_AGE_W[b] / 1000;
        if (b == 0) w -= student_ppm;
        g->regular_band_w[b] = w > 1000 ? (uint32_t)w : 1000;
    }
}

/* ---- The tree ---------------------------------------------------------------------------
 * Planning and building are one function run twice: with build == 0 it only counts the
 * containers (general branches and committees that hold branches) a given number of
 * branches needs, so the planner can choose the branch count that makes the total come
 * to exactly o->orgs; with build == 1 it creates the nodes. The structure draws come
 * from one stream (identical in both runs); names, dates and the like from another. */

enum { STREAM_PLAN = 1, STREAM_NAMES = 2, STREAM_SIZES = 3, STREAM_MEMBER = 1000 };

/* Kinds of unit, which decide names, founding years and the split into branches. */
enum {
    K_COMMUNITY, K_VILLAGE, K_AGENCY, K_STREET_OFFICE, K_GOV_INST, K_INSTITUTION, K_SOE,
    K_PRIVATE, K_INTERNET, K_SOCIAL, K_BUILDING, K_PARK, K_MARKET, K_UNIVERSITY
};
static const int KIND_YEARS[][2] = {
    {1985, 2020}, {1950, 1985}, {1950, 2000}, {1980, 2010}, {1985, 2015}, {1955, 2010},
    {1955, 2012}, {1998, 2023}, {2012, 2024}, {2005, 2023}, {2008, 2023}, {2006, 2022},
    {1995, 2020}, {1978, 2005}};

static int32_t add_node(gen *g, int32_t parent, int type, int field, const char *part,
                        const char *name, const char *unit_name, long founded, rng *rn)
{
    node *n, *p = parent >= 0 ? &g->nodes[parent] : NULL;
    char code[64];
    int32_t ix;
    assert(g->nnodes < g->cap);
    ix = (int32_t)g->nnodes++;
    n = &g->nodes[ix];
    memset(n, 0, sizeof *n);
    n->parent = parent;
    n->first_child = n->last_child = n->next_sib = -1;
    n->street = p ? p->street : -1;
    n->village = p ? p->village : -1;
    n->committee_size = -1;
    n->first_group = -1;
    n->unit_count = 1;
    n->type = (uint8_t)type;
    n->field = (uint8_t)field;
    n->flags = p ? (uint8_t)(p->flags & NODE_RESIDENT) : 0;
    if (p) {
        cat(code, sizeof code, p->code, ".", part, NULL);
        n->depth = p->depth + 1;
        n->sort_order = p->nchildren++;
        if (p->last_child >= 0) g->nodes[p->last_child].next_sib = ix;
        else p->first_child = ix;
        p->last_child = ix;
        if (founded < p->founded) founded = p->founded;
    } else {
        cat(code, sizeof code, part, NULL, NULL, NULL);
    }
    n->code = arena_dup(&g->arena, code);
    n->name = arena_dup(&g->arena, name);
    n->unit_name = unit_name && *unit_name ? arena_dup(&g->arena, unit_name) : NULL;
    n->founded = founded > g->today ? g->today : founded;
    if (type != T_GROUP) {
        /* ORG-06 term: mostly current; about 7% overdue so ORG-06 alerts appear, and
         * those ending within 6 months give ORG-07 reminders by themselves. */
        int years = jc_org_term_years(TYPE_CODE[type], FIELD_CODE[field]);
        long span = years * 365L;
        long ts = rng_ppm(rn, 70000) ? g->today - span - rng_range(rn, 20, 540)
                                     : g->today - rng_range(rn, 0, span - 1);
        char sec[64];
        sbuf sb;
        n->term_start = ts < n->founded ? n->founded : ts;
        sb_init(&sb, sec, sizeof sec);
        han_name(g, rn, rng_ppm(rn, 280000), 1965 + (int)rng_below(rn, 25), &sb);
        n->secretary = arena_dup(&g->arena, sec);
    }
    return ix;
}

static long founded_in(gen *g, rng *rn, int kind)
{
    return day_between(rn, year_start(KIND_YEARS[kind][0]), year_start(KIND_YEARS[kind][1] + 1) - 1,
                       g->today);
}

/* A child's founding: on or after the parent's, within `years`. */
static long founded_after(gen *g, rng *rn, int32_t parent, int years)
{
    long f = g->nodes[parent].founded;
    return day_between(rn, f, f + years * 365L, g->today);
}

/* Branch counts by field for B branches: largest remainder over FIELD_SHARE, with the
 * real-unit fields capped at 40 branches a community or village and universities only
 * when there are enough branches for one (else their share goes to institutions). */
static void split_fields(long B, const long *cap, long *bf)
{
    uint64_t rem[F_COUNT];
    long given = 0, excess = 0, left;
    int f;
    uint32_t total = 0, open_total;
    for (f = 0; f < F_COUNT; f++) total += FIELD_SHARE[f];
    for (f = 0; f < F_COUNT; f++) {
        uint64_t q = (uint64_t)B * FIELD_SHARE[f];
        bf[f] = (long)(q / total);
        rem[f] = q % total;
        given += bf[f];
    }
    while (given < B) { /* largest remainder; ties to the lower field index */
        int best = 0;
        for (f = 1; f < F_COUNT; f++)
            if (rem[f] > rem[best]) best = f;
        bf[best]++;
        rem[best] = 0;
        given++;
    }
    if (bf[F_UNIVERSITY] < 8) {
        bf[F_NONE] += bf[F_UNIVERSITY];
        bf[F_UNIVERSITY] = 0;
    }
    for (f = 0; f < F_COUNT; f++) {
        if (cap[f] >= 0 && bf[f] > cap[f]) {
            excess += bf[f] - cap[f];
            bf[f] = cap[f];
        }
    }
    /* Spread the excess over the uncapped fields in proportion, the rest one each. */
    open_total = 0;
    for (f = 0; f < F_COUNT; f++)
        if (cap[f] < 0 && f != F_UNIVERSITY) open_total += FIELD_SHARE[f];
    left = excess;
    for (f = 0; f < F_COUNT && excess > 0; f++) {
        long add;
        if (cap[f] >= 0 || f == F_UNIVERSITY) continue;
        add = (long)((uint64_t)excess * FIELD_SHARE[f] / open_total);
        bf[f] += add;
        left -= add;
    }
    for (f = 0; left > 0; f = (f + 1) % F_COUNT) {
        if (cap[f] >= 0 || f == F_UNIVERSITY) continue;
        bf[f]++;
        left--;
    }
}

/* The real communities and villages on the streets in use, round-robin across streets
 * so that a prefix of the list is spread over the district. */
static long real_units(gen *g, int want_village, int32_t *out)
{
    long n = 0, k, more = 1;
    size_t s;
    for (k = 0; more; k++) {
        more = 0;
        for (s = 0; s < g->streets_used; s++) {
            int32_t v;
            char sh[96];
            if (k >= g->res_count[s]) continue;
            more = 1;
            v = g->res_all[g->res_first[s] + k];
            if (unit_short(jc_villages[v].name, sh, sizeof sh) == want_village) {
                if (out) out[n] = v;
                n++;
            }
        }
    }
    return n;
}

/* Size (number of branches) of a generated unit of this kind (plan stream). */
static long unit_size(rng *rp, int kind)
{
    uint32_t x = rng_below(rp, 1000);
    switch (kind) {
    case K_SOE: return x < 600 ? 1 : x < 880 ? rng_range(rp, 2, 4) : rng_range(rp, 5, 10);
    case K_PRIVATE: return x < 880 ? 1 : x < 970 ? rng_range(rp, 2, 3) : rng_range(rp, 4, 8);
    case K_INTERNET: return x < 850 ? 1 : rng_range(rp, 2, 4);
    case K_INSTITUTION: return x < 850 ? 1 : rng_range(rp, 2, 4);
    case K_GOV_INST: return x < 800 ? 1 : rng_range(rp, 2, 3);
    case K_BUILDING: return x < 850 ? 1 : rng_range(rp, 2, 5);
    case K_PARK: return x < 650 ? 1 : rng_range(rp, 3, 10);
    default: return 1;
    }
}

static int kind_of_field(int f)
{
    static const int k[F_COUNT] = {K_INSTITUTION, K_VILLAGE, K_COMMUNITY, K_GOV_INST, K_SOE,
                                   K_UNIVERSITY, K_PRIVATE, K_SOCIAL, K_BUILDING, K_PARK,
                                   K_MARKET, K_INTERNET};
    return k[f];
}

/* A street for a generated unit: weighted by its communities and villages. */
static int32_t pick_street_node(gen *g, rng *rn)
{
    long total = 0, x;
    size_t s;
    if (!g->streets_used) return 0; /* the root */
    for (s = 0; s < g->streets_used; s++) total += g->res_count[s] + 3;
    x = (long)rng_below(rn, (uint32_t)total);
    for (s = 0; s < g->streets_used; s++) {
        x -= g->res_count[s] + 3;
        if (x < 0) break;
    }
    if (s >= g->streets_used) s = g->streets_used - 1;
    return g->street_node[s];
}

/* Next unit code under a parent: U0001, U0002, ... */
static void unit_code(gen *g, int32_t parent, char *out, size_t cap)
{
    code_part(out, cap, "U", ++g->nodes[parent].nunits, 4);
}

/* Generated unit names (names stream). unit: the body's own name; sh: what org names are
 * built on. */
static void gen_unit_name(gen *g, rng *rn, int kind, int32_t parent, char *unit, char *sh,
                          size_t cap)
{
    sbuf u, s;
    char place[96];
    const node *p = &g->nodes[parent];
    sb_init(&u, unit, cap);
    sb_init(&s, sh, cap);
    if (p->street >= 0) place_short(jc_streets[p->street].name, place, sizeof place);
    else place_short(g->dname, place, sizeof place);
    switch (kind) {
    case K_SOE:
        sb_str(&u, g->cityshort);
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, SOE_INDUSTRY));
        sb_str(&u, "集团有限公司");
        break;
    case K_INTERNET:
        sb_str(&u, g->cityshort);
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, NET_KIND));
        sb_str(&u, "有限公司");
        break;
    case K_SOCIAL:
        sb_str(&u, rng_ppm(rn, 500000) ? g->cityshort : g->dname);
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, SOCIAL_KIND));
        break;
    case K_BUILDING:
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, BUILDING_KIND));
        break;
    case K_PARK:
        sb_str(&u, g->dname);
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, PARK_KIND));
        break;
    case K_MARKET:
        sb_str(&u, rng_ppm(rn, 500000) ? place : "");
        if (!u.len) trade_name(rn, &u);
        sb_str(&u, PICK(rn, MARKET_KIND));
        break;
    case K_INSTITUTION: {
        /* 连云区 + 墟沟 or a community of the street (东园) + [第N] + 中心小学 */
        const char *k = PICK(rn, SCHOOL_KIND);
        long si = p->street >= 0 ? (long)((size_t)p->street - g->street_first) : -1;
        sb_str(&u, g->dname);
        if (si >= 0 && g->res_count[si] > 0 && rng_ppm(rn, 600000)) {
            char vs[96];
            long at = g->res_first[si] + (long)rng_below(rn, (uint32_t)g->res_count[si]);
            unit_short(jc_villages[g->res_all[at]].name, vs, sizeof vs);
            place_short(vs, place, sizeof place);
        }
        sb_str(&u, place);
        if (rng_ppm(rn, 600000)) {
            sb_str(&u, "第");
            sb_cnum(&u, 2 + (long)rng_below(rn, rng_ppm(rn, 700000) ? 8 : 28));
        }
        sb_str(&u, k);
        break;
    }
    case K_GOV_INST:
        sb_str(&u, g->dname);
        sb_str(&u, GOV_INST[g->name_seq % COUNT(GOV_INST)]);
        if (g->name_seq >= COUNT(GOV_INST)) {
            sb_str(&u, "第");
            sb_cnum(&u, g->name_seq / COUNT(GOV_INST) + 1);
            sb_str(&u, "分中心");
        }
        g->name_seq++;
        break;
    case K_UNIVERSITY:
        sb_str(&u, g->cityshort);
        trade_name(rn, &u);
        sb_str(&u, rng_ppm(rn, 600000) ? "职业技术学院" : "学院");
        break;
    default: /* K_PRIVATE */
        sb_str(&u, g->cityshort);
        trade_name(rn, &u);
        sb_str(&u, PICK(rn, INDUSTRY));
        sb_str(&u, PICK(rn, COMPANY_SUFFIX));
        break;
    }
    sb_str(&s, unit);
}

/* 1 when this name was generated before (FNV-1a hash; a clash of hashes only costs a
 * redraw); else records it and returns 0. */
static int name_taken(gen *g, const char *name)
{
    uint64_t h = 0xCBF29CE484222325ull;
    size_t i;
    for (; *name; name++) h = (h ^ (unsigned char)*name) * 0x100000001B3ull;
    if (!h) h = 1;
    for (i = (size_t)h & (g->names_cap - 1); g->names[i]; i = (i + 1) & (g->names_cap - 1))
        if (g->names[i] == h) return 1;
    g->names[i] = h;
    return 0;
}

/* A generated unit name not used before in this run: redraw a few times, then number. */
static void unique_unit_name(gen *g, rng *rn, int kind, int32_t parent, char *unit, char *sh,
                             size_t cap)
{
    int tries;
    for (tries = 0; tries < 12; tries++) {
        gen_unit_name(g, rn, kind, parent, unit, sh, cap);
        if (!name_taken(g, unit)) return;
    }
    do {
        sbuf sb;
        gen_unit_name(g, rn, kind, parent, unit, sh, cap);
        sb.p = unit;
        sb.len = strlen(unit);
        sb.cap = cap;
        sb_str(&sb, "第");
        sb_uint(&sb, (unsigned long)++g->name_extra, 0);
        sb_str(&sb, "分部");
        snprintf(sh, cap, "%s", unit);
    } while (name_taken(g, unit));
}

/* Branch-level org name: sh + label + 党支部 / 联合党支部 / 临时党支部. */
static void branch_name(int type, const char *sh, const char *label, char *out, size_t cap)
{
    cat(out, cap, sh, label,
        type == T_JOINT ? "联合党支部" : type == T_TEMPORARY ? "临时党支部" : "党支部", NULL);
}

/* Joint branches cover 2–5 units; the first two of a run cover more (ORG-03 alerts). */
static void make_joint(gen *g, rng *rn, int32_t ix, const char *first_unit)
{
    node *n = &g->nodes[ix];
    char un[256];
    n->unit_count = g->njoint++ < 2 ? (int32_t)rng_range(rn, 6, 8) : (int32_t)rng_range(rn, 2, 5);
    {
        char cnt[8];
        code_part(cnt, sizeof cnt, "", n->unit_count, 0);
        cat(un, sizeof un, first_unit, "等", cnt, "家单位");
    }
    n->unit_name = arena_dup(&g->arena, un);
}

/* Emit one unit with k branches under parent (build mode). */
static void emit_unit(gen *g, rng *rn, int32_t parent, int kind, int field, const char *code,
                      const char *unit, const char *sh, long k, int32_t village)
{
    char name[JC_NAME_BUF], label[64];
    long founded = founded_in(g, rn, kind), i;
    int32_t u;
    if (k <= 1) {
        int type = T_BRANCH;
        if ((kind == K_BUILDING && rng_ppm(rn, 600000)) ||
            (kind == K_MARKET && rng_ppm(rn, 400000)) ||
            (kind == K_PARK && rng_ppm(rn, 500000)) ||
            (kind == K_SOCIAL && rng_ppm(rn, 250000)))
            type = T_JOINT;
        else if (kind == K_SOE && rng_ppm(rn, 40000))
            type = T_TEMPORARY;
        if (type == T_TEMPORARY) {
            cat(label, sizeof label, PICK(rn, INDUSTRY), "项目", NULL, NULL);
            branch_name(type, sh, label, name, sizeof name);
        } else {
            branch_name(type, sh, kind == K_AGENCY || kind == K_STREET_OFFICE ? "机关" : "", name,
                        sizeof name);
        }
        u = add_node(g, parent, type, field, code, name, unit, founded, rn);
        g->nodes[u].village = village;
        if (village >= 0) g->nodes[u].flags |= NODE_RESIDENT;
        if (type == T_JOINT) make_joint(g, rn, u, unit);
        return;
    }
    cat(name, sizeof name, sh, kind == K_AGENCY || kind == K_STREET_OFFICE ? "机关" : "",
        k >= 5 ? "党委" : "党总支", NULL);
    u = add_node(g, parent, k >= 5 ? T_COMMITTEE : T_GENERAL, field, code, name, unit, founded, rn);
    g->nodes[u].village = village;
    if (village >= 0) g->nodes[u].flags |= NODE_RESIDENT;
    for (i = 0; i < k; i++) {
        char bcode[16], cunit[256], csh[256];
        int type = T_BRANCH;
        int32_t b;
        const char *bunit = NULL;
        sbuf lb;
        sb_init(&lb, label, sizeof label);
        code_part(bcode, sizeof bcode, "B", i + 1, 2);
        switch (kind) {
        case K_COMMUNITY:
            sb_str(&lb, "第");
            sb_cnum(&lb, i + 1);
            sb_str(&lb, "网格");
            break;
        case K_SOE:
            if (i < COUNT(SOE_DEPT)) {
                sb_str(&lb, SOE_DEPT[i]);
                break;
            }
            /* fall through */
        default:
            if (kind == K_AGENCY || kind == K_STREET_OFFICE) sb_str(&lb, "机关");
            sb_str(&lb, "第");
            sb_cnum(&lb, i + 1);
            break;
        }
        if (kind == K_PARK) { /* a park committee holds its firms' branches */
            unique_unit_name(g, rn, K_PRIVATE, parent, cunit, csh, sizeof cunit);
            type = rng_ppm(rn, 300000) ? T_JOINT : T_BRANCH;
            branch_name(type, csh, "", name, sizeof name);
            bunit = cunit;
        } else if (kind == K_BUILDING) {
            type = T_JOINT;
            branch_name(type, sh, label, name, sizeof name);
            unique_unit_name(g, rn, K_PRIVATE, parent, cunit, csh, sizeof cunit);
            bunit = cunit;
        } else {
            branch_name(type, sh, label, name, sizeof name);
        }
        b = add_node(g, u, type, field, bcode, name, bunit ? bunit : unit,
                     founded_after(g, rn, u, 10), rn);
        if (type == T_JOINT) make_joint(g, rn, b, bunit ? bunit : unit);
    }
}

/* A university: committee → colleges (general branches) → staff and student branches. */
static void emit_university(gen *g, rng *rn, int32_t parent, long k)
{
    char unit[256], sh[256], name[JC_NAME_BUF], code[16];
    long ncol = k / 6, c;
    int32_t u;
    if (ncol < 2) ncol = 2;
    if (ncol > COUNT(COLLEGES)) ncol = COUNT(COLLEGES);
    unique_unit_name(g, rn, K_UNIVERSITY, parent, unit, sh, sizeof unit);
    unit_code(g, parent, code, sizeof code);
    cat(name, sizeof name, "中共", unit, "委员会", NULL);
    u = add_node(g, parent, T_COMMITTEE, F_UNIVERSITY, code, name, unit,
                 founded_in(g, rn, K_UNIVERSITY), rn);
    for (c = 0; c < ncol; c++) {
        long nb = k / ncol + (c < k % ncol ? 1 : 0), i;
        char ccode[16], cname[JC_NAME_BUF];
        int32_t col;
        code_part(ccode, sizeof ccode, "Z", c + 1, 2);
        cat(cname, sizeof cname, unit, COLLEGES[c], "党总支", NULL);
        col = add_node(g, u, T_GENERAL, F_UNIVERSITY, ccode, cname, unit,
                       founded_after(g, rn, u, 15), rn);
        for (i = 0; i < nb; i++) {
            char bcode[16], label[64];
            int32_t b;
            int student = i > 0;
            sbuf lb;
            sb_init(&lb, label, sizeof label);
            if (i == 0) sb_str(&lb, "教工");
            else if (i == nb - 1 && nb >= 3) sb_str(&lb, "研究生");
            else {
                sb_str(&lb, "本科生第");
                sb_cnum(&lb, i);
            }
            code_part(bcode, sizeof bcode, "B", i + 1, 2);
            cat(cname, sizeof cname, unit, COLLEGES[c], label, "党支部");
            b = add_node(g, col, T_BRANCH, F_UNIVERSITY, bcode, cname, unit,
                         founded_after(g, rn, col, 10), rn);
            if (student) g->nodes[b].flags |= NODE_STUDENT;
        }
    }
}

/* Distribute `extra` branches over n fixed units (each has 1), at most cap each; returns
 * what did not fit. sizes[] is filled. Plan stream. */
static long spread_extra(rng *rp, long *sizes, long n, long extra, long cap)
{
    long i;
    for (i = 0; i < n; i++) sizes[i] = 1;
    while (extra > 0 && n > 0) {
        long at = (long)rng_below(rp, (uint32_t)n), tries;
        for (tries = 0; tries < n && sizes[at] >= cap; tries++) at = (at + 1) % n;
        if (sizes[at] >= cap) break;
        sizes[at]++;
        extra--;
    }
    return extra;
}

/* Plan (build == 0) or build the units for B branches; returns the number of container
 * nodes (everything between the streets and the branches). */
static long build_units(gen *g, long B, int build)
{
    rng rp, rn;
    long bf[F_COUNT], cap[F_COUNT], K = 0, f;
    long nvil = real_units(g, 1, NULL), ncom = real_units(g, 0, NULL);
    int32_t *vil = xcalloc((size_t)(nvil + ncom + 1), sizeof *vil);
    long *sizes;
    long nfixed_gov = COUNT(AGENCIES) + (long)g->streets_used;
    rng_seed(&rp, g->o.seed, STREAM_PLAN);
    rng_seed(&rn, g->o.seed, STREAM_NAMES);
    for (f = 0; f < F_COUNT; f++) cap[f] = -1;
    cap[F_VILLAGE] = nvil * 40;
    cap[F_COMMUNITY] = ncom * 40;
    split_fields(B, cap, bf);
    sizes = xcalloc((size_t)(nvil + ncom + nfixed_gov + 1), sizeof *sizes);

    /* Communities and villages: real names, one unit each (the first bf of them). */
    for (f = F_VILLAGE; f <= F_COMMUNITY; f++) {
        long n = real_units(g, f == F_VILLAGE, vil), i, used = bf[f] < n ? bf[f] : n;
        spread_extra(&rp, sizes, used, bf[f] - used, 40);
        for (i = 0; i < used; i++) {
            if (sizes[i] > 1) K++;
            if (build) {
                char sh[96], code[16];
                size_t st = (size_t)jc_villages[vil[i]].street_index - g->street_first;
                int32_t parent = g->street_node[st];
                long pos;
                unit_short(jc_villages[vil[i]].name, sh, sizeof sh);
                for (pos = 0; pos < g->res_count[st]; pos++)
                    if (g->res_all[g->res_first[st] + pos] == vil[i]) break;
                code_part(code, sizeof code, "C", pos + 1, 3);
                emit_unit(g, &rn, parent, f == F_VILLAGE ? K_VILLAGE : K_COMMUNITY, (int)f, code,
                          jc_villages[vil[i]].name, sh, sizes[i], vil[i]);
            }
        }
    }

    /* Government: the agencies (under the 机关工委) and the street offices, then public
     * institutions for whatever does not fit. */
    {
        long used = bf[F_GOVERNMENT] < nfixed_gov ? bf[F_GOVERNMENT] : nfixed_gov, i, rest;
        rest = spread_extra(&rp, sizes, used, bf[F_GOVERNMENT] - used, 8);
        for (i = 0; i < used; i++) {
            /* interleaved: agency 0, street 0, agency 1, street 1, ... then the rest */
            long na = COUNT(AGENCIES), ns = (long)g->streets_used, ai = -1, si = -1;
            long pairs = na < ns ? na : ns;
            if (i < 2 * pairs) {
                if (i % 2 == 0) ai = i / 2;
                else si = i / 2;
            } else if (na > ns) {
                ai = i - pairs;
            } else {
                si = i - pairs;
            }
            if (sizes[i] > 1) K++;
            if (!build) continue;
            if (ai >= 0) {
                char unit[256], code[16];
                cat(unit, sizeof unit, AGENCIES[ai].pre, g->dname, AGENCIES[ai].post, NULL);
                code_part(code, sizeof code, "A", ai + 1, 3);
                emit_unit(g, &rn, g->agency_parent, K_AGENCY, F_GOVERNMENT, code, unit, unit,
                          sizes[i], -1);
            } else {
                char unit[256];
                const char *street = jc_streets[g->street_first + (size_t)si].name;
                cat(unit, sizeof unit, street, "办事处", NULL, NULL);
                emit_unit(g, &rn, g->street_node[si], K_STREET_OFFICE, F_GOVERNMENT, "A01", unit,
                          street, sizes[i], -1);
            }
        }
        while (rest > 0) {
            long k = unit_size(&rp, K_GOV_INST);
            if (k > rest) k = rest;
            rest -= k;
            if (k > 1) K++;
            if (build) {
                char unit[256], sh[256], code[16];
                unique_unit_name(g, &rn, K_GOV_INST, g->agency_parent, unit, sh, sizeof unit);
                unit_code(g, g->agency_parent, code, sizeof code);
                emit_unit(g, &rn, g->agency_parent, K_GOV_INST, F_GOVERNMENT, code, unit, sh, k,
                          -1);
            }
        }
    }

    /* Universities: rare; one per ~300 of their branches, at most three. */
    if (bf[F_UNIVERSITY] > 0) {
        long nu = 1 + (bf[F_UNIVERSITY] - 8) / 300, i;
        if (nu > 3) nu = 3;
        for (i = 0; i < nu; i++) {
            long k = bf[F_UNIVERSITY] / nu + (i < bf[F_UNIVERSITY] % nu ? 1 : 0);
            long ncol = k / 6 < 2 ? 2 : k / 6 > COUNT(COLLEGES) ? COUNT(COLLEGES) : k / 6;
            K += 1 + ncol;
            if (build) emit_university(g, &rn, pick_street_node(g, &rn), k);
        }
    }

    /* Everything else: generated units of random size under random streets. */
    for (f = 0; f < F_COUNT; f++) {
        long rest = bf[f];
        int kind = kind_of_field((int)f);
        if (f == F_VILLAGE || f == F_COMMUNITY || f == F_GOVERNMENT || f == F_UNIVERSITY) continue;
        while (rest > 0) {
            long k = unit_size(&rp, kind);
            if (k > rest) k = rest;
            rest -= k;
            if (k > 1) K++;
            if (build) {
                char unit[256], sh[256], code[16];
                int32_t parent = pick_street_node(g, &rn);
                unique_unit_name(g, &rn, kind, parent, unit, sh, sizeof unit);
                unit_code(g, parent, code, sizeof code);
                emit_unit(g, &rn, parent, kind, (int)f, code, unit, sh, k, -1);
            }
        }
    }
    free(sizes);
    free(vil);
    return K;
}

/* Choose the number of branches B for a budget of X nodes below the streets, so that
 * B + containers(B) + groups == X. Branches of about 25 members are preferred, with a
 * group per 8–10 members; a tight budget gives bigger branches and fewer groups, a loose
 * one smaller branches (and, with almost no members, empty ones). */
static long choose_branches(gen *g, long X, long m)
{
    long lo, hi, B, best;
    if (X <= 0) return 0;
    /* Bhi: the most branches that fit with no groups at all. */
    lo = 0;
    hi = X;
    while (lo < hi) {
        long mid = lo + (hi - lo + 1) / 2;
        if (mid + build_units(g, mid, 0) <= X) lo = mid;
        else hi = mid - 1;
    }
    best = lo;
    if (m > 0) {
        long pref = (m + 24) / 25, gmax = m / 8;
        if (pref < best && X - pref - build_units(g, pref, 0) > gmax) {
            /* room to spare: the fewest branches (>= pref) leaving at most m/8 groups */
            lo = pref;
            hi = best;
            while (lo < hi) {
                long mid = lo + (hi - lo) / 2;
                if (X - mid - build_units(g, mid, 0) <= gmax) hi = mid;
                else lo = mid + 1;
            }
            best = lo;
        } else if (pref < best) {
            best = pref;
        }
    }
    for (B = best; B > 0 && B + build_units(g, B, 0) > X; B--)
        ;
    return B;
}

/* Pre-order walk from the root; calls out for each node (order array). */
static long preorder(gen *g, int32_t *order)
{
    int32_t *stack = xmalloc(sizeof *stack * (size_t)(g->nnodes + 1));
    long sp = 0, n = 0;
    stack[sp++] = 0;
    while (sp > 0) {
        int32_t v = stack[--sp], c, k = 0, i;
        order[n++] = v;
        /* push children in reverse so the first child comes out first */
        for (c = g->nodes[v].first_child; c >= 0; c = g->nodes[c].next_sib) k++;
        sp += k;
        i = 0;
        for (c = g->nodes[v].first_child; c >= 0; c = g->nodes[c].next_sib) stack[sp - 1 - i++] = c;
    }
    free(stack);
    return n;
}

/* Member counts of the branches (in pre-order). Each field gets its share of the members
 * (FIELD_SHARE, over the fields that have branches), whatever its number of branches, so
 * the occupation mix holds at any size; inside a field, branches mostly hold 10–40, some
 * fewer, about 2% over 50 when the average allows (ORG-02). Exactly m in all. */
static void size_branches(gen *g, const int32_t *br, long nb, long m)
{
    rng rs;
    uint32_t *w = xmalloc(sizeof *w * (size_t)(nb ? nb : 1));
    uint64_t wsum[F_COUNT] = {0}, rem[F_COUNT] = {0}, share = 0;
    long mf[F_COUNT] = {0}, nbf[F_COUNT] = {0}, given = 0, i;
    int f;
    rng_seed(&rs, g->o.seed, STREAM_SIZES);
    for (i = 0; i < nb; i++) {
        uint32_t x = rng_below(&rs, 1000);
        w[i] = x < 20 ? (uint32_t)rng_range(&rs, 2200, 3200)
             : x < 110 ? (uint32_t)rng_range(&rs, 150, 350) : (uint32_t)rng_range(&rs, 400, 1600);
        wsum[g->nodes[br[i]].field] += w[i];
        nbf[g->nodes[br[i]].field]++;
    }
    for (f = 0; f < F_COUNT; f++)
        if (nbf[f]) share += FIELD_SHARE[f];
    for (f = 0; f < F_COUNT && share; f++) {
        uint64_t q = nbf[f] ? (uint64_t)m * FIELD_SHARE[f] : 0;
        mf[f] = (long)(q / share);
        rem[f] = q % share;
        given += mf[f];
    }
    while (given < m) { /* largest remainder */
        int best = -1;
        for (f = 0; f < F_COUNT; f++)
            if (nbf[f] && (best < 0 || rem[f] > rem[best])) best = f;
        mf[best]++;
        rem[best] = 0;
        given++;
    }
    /* inside each field: by weight, the remainder one each in order */
    {
        long left[F_COUNT];
        for (f = 0; f < F_COUNT; f++) left[f] = mf[f];
        for (i = 0; i < nb; i++) {
            node *b = &g->nodes[br[i]];
            b->members = (long)((uint64_t)mf[b->field] * w[i] / wsum[b->field]);
            left[b->field] -= b->members;
        }
        for (i = 0; i < nb; i++) {
            node *b = &g->nodes[br[i]];
            if (left[b->field] > 0) {
                b->members++;
                left[b->field]--;
            }
        }
        for (i = 0; i < nb; i++) { /* a field with more remainder than branches */
            node *b = &g->nodes[br[i]];
            b->members += left[b->field];
            left[b->field] = 0;
        }
    }
    given = 0;
    for (i = 0; i < nb; i++) {
        g->nodes[br[i]].first_member = given;
        given += g->nodes[br[i]].members;
    }
    free(w);
}

static int cmp_by_members(const void *a, const void *b, void *ctx)
{
    const gen *g = ctx;
    const int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    long mx = g->nodes[x].members, my = g->nodes[y].members;
    if (mx != my) return mx > my ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Hand out G groups: to the largest branches first, about one per 10 members (at least
 * two where a branch has groups at all), then more where members allow, then anywhere. */
static void give_groups(gen *g, const int32_t *br, long nb, long G)
{
    int32_t *by = xmalloc(sizeof *by * (size_t)(nb ? nb : 1));
    long *ng = xcalloc((size_t)(nb ? nb : 1), sizeof *ng);
    long i, rem = G, progress;
    memcpy(by, br, sizeof *by * (size_t)nb);
    qsort_r(by, (size_t)nb, sizeof *by, cmp_by_members, g);
    /* ng[i] is the count for branch by[i] */
    for (i = 0; i < nb && rem > 0; i++) {
        long n = g->nodes[by[i]].members, want = (n + 5) / 10;
        if (n < 12) break;
        if (want < 2) want = 2;
        if (want > rem) want = rem;
        if (want == 1 && i > 0) {
            ng[0]++;
            rem--;
            break;
        }
        ng[i] = want;
        rem -= want;
    }
    do {
        progress = 0;
        for (i = 0; i < nb && rem > 0; i++) {
            long n = g->nodes[by[i]].members;
            if (n < 6 || ng[i] + 1 > n / 3) continue;
            ng[i]++;
            rem--;
            progress = 1;
        }
    } while (rem > 0 && progress);
    for (i = 0; rem > 0 && nb > 0; i = (i + 1) % nb, rem--) ng[i]++;
    /* create them, branch by branch */
    for (i = 0; i < nb; i++) {
        node *b = &g->nodes[by[i]];
        long k;
        int resident = (b->flags & NODE_RESIDENT) && b->field == F_COMMUNITY;
        b->ngroups = (int32_t)ng[i];
        for (k = 0; k < ng[i]; k++) {
            char code[16], name[JC_NAME_BUF];
            rng rn;
            int32_t gi;
            sbuf sb;
            rng_seed(&rn, g->o.seed ^ (uint64_t)by[i], STREAM_NAMES + 7 + (uint64_t)k);
            code_part(code, sizeof code, "G", k + 1, 0);
            sb_init(&sb, name, sizeof name);
            sb_str(&sb, b->name);
            if (resident) {
                sb_uint(&sb, (unsigned long)(k + 1), 0);
                sb_str(&sb, "号楼党小组");
            } else {
                sb_str(&sb, "第");
                sb_cnum(&sb, k + 1);
                sb_str(&sb, "党小组");
            }
            gi = add_node(g, by[i], T_GROUP, b->field, code, name, NULL,
                          founded_after(g, &rn, by[i], 5), &rn);
            b = &g->nodes[by[i]]; /* nodes do not move, but keep the habit */
            if (k == 0) b->first_group = gi;
        }
    }
    free(ng);
    free(by);
}

/* ---- Members ------------------------------------------------------------------------------ */

typedef struct mhead {
    int prob, age, band, female, area;
    long birth;
} mhead;

typedef struct mrow {
    char name[JC_NAME_BUF], pinyin[JC_PINYIN_KEY_CAP], id_number[20];
    char birth[11], joined[11], full_on[11], lost_on[11], work[11];
    char phone[16], address[320];
    const char *native, *dest, *sex, *eth, *edu, *degree, *category, *job, *status;
    int lost, mobile;
    int64_t group_id;
} mrow;

static const char *const ETH_CODE[57] = {
    "",   "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14",
    "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29",
    "30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44",
    "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56"};

/* The first draw of a member's stream decides the category; the pre-pass that counts
 * full members per branch (ORG-05) repeats exactly this. */
static int draw_probationary(gen *g, rng *r, const node *b)
{
    return rng_ppm(r, (b->flags & NODE_STUDENT) ? STUDENT_PROB_PPM : g->prob_ppm);
}

static int draw_age(gen *g, rng *r, int student, int prob, int *band)
{
    int b, age;
    if (student) {
        *band = 0;
        return 18 + pick_w(r, STUDENT_AGE_W, COUNT(STUDENT_AGE_W));
    }
    b = prob ? pick_w(r, NEW_AGE_W, NBANDS) : pick_w(r, g->regular_band_w, NBANDS);
    *band = b;
    if (b == 0) age = 18 + pick_w(r, AGE_LE30_W, COUNT(AGE_LE30_W));
    else if (b == NBANDS - 1) age = 61 + 10 * pick_w(r, AGE_OLD_W, 4) + (int)rng_below(r, 10);
    else age = (int)rng_range(r, AGE_BAND_LO[b], AGE_BAND_HI[b]);
    return age;
}

static int draw_job(rng *r, int field, int age, int female, int student)
{
    if (student) return J_STUDENT;
    if (age >= 61) {
        if (field == F_VILLAGE) return rng_ppm(r, 700000) ? J_FARMER : J_RETIRED;
        return rng_ppm(r, 880000) ? J_RETIRED : J_OTHER;
    }
    if (field != F_VILLAGE &&
        ((age >= 56 && rng_ppm(r, female ? 500000 : 100000)) ||
         (female && age >= 51 && rng_ppm(r, 250000))))
        return J_RETIRED;
    return pick_w(r, JOB_BY_FIELD[field], J_COUNT);
}

static const char *draw_education(rng *r, int job, int age)
{
    static const char *const HI[3] = {"10", "20", "30"};
    if (rng_ppm(r, COLLEGE_BY_JOB[job])) {
        int k = pick_w(r, COLLEGE_SPLIT[job], 3);
        if (k == 0 && age < 24) k = 1;
        if (k == 1 && age < 21) k = 2;
        if (k == 2 && age < 19) return "60";
        return HI[k];
    }
    return LOW_EDU[pick_w(r, LOW_EDU_W[job == J_FARMER ? 1 : age >= 75 ? 2 : 0], 7)];
}

/* Years of age at the first job, by education. */
static int work_start_age(rng *r, const char *edu)
{
    switch (edu[0]) {
    case '1': return (int)rng_range(r, 25, 27);
    case '2': return (int)rng_range(r, 22, 23);
    case '3': return (int)rng_range(r, 20, 21);
    case '4': return (int)rng_range(r, 18, 19);
    case '6': return (int)rng_range(r, 18, 20);
    default: return (int)rng_range(r, 16, 18);
    }
}

/* ID numbers (GB 11643): the address code of an area from the pool, the birth date, a
 * sequence number of the right parity, the check character. Unique by construction: a
 * counter per area, day and sex hands out each sequence number once (scrambled by a
 * fixed permutation so numbers do not run 001, 003, ...). A full day moves on to the
 * next area. The result is a key that sorts like the ID number itself:
 * area index (the pool is sorted by code) * 1e11 + yyyymmdd * 1e3 + sequence. */
#define KEY_AREA 100000000000ull
static int assign_id(gen *g, const mhead *h, uint64_t *key, jc_err *err)
{
    long day = h->birth - g->birth_lo;
    int ai = h->area, tries;
    jc_date bd = jc_date_from_days(h->birth);
    for (tries = 0; tries < g->nareas; tries++, ai = (ai + 1) % g->nareas) {
        id_area *a = &g->areas[ai];
        uint16_t *cnt;
        unsigned mod = h->female ? 499 : 500, k, seq;
        if (!a->count) a->count = xcalloc((size_t)g->birth_days * 2, sizeof *a->count);
        cnt = &a->count[day * 2 + h->female];
        if (*cnt >= mod) continue;
        k = (*cnt)++;
        seq = (k * 173u + (unsigned)((ai * 7 + day) % mod)) % mod;
        seq = h->female ? 2 * seq + 2 : 2 * seq + 1;
        *key = (uint64_t)ai * KEY_AREA + (uint64_t)(bd.y * 10000 + bd.m * 100 + bd.d) * 1000u + seq;
        return JC_OK;
    }
    return jc_fail(err, JC_HTTP_BAD_REQUEST, "DEMO_TOO_MANY", "members", "",
                   "党员数量过多，身份证号码无法保证唯一", "too many members for unique ID numbers");
}

/* The 18 characters of a key; *native gets the province and city of its area. */
static void id_string(const gen *g, uint64_t key, char *out, const char **native)
{
    const id_area *a = &g->areas[key / KEY_AREA];
    sbuf sb;
    sb_init(&sb, out, 20);
    sb_uint(&sb, (unsigned long)a->a->code, 6);
    sb_uint(&sb, (unsigned long)(key % KEY_AREA), 11);
    out[17] = jc_idnum_check_char(out);
    out[18] = 0;
    *native = a->pc;
}

static void make_address(gen *g, rng *r, const node *b, char *out, size_t cap)
{
    int32_t v = b->village;
    sbuf sb;
    if (!(b->flags & NODE_RESIDENT) || v < 0) {
        long s = b->street >= 0 ? (long)((size_t)b->street - g->street_first) : -1;
        if (s >= 0 && g->res_count[s] > 0)
            v = g->res_all[g->res_first[s] + (long)rng_below(r, (uint32_t)g->res_count[s])];
        else
            v = g->res_all[rng_below(r, (uint32_t)g->nres_all)];
    }
    sb_init(&sb, out, cap);
    sb_str(&sb, g->res_prefix[v]);
    if (ends_with(g->res_prefix[v], "村")) {
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 12), 0);
        sb_str(&sb, "组");
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 120), 0);
        sb_str(&sb, "号");
    } else {
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 36), 0);
        sb_str(&sb, "号楼");
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 4), 0);
        sb_str(&sb, "单元");
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 18), 0);
        sb_uint(&sb, (unsigned long)rng_range(r, 1, 4), 2);
        sb_str(&sb, "室");
    }
}

/* The draws that decide a member's ID number come first in the member's stream, so the
 * first pass (ID numbers, full-member counts) and the second (the whole row) agree. */
static void member_head(gen *g, rng *r, const node *b, long number, mhead *h)
{
    int student = (b->flags & NODE_STUDENT) != 0;
    long lo, hi;
    rng_seed(r, g->o.seed, STREAM_MEMBER + (uint64_t)number);
    h->prob = draw_probationary(g, r, b);
    h->age = draw_age(g, r, student, h->prob, &h->band);
    if (!h->prob && h->age < 19) h->age = 19; /* a full member has had a year of probation */
    h->female = rng_ppm(r, student  ? FEMALE_STUDENT
                           : h->prob ? FEMALE_NEW
                                     : FEMALE_BY_BAND[h->band]);
    lo = add_years_days(g->today, -(h->age + 1)) + 1;
    hi = add_years_days(g->today, -h->age);
    h->birth = rng_range(r, lo, hi);
    h->area = pick_cum(r, g->area_cum, g->nareas);
}

/* The whole row of member `number` (0-based over the archive, in branch order), the
 * j-th of branch b, whose ID number has key `key`. */
static void make_member(gen *g, const node *b, long number, long j, uint64_t key, mrow *m)
{
    rng r;
    mhead h;
    int student = (b->flags & NODE_STUDENT) != 0, prob, age, female, eth, job;
    long birth, joined, lo, hi;
    sbuf sb;
    member_head(g, &r, b, number, &h);
    prob = h.prob;
    age = h.age;
    female = h.female;
    birth = h.birth;
    eth = rng_ppm(&r, MINORITY_PPM) ? 2 + pick_cum(&r, g->minority_cum, 55) : 1;
    job = draw_job(&r, b->field, age, female, student);
    m->edu = draw_education(&r, job, age);
    m->degree = NULL;
    if (m->edu[0] == '1') m->degree = rng_ppm(&r, 150000) ? "doctor" : "master";
    else if (m->edu[0] == '2' && rng_ppm(&r, 920000)) m->degree = "bachelor";

    /* joined_on: at least 18 (DEV-01); full members a year of probation before today */
    lo = add_years_days(birth, 18);
    if (prob) {
        joined = rng_ppm(&r, OVERDUE_PROB_PPM) ? g->today - rng_range(&r, 366, 450)
                                               : g->today - rng_range(&r, 0, 364);
        if (joined < lo) joined = lo;
        m->full_on[0] = 0;
    } else {
        static const uint32_t JOIN_W[4] = {30, 40, 20, 10};
        static const int JOIN_LO[4] = {18, 23, 31, 41}, JOIN_HI[4] = {22, 30, 40, 55};
        int c = pick_w(&r, JOIN_W, 4), ja = (int)rng_range(&r, JOIN_LO[c], JOIN_HI[c]);
        if (ja > age - 1) ja = (int)rng_range(&r, 18, age - 1);
        joined = add_years_days(birth, ja) + rng_range(&r, 0, 364);
        hi = add_years_days(g->today, -1);
        if (joined > hi) joined = hi;
        if (joined < lo) joined = lo;
        fmt_days(add_years_days(joined, 1), m->full_on);
    }
    fmt_days(birth, m->birth);
    fmt_days(joined, m->joined);
    m->work[0] = 0;
    if (job != J_STUDENT) {
        long ws = add_years_days(birth, work_start_age(&r, m->edu)) + rng_range(&r, 0, 364);
        if (ws <= g->today) fmt_days(ws, m->work);
    }
    id_string(g, key, m->id_number, &m->native);
    if (rng_ppm(&r, 150000)) m->native = g->areas[rng_below(&r, (uint32_t)g->nareas)].pc;
    sb_init(&sb, m->name, sizeof m->name);
    person_name(g, &r, female, eth, jc_date_from_days(birth).y, &sb);
    jc_pinyin_key(m->name, m->pinyin, sizeof m->pinyin);
    sb_init(&sb, m->phone, sizeof m->phone);
    sb_uint(&sb, PHONE_PREFIX[rng_below(&r, COUNT(PHONE_PREFIX))], 3);
    sb_uint(&sb, rng_below(&r, 100000000u), 8);
    make_address(g, &r, b, m->address, sizeof m->address);

    /* mobile (MOB-01/02), lost contact (MOB-03), status */
    m->mobile = 0;
    m->dest = NULL;
    if (age <= 70 && !student && g->ndest && rng_ppm(&r, MOBILE_PPM)) {
        m->mobile = 1;
        m->dest = g->dest_pc[rng_below(&r, (uint32_t)g->ndest)];
    }
    m->lost = 0;
    m->lost_on[0] = 0;
    m->status = "normal";
    if (rng_ppm(&r, LOST_PPM)) {
        long lost = g->today - rng_range(&r, 30, 900);
        if (lost < joined) lost = joined;
        m->lost = 1;
        fmt_days(lost, m->lost_on);
        if (lost <= g->today - 183 && rng_ppm(&r, 350000)) m->status = "suspended";
    } else if (rng_ppm(&r, 300)) {
        m->status = "suspended";
    } else if (rng_ppm(&r, 500)) {
        m->status = "discipline_probation";
    }
    m->sex = female ? "F" : "M";
    m->eth = ETH_CODE[eth];
    m->category = prob ? "probationary" : "full";
    m->job = JOB_LABEL[job];
    m->group_id = b->ngroups > 0 ? g->nodes[b->first_group + (int32_t)(j % b->ngroups)].id : 0;
}

/* ---- Writing ------------------------------------------------------------------------------ */

static const char SQL_ORG[] =
    "INSERT INTO org (id, code, name, type, field, parent_id, path, depth, unit_name, unit_count, "
    "founded_on, term_start, committee_size, secretary, sort_order, version, created_at, "
    "updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, 1, ?16, ?16)";

static const char SQL_MEMBER[] =
    "INSERT INTO member (id, org_id, group_id, name, name_pinyin, sex, ethnicity, id_number, "
    "birth_date, education, degree, category, joined_on, full_on, job, phone, address, status, "
    "lost_contact, lost_on, mobile, mobile_destination, native_place, work_started_on, version, "
    "created_at, created_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, 1, ?25, 'demo', ?25)";

/* Committee size (支委 incl. secretary): ORG-05 wants 3–5 (at most 7) from 7 full
 * members; about 3% of such branches have none recorded so ORG-05 alerts appear. */
static int committee_size(rng *r, const node *n)
{
    switch (n->type) {
    case T_GROUP: return -1;
    case T_COMMITTEE:
    case T_WORKING: return n->parent < 0 ? 11 : rng_ppm(r, 500000) ? 7 : 9;
    case T_GENERAL: return rng_ppm(r, 700000) ? 5 : 3;
    default:
        if (n->full_members >= 7) {
            uint32_t x = rng_below(r, 1000);
            return x < 30 ? 1 : x < 580 ? 3 : x < 960 ? 5 : 7;
        }
        return rng_ppm(r, 800000) ? 1 : 2;
    }
}

static int insert_orgs(gen *g, const int32_t *order, long n, jc_err *err)
{
    long i;
    for (i = 0; i < n; i++) {
        node *o = &g->nodes[order[i]];
        jc_stmt *st;
        char d1[11], d2[11];
        rng r;
        int cs;
        rng_seed(&r, g->o.seed ^ (uint64_t)o->id, STREAM_NAMES + 3);
        cs = committee_size(&r, o);
        if (jc_db_stmt(g->db, SQL_ORG, &st, err) != JC_OK) return JC_FAIL;
        jc_bind_int(st, 1, o->id);
        jc_bind_text(st, 2, o->code);
        jc_bind_text(st, 3, o->name);
        jc_bind_text(st, 4, TYPE_CODE[o->type]);
        jc_bind_text(st, 5, FIELD_CODE[o->field]);
        if (o->parent >= 0) jc_bind_int(st, 6, g->nodes[o->parent].id);
        else jc_bind_null(st, 6);
        jc_bind_text(st, 7, o->path);
        jc_bind_int(st, 8, o->depth);
        jc_bind_text(st, 9, o->unit_name);
        jc_bind_int(st, 10, o->unit_count);
        fmt_days(o->founded, d1);
        jc_bind_text(st, 11, d1);
        if (o->type != T_GROUP) {
            fmt_days(o->term_start, d2);
            jc_bind_text(st, 12, d2);
        }
        if (cs >= 0) jc_bind_int(st, 13, cs);
        jc_bind_text(st, 14, o->secretary);
        jc_bind_int(st, 15, o->sort_order);
        jc_bind_text(st, 16, g->created_at);
        if (jc_step(st, err) != JC_DONE) return JC_FAIL;
    }
    return JC_OK;
}

/* A member in the order of insertion: by ID number, so that the table, the unique index
 * on id_number and the ids all grow at their right edge. */
typedef struct mkey {
    uint64_t key;    /* sorts like the ID number (assign_id) */
    uint32_t number; /* member number in branch order: seeds the member's stream */
    uint32_t branch; /* index into the branch list */
} mkey;

static int cmp_mkey(const void *a, const void *b)
{
    const mkey *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

/* Pass 1: every member's ID number and category; counts full members per branch
 * (ORG-05 committee sizes) and sorts the members by ID number. Caller frees *out. */
static int plan_members(gen *g, const int32_t *branches, long nb, mkey **out, jc_err *err)
{
    mkey *k = xmalloc(sizeof *k * (size_t)(g->o.members ? g->o.members : 1));
    long i, j, n = 0;
    for (i = 0; i < nb; i++) {
        node *b = &g->nodes[branches[i]];
        for (j = 0; j < b->members; j++, n++) {
            rng r;
            mhead h;
            member_head(g, &r, b, n, &h);
            if (!h.prob) b->full_members++;
            if (assign_id(g, &h, &k[n].key, err) != JC_OK) {
                free(k);
                return JC_FAIL;
            }
            k[n].number = (uint32_t)n;
            k[n].branch = (uint32_t)i;
        }
    }
    qsort(k, (size_t)n, sizeof *k, cmp_mkey);
    *out = k;
    return JC_OK;
}

/* Pass 2: the rows, in ID-number order; member ids 1.. in that order. The row's buffers
 * are bound without a copy: they stay unchanged from the bind until the statement is
 * reset for the next row, which happens before they are refilled. */
static int insert_members(gen *g, const int32_t *branches, const mkey *keys, jc_err *err)
{
    mrow *m = xmalloc(sizeof *m);
    long i;
    int rc = JC_FAIL;
    for (i = 0; i < g->o.members; i++) {
        const node *b = &g->nodes[branches[keys[i].branch]];
        jc_stmt *st;
        if (jc_db_stmt(g->db, SQL_MEMBER, &st, err) != JC_OK) goto cleanup;
        make_member(g, b, keys[i].number, keys[i].number - b->first_member, keys[i].key, m);
        jc_bind_int(st, 1, i + 1);
        jc_bind_int(st, 2, b->id);
        if (m->group_id) jc_bind_int(st, 3, m->group_id);
        jc_bind_text_static(st, 4, m->name);
        jc_bind_text_empty(st, 5, m->pinyin);
        jc_bind_text_static(st, 6, m->sex);
        jc_bind_text_static(st, 7, m->eth);
        jc_bind_text_static(st, 8, m->id_number);
        jc_bind_text_static(st, 9, m->birth);
        jc_bind_text_static(st, 10, m->edu);
        jc_bind_text_static(st, 11, m->degree);
        jc_bind_text_static(st, 12, m->category);
        jc_bind_text_static(st, 13, m->joined);
        jc_bind_text_static(st, 14, m->full_on);
        jc_bind_text_static(st, 15, m->job);
        jc_bind_text_static(st, 16, m->phone);
        jc_bind_text_static(st, 17, m->address);
        jc_bind_text_static(st, 18, m->status);
        jc_bind_int(st, 19, m->lost);
        jc_bind_text_static(st, 20, m->lost_on);
        jc_bind_int(st, 21, m->mobile);
        jc_bind_text_static(st, 22, m->dest);
        jc_bind_text_static(st, 23, m->native);
        jc_bind_text_static(st, 24, m->work);
        jc_bind_text_static(st, 25, g->created_at);
        if (jc_step(st, err) != JC_DONE) goto cleanup;
    }
    rc = JC_OK;
cleanup:
    free(m);
    return rc;
}

/* SQLite builds an index over loaded rows by sorting, several times faster than keeping
 * it up to date row by row with random keys: the member table's secondary indexes are
 * dropped before the load and created again from their own SQL after it, all inside the
 * one transaction (a failure rolls the schema back too). Other drivers keep theirs. */
typedef struct saved_index {
    char *name, *sql; /* owned */
} saved_index;

static int drop_member_indexes(jc_db *db, saved_index **out, int *n, jc_err *err)
{
    static const char SQL[] = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND "
                              "tbl_name = 'member' AND sql IS NOT NULL ORDER BY name";
    jc_stmt *st = NULL;
    saved_index *v = NULL;
    int cap = 0, k = 0, rc = JC_FAIL, step;
    *out = NULL;
    *n = 0;
    if (strcmp(jc_db_driver(db), "sqlite") != 0) return JC_OK;
    if (jc_db_prepare(db, SQL, &st, err) != JC_OK) return JC_FAIL;
    while ((step = jc_step(st, err)) == JC_ROW) {
        if (k == cap) {
            cap = cap ? cap * 2 : 8;
            v = xrealloc(v, sizeof *v * (size_t)cap);
        }
        v[k].name = xstrdup(jc_col_text(st, 0));
        v[k].sql = xstrdup(jc_col_text(st, 1));
        k++;
    }
    jc_stmt_free(st);
    *out = v;
    *n = k;
    if (step != JC_DONE) return JC_FAIL;
    for (int i = 0; i < k; i++) {
        char drop[256];
        sbuf sb;
        sb_init(&sb, drop, sizeof drop);
        sb_str(&sb, "DROP INDEX \"");
        sb_str(&sb, v[i].name);
        sb_str(&sb, "\"");
        if (jc_db_exec(db, drop, err) != JC_OK) goto cleanup;
    }
    rc = JC_OK;
cleanup:
    return rc;
}

static int create_indexes(jc_db *db, const saved_index *v, int n, jc_err *err)
{
    int i;
    for (i = 0; i < n; i++)
        if (jc_db_exec(db, v[i].sql, err) != JC_OK) return JC_FAIL;
    return JC_OK;
}

static void free_indexes(saved_index *v, int n)
{
    int i;
    for (i = 0; i < n; i++) {
        free(v[i].name);
        free(v[i].sql);
    }
    free(v);
}

/* ---- The whole run ------------------------------------------------------------------------ */

/* Root, streets and the 机关工委. Street committees: 街道 and development zones get a
 * working committee (党工委), towns, townships and farms a committee (党委). */
static void build_frame(gen *g, long S, int with_jc)
{
    rng rn;
    char name[JC_NAME_BUF], code[16], pc[128];
    size_t s;
    rng_seed(&rn, g->o.seed, STREAM_NAMES + 1);
    prov_city(g->district, pc, sizeof pc);
    snprintf(code, sizeof code, "D%06d", g->district->code);
    cat(name, sizeof name, "中共", g->district->city, g->district->name, "委员会");
    add_node(g, -1, T_COMMITTEE, F_NONE, code, name, NULL,
             day_between(&rn, year_start(1950), year_start(1986) - 1, g->today), &rn);
    g->street_node = xcalloc((size_t)S + 1, sizeof *g->street_node);
    g->streets_used = (size_t)S;
    for (s = 0; s < (size_t)S; s++) {
        const jc_street *st = &jc_streets[g->street_first + s];
        int working = ends_with(st->name, "街道") || strstr(st->name, "开发区") ||
                      strstr(st->name, "园区") || strstr(st->name, "试验区");
        int32_t ix;
        code_part(code, sizeof code, "S", (long)s + 1, 3);
        cat(name, sizeof name, "中共", g->district->name, st->name, working ? "工作委员会" : "委员会");
        ix = add_node(g, 0, working ? T_WORKING : T_COMMITTEE, F_NONE, code, name, NULL,
                      founded_after(g, &rn, 0, 50), &rn);
        g->nodes[ix].street = (int32_t)(g->street_first + s);
        g->street_node[s] = ix;
    }
    g->agency_parent = 0;
    if (with_jc) {
        cat(name, sizeof name, "中共", g->district->name, "直属机关工作委员会", NULL);
        g->agency_parent = add_node(g, 0, T_WORKING, F_GOVERNMENT, "J01", name, NULL,
                                    founded_after(g, &rn, 0, 30), &rn);
    }
}

/* The whole tree: streets (about one per 10 orgs of budget), the 机关工委 when there is
 * room, the branch count that makes the total exact, the units, the branch sizes, the
 * groups; then ids and paths in pre-order. order gets every node in pre-order, branches
 * the branches (*nb of them) in the same order; both hold o.orgs entries. */
static int build_tree(gen *g, int32_t *order, int32_t *branches, long *nb, jc_err *err)
{
    long orgs = g->o.orgs, S, X, B, G, K, n, i, student = 0;
    int with_jc;
    setup_tables(g);
    if (setup_places(g, err) != JC_OK) return JC_FAIL;
    setup_areas(g);
    S = (orgs - 1) / 10;
    if (S > (long)g->street_count) S = (long)g->street_count;
    with_jc = orgs - 1 - S >= 60;
    X = orgs - 1 - S - with_jc;
    g->streets_used = (size_t)S;
    g->cap = orgs + 1;
    g->nodes = xcalloc((size_t)g->cap, sizeof *g->nodes);
    B = choose_branches(g, X, g->o.members);
    K = build_units(g, B, 0);
    G = X - B - K;
    if (G < 0 || (g->o.members > 0 && B < 1))
        return jc_fail_internal(err, "demo", "no tree fits the org count");
    for (g->names_cap = 64; g->names_cap < (size_t)orgs * 2; g->names_cap *= 2)
        ;
    g->names = xcalloc(g->names_cap, sizeof *g->names);
    build_frame(g, S, with_jc);
    build_units(g, B, 1);
    if (g->nnodes + G != orgs) return jc_fail_internal(err, "demo", "plan and build disagree");

    /* Branches in pre-order, their sizes, the groups; then ids and paths. */
    n = preorder(g, order);
    for (i = 0, *nb = 0; i < n; i++)
        if (is_branch_type(g->nodes[order[i]].type)) branches[(*nb)++] = order[i];
    size_branches(g, branches, *nb, g->o.members);
    for (i = 0; i < *nb; i++)
        if (g->nodes[branches[i]].flags & NODE_STUDENT) student += g->nodes[branches[i]].members;
    setup_ages(g, g->o.members ? (uint32_t)((uint64_t)student * PPM / (uint64_t)g->o.members) : 0);
    give_groups(g, branches, *nb, G);
    if (preorder(g, order) != orgs) return jc_fail_internal(err, "demo", "org count mismatch");
    for (i = 0; i < orgs; i++) {
        node *v = &g->nodes[order[i]];
        char path[512];
        v->id = i + 1;
        snprintf(path, sizeof path, "%s%ld/", v->parent >= 0 ? g->nodes[v->parent].path : "/",
                 (long)v->id);
        v->path = arena_dup(&g->arena, path);
    }
    return JC_OK;
}

static void gen_free(gen *g)
{
    int i;
    for (i = 0; i < g->nareas; i++) free(g->areas[i].count);
    free(g->areas);
    free(g->area_cum);
    free(g->nodes);
    free(g->names);
    free(g->street_node);
    free(g->res_all);
    free(g->res_first);
    free(g->res_count);
    free(g->res_prefix);
    arena_free(g->arena);
}

static int check_opts(const jc_demo_opts *o, jc_err *err)
{
    if (!o || o->orgs < 1 || o->orgs > 5000000 || o->members < 0 || o->members > 50000000 ||
        (o->members > 0 && o->orgs < 2))
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "DEMO_OPTS", "orgs", "",
                       "组织数须为1至5000000（有党员时至少2），党员数须为0至50000000",
                       "orgs must be 1..5000000 (at least 2 with members), members 0..50000000");
    if (!jc_date_is_set(o->today) || !jc_date_valid(o->today.y, o->today.m, o->today.d) ||
        o->today.y < 1990)
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "DEMO_OPTS", "today", "",
                       "未给出有效的当前日期", "no valid date for today");
    return JC_OK;
}

int jc_demo_generate(jc_db *db, const jc_demo_opts *o, jc_err *err)
{
    gen g;
    int rc = JC_FAIL, in_tx = 0;
    int64_t existing = 0, fk_was = 0;
    int32_t *order = NULL, *branches = NULL;
    mkey *keys = NULL;
    saved_index *indexes = NULL;
    int nindexes = 0;
    long nb = 0;
    size_t first, count;
    memset(&g, 0, sizeof g);
    if (check_opts(o, err) != JC_OK) return JC_FAIL;
    g.db = db;
    g.o = *o;
    if (!g.o.district) g.o.district = 320703;
    g.district = jc_area_find(g.o.district);
    if (!g.district || jc_area_streets(g.o.district, &first, &count) != JC_OK)
        return jc_failf(err, JC_HTTP_BAD_REQUEST, "DEMO_DISTRICT", "district", "",
                        "区县 %d 没有街道和村居数据（可用：320703、450102、310115）",
                        "district %d has no street data (use 320703, 450102 or 310115)",
                        g.o.district);
    if (jc_db_in_tx(db))
        return jc_fail_internal(err, "demo", "jc_demo_generate needs its own transaction");
    g.street_first = first;
    g.street_count = count;
    g.today = to_days(o->today);
    jc_date_format(o->today, g.created_at);
    strcat(g.created_at, "T00:00:00Z");
    snprintf(g.dname, sizeof g.dname, "%s", g.district->name);
    snprintf(g.cityshort, sizeof g.cityshort, "%s", g.district->city); /* 连云港市, 上海市 */
    strip_suffix(g.cityshort, "市");

    /* Bulk load on SQLite: the rows are consistent by construction (tests/unit/test_demo.c
     * checks every reference), so foreign keys are not looked up row by row — that is a
     * quarter of the insert time. The setting applies outside transactions only and is
     * restored at the end. */
    if (strcmp(jc_db_driver(db), "sqlite") == 0) {
        if (jc_db_query_int(db, "PRAGMA foreign_keys", &fk_was, err) != JC_OK) return JC_FAIL;
        if (fk_was && jc_db_exec(db, "PRAGMA foreign_keys=OFF", err) != JC_OK) return JC_FAIL;
    }
    if (jc_db_begin(db, err) != JC_OK) goto cleanup;
    in_tx = 1;
    if (jc_db_query_int(db, "SELECT count(*) FROM (SELECT 1 FROM org LIMIT 1)", &existing, err) !=
        JC_OK)
        goto cleanup;
    if (existing) {
        jc_fail(err, JC_HTTP_CONFLICT, "DB_NOT_EMPTY", "", "", "数据库中已有组织，演示数据只能写入空库",
                "the database already has orgs: demo data goes only into an empty database");
        goto cleanup;
    }

    order = xmalloc(sizeof *order * (size_t)(o->orgs + 1));
    branches = xmalloc(sizeof *branches * (size_t)(o->orgs + 1));
    if (build_tree(&g, order, branches, &nb, err) != JC_OK) goto cleanup;
    if (plan_members(&g, branches, nb, &keys, err) != JC_OK) goto cleanup;
    if (insert_orgs(&g, order, o->orgs, err) != JC_OK) goto cleanup;
    if (drop_member_indexes(db, &indexes, &nindexes, err) != JC_OK) goto cleanup;
    if (insert_members(&g, branches, keys, err) != JC_OK) goto cleanup;
    if (create_indexes(db, indexes, nindexes, err) != JC_OK) goto cleanup;
    if (jc_stats_rebuild(db, o->today, err) != JC_OK) goto cleanup;
    in_tx = 0;
    if (jc_db_commit(db, err) != JC_OK) goto cleanup;
    rc = JC_OK;
cleanup:
    if (in_tx) jc_db_rollback(db);
    if (fk_was) jc_db_exec(db, "PRAGMA foreign_keys=ON", NULL);
    free(order);
    free(branches);
    free(keys);
    free_indexes(indexes, nindexes);
    gen_free(&g);
    return rc;
}
