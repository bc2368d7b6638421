/*
 * main.c — `jiceng`: subcommand dispatch only.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const struct {
    const char *name;
    jc_cli_fn fn;
    const char *usage;
} commands[] = {
    {"init", jc_cli_init, "init --db PATH                      create or migrate the database"},
    {"serve", jc_cli_serve,
     "serve --db PATH [--listen 127.0.0.1:8080] [--web DIR] [--threads N]\n"
     "        [--tls-cert F --tls-key F | --behind-proxy]   (other than loopback: TLS or a proxy)"},
    {"demo", jc_cli_demo, "demo --db PATH --orgs N --members M [--seed S] [--district CODE]"},
    {"import", jc_cli_import, "import orgs|members --db PATH --file F.csv [--skip-invalid]"},
    {"export", jc_cli_export,
     "export orgs|members --db PATH --org CODE [--subtree] --format csv|xlsx --out F"},
    {"backup", jc_cli_backup, "backup --db PATH --out F           online backup"},
    {"stats", jc_cli_stats, "stats --db PATH --org CODE          roll-up of one node as JSON"},
    {"check", jc_cli_check, "check --db PATH [--org CODE] [--rule ID]   alerts in force"},
    {"user", jc_cli_user,
     "user add --db PATH --name N --role R [--org CODE] [--display NAME] [--member ID]\n"
     "  jiceng user passwd|disable|enable|unlock|totp --db PATH --name N\n"
     "  jiceng user list --db PATH"},
    {"audit", jc_cli_audit, "audit verify --db PATH | audit export --db PATH --out F.csv"},
};

static int help(void)
{
    size_t i;
    printf("jiceng — 基层党组织建设信息系统 / grassroots Party organization platform\n\nusage:\n");
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++) printf("  jiceng %s\n", commands[i].usage);
    printf("\nevery command takes --keys FILE: the key file (default: the database path + \".keys\")\n");
    return 0;
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
        return argc < 2 ? (help(), 2) : help();
    for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].fn(argc, argv);
    fprintf(stderr, "jiceng: unknown command %s (see `jiceng help`)\n", argv[1]);
    return 2;
}
