/*
 * cli_audit.c — `jiceng audit verify` walks the hash chain and names the first entry
 * that was changed, removed or moved (exit 1), and `jiceng audit export` writes the
 * trail (or part of it) as CSV for an assessor or an archive.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "audit/audit.h"
#include "cli/cli.h"

static int verify(jc_db *db, jc_err *err)
{
    int64_t checked = 0, bad = 0, head_id = 0;
    char reason[512] = "", head[JC_AUDIT_HASH_HEX];
    if (jc_audit_verify(db, &checked, &bad, reason, sizeof reason, err) != JC_OK) return -1;
    if (bad) {
        printf("audit chain BROKEN at entry %lld: %s (%lld entries read)\n", (long long)bad,
               reason, (long long)checked);
        return 1;
    }
    if (jc_audit_head(db, &head_id, head, err) != JC_OK) return -1;
    printf("audit chain intact: %lld entries; head %lld %s\n", (long long)checked,
           (long long)head_id, head);
    printf("(record the head outside the database: it also reveals removed newest entries)\n");
    return 0;
}

static int export_csv(jc_db *db, const jc_cli_opts *o, jc_err *err)
{
    jc_audit_filter f;
    FILE *fp;
    int rc;
    memset(&f, 0, sizeof f);
    f.action = jc_cli_get(o, "action");
    f.account = jc_cli_get(o, "account");
    f.from = jc_cli_get(o, "from");
    f.to = jc_cli_get(o, "to");
    fp = fopen(jc_cli_get(o, "out"), "wb");
    if (!fp)
        return jc_failf(err, JC_HTTP_BAD_REQUEST, "EXPORT_OPEN", "out", "", "无法写入 %s：%s",
                        "cannot write %s: %s", jc_cli_get(o, "out"), strerror(errno));
    rc = jc_audit_export_csv_file(db, &f, fp, err);
    if (fclose(fp) != 0 && rc == JC_OK)
        rc = jc_fail(err, JC_HTTP_INTERNAL, "EXPORT_WRITE", "out", "", "写入导出文件失败",
                     "writing the export failed");
    if (rc == JC_OK) fprintf(stderr, "audit trail written to %s\n", jc_cli_get(o, "out"));
    return rc;
}

int jc_cli_audit(int argc, char **argv)
{
    static const char *const spec[] = {"db", "out", "action", "account", "from", "to", NULL};
    const char *verb = argc > 2 ? argv[2] : "";
    jc_cli_opts o;
    jc_db *db = NULL;
    jc_err err;
    int rc;
    if (strcmp(verb, "verify") && strcmp(verb, "export"))
        return jc_cli_usage("audit verify|export ...");
    if ((rc = jc_cli_parse(argc, argv, 3, spec, &o))) return rc;
    if (!jc_cli_get(&o, "db")) return jc_cli_usage("audit needs --db PATH");
    if (!strcmp(verb, "export") && !jc_cli_get(&o, "out"))
        return jc_cli_usage("audit export needs --out FILE.csv");
    jc_err_clear(&err);
    if (jc_cli_open(&o, 0, &db, &err) != JC_OK) return jc_cli_error(&err);
    if (!strcmp(verb, "verify")) {
        rc = verify(db, &err);
        jc_db_close(db);
        return rc < 0 ? jc_cli_error(&err) : rc;
    }
    rc = export_csv(db, &o, &err);
    jc_db_close(db);
    return rc == JC_OK ? 0 : jc_cli_error(&err);
}
