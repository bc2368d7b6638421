/*
 * rules.c — the registry of domain/RULES.md: one row per rule id and one row per
 * number. This file is the only place in the code where those numbers are written; the
 * rule checks read them through jc_param_default(), the settings screen lists the
 * configurable ones, and tests/unit/test_rules.c holds the list of ids RULES.md has so
 * that a rule added there and forgotten here fails a test.
 *
 * Sources are the regulation and article as RULES.md gives them. Where RULES.md marks
 * the article "(?)" or gives none, only the regulation is named, and where a section
 * names two regulations without saying which one holds the rule, both are named.
 */
#include "domain/rules.h"

#include <assert.h>
#include <string.h>

#define N_ITEMS(a) (sizeof(a) / sizeof((a)[0]))

#define S_DEV "《中国共产党发展党员工作细则》"
#define S_BRANCH "《中国共产党支部工作条例（试行）》"
#define S_ORGANS "《中国共产党党和国家机关基层组织工作条例》"
#define S_EDU "《中国共产党党员教育管理工作条例》"
#define S_CHARTER "《中国共产党章程》"
#define S_DUES "《关于中国共产党党费收缴、使用和管理的规定》"
#define S_TRAIN "《2019—2023年全国党员教育培训工作规划》"
#define S_APP "《不合格党员组织处置办法》"
#define S_RURAL "《中国共产党农村基层组织工作条例》"
#define S_VILLAGERS "《中华人民共和国村民委员会组织法》"
#define S_ID "GB 11643-1999《公民身份号码》"
#define S_LIFE_BOTH S_BRANCH "；" S_EDU

/* id, kind, source, zh, en, configurable — in RULES.md order. */
const jc_rule jc_rules[] = {
    /* DEV — developing members */
    {"DEV-01", "refuse", S_DEV "第五条", "入党申请人须年满18周岁", "Applicant is at least 18", 0},
    {"DEV-02", "check", S_DEV "第七条", "收到入党申请书后1个月内派人谈话",
     "Talk with the applicant within 1 month", 0},
    {"DEV-03", "refuse", S_DEV "第八条", "入党积极分子经推荐、支部委员会研究确定并报上级党委备案",
     "Activists nominated, decided and filed", 0},
    {"DEV-04", "refuse", S_DEV "第九条", "指定1至2名正式党员作培养联系人",
     "One or two full members as mentors", 0},
    {"DEV-05", "check", S_DEV, "每半年对入党积极分子进行一次考察", "Activists reviewed every 6 months", 0},
    {"DEV-06", "refuse", S_DEV "第十三条", "经1年以上培养教育和考察方可列为发展对象",
     "Candidate only after 1 year of training", 0},
    {"DEV-07", "refuse", S_DEV "第十四条", "2名正式党员作入党介绍人，受留党察看处分期间不能作介绍人",
     "Two full members sponsor; none under discipline probation", 0},
    {"DEV-08", "refuse", S_DEV "第十六条", "接收前须经政治审查并形成结论性材料",
     "Political review with a written conclusion", 0},
    {"DEV-09", "refuse", S_DEV "第十七条", "集中培训不少于3天或不少于24个学时",
     "Intensive training of 3 days or 24 study hours", 0},
    {"DEV-10", "check", S_DEV "第十九条", "3个月内将离开工作单位的发展对象一般不办理接收",
     "Not taken in when leaving the unit within 3 months", 0},
    {"DEV-11", "refuse", S_DEV "第二十条、第二十一条", "支部党员大会到会人数和表决通过要求",
     "Branch assembly quorum and vote", 0},
    {"DEV-12", "check", S_DEV, "上级党委3个月内审批，特殊情况不超过6个月",
     "Approval within 3 months, at most 6", 0},
    {"DEV-13", "refuse", S_DEV "第三十二条", "预备期为1年，自支部大会通过之日算起",
     "Probation of 1 year from the resolution", 0},
    {"DEV-14", "refuse", S_DEV "第三十二条", "预备期可延长一次，最短6个月，最长1年",
     "One extension of 6 to 12 months", 0},
    {"DEV-15", "refuse", S_DEV "第三十三条", "预备党员转正程序", "Conversion procedure", 0},
    {"DEV-16", "compute", S_CHARTER "第七条", "党龄从预备期满转为正式党员之日算起",
     "Party standing counts from the end of probation", 0},
    {"DEV-17", "configurable", S_DEV, "接收预备党员和预备党员转正前公示，默认5个工作日",
     "Publicity before intake and conversion", 1},
    {"DEV-18", "check", S_DEV, "预备期内进行入党宣誓", "Oath taken during probation", 0},
    {"DEV-19", "check", "种子文档001引述：「坚决杜绝出现连续数年不发展党员的农村党支部」",
     "连续数年未发展党员的党支部预警", "Branch with no member developed for N years", 1},

    /* ORG — organizations */
    {"ORG-01", "check", S_BRANCH "第四条", "有正式党员3人以上的单位应当成立党支部",
     "A branch wherever there are 3 full members", 0},
    {"ORG-02", "check", S_BRANCH "第四条", "党支部党员人数一般不超过50人",
     "A branch generally has at most 50 members", 0},
    {"ORG-03", "check", S_BRANCH "第五条", "正式党员不足3人的单位成立联合党支部，覆盖单位一般不超过5个",
     "A joint branch covers at most 5 units", 0},
    {"ORG-04", "check", S_BRANCH "第五条", "为期6个月以上的工程、工作项目应当成立党支部",
     "Projects of 6 months or more set up a branch", 0},
    {"ORG-05", "check", S_BRANCH "第二十条", "正式党员7人以上设支部委员会，由3至5人组成，一般不超过7人",
     "Branch committee size", 0},
    {"ORG-06", "check", S_BRANCH "第二十一条；" S_ORGANS,
     "村、社区党支部委员会每届任期5年，其他党支部和党总支一般3年，基层党委5年", "Terms of office", 0},
    {"ORG-07", "check", S_BRANCH, "任期届满前6个月提醒换届，延期或提前一般不超过1年",
     "Election reminder; elections move by at most 1 year", 0},
    {"ORG-08", "check", S_ORGANS, "机关党员100人以上设基层党委，50至100人设党总支",
     "Committee or general branch in state organs", 0},
    {"ORG-09", "compute", "种子文档001（上海报告）", "有3名以上正式党员而未建党组织的单位计入覆盖缺口",
     "Units without an org count against coverage", 0},

    /* LIFE — organizational life */
    {"LIFE-01", "check", S_BRANCH "第十一条", "党员大会一般每季度召开1次，半数以上有表决权的党员到会",
     "Branch assembly once a quarter", 0},
    {"LIFE-02", "check", S_BRANCH "第十二条", "支部委员会会议一般每月召开1次，半数以上委员到会",
     "Committee meeting monthly", 0},
    {"LIFE-03", "check", S_BRANCH "第十三条", "党小组会一般每月召开1次", "Group meeting monthly", 0},
    {"LIFE-04", "configurable", S_LIFE_BOTH, "党支部书记每年至少讲1次党课，默认每季度1次",
     "Party lesson: at least yearly, quarterly by default", 1},
    {"LIFE-05", "check", S_LIFE_BOTH, "每月开展1次主题党日", "Theme party day monthly", 0},
    {"LIFE-06", "check", S_BRANCH "第十七条", "组织生活会每年至少召开1次，一般安排在第四季度",
     "Org life meeting at least yearly", 0},
    {"LIFE-07", "check", S_LIFE_BOTH, "党员之间每年至少开展1次谈心谈话",
     "Heart-to-heart talks at least yearly", 0},
    {"LIFE-08", "refuse", S_LIFE_BOTH, "每年民主评议党员，优秀比例不超过三分之一，预备党员不评定等次",
     "Democratic appraisal yearly; excellent at most 1/3", 0},

    /* DUES — Party dues */
    {"DUES-01", "compute", S_DUES "第二条", "在职党员按每月工资收入的比例交纳党费",
     "Employed: share of regular monthly pay", 0},
    {"DUES-02", "compute", S_DUES "第三条", "实行年薪制的党员以当月实际领取的金额为基数",
     "Annual salary: amount received that month", 0},
    {"DUES-03", "compute", S_DUES "第四条", "个体经营者以上季度月平均纯收入为基数",
     "Self-employed: previous quarter's monthly average", 0},
    {"DUES-04", "compute", S_DUES "第五条", "离退休党员按离退休费的比例交纳党费",
     "Retired: share of the pension", 0},
    {"DUES-05", "compute", S_DUES "第六条", "农民党员每月0.2元至1元；学生、下岗失业、依靠抚恤或低保的党员每月0.2元",
     "Farmers, students and others: fixed small amounts", 0},
    {"DUES-06", "compute", S_DUES "第十条", "党费每年核定一次，工资变化时从当月起调整",
     "Set each year, changed with pay", 0},
    {"DUES-07", "compute", S_DUES "第十一条", "自愿一次性多交1000元以上的党费全部上缴中央",
     "Voluntary payments of 1000 yuan or more go to the centre", 0},
    {"DUES-08", "check", S_DUES, "预备党员自支部大会通过之日起交纳党费，补交一般不超过6个月",
     "Probationary members pay from the resolution", 0},
    {"DUES-09", "check", S_CHARTER "第九条", "无正当理由连续6个月不交纳党费的，按自行脱党处理",
     "6 months unpaid: treated as leaving the Party", 0},
    {"DUES-10", "check", S_DUES, "每年向党员公布一次党费收缴情况", "Payments published yearly", 0},

    /* TRAIN — education and training */
    {"TRAIN-01", "check", S_TRAIN, "党员每年集中学习培训一般不少于32学时",
     "Members: 32 study hours a year", 1},
    {"TRAIN-02", "check", S_TRAIN, "基层党组织书记和班子成员每年不少于56学时，至少参加1次集中培训",
     "Secretaries and committee members: 56 study hours a year", 1},
    {"TRAIN-03", "configurable", S_TRAIN, "学时按自然年统计，全天8学时、半天4学时",
     "Counting study hours", 1},
    {"TRAIN-04", "check", S_TRAIN, "新任基层党组织书记半年内完成任职培训",
     "New secretaries trained within half a year", 0},

    /* MOB — mobility and status */
    {"MOB-01", "check", S_EDU "第二十五条", "外出6个月以上且地点相对固定的，转移组织关系",
     "Away 6 months or more: transfer the relationship", 0},
    {"MOB-02", "compute", S_EDU, "短期外出持流动党员活动证参加活动、交纳党费，不参加表决",
     "Mobile member certificate", 0},
    {"MOB-03", "check", S_EDU "第二十四条", "失去联系6个月以上停止党籍，停止党籍后2年仍无法取得联系的予以除名",
     "Lost contact: suspension, then removal", 0},
    {"MOB-04", "check", S_EDU, "出国（境）5年以上未归的一般停止党籍", "Abroad over 5 years: suspension", 0},
    {"MOB-05", "configurable", S_EDU, "组织关系介绍信有效期默认3个月，跨省6个月",
     "Transfer letter validity", 1},
    {"MOB-06", "check", S_CHARTER "第九条", "连续6个月不参加组织生活、不交纳党费、不做党所分配的工作，按自行脱党处理",
     "6 months inactive: treated as leaving the Party", 0},

    /* APP — handling unqualified members */
    {"APP-01", "refuse", S_APP "第三条", "处置方式为限期改正、劝其退党、除名，已受纪律处分的问题不再处置",
     "Measures; no second handling of a punished issue", 0},
    {"APP-02", "refuse", S_APP, "限期改正期限一般6个月，最长不超过1年", "Correction period at most 1 year", 0},
    {"APP-03", "refuse", S_APP, "限期改正无转变的劝其退党，拒不退党的予以除名",
     "Correction, then persuasion, then removal", 0},
    {"APP-04", "refuse", S_APP, "预备党员不作劝退处置，延长预备期或取消预备党员资格",
     "Probationary members are not persuaded to leave", 0},
    {"APP-05", "refuse", S_APP, "劝退或除名后5年内不得重新入党", "No readmission for 5 years", 0},

    /* VIL — village decisions */
    {"VIL-01", "refuse", S_RURAL, "四议两公开", "Four deliberations, two disclosures", 0},
    {"VIL-02", "check", S_VILLAGERS "第三十条", "村务至少每季度公开一次，集体财务往来较多的每月公开，重大事项随时公开",
     "Village affairs published at least quarterly", 0},

    /* ID — identity data */
    {"ID-01", "refuse", S_ID, "公民身份号码的结构、出生日期和校验位", "ID number structure, date and check character", 0},
    {"ID-02", "refuse", S_ID, "出生日期、性别与公民身份号码一致", "Birth date and sex agree with the ID number", 0},
    {"ID-03", "accept", "GB/T 2260《中华人民共和国行政区划代码》", "已撤销行政区划的地址码照常接受",
     "Address codes of abolished divisions are accepted", 0},
    {"ID-04", "schema", "2017年党员信息采集表", "党员信息采集表的16项内容", "The 16 items of the 2017 member form", 0},
};
const size_t jc_rules_count = N_ITEMS(jc_rules);

/* key, rule, value, unit, configurable, zh, en — every number RULES.md states. Money is
 * in fen and rates in basis points so that dues arithmetic stays in integers. "More than
 * half" is stored as 5000 bp with the strict comparison in the key's name. */
const jc_param jc_params[] = {
    {"DEV-01.min_age", "DEV-01", 18, "years", 0, "入党最低年龄", "Minimum age"},
    {"DEV-02.talk_within_months", "DEV-02", 1, "months", 0, "谈话期限", "Talk within"},
    {"DEV-04.min_mentors", "DEV-04", 1, "members", 0, "培养联系人最少人数", "Fewest mentors"},
    {"DEV-04.max_mentors", "DEV-04", 2, "members", 0, "培养联系人最多人数", "Most mentors"},
    {"DEV-05.review_months", "DEV-05", 6, "months", 0, "入党积极分子考察间隔", "Activist review interval"},
    {"DEV-06.min_training_months", "DEV-06", 12, "months", 0, "最短培养考察期", "Shortest training period"},
    {"DEV-07.sponsors", "DEV-07", 2, "members", 0, "入党介绍人人数", "Sponsors"},
    {"DEV-09.min_training_days", "DEV-09", 3, "days", 0, "集中培训最少天数", "Fewest training days"},
    {"DEV-09.min_study_hours", "DEV-09", 24, "hours", 0, "集中培训最少学时", "Fewest study hours"},
    {"DEV-10.leaving_months", "DEV-10", 3, "months", 0, "即将离开单位的期限", "Leaving the unit within"},
    {"DEV-11.quorum_more_than_bp", "DEV-11", 5000, "bp", 0, "到会人数须超过应到会有表决权党员的比例",
     "Attendance must exceed this share of voting members"},
    {"DEV-11.pass_more_than_bp", "DEV-11", 5000, "bp", 0, "赞成票须超过应到会有表决权正式党员的比例",
     "Yes votes must exceed this share of voting full members"},
    {"DEV-12.approve_months", "DEV-12", 3, "months", 0, "上级党委审批期限", "Approval within"},
    {"DEV-12.approve_max_months", "DEV-12", 6, "months", 0, "特殊情况审批最长期限", "Approval at most, special cases"},
    {"DEV-13.probation_months", "DEV-13", 12, "months", 0, "预备期", "Probation"},
    {"DEV-14.max_extensions", "DEV-14", 1, "times", 0, "预备期延长次数上限", "Most extensions"},
    {"DEV-14.extend_min_months", "DEV-14", 6, "months", 0, "延长预备期最短", "Shortest extension"},
    {"DEV-14.extend_max_months", "DEV-14", 12, "months", 0, "延长预备期最长", "Longest extension"},
    {"DEV-15.approve_months", "DEV-15", 3, "months", 0, "转正审批期限", "Conversion approval within"},
    {"DEV-17.publicity_working_days", "DEV-17", 5, "working_days", 1, "公示期", "Publicity period"},
    {"DEV-19.years_without_development", "DEV-19", 3, "years", 1, "连续未发展党员年数预警线",
     "Years without a new member before an alert"},

    {"ORG-01.min_full_members", "ORG-01", 3, "members", 0, "成立党支部的正式党员人数", "Full members for a branch"},
    {"ORG-02.max_branch_members", "ORG-02", 50, "members", 0, "党支部党员人数上限", "Most members in a branch"},
    {"ORG-03.joint_below_full_members", "ORG-03", 3, "members", 0, "单独建支部所需正式党员人数",
     "Units below this many full members join a joint branch"},
    {"ORG-03.max_units", "ORG-03", 5, "units", 0, "联合党支部覆盖单位上限", "Most units in a joint branch"},
    {"ORG-04.min_project_months", "ORG-04", 6, "months", 0, "项目建支部的最短工期", "Shortest project for a branch"},
    {"ORG-05.committee_threshold", "ORG-05", 7, "members", 0, "设支部委员会的正式党员人数",
     "Full members for a branch committee"},
    {"ORG-05.committee_min", "ORG-05", 3, "members", 0, "支部委员会最少人数", "Smallest committee"},
    {"ORG-05.committee_max_usual", "ORG-05", 5, "members", 0, "支部委员会通常最多人数", "Usual largest committee"},
    {"ORG-05.committee_max", "ORG-05", 7, "members", 0, "支部委员会一般最多人数", "Largest committee"},
    {"ORG-06.term_years_village", "ORG-06", 5, "years", 0, "村、社区党支部任期", "Village and community branch term"},
    {"ORG-06.term_years_other_branch", "ORG-06", 3, "years", 0, "其他党支部和党总支任期",
     "Other branch and general branch term"},
    {"ORG-06.term_years_committee", "ORG-06", 5, "years", 0, "基层党委任期", "Base-level committee term"},
    {"ORG-07.remind_months", "ORG-07", 6, "months", 0, "换届提醒提前期", "Election reminder ahead"},
    {"ORG-07.max_shift_months", "ORG-07", 12, "months", 0, "换届延期或提前上限", "Most an election may move"},
    {"ORG-08.committee_min_members", "ORG-08", 100, "members", 0, "机关设基层党委的党员人数",
     "Members for a committee in state organs"},
    {"ORG-08.general_branch_min_members", "ORG-08", 50, "members", 0, "机关设党总支的党员人数",
     "Members for a general branch in state organs"},
    {"ORG-09.min_full_members", "ORG-09", 3, "members", 0, "计入覆盖缺口的正式党员人数",
     "Full members that make a unit count"},

    {"LIFE-01.interval_months", "LIFE-01", 3, "months", 0, "党员大会间隔", "Branch assembly interval"},
    {"LIFE-01.quorum_more_than_bp", "LIFE-01", 5000, "bp", 0, "到会人数须超过有表决权党员的比例",
     "Attendance must exceed this share"},
    {"LIFE-02.interval_months", "LIFE-02", 1, "months", 0, "支委会间隔", "Committee meeting interval"},
    {"LIFE-02.quorum_more_than_bp", "LIFE-02", 5000, "bp", 0, "到会委员须超过的比例",
     "Attendance must exceed this share"},
    {"LIFE-03.interval_months", "LIFE-03", 1, "months", 0, "党小组会间隔", "Group meeting interval"},
    {"LIFE-04.min_per_year", "LIFE-04", 1, "times", 0, "书记每年讲党课最少次数", "Fewest lessons a year"},
    {"LIFE-04.interval_months", "LIFE-04", 3, "months", 1, "党课间隔", "Party lesson interval"},
    {"LIFE-05.interval_months", "LIFE-05", 1, "months", 0, "主题党日间隔", "Theme day interval"},
    {"LIFE-06.min_per_year", "LIFE-06", 1, "times", 0, "组织生活会每年最少次数", "Fewest meetings a year"},
    {"LIFE-06.usual_quarter", "LIFE-06", 4, "quarter", 0, "组织生活会通常安排的季度", "Usual quarter"},
    {"LIFE-07.min_per_year", "LIFE-07", 1, "times", 0, "谈心谈话每年最少次数", "Fewest talks a year"},
    {"LIFE-08.interval_months", "LIFE-08", 12, "months", 0, "民主评议间隔", "Appraisal interval"},
    {"LIFE-08.excellent_max_denominator", "LIFE-08", 3, "denominator", 0, "优秀比例上限（1/n）",
     "Excellent at most 1/n of those graded"},

    {"DUES-01.bracket1_max_fen", "DUES-01", 300000, "fen", 0, "第一档上限（含）", "First bracket up to (inclusive)"},
    {"DUES-01.bracket2_max_fen", "DUES-01", 500000, "fen", 0, "第二档上限（含）", "Second bracket up to (inclusive)"},
    {"DUES-01.bracket3_max_fen", "DUES-01", 1000000, "fen", 0, "第三档上限（含）", "Third bracket up to (inclusive)"},
    {"DUES-01.rate1_bp", "DUES-01", 50, "bp", 0, "第一档比例", "First bracket rate"},
    {"DUES-01.rate2_bp", "DUES-01", 100, "bp", 0, "第二档比例", "Second bracket rate"},
    {"DUES-01.rate3_bp", "DUES-01", 150, "bp", 0, "第三档比例", "Third bracket rate"},
    {"DUES-01.rate4_bp", "DUES-01", 200, "bp", 0, "第四档比例", "Fourth bracket rate"},
    {"DUES-03.basis_months", "DUES-03", 3, "months", 0, "计算平均收入的月数", "Months averaged"},
    {"DUES-04.bracket1_max_fen", "DUES-04", 500000, "fen", 0, "离退休第一档上限（含）",
     "Retired first bracket up to (inclusive)"},
    {"DUES-04.rate1_bp", "DUES-04", 50, "bp", 0, "离退休第一档比例", "Retired first bracket rate"},
    {"DUES-04.rate2_bp", "DUES-04", 100, "bp", 0, "离退休第二档比例", "Retired second bracket rate"},
    {"DUES-05.farmer_min_fen", "DUES-05", 20, "fen", 0, "农民党员每月最低", "Farmers, least a month"},
    {"DUES-05.farmer_max_fen", "DUES-05", 100, "fen", 0, "农民党员每月最高", "Farmers, most a month"},
    {"DUES-05.flat_fen", "DUES-05", 20, "fen", 0, "学生、下岗失业、低保等党员每月", "Students and others, a month"},
    {"DUES-07.voluntary_min_fen", "DUES-07", 100000, "fen", 0, "一次性多交全部上缴中央的起点",
     "Voluntary payment that goes to the centre"},
    {"DUES-08.back_pay_max_months", "DUES-08", 6, "months", 0, "补交党费一般最长月数", "Longest back payment"},
    {"DUES-09.unpaid_months", "DUES-09", 6, "months", 0, "连续未交党费月数", "Consecutive unpaid months"},
    {"DUES-10.publish_interval_months", "DUES-10", 12, "months", 0, "党费收缴公布间隔", "Publication interval"},

    {"TRAIN-01.member_min_hours", "TRAIN-01", 32, "hours", 1, "党员每年最少学时", "Member hours a year"},
    {"TRAIN-02.cadre_min_hours", "TRAIN-02", 56, "hours", 1, "书记和班子成员每年最少学时",
     "Secretary and committee hours a year"},
    {"TRAIN-02.min_centralized", "TRAIN-02", 1, "times", 1, "每年最少集中培训次数", "Fewest centralized trainings a year"},
    {"TRAIN-03.full_day_hours", "TRAIN-03", 8, "hours", 1, "全天折算学时", "Hours for a full day"},
    {"TRAIN-03.half_day_hours", "TRAIN-03", 4, "hours", 1, "半天折算学时", "Hours for half a day"},
    {"TRAIN-04.new_secretary_months", "TRAIN-04", 6, "months", 0, "新任书记培训期限", "New secretary trained within"},

    {"MOB-01.away_months", "MOB-01", 6, "months", 0, "外出转移组织关系的期限", "Away before a transfer"},
    {"MOB-03.lost_months", "MOB-03", 6, "months", 0, "失联停止党籍的期限", "Lost contact before suspension"},
    {"MOB-03.remove_after_years", "MOB-03", 2, "years", 0, "停止党籍后除名的期限", "Suspended before removal"},
    {"MOB-04.abroad_years", "MOB-04", 5, "years", 0, "出国（境）未归停止党籍的期限", "Abroad before suspension"},
    {"MOB-05.letter_valid_months", "MOB-05", 3, "months", 1, "介绍信有效期", "Transfer letter valid"},
    {"MOB-05.letter_valid_months_interprovincial", "MOB-05", 6, "months", 1, "跨省介绍信有效期",
     "Inter-provincial transfer letter valid"},
    {"MOB-06.inactive_months", "MOB-06", 6, "months", 0, "连续不参加组织生活的月数", "Consecutive inactive months"},

    {"APP-02.correction_months", "APP-02", 6, "months", 0, "限期改正一般期限", "Usual correction period"},
    {"APP-02.correction_max_months", "APP-02", 12, "months", 0, "限期改正最长期限", "Longest correction period"},
    {"APP-05.readmission_wait_years", "APP-05", 5, "years", 0, "不得重新入党的年限", "Years before readmission"},

    {"VIL-02.publish_interval_months", "VIL-02", 3, "months", 0, "村务公开间隔", "Publication interval"},
    {"VIL-02.finance_publish_interval_months", "VIL-02", 1, "months", 0, "财务往来较多时公开间隔",
     "Interval where collective finance is busy"},

    {"ID-01.length", "ID-01", 18, "characters", 0, "公民身份号码长度", "ID number length"},
    {"ID-04.items", "ID-04", 16, "items", 0, "采集表项目数", "Items on the member form"},
};
const size_t jc_params_count = N_ITEMS(jc_params);

const jc_rule *jc_rule_find(const char *id)
{
    if (!id) return NULL;
    for (size_t i = 0; i < jc_rules_count; i++) {
        if (strcmp(jc_rules[i].id, id) == 0) return &jc_rules[i];
    }
    return NULL;
}

const jc_param *jc_param_find(const char *key)
{
    if (!key) return NULL;
    for (size_t i = 0; i < jc_params_count; i++) {
        if (strcmp(jc_params[i].key, key) == 0) return &jc_params[i];
    }
    return NULL;
}

long jc_param_default(const char *key)
{
    const jc_param *p = jc_param_find(key);
    assert(p && "unknown rule parameter");
    return p ? p->value : -1;
}
