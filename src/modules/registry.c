/*
 * registry.c — the modules of this build, in the order their alert rules are listed.
 */
#include "modules/registry.h"

#include <pthread.h>
#include <string.h>

extern const jc_module jc_module_orgs, jc_module_members, jc_module_ledgers, jc_module_stats,
    jc_module_alerts, jc_module_meta, jc_module_sessions, jc_module_accounts;

/* Ledger routes come before the members' and orgs' ":id"/":code" routes they would shadow. */
const jc_module *const jc_modules[] = {
    &jc_module_ledgers, &jc_module_orgs, &jc_module_members, &jc_module_stats, &jc_module_alerts,
    &jc_module_meta, &jc_module_sessions, &jc_module_accounts, NULL,
};

#define MAX_ROUTES 256
static jc_route all_routes[MAX_ROUTES + 1];
static pthread_once_t routes_once = PTHREAD_ONCE_INIT;

static void collect_routes(void)
{
    size_t n = 0, i, k;
    for (i = 0; jc_modules[i]; i++) {
        const jc_route *r = jc_modules[i]->routes;
        for (k = 0; r && r[k].method && n < MAX_ROUTES; k++) all_routes[n++] = r[k];
    }
    memset(&all_routes[n], 0, sizeof all_routes[n]);
}

const jc_route *jc_registry_routes(void)
{
    pthread_once(&routes_once, collect_routes);
    return all_routes;
}
