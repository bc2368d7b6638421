/*
 * org_fields.c — the org record's fields as data (see field.h).
 */
#include <stddef.h>

#include "domain/org.h"

#define OF(name, zh, type, member, codes, flags) \
    {name, zh, type, offsetof(jc_org, member), sizeof(((jc_org *)0)->member), codes, flags}

const jc_field jc_org_field_table[] = {
    OF("code", "组织代码", JC_F_TEXT, code, NULL, JC_FF_REQUIRED),
    OF("name", "组织名称", JC_F_TEXT, name, NULL, JC_FF_REQUIRED),
    OF("type", "组织类别", JC_F_CODE, type, &jc_org_types, JC_FF_REQUIRED),
    OF("field", "所属领域", JC_F_CODE, field, &jc_org_fields, 0),
    OF("parent", "上级党组织", JC_F_TEXT, parent_code, NULL, 0),
    OF("unit_name", "单位名称", JC_F_TEXT, unit_name, NULL, 0),
    OF("unit_count", "覆盖单位数", JC_F_INT, unit_count, NULL, 0),
    OF("founded_on", "成立日期", JC_F_DATE, founded_on, NULL, 0),
    OF("dissolved_on", "撤销日期", JC_F_DATE, dissolved_on, NULL, JC_FF_READONLY),
    OF("term_start", "本届任期开始", JC_F_DATE, term_start, NULL, 0),
    OF("term_end", "本届任期届满", JC_F_DATE, term_end, NULL, 0),
    OF("committee_size", "委员会人数", JC_F_INT, committee_size, NULL, JC_FF_NEG_NULL),
    OF("secretary", "书记", JC_F_TEXT, secretary, NULL, 0),
    OF("sort_order", "排序号", JC_F_INT, sort_order, NULL, 0),
};

const size_t jc_org_field_count = sizeof jc_org_field_table / sizeof jc_org_field_table[0];
