/*
 * cli_serve.c — `jiceng serve`: open and migrate the database, bring the roll-up up to
 * today, start the HTTP(S) server with request authorization (core/authz.c), wait for
 * SIGINT/SIGTERM. Without TLS it listens only on loopback, unless --behind-proxy says a
 * TLS-terminating reverse proxy stands in front (which then owns the certificate, and
 * whose X-Forwarded-* headers are believed).
 */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth/settings.h"
#include "cli/cli.h"
#include "core/app.h"
#include "core/authz.h"
#include "util/enc.h"
#include "modules/registry.h"
#include "modules/stats/stats.h"

static int is_loopback(const char *listen)
{
    return !strncmp(listen, "127.", 4) || !strncmp(listen, "[::1]:", 6) ||
           !strncmp(listen, "localhost:", 10);
}

static int is_dir(const char *p)
{
    struct stat s;
    return p && stat(p, &s) == 0 && S_ISDIR(s.st_mode);
}

/* The web UI: --web, else web/dist beside the source tree the binary was built in
 * (build/rel/jiceng → ../../web/dist), else ../share/jiceng/web beside an installed one. */
static const char *find_web(const char *given, char *buf, size_t cap)
{
    static const char *const rel[] = {"/../../web/dist", "/../share/jiceng/web", "/web"};
    char exe[PATH_MAX];
    ssize_t n;
    size_t i;
    char *slash;
    if (given) return given;
    n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return NULL;
    exe[n] = '\0';
    slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    for (i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        snprintf(buf, cap, "%s%s", exe, rel[i]);
        if (is_dir(buf)) return buf;
    }
    return NULL;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The PEM files of --tls-cert and --tls-key, read whole (the caller frees). */
static int read_tls(const jc_cli_opts *o, char **cert, char **key, jc_err *err)
{
    size_t n;
    *cert = *key = NULL;
    if (!jc_cli_get(o, "tls-cert") && !jc_cli_get(o, "tls-key")) return JC_OK;
    if (!jc_cli_get(o, "tls-cert") || !jc_cli_get(o, "tls-key"))
        return jc_fail(err, JC_HTTP_BAD_REQUEST, "TLS_CONFIG", "tls", "",
                       "须同时给出 --tls-cert 和 --tls-key", "--tls-cert and --tls-key go together");
    if (jc_read_file(jc_cli_get(o, "tls-cert"), 1 << 20, cert, &n, err) != JC_OK) return JC_FAIL;
    if (jc_read_file(jc_cli_get(o, "tls-key"), 1 << 20, key, &n, err) != JC_OK) {
        free(*cert);
        *cert = NULL;
        return JC_FAIL;
    }
    return JC_OK;
}

/* Bring the roll-up to today; *totp_off when the deployment turned the second factor off. */
static int prepare_db(const jc_cli_opts *o, int *totp_off, jc_err *err)
{
    jc_db *db;
    jc_auth_settings s;
    int rc;
    if (jc_cli_open(o, 0, &db, err) != JC_OK) return JC_FAIL;
    rc = jc_stats_advance(db, jc_today(), err);
    if (rc == JC_OK) rc = jc_auth_settings_load(db, &s, err);
    jc_db_close(db);
    *totp_off = rc == JC_OK && !s.require_totp;
    return rc;
}

int jc_cli_serve(int argc, char **argv)
{
    static const char *const spec[] = {"db", "listen", "web", "threads", "quiet!", "no-cache!",
                                       "behind-proxy!", "tls-cert", "tls-key", NULL};
    jc_cli_opts o;
    jc_err err;
    jc_app app;
    jc_http_opts hopts;
    jc_http_server *srv;
    sigset_t set;
    char webbuf[PATH_MAX + 32], *cert = NULL, *key = NULL;
    const char *listen;
    double t0 = now_s();
    int rc, sig, totp_off = 0;
    if ((rc = jc_cli_parse(argc, argv, 2, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("serve needs --db PATH");
    listen = jc_cli_get(&o, "listen") ? jc_cli_get(&o, "listen") : "127.0.0.1:8080";
    if (!is_loopback(listen) && !jc_cli_get(&o, "tls-cert") && !jc_cli_flag(&o, "behind-proxy")) {
        fprintf(stderr, "jiceng: refusing to listen on %s without TLS: plain http is served on "
                        "loopback only (127.0.0.1, [::1]); give --tls-cert F --tls-key F, or "
                        "--behind-proxy when a TLS-terminating reverse proxy is in front\n", listen);
        return 2;
    }
    if (read_tls(&o, &cert, &key, &err) != JC_OK) return jc_cli_error(&err);
    if (prepare_db(&o, &totp_off, &err) != JC_OK) {
        free(cert);
        free(key);
        return jc_cli_error(&err);
    }

    /* Block the stop signals in every thread; the main thread waits for them below. */
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    memset(&app, 0, sizeof app);
    app.db_target = jc_cli_get(&o, "db");
    app.actor = "api:anonymous";
    app.behind_proxy = jc_cli_flag(&o, "behind-proxy");
    memset(&hopts, 0, sizeof hopts);
    hopts.listen = listen;
    hopts.threads = jc_cli_get(&o, "threads") ? atoi(jc_cli_get(&o, "threads")) : 0;
    hopts.routes = jc_registry_routes();
    hopts.app = &app;
    hopts.static_dir = find_web(jc_cli_get(&o, "web"), webbuf, sizeof webbuf);
    hopts.thread_ctx_new = jc_thread_new;
    hopts.thread_ctx_free = jc_thread_free;
    hopts.quiet = jc_cli_flag(&o, "quiet");
    if (!jc_cli_flag(&o, "no-cache")) {
        hopts.cache_get = jc_app_cache_get;
        hopts.cache_put = jc_app_cache_put;
    }
    hopts.authorize = jc_authz_request;
    hopts.auth_free = jc_authz_free;
    hopts.tls_cert_pem = cert;
    hopts.tls_key_pem = key;
    if (jc_http_start(&hopts, &srv, &err) != JC_OK) {
        free(cert);
        free(key);
        return jc_cli_error(&err);
    }
    printf("jiceng: serving %s on %s://%s/ (web UI: %s) — ready in %.0f ms\n", app.db_target,
           cert ? "https" : "http", listen, hopts.static_dir ? hopts.static_dir : "not built",
           (now_s() - t0) * 1000);
    if (totp_off)
        printf("jiceng: the second factor (TOTP) is OFF for this database (auth.require_totp=0, "
               "a demo database): do not use it for real data\n");
    fflush(stdout);
    sigwait(&set, &sig);
    printf("jiceng: stopping\n");
    jc_http_stop(srv);
    if (key) explicit_bzero(key, strlen(key));
    free(cert);
    free(key);
    return 0;
}
