/* visionsort export: empties the kiosk's log onto a folder (a USB stick). */
#include "cli/cli.h"

#include "store/export.h"
#include "store/log.h"

#include <getopt.h>
#include <stdio.h>
#include <sys/stat.h>

int cmd_export(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"out", required_argument, NULL, 'o'},
		{"all", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *db = NULL, *out = NULL;
	bool all = false;
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0) {
		if (c == 'd')
			db = optarg;
		else if (c == 'o')
			out = optarg;
		else if (c == 'a')
			all = true;
	}
	if (c != -1)
		return cli_option_exit(c);
	if (optind < argc)
		return cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	if (!db || !out)
		return cli_usage_error(cmd, "both --db and --out are needed");

	struct stat st;
	if (stat(db, &st) != 0) {
		fprintf(stderr, "visionsort: %s: no session log here — check the --db path\n", db);
		return EXIT_FAIL;
	}
	struct diag err;
	diag_init(&err);
	struct log *log = log_open(db, &err);
	if (!log) {
		cli_report(&err);
		diag_finish(&err);
		return EXIT_FAIL;
	}
	struct export_result res = {0};
	enum export_status status = export_write(log, out, all, &res, &err);
	int code = EXIT_OK;
	switch (status) {
	case EXPORT_WRITTEN:
		printf("%llu session%s exported to %s\n", (unsigned long long)res.sessions,
		       res.sessions == 1 ? "" : "s", res.path);
		break;
	case EXPORT_NOTHING_NEW:
		printf("nothing to export: every finished session in %s is already exported\n", db);
		break;
	case EXPORT_FAILED:
		cli_report(&err);
		code = EXIT_FAIL;
		break;
	}
	export_result_finish(&res);
	log_close(log);
	diag_finish(&err);
	return code;
}
