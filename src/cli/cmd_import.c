/* visionsort import: merges kiosks' export files into the central tally. */
#include "cli/cli.h"

#include "store/tally.h"

#include <getopt.h>
#include <stdio.h>

int cmd_import(const struct command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"tally", required_argument, NULL, 't'},
		{"help", no_argument, NULL, 'h'},
		{0},
	};
	const char *path = NULL;
	int c;
	optind = 0;
	while ((c = cli_next_option(cmd, argc, argv, opts)) >= 0)
		if (c == 't')
			path = optarg;
	if (c != -1)
		return cli_option_exit(c);
	if (!path)
		return cli_usage_error(cmd, "--tally is needed");
	if (optind >= argc)
		return cli_usage_error(cmd, "give at least one export file");

	struct diag err;
	diag_init(&err);
	struct tally *t = tally_open(path, &err);
	if (!t) {
		cli_report(&err);
		diag_finish(&err);
		return EXIT_FAIL;
	}
	int code = EXIT_OK;
	/* Each file stands alone: one rejected file does not stop the others. */
	for (int i = optind; i < argc; i++) {
		struct import_result r = {0};
		diag_finish(&err);
		if (tally_import(t, argv[i], &r, &err)) {
			printf("%s: %llu added, %llu duplicates skipped\n", argv[i],
			       (unsigned long long)r.added, (unsigned long long)r.duplicates);
		} else {
			cli_report(&err);
			code = EXIT_FAIL;
		}
	}
	tally_close(t);
	diag_finish(&err);
	return code;
}
