/*
 * member_fields.c — the member record's fields as data (see field.h), in the order of
 * the 2017 member information form (RULES ID-04) followed by our additions.
 */
#include <stddef.h>

#include "domain/member.h"

#define MF(name, zh, type, member, codes, flags) \
    {name, zh, type, offsetof(jc_member, member), sizeof(((jc_member *)0)->member), codes, flags}

const jc_field jc_member_field_table[] = {
    MF("org", "所在党支部", JC_F_TEXT, org_code, NULL, JC_FF_REQUIRED),
    MF("name", "姓名", JC_F_TEXT, name, NULL, JC_FF_REQUIRED),
    MF("sex", "性别", JC_F_CODE, sex, &jc_sexes, 0),
    MF("ethnicity", "民族", JC_F_CODE, ethnicity, &jc_ethnicities, JC_FF_REQUIRED),
    MF("id_number", "公民身份号码", JC_F_TEXT, id_number, NULL, JC_FF_REQUIRED | JC_FF_PII),
    MF("birth_date", "出生日期", JC_F_DATE, birth_date, NULL, 0),
    MF("education", "学历", JC_F_CODE, education, &jc_educations, JC_FF_REQUIRED),
    MF("degree", "学位", JC_F_CODE, degree, &jc_degrees, 0),
    MF("category", "人员类别", JC_F_CODE, category, &jc_categories, JC_FF_REQUIRED),
    MF("joined_on", "加入党组织日期", JC_F_DATE, joined_on, NULL, JC_FF_REQUIRED),
    MF("full_on", "转为正式党员日期", JC_F_DATE, full_on, NULL, 0),
    MF("job", "工作岗位", JC_F_TEXT, job, NULL, 0),
    MF("phone", "联系电话", JC_F_TEXT, phone, NULL, JC_FF_PII),
    MF("address", "家庭住址", JC_F_TEXT, address, NULL, JC_FF_PII),
    MF("status", "党籍状态", JC_F_CODE, status, &jc_statuses, 0),
    MF("lost_contact", "是否失联党员", JC_F_BOOL, lost_contact, NULL, 0),
    MF("lost_on", "失去联系日期", JC_F_DATE, lost_on, NULL, 0),
    MF("mobile", "是否流动党员", JC_F_BOOL, mobile, NULL, 0),
    MF("mobile_destination", "外出流向", JC_F_TEXT, mobile_destination, NULL, 0),
    MF("native_place", "籍贯", JC_F_TEXT, native_place, NULL, 0),
    MF("work_started_on", "参加工作日期", JC_F_DATE, work_started_on, NULL, 0),
    MF("group", "党小组", JC_F_TEXT, group_code, NULL, 0),
};

const size_t jc_member_field_count = sizeof jc_member_field_table / sizeof jc_member_field_table[0];
