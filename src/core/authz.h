/*
 * authz.h — request authorization in one place: the opts.authorize hook of the HTTP
 * server (http.h), run for every routed request from its head, before any body is read,
 * before the GET cache and before the handler. In order:
 *
 *   1. state-changing methods (anything but GET and HEAD): an Origin header, when sent,
 *      must be this server's own origin (scheme and Host) → else 403 ORIGIN_REFUSED;
 *   2. routes whose permission is "public" pass, without a session;
 *   3. the session cookie ("jiceng", or "__Host-jiceng" under TLS) must name a live
 *      session (jc_session_check) → else 401 SESSION_INVALID / SESSION_EXPIRED, and the
 *      answer clears the cookie;
 *   4. state-changing methods: the X-CSRF-Token header must be the session's CSRF token
 *      → else 403 CSRF_INVALID;
 *   5. a session that must change its password or enrol a second factor may use only the
 *      routes of permission "session" → else 403 PASSWORD_CHANGE_REQUIRED /
 *      TOTP_ENROLMENT_REQUIRED;
 *   6. the role must hold the route's permission (or its self_permission) → else 403
 *      FORBIDDEN, recorded as an authz_denied audit entry in its own transaction.
 *
 * What passes travels with the request as a jc_auth (req->auth): the session, the
 * account's subtree (the path of its org) and whether personal fields may go out
 * unmasked; jc_ctx_from_req turns it into the ctx the modules check objects against.
 * The cost on the hot path: one hash, one indexed lookup of the session (last_seen is
 * written at most once a minute), one lookup of the org's path.
 */
#ifndef JC_AUTHZ_H
#define JC_AUTHZ_H

#include "auth/session.h"
#include "http/http.h"

#define JC_SCOPE_PATH_MAX 512

typedef struct jc_auth {
    jc_session s;                          /* the live session and its account */
    char token[JC_SESSION_TOKEN_LEN + 1];  /* the cookie's token (logout, password change) */
    char scope_path[JC_SCOPE_PATH_MAX];    /* the account's org path; "" system-wide */
    char actor[80];                        /* "api:<account>", for histories */
    int self_only;                         /* let in by the route's self_permission */
    int pii;                               /* the role holds pii.read */
    int reveal;                            /* pii, and the request asked reveal=1 */
    int secure;                            /* TLS: the __Host- cookie */
} jc_auth;

/* opts.authorize and opts.auth_free (see above and http.h). */
int jc_authz_request(const jc_http_req *req, void **auth, char *set_cookie, size_t cap,
                     jc_err *err);
void jc_authz_free(void *auth);

/* The request's jc_auth, NULL on public routes. Borrowed. */
const jc_auth *jc_auth_of(const jc_http_req *req);

/* The client's address for the audit trail: the connection's peer, or behind a proxy
 * (jc_app.behind_proxy) the first X-Forwarded-For entry. Into out (cap bytes). */
void jc_authz_client_ip(const jc_http_req *req, char *out, size_t cap);

/* 1 when the browser talks HTTPS to us: the connection is TLS, or (behind a proxy,
 * jc_app.behind_proxy) the proxy says X-Forwarded-Proto: https. Then the session cookie
 * is "__Host-jiceng" with Secure; otherwise "jiceng" (session.h). */
int jc_authz_secure(const jc_http_req *req);

/* JC_OK when an Origin header is absent or equals this server's origin; otherwise 403
 * ORIGIN_REFUSED. Exposed for tests. */
int jc_authz_origin(const jc_http_req *req, jc_err *err);

#endif
