/*
 * member_sql.h — the column list every member query reads, in the order
 * jc_member_row_read expects, and its FROM clause. Private to the members module.
 */
#ifndef JC_MEMBER_SQL_H
#define JC_MEMBER_SQL_H

#include "modules/members/members.h"

#define JC_MEMBER_COLS                                                                       \
    "m.id, m.org_id, coalesce(m.group_id,0), o.code, coalesce(g.code,''), o.name, o.path, "  \
    "coalesce(o.field,''), m.name, m.sex, m.ethnicity, m.id_number, m.birth_date, "          \
    "m.education, coalesce(m.degree,''), m.category, m.joined_on, m.full_on, "               \
    "coalesce(m.job,''), coalesce(m.phone,''), coalesce(m.address,''), m.status, "           \
    "m.lost_contact, m.lost_on, m.mobile, coalesce(m.mobile_destination,''), "               \
    "coalesce(m.native_place,''), m.work_started_on, m.version, m.created_at, m.created_by, " \
    "m.updated_at "
#define JC_MEMBER_FROM \
    " FROM member m JOIN org o ON o.id = m.org_id LEFT JOIN org g ON g.id = m.group_id"

void jc_member_row_read(jc_stmt *st, jc_member_row *r);

#endif
