/*
 * accounts.h — the accounts module over HTTP: sessions (login, the current session,
 * logout, password change, second-factor enrolment), accounts managed within a subtree,
 * the audit viewer, and the reference lists of roles, routes and auth settings. The
 * building blocks are src/auth/ (accounts, sessions, roles) and src/audit/; this module
 * adds who may do what to whom, and the audit entry of every change.
 */
#ifndef JC_ACCOUNTS_H
#define JC_ACCOUNTS_H

#include <stdint.h>

#include "auth/account.h"
#include "auth/settings.h"
#include "core/ctx.h"
#include "http/http.h"
#include "util/jbuf.h"

/* "YYYY-MM-DDTHH:MM:SSZ" of epoch second t. */
void jc_iso_time(int64_t t, char out[24]);

/* What the API shows of an org an account is bound to. */
typedef struct jc_account_org {
    char code[48], name[256], path[512];
} jc_account_org;

/* The org of id into *out (all "" for 0 or a vanished org). */
int jc_accounts_org(jc_db *db, int64_t org_id, jc_account_org *out, jc_err *err);

/* Write an account as a JSON object: id, name, display_name, role, org (code or null),
 * org_name, member_id, disabled, must_change_password, totp_enabled, locked (now),
 * last_login_at (ISO or null), created_at. */
void jc_accounts_write(jbuf *b, const jc_account *a, const jc_account_org *org, int64_t now);

/* The detail object of an account entry of the audit trail (no secret in it). */
void jc_accounts_audit_detail(jbuf *b, const jc_account *a, const jc_account_org *org);

/* The audit entry of a change to account id by ctx, in the open transaction: the account
 * as it is now ("after") and, when given, the JSON before (API and CLI alike). */
int jc_accounts_audit(jc_ctx *ctx, const char *action, int64_t id, const char *before,
                      jc_err *err);

/* Body helpers: the string at key into out (cap bytes). Missing or null: "" (422
 * REQUIRED when required). Not a string: 400 JSON_TYPE. */
int jc_body_str(json_t *body, const char *key, int required, char *out, size_t cap,
                jc_err *err);

extern const jc_route jc_session_routes[];
extern const jc_route jc_account_routes[];

#endif
