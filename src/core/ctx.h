/*
 * ctx.h — what every module operation is given: the connection of the calling thread,
 * who acts (for histories, and the audit trail of the accounts issue), and today's date
 * (China Standard Time; fixed in tests through JICENG_TODAY).
 */
#ifndef JC_CTX_H
#define JC_CTX_H

#include "domain/date.h"
#include "store/db.h"

typedef struct jc_ctx {
    jc_db *db;          /* borrowed */
    const char *actor;  /* "cli:root", "api:anonymous", later the account name */
    jc_date today;
} jc_ctx;

#endif
