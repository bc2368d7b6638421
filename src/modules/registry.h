/*
 * registry.h — the list of modules. A module contributes its routes and its alert
 * rules here, in one line of registry.c; nothing else outside its folder changes.
 */
#ifndef JC_REGISTRY_H
#define JC_REGISTRY_H

#include <stddef.h>

#include "http/http.h"
#include "modules/alerts/alerts.h"

typedef struct jc_module {
    const char *name;
    const jc_route *routes;          /* NULL-method terminated, or NULL */
    const jc_alert_rule *alerts;     /* NULL-rule terminated, or NULL */
} jc_module;

extern const jc_module *const jc_modules[]; /* NULL-terminated */

/* All routes of all modules in one array (NULL-method terminated); static storage. */
const jc_route *jc_registry_routes(void);

#endif
