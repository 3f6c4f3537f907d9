/* visionsort export: empties the kiosk's log onto a folder (a USB stick), and
 * the staff's other actions on the log: show the kiosk's public key, make a
 * new key when the old one is lost, delete old exported sessions. */
#include "cli/cli.h"

#include "common/clock.h"
#include "store/export.h"
#include "store/log.h"
#include "store/log_audit.h"

#include <stdio.h>
#include <sys/stat.h>

/* What the command line asked for, besides the ordinary export. */
enum export_action {
	ACTION_EXPORT,
	ACTION_PRINT_KEY,
	ACTION_NEW_KEY,
	ACTION_PURGE,
	ACTION_AUDIT,
};

#define EXPORT_MAX_DAYS 36500ULL /* a century: anything larger is a typo */
#define EXPORT_DAY_MS (24LL * 60 * 60 * 1000)

static int cmd_export_write(struct log *log, const char *db, const char *out, bool all,
			    struct diag *err)
{
	struct export_result res = {0};
	enum export_status status = export_write(log, out, all, &res, err);
	int code = EXIT_OK;
	switch (status) {
	case EXPORT_WRITTEN:
		printf("%llu session%s exported to %s\n", (unsigned long long)res.sessions,
		       res.sessions == 1 ? "" : "s", res.path);
		break;
	case EXPORT_NOTHING_NEW:
		printf("nothing to export: every finished session in %s is already exported\n", db);
		break;
	case EXPORT_DRIVE_FAILED:
	case EXPORT_LOG_FAILED:
		/* the line in err names the folder or the log and what to do */
		code = EXIT_FAIL;
		break;
	}
	export_result_finish(&res);
	return code;
}

/* One line per event of the kiosk's audit log: time, event, detail. */
static void cmd_export_print_audit(void *ctx, const struct log_audit_entry *e)
{
	printf("%s  %-20s  %s\n", e->at, e->event, e->detail);
}

static int cmd_export_action(struct log *log, enum export_action action, const char *db,
			     unsigned long long days, struct diag *err)
{
	char hex[65];
	uint64_t deleted = 0;
	switch (action) {
	case ACTION_PRINT_KEY:
		/* the bare key, so that `... > kiosk.pub` makes a file to trust */
		if (!export_public_key(log, hex, err))
			return EXIT_FAIL;
		printf("%s\n", hex);
		return EXIT_OK;
	case ACTION_NEW_KEY:
		if (!export_new_key(log, hex, err))
			return EXIT_FAIL;
		printf("new kiosk key %s: the organizers must trust it before they import this "
		       "kiosk's next export\n",
		       hex);
		return EXIT_OK;
	case ACTION_PURGE:
		if (!log_purge_exported(log, clock_wall_ms() - (int64_t)days * EXPORT_DAY_MS,
					&deleted, err))
			return EXIT_FAIL;
		printf("%llu exported session%s older than %llu day%s deleted from %s\n",
		       (unsigned long long)deleted, deleted == 1 ? "" : "s", days,
		       days == 1 ? "" : "s", db);
		return EXIT_OK;
	case ACTION_AUDIT:
		return log_audit_list(log, cmd_export_print_audit, NULL, err) ? EXIT_OK : EXIT_FAIL;
	default:
		return EXIT_FAIL;
	}
}

int cmd_export(const struct command *cmd, int argc, char **argv)
{
	const char *db = NULL, *out = NULL;
	bool all = false;
	int print_key = 0, new_key = 0, purge = 0, audit = 0;
	unsigned long long days = 0;
	const struct cli_opt opts[] = {
		{"db", CLI_TEXT, .to = &db},
		{"out", CLI_TEXT, .to = &out},
		{"all", CLI_FLAG, .to = &all},
		{"print-public-key", CLI_FLAG, .count = &print_key},
		{"new-key", CLI_FLAG, .count = &new_key},
		{"purge-exported-older-than", CLI_NUMBER, .to = &days,
		 .bad = "--purge-exported-older-than wants a number of days, 0 to 36500",
		 .max = EXPORT_MAX_DAYS, .count = &purge},
		{"audit", CLI_FLAG, .count = &audit},
		{0},
	};
	int code = cli_options(cmd, argc, argv, opts, NULL);
	if (code != CLI_PARSED)
		return code;
	int actions = print_key + new_key + purge;
	enum export_action action = print_key ? ACTION_PRINT_KEY
				    : new_key ? ACTION_NEW_KEY
				    : purge   ? ACTION_PURGE
				    : audit   ? ACTION_AUDIT
					      : ACTION_EXPORT;
	if (actions > 1)
		return cli_usage_error(cmd, "give one of --print-public-key, --new-key and "
					    "--purge-exported-older-than");
	if (audit && actions)
		return cli_usage_error(cmd, "--audit goes alone (with --db)");
	if (!db)
		return cli_usage_error(cmd, "--db is needed");
	if (action == ACTION_EXPORT && !out)
		return cli_usage_error(cmd, "both --db and --out are needed");
	if (action != ACTION_EXPORT && (out || all))
		return cli_usage_error(cmd, "--out and --all are for an export only");

	struct stat st;
	if (stat(db, &st) != 0) {
		fprintf(stderr, "visionsort: %s: no session log here — check the --db path\n", db);
		return EXIT_FAIL;
	}
	struct diag err;
	diag_init(&err);
	struct log *log = log_open(db, &err);
	code = EXIT_FAIL;
	if (log && action == ACTION_EXPORT)
		code = cmd_export_write(log, db, out, all, &err);
	else if (log)
		code = cmd_export_action(log, action, db, days, &err);
	if (code != EXIT_OK)
		cli_report(&err);
	log_close(log);
	diag_finish(&err);
	return code;
}
